// Package align pairs segments: two versions of one document (what was
// kept, moved, modified, inserted, deleted), and a text with its
// translation (bilingual sentence alignment). It needs no storage and no
// external model.
package align

import (
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/worddiff"
)

// Change says what happened to a segment between two versions.
type Change string

// Changes between versions.
const (
	Unchanged Change = "unchanged"
	Modified  Change = "modified"
	Moved     Change = "moved"
	Inserted  Change = "inserted"
	Deleted   Change = "deleted"
)

// ModifiedThreshold is the least word similarity (0–100) for which a
// deleted and an inserted segment of one changed region are paired as one
// modified segment.
const ModifiedThreshold = 50

// Pair is one step of a version alignment: an old segment, a new one, or
// both. Old and New are indices into the slices given to Versions, -1 when
// absent.
type Pair struct {
	Old    int    `json:"old"`
	New    int    `json:"new"`
	Change Change `json:"change"`
	// Score is the word similarity of the pair, 0–100 (100 for unchanged
	// and moved segments, 0 for inserted and deleted ones).
	Score int `json:"score"`
	// Ops is the word diff of a modified pair.
	Ops []worddiff.Op `json:"ops,omitempty"`
}

// Summary counts the pairs of a version alignment by change.
type Summary struct {
	Unchanged int `json:"unchanged"`
	Modified  int `json:"modified"`
	Moved     int `json:"moved"`
	Inserted  int `json:"inserted"`
	Deleted   int `json:"deleted"`
}

// VersionAlignment is the alignment of two versions of a document. Pairs
// follow the new version's order, deleted segments placed where they stood.
type VersionAlignment struct {
	Pairs   []Pair  `json:"pairs"`
	Summary Summary `json:"summary"`
}

// Versions aligns the segments of an old and a new version. Segments with
// the same hash (normalised text) that keep their order are unchanged (a
// longest common subsequence, by go-diff's Myers diff over hashes); the
// same hash out of order is a move; inside each changed region, deleted and
// inserted segments are paired as modified when their word similarity is at
// least ModifiedThreshold (an order-keeping pairing with the greatest total
// similarity); the rest are inserted or deleted.
func Versions(old, new []tm.Segment) VersionAlignment {
	script := worddiff.Script(hashes(old), hashes(new))

	// Walk the diff into hunks: runs of equal segments, and changed regions
	// (deleted old, inserted new).
	type region struct{ dels, inss []int }
	var (
		pairs   []Pair
		regions []region
		at      []int // position in pairs where each region goes
	)
	i, j := 0, 0
	var cur *region
	flush := func() {
		if cur != nil {
			regions = append(regions, *cur)
			at = append(at, len(pairs))
			cur = nil
		}
	}
	for _, d := range script {
		n := d.N
		switch d.Kind {
		case worddiff.Equal:
			flush()
			for k := 0; k < n; k++ {
				pairs = append(pairs, Pair{Old: i, New: j, Change: Unchanged, Score: 100})
				i++
				j++
			}
		case worddiff.Delete:
			if cur == nil {
				cur = &region{}
			}
			for k := 0; k < n; k++ {
				cur.dels = append(cur.dels, i)
				i++
			}
		case worddiff.Insert:
			if cur == nil {
				cur = &region{}
			}
			for k := 0; k < n; k++ {
				cur.inss = append(cur.inss, j)
				j++
			}
		}
	}
	flush()

	// Moves: an inserted segment whose text was deleted elsewhere.
	deleted := map[string][]int{}
	for _, r := range regions {
		for _, o := range r.dels {
			deleted[old[o].Hash] = append(deleted[old[o].Hash], o)
		}
	}
	movedOld := map[int]bool{}
	movedNew := map[int]int{}
	for _, r := range regions {
		for _, n := range r.inss {
			if q := deleted[new[n].Hash]; len(q) > 0 {
				movedNew[n] = q[0]
				movedOld[q[0]] = true
				deleted[new[n].Hash] = q[1:]
			}
		}
	}

	// Rebuild the pair list, resolving each region.
	out := make([]Pair, 0, len(pairs)+len(old)+len(new))
	next := 0
	for ri, r := range regions {
		out = append(out, pairs[next:at[ri]]...)
		next = at[ri]
		var dels, inss []int
		for _, o := range r.dels {
			if !movedOld[o] {
				dels = append(dels, o)
			}
		}
		for _, n := range r.inss {
			if _, ok := movedNew[n]; !ok {
				inss = append(inss, n)
			}
		}
		matched := pairModified(old, new, dels, inss)
		// Between two modified pairs, deleted segments come before
		// inserted (and moved-here) ones.
		di := 0
		var pending []Pair
		for _, n := range r.inss {
			if o, ok := movedNew[n]; ok {
				pending = append(pending, Pair{Old: o, New: n, Change: Moved, Score: 100})
				continue
			}
			m, ok := matched[n]
			if !ok {
				pending = append(pending, Pair{Old: -1, New: n, Change: Inserted})
				continue
			}
			for ; di < len(dels) && dels[di] < m.Old; di++ {
				out = append(out, Pair{Old: dels[di], New: -1, Change: Deleted})
			}
			di++ // m.Old itself
			out = append(out, pending...)
			pending = pending[:0]
			out = append(out, m)
		}
		for ; di < len(dels); di++ {
			out = append(out, Pair{Old: dels[di], New: -1, Change: Deleted})
		}
		out = append(out, pending...)
	}
	out = append(out, pairs[next:]...)

	va := VersionAlignment{Pairs: out}
	for _, p := range out {
		switch p.Change {
		case Unchanged:
			va.Summary.Unchanged++
		case Modified:
			va.Summary.Modified++
		case Moved:
			va.Summary.Moved++
		case Inserted:
			va.Summary.Inserted++
		case Deleted:
			va.Summary.Deleted++
		}
	}
	return va
}

func hashes(segs []tm.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.Hash
		if out[i] == "" {
			out[i] = tm.Hash(s.Text)
		}
	}
	return out
}

// maxRegionCells bounds the pairing work inside one changed region; larger
// regions (a rewritten document) are left as deletions and insertions.
const maxRegionCells = 1 << 16

// pairModified pairs deleted and inserted segments of one region, keeping
// their order and maximising the total similarity of pairs at or above the
// threshold. It returns the modified pairs keyed by new index.
func pairModified(old, new []tm.Segment, dels, inss []int) map[int]Pair {
	out := map[int]Pair{}
	nd, ni := len(dels), len(inss)
	if nd == 0 || ni == 0 || nd*ni > maxRegionCells {
		return out
	}
	sim := make([]int, nd*ni)
	for a, o := range dels {
		for b, n := range inss {
			sim[a*ni+b] = Similarity(old[o].Text, new[n].Text)
		}
	}
	// best[a][b]: best total over dels[a:], inss[b:].
	w := ni + 1
	best := make([]int, (nd+1)*w)
	for a := nd - 1; a >= 0; a-- {
		for b := ni - 1; b >= 0; b-- {
			v := max(best[(a+1)*w+b], best[a*w+b+1])
			if s := sim[a*ni+b]; s >= ModifiedThreshold {
				v = max(v, s+best[(a+1)*w+b+1])
			}
			best[a*w+b] = v
		}
	}
	for a, b := 0, 0; a < nd && b < ni; {
		s := sim[a*ni+b]
		switch {
		case s >= ModifiedThreshold && best[a*w+b] == s+best[(a+1)*w+b+1]:
			o, n := dels[a], inss[b]
			out[n] = Pair{Old: o, New: n, Change: Modified, Score: s, Ops: WordDiff(old[o].Text, new[n].Text)}
			a++
			b++
		case best[a*w+b] == best[(a+1)*w+b]:
			a++
		default:
			b++
		}
	}
	return out
}

// Similarity is the word similarity of two texts, 0–100: twice the number
// of words in their longest common subsequence over the total number of
// words (spaces ignored, punctuation counted as words).
func Similarity(a, b string) int {
	wa, wb := words(a), words(b)
	if len(wa)+len(wb) == 0 {
		return 100
	}
	common := 0
	for _, d := range worddiff.Script(wa, wb) {
		if d.Kind == worddiff.Equal {
			common += d.N
		}
	}
	total := len(wa) + len(wb)
	return (200*common + total/2) / total
}

// words returns the non-space tokens of text.
func words(text string) []string {
	toks := Tokens(text)
	out := toks[:0]
	for _, t := range toks {
		if !isSpaceToken(t) {
			out = append(out, t)
		}
	}
	return out
}

func isSpaceToken(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsSpace(r)
}
