package match

import (
	"sort"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/worddiff"
)

// Kind is the kind of a match.
type Kind string

// Match kinds. InContext scores 101, Exact 100, Fuzzy 1–99.
const (
	InContext Kind = "context"
	Exact     Kind = "exact"
	Fuzzy     Kind = "fuzzy"
)

// Scores of the two kinds above fuzzy.
const (
	ScoreContext = 101
	ScoreExact   = 100
)

// KindOf returns the kind of a score.
func KindOf(score int) Kind {
	switch {
	case score >= ScoreContext:
		return InContext
	case score == ScoreExact:
		return Exact
	}
	return Fuzzy
}

// Match is a stored unit found for a query, with its score and the word
// diff from the query to the unit's source.
//
// Score is what ranks: the raw score (RawScore) minus the Penalties of the
// unit's memory, origin and status (Penalties.Apply). Kind is the kind of
// the raw score, so a penalised exact match stays "exact" at 90.
type Match struct {
	Score     int
	Kind      Kind
	Unit      tm.Unit
	Diff      []worddiff.Op
	Memory    string // name of the memory holding the unit ("" unknown)
	RawScore  int
	Penalties []Penalty
}

// Better reports whether a ranks before b: higher score, then newer (by
// change, then creation time), then more used, then the higher unit id.
func Better(a, b *Match) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if t, u := newest(&a.Unit), newest(&b.Unit); !t.Equal(u) {
		return t.After(u)
	}
	if a.Unit.Usage != b.Unit.Usage {
		return a.Unit.Usage > b.Unit.Usage
	}
	return a.Unit.ID > b.Unit.ID
}

func newest(u *tm.Unit) time.Time {
	if u.Changed.After(u.Created) {
		return u.Changed
	}
	return u.Created
}

// Sort orders matches best first (see Better).
func Sort(ms []Match) {
	sort.SliceStable(ms, func(i, j int) bool { return Better(&ms[i], &ms[j]) })
}
