package srx

import (
	"slices"
	"strings"

	"github.com/dlclark/regexp2/v2"
)

// segmenter applies an ordered rule list. Instead of trying every rule at
// every position it
//
//  1. scans the text once per break rule for the positions where it matches
//     (a prefilter on the neighbouring characters picks the positions worth
//     running the rule's regexp at);
//  2. at each such position, checks only the no-break rules that come
//     before the first break rule matching there: if one of them matches,
//     it wins (first rule wins), else the position is a break.
//
// Positions where no break rule matches are never breaks, whatever the
// no-break rules say, so they need no look at all.
type segmenter struct {
	rules []*Rule
}

func newSegmenter(rules []*Rule) *segmenter {
	return &segmenter{rules: rules}
}

// candidate is a position and the index of the first break rule there.
type candidate struct {
	pos, rule int
}

// Split implements tm.Segmenter.
func (s *segmenter) Split(text string) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	runes := []rune(text)
	breaks := s.breaks(runes)
	out := make([]string, 0, len(breaks)+1)
	// Cut at byte offsets of the break positions.
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
	n := len(runes)
	var cands []candidate
	for i, r := range s.rules {
		if !r.Break {
			continue
		}
		for p := 1; p < n; p++ {
			if r.c.pre(runes, p) && r.c.match(runes, p) {
				cands = append(cands, candidate{p, i})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		return a.rule - b.rule
	})
	var out []int
	last := -1
	for _, c := range cands {
		if c.pos == last {
			continue // a later break rule at the same position
		}
		last = c.pos
		if !s.exception(runes, c.pos, c.rule) {
			out = append(out, c.pos)
		}
	}
	return out
}

// exception reports whether a no-break rule before rules[limit] matches at
// pos.
func (s *segmenter) exception(runes []rune, pos, limit int) bool {
	for _, r := range s.rules[:limit] {
		if !r.Break && r.c.pre(runes, pos) && r.c.match(runes, pos) {
			return true
		}
	}
	return false
}

// pre is the prefilter: false when the characters around pos rule out a
// match.
func (c *compiledRule) pre(runes []rune, pos int) bool {
	if pos < len(c.before) || pos+len(c.after) > len(runes) {
		return false
	}
	for i, cl := range c.before {
		if !cl.has(runes[pos-1-i]) {
			return false
		}
	}
	for i, cl := range c.after {
		if !cl.has(runes[pos+i]) {
			return false
		}
	}
	return true
}

// match runs the rule's regexp anchored at pos. A timeout or backtracking
// limit counts as no match.
func (c *compiledRule) match(runes []rune, pos int) bool {
	found := false
	err := c.re.FindRunesMatches(runes, pos, func(regexp2.MatchView) bool {
		found = true
		return false
	})
	return err == nil && found
}
