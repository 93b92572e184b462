// Package report holds the JSON shapes korpus prints and serves: the CLI's
// --json output and the HTTP API's bodies are the same structs, so a
// script can switch between `korpus lookup --json` and POST /api/v1/lookup
// without changing its parser.
package report

import (
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/worddiff"
)

// Lookup is one query's result.
type Lookup struct {
	Query   string  `json:"query"`
	Matches []Match `json:"matches"`
	// Terms are the termbase's terms found in the query.
	Terms []Term `json:"terms"`
	Error string `json:"error,omitempty"`
}

// Match is one match of a lookup.
type Match struct {
	Score   int           `json:"score"`
	Kind    match.Kind    `json:"kind"`
	Source  string        `json:"source"`
	Target  string        `json:"target"`
	Origin  tm.Origin     `json:"origin"`
	Created string        `json:"created"`
	UnitID  int64         `json:"unit_id"`
	Diff    []worddiff.Op `json:"diff"`
	// Memory names the memory holding the unit; Score is RawScore minus
	// Penalties (memory, origin, status; [] when none).
	Memory    string          `json:"memory"`
	RawScore  int             `json:"raw_score"`
	Penalties []match.Penalty `json:"penalties"`
}

// FromMatches converts matcher output for query q.
func FromMatches(q string, ms []match.Match) Lookup {
	out := Lookup{Query: q, Matches: make([]Match, 0, len(ms)), Terms: []Term{}}
	for _, m := range ms {
		out.Matches = append(out.Matches, Match{
			Score: m.Score, Kind: m.Kind,
			Source: m.Unit.Source.Plain(), Target: m.Unit.Target.Plain(),
			Origin: m.Unit.Origin, Created: Time(m.Unit.Created), UnitID: m.Unit.ID,
			Diff: m.Diff, Memory: m.Memory, RawScore: m.RawScore, Penalties: penaltiesOf(m.Penalties),
		})
	}
	return out
}

// penaltiesOf returns ps, [] for none (JSON parsers get a list always).
func penaltiesOf(ps []match.Penalty) []match.Penalty {
	if ps == nil {
		return []match.Penalty{}
	}
	return ps
}

// Time formats a time for JSON: UTC RFC 3339, "" for the zero time.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Import is the report of an import of units (`import --json`, POST
// /api/v1/import).
type Import struct {
	File   string `json:"file"`
	Format string `json:"format"`
	DryRun bool   `json:"dry_run"`
	tm.ImportStats
	Seconds float64 `json:"seconds"`
	// Indexed is the number of units added to the full-text
	// (concordance) index, MatchIndexed to the fuzzy-match index.
	Indexed           int     `json:"indexed"`
	IndexSeconds      float64 `json:"index_seconds"`
	MatchIndexed      int     `json:"match_indexed"`
	MatchIndexSeconds float64 `json:"match_index_seconds"`
}

// Concordance is a concordance search's result (`concordance --json`,
// GET /api/v1/concordance).
type Concordance struct {
	Term string `json:"term"`
	Hits []Hit  `json:"hits"`
	// More is true when the limit cut the list: more units hold the term.
	More bool `json:"more"`
}

// Hit is one unit found by a concordance search; Spans are byte offsets
// of the term in the searched text.
type Hit struct {
	UnitID  int64     `json:"unit_id"`
	Source  string    `json:"source"`
	Target  string    `json:"target"`
	Origin  tm.Origin `json:"origin"`
	Created string    `json:"created"`
	Spans   [][2]int  `json:"spans"`
	Memory  string    `json:"memory"`
}

// HitOf is the Hit of unit u from the named memory.
func HitOf(u tm.Unit, memory string, spans [][2]int) Hit {
	return Hit{UnitID: u.ID, Source: u.Source.Plain(), Target: u.Target.Plain(),
		Origin: u.Origin, Created: Time(u.Created), Spans: spans, Memory: memory}
}
