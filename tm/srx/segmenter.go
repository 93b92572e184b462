package srx

import (
	"math/bits"
	"strings"
	"sync"

	"github.com/dlclark/regexp2/v2"
)

// segmenter applies an ordered rule list. Instead of trying every rule at
// every position it
//
//  1. scans the text once for the positions where a break rule matches (a
//     bitset index over the prefilter classes of all break rules tells,
//     from the characters around a position, which break rules are worth
//     running the regexp engine for);
//  2. at such a position, with j the first break rule that matches there,
//     checks only the no-break rules that come before rule j (again through
//     a bitset index): if one matches, the first rule to match is a
//     no-break rule and there is no break; otherwise rule j wins.
//
// Positions where no break rule matches are never breaks, whatever the
// no-break rules say, so they need no further look. The result is the
// same as trying every rule in order at every position.
type segmenter struct {
	watch   *timeoutWatch
	rules   []*Rule
	brk     *ruleIndex // break rules, in order
	nob     *ruleIndex // no-break rules, in order
	nobUpTo []int      // nobUpTo[i]: number of no-break rules before rules[i]
}

func newSegmenter(name string, rules []*Rule) *segmenter {
	s := &segmenter{rules: rules, nobUpTo: make([]int, len(rules)+1), watch: &timeoutWatch{file: name}}
	var brk, nob []*Rule
	for i, r := range rules {
		s.nobUpTo[i] = len(nob)
		if r.Break {
			brk = append(brk, r)
		} else {
			nob = append(nob, r)
		}
	}
	s.nobUpTo[len(rules)] = len(nob)
	s.brk = newRuleIndex(brk)
	s.nob = newRuleIndex(nob)
	s.brk.watch, s.nob.watch = s.watch, s.watch
	// rule index of each break rule, to find its no-break predecessors
	s.brk.orig = make([]int, 0, len(brk))
	for i, r := range rules {
		if r.Break {
			s.brk.orig = append(s.brk.orig, i)
		}
	}
	return s
}

var runePool = sync.Pool{New: func() any { b := make([]rune, 0, 1024); return &b }}

// Split implements tm.Segmenter.
func (s *segmenter) Split(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	buf := runePool.Get().(*[]rune)
	runes := (*buf)[:0]
	for _, r := range text {
		runes = append(runes, r)
	}
	breaks := s.breaks(runes)
	if cap(runes) <= 1<<20 { // do not keep huge buffers alive
		*buf = runes
		runePool.Put(buf)
	}
	out := make([]string, 0, len(breaks)+1)
	// Cut at the byte offsets of the break positions.
	start, ri, bi := 0, 0, 0
	for bo := range text {
		if bi < len(breaks) && ri == breaks[bi] {
			if seg := strings.TrimSpace(text[start:bo]); seg != "" {
				out = append(out, seg)
			}
			start = bo
			bi++
		}
		ri++
	}
	if seg := strings.TrimSpace(text[start:]); seg != "" {
		out = append(out, seg)
	}
	return out
}

// breaks returns the rune positions (between 1 and len-1) where the text
// breaks, ascending.
func (s *segmenter) breaks(runes []rune) []int {
	var out []int
	if s.watch.isTripped() {
		return nil // the rules failed: Err says so, and the caller stops
	}
	bm := make([]uint64, s.brk.words)
	nm := make([]uint64, s.nob.words)
	for p := 1; p < len(runes); p++ {
		if !s.brk.candidates(runes, p, bm, len(s.brk.rules)) {
			continue
		}
		j := s.brk.first(runes, p, bm)
		if j < 0 {
			continue
		}
		limit := s.nobUpTo[s.brk.orig[j]]
		if limit > 0 && s.nob.candidates(runes, p, nm, limit) && s.nob.first(runes, p, nm) >= 0 {
			continue // an earlier no-break rule wins
		}
		out = append(out, p)
	}
	return out
}

// ruleIndex finds, from the characters around a position, the rules of a
// list whose prefilter admits the position, as a bitset over the list.
type ruleIndex struct {
	watch *timeoutWatch
	rules []*Rule
	orig  []int
	words int
	// before[o][c]: rules admitting ASCII c at pos-1-o; beforeHi[o]: rules
	// admitting some non-ASCII character there; beforeNone[o]: rules that
	// need no character there (for positions near the start).
	before, after         [maxDepth][128][]uint64
	beforeHi, afterHi     [maxDepth][]uint64
	beforeNone, afterNone [maxDepth][]uint64
	depthB, depthA        int // deepest constrained offset + 1
}

func newRuleIndex(rules []*Rule) *ruleIndex {
	x := &ruleIndex{rules: rules, words: (len(rules) + 63) / 64}
	alloc := func() []uint64 { return make([]uint64, x.words) }
	for o := range maxDepth {
		for c := range 128 {
			x.before[o][c], x.after[o][c] = alloc(), alloc()
		}
		x.beforeHi[o], x.afterHi[o] = alloc(), alloc()
		x.beforeNone[o], x.afterNone[o] = alloc(), alloc()
	}
	for i, r := range rules {
		w, bit := i/64, uint64(1)<<(uint(i)%64)
		fill := func(cls []*charClass, tab *[maxDepth][128][]uint64, hi, none *[maxDepth][]uint64, depth *int) {
			if len(cls) > *depth {
				*depth = len(cls)
			}
			for o := range maxDepth {
				if o >= len(cls) {
					for c := range 128 {
						tab[o][c][w] |= bit
					}
					hi[o][w] |= bit
					none[o][w] |= bit
					continue
				}
				cl := cls[o]
				for c := range 128 {
					if cl.ascii[c>>6]&(1<<(uint(c)&63)) != 0 {
						tab[o][c][w] |= bit
					}
				}
				if cl.any || len(cl.sets) > 0 || len(cl.runes) > 0 || len(cl.notone) > 0 {
					hi[o][w] |= bit
				}
			}
		}
		fill(r.c.before.union, &x.before, &x.beforeHi, &x.beforeNone, &x.depthB)
		fill(r.c.after.union, &x.after, &x.afterHi, &x.afterNone, &x.depthA)
	}
	return x
}

// candidates sets m to the rules among the first limit whose ASCII
// prefilter admits pos (non-ASCII characters are checked by pre later) and
// reports whether there is any.
func (x *ruleIndex) candidates(runes []rune, pos int, m []uint64, limit int) bool {
	if limit == 0 {
		return false
	}
	if x.words == 1 {
		return x.candidates1(runes, pos, m, limit)
	}
	for w := range m {
		switch {
		case limit >= (w+1)*64:
			m[w] = ^uint64(0)
		case limit > w*64:
			m[w] = (1 << (uint(limit) % 64)) - 1
		default:
			m[w] = 0
		}
	}
	n := len(runes)
	for o := 0; o < x.depthB || o < x.depthA; o++ {
		if o < x.depthB {
			if !and(m, x.side(&x.before, &x.beforeHi, &x.beforeNone, runes, pos-1-o, n, o)) {
				return false
			}
		}
		if o < x.depthA {
			if !and(m, x.side(&x.after, &x.afterHi, &x.afterNone, runes, pos+o, n, o)) {
				return false
			}
		}
	}
	return true
}

// candidates1 is candidates for at most 64 rules, in one word.
func (x *ruleIndex) candidates1(runes []rune, pos int, m []uint64, limit int) bool {
	w := ^uint64(0)
	if limit < 64 {
		w = (1 << uint(limit)) - 1
	}
	n := len(runes)
	for o := 0; o < x.depthB || o < x.depthA; o++ {
		if o < x.depthB {
			i := pos - 1 - o
			switch {
			case i < 0:
				w &= x.beforeNone[o][0]
			case runes[i] < 128:
				w &= x.before[o][runes[i]][0]
			default:
				w &= x.beforeHi[o][0]
			}
		}
		if o < x.depthA {
			i := pos + o
			switch {
			case i >= n:
				w &= x.afterNone[o][0]
			case runes[i] < 128:
				w &= x.after[o][runes[i]][0]
			default:
				w &= x.afterHi[o][0]
			}
		}
		if w == 0 {
			return false
		}
	}
	m[0] = w
	return true
}

func (x *ruleIndex) side(tab *[maxDepth][128][]uint64, hi, none *[maxDepth][]uint64, runes []rune, i, n, o int) []uint64 {
	if i < 0 || i >= n {
		return none[o]
	}
	if c := runes[i]; c < 128 {
		return tab[o][c]
	}
	return hi[o]
}

// and sets m &= b and reports whether m has a bit left.
func and(m, b []uint64) bool {
	var any uint64
	for w := range m {
		m[w] &= b[w]
		any |= m[w]
	}
	return any != 0
}

// first returns the index of the first rule in m that matches at pos, or
// -1.
func (x *ruleIndex) first(runes []rune, pos int, m []uint64) int {
	for w, word := range m {
		for word != 0 {
			i := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			c := x.rules[i].c
			if !c.pre(runes, pos) {
				continue
			}
			ok, err := c.match(runes, pos)
			if err != nil && x.watch != nil {
				x.watch.record(x.rules[i], runes, pos, err)
			}
			if ok {
				return i
			}
		}
	}
	return -1
}

// pre is the prefilter: false when the characters around pos rule out a
// match.
func (c *compiledRule) pre(runes []rune, pos int) bool {
	return c.before.fits(runes, pos-1, -1) && c.after.fits(runes, pos, 1)
}

// match runs the rule's regexp anchored at pos. A timeout or backtracking
// limit is no match and the error, which the segmenter records.
func (c *compiledRule) match(runes []rune, pos int) (bool, error) {
	found := false
	err := c.re.FindRunesMatches(runes, pos, func(regexp2.MatchView) bool {
		found = true
		return false
	})
	if err != nil {
		return false, err
	}
	return found, nil
}
