package srx

import (
	"unicode"

	"github.com/dlclark/regexp2/v2/syntax"
)

// A rule can only match at a position when the characters next to it fit
// the rule's patterns: "Nr\.\s" needs a space before the position, a dot
// before that, an "r" before that. The prefilter derives those character
// classes from the parsed patterns (the last few characters of every
// beforebreak match, the first few of every afterbreak match) so that most
// rules are rejected at most positions by a few bit tests instead of a run
// of the regexp engine. It is conservative: whatever it cannot analyse it
// lets through to the engine, so it never changes a result.

// maxDepth is how many characters on each side the prefilter looks at.
const maxDepth = 6

// maxPaths bounds the alternatives tracked before they are merged.
const maxPaths = 24

// charClass is a union of character tests with an ASCII fast path.
type charClass struct {
	ascii [2]uint64
	any   bool // matches every character
	// non-ASCII members
	sets   []*syntax.CharSet
	runes  []rune
	notone []rune // "any character but r"
}

func (c *charClass) has(r rune) bool {
	if r < 128 {
		return c.ascii[r>>6]&(1<<(uint(r)&63)) != 0
	}
	if c.any {
		return true
	}
	for _, x := range c.runes {
		if x == r {
			return true
		}
	}
	for _, x := range c.notone {
		if x != r {
			return true
		}
	}
	for _, s := range c.sets {
		if s.Contains(r) {
			return true
		}
	}
	return false
}

func (c *charClass) union(d *charClass) *charClass {
	if c == d {
		return c
	}
	u := &charClass{any: c.any || d.any}
	u.ascii[0] = c.ascii[0] | d.ascii[0]
	u.ascii[1] = c.ascii[1] | d.ascii[1]
	if !u.any {
		u.sets = append(append(u.sets, c.sets...), d.sets...)
		u.runes = append(append(u.runes, c.runes...), d.runes...)
		u.notone = append(append(u.notone, c.notone...), d.notone...)
	}
	return u
}

func anyClass() *charClass {
	return &charClass{any: true, ascii: [2]uint64{^uint64(0), ^uint64(0)}}
}

func setASCII(c *charClass, r rune) {
	if r >= 0 && r < 128 {
		c.ascii[r>>6] |= 1 << (uint(r) & 63)
	}
}

func oneClass(r rune, fold bool) *charClass {
	c := &charClass{}
	add := func(r rune) {
		if r < 128 {
			setASCII(c, r)
		} else {
			c.runes = append(c.runes, r)
		}
	}
	add(r)
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			add(f)
		}
	}
	return c
}

func notoneClass(r rune, fold bool) *charClass {
	if fold {
		return anyClass() // conservative
	}
	c := &charClass{notone: []rune{r}}
	c.ascii = [2]uint64{^uint64(0), ^uint64(0)}
	if r < 128 {
		c.ascii[r>>6] &^= 1 << (uint(r) & 63)
	}
	return c
}

func setClass(s *syntax.CharSet) *charClass {
	if s.IsAnything() {
		return anyClass()
	}
	c := &charClass{sets: []*syntax.CharSet{s}}
	for r := rune(0); r < 128; r++ {
		if s.Contains(r) {
			setASCII(c, r)
		}
	}
	return c
}

// path is the classes of the characters next to a match boundary, nearest
// first. full says the node matches exactly len(cls) characters, so what
// precedes (or follows) it in a concatenation can extend the path.
type path struct {
	cls  []*charClass
	full bool
}

// edgeClasses returns the classes that the characters next to the edge of
// every match of pattern must belong to: the end of a match when atEnd (for
// beforebreak), the start otherwise (afterbreak). nil means no constraint.
func edgeClasses(tree *syntax.RegexTree, atEnd bool) []*charClass {
	if tree == nil || tree.Root == nil {
		return nil
	}
	a := analyzer{atEnd: atEnd}
	ps := a.node(tree.Root)
	if len(ps) == 0 {
		return nil // matches nothing; leave it to the engine
	}
	depth := maxDepth
	for _, p := range ps {
		if len(p.cls) < depth {
			depth = len(p.cls)
		}
	}
	out := make([]*charClass, depth)
	for i := range out {
		for _, p := range ps {
			if out[i] == nil {
				out[i] = p.cls[i]
			} else {
				out[i] = out[i].union(p.cls[i])
			}
		}
	}
	// Drop trailing classes that match everything: they filter nothing.
	for len(out) > 0 && out[len(out)-1].any {
		out = out[:len(out)-1]
	}
	return out
}

type analyzer struct {
	atEnd bool
}

var emptyFull = []path{{full: true}}
var unknown = []path{{full: false}}

func fold(n *syntax.RegexNode) bool { return n.Options&syntax.IgnoreCase != 0 }

func repeat(c *charClass, k int) path {
	if k > maxDepth {
		k = maxDepth
	}
	p := path{cls: make([]*charClass, k), full: true}
	for i := range p.cls {
		p.cls[i] = c
	}
	return p
}

// node returns the possible edge paths of n.
func (a *analyzer) node(n *syntax.RegexNode) []path {
	switch n.T {
	case syntax.NtOne:
		return []path{{cls: []*charClass{oneClass(n.Ch, fold(n))}, full: true}}
	case syntax.NtNotone:
		return []path{{cls: []*charClass{notoneClass(n.Ch, fold(n))}, full: true}}
	case syntax.NtSet:
		return []path{{cls: []*charClass{setClass(n.Set)}, full: true}}
	case syntax.NtMulti:
		p := path{full: true}
		for i := range n.Str {
			r := n.Str[i]
			if a.atEnd {
				r = n.Str[len(n.Str)-1-i]
			}
			p.cls = append(p.cls, oneClass(r, fold(n)))
		}
		if len(p.cls) > maxDepth {
			p.cls, p.full = p.cls[:maxDepth], false
		}
		return []path{p}
	case syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic,
		syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic,
		syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		var c *charClass
		switch {
		case n.IsOneloopFamily() || n.T == syntax.NtOneloopatomic:
			c = oneClass(n.Ch, fold(n))
		case n.IsNotoneloopFamily() || n.T == syntax.NtNotoneloopatomic:
			c = notoneClass(n.Ch, fold(n))
		default:
			c = setClass(n.Set)
		}
		return loopPaths([]path{{cls: []*charClass{c}, full: true}}, n.M, n.N)
	case syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
		syntax.NtBeginning, syntax.NtStart, syntax.NtEndZ, syntax.NtEnd,
		syntax.NtEmpty, syntax.NtPosLook, syntax.NtNegLook,
		syntax.NtECMABoundary, syntax.NtNonECMABoundary, syntax.NtUpdateBumpalong:
		return emptyFull
	case syntax.NtNothing:
		return nil
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		if len(n.Children) == 1 {
			return a.node(n.Children[0])
		}
		return unknown
	case syntax.NtAlternate:
		var out []path
		for _, ch := range n.Children {
			out = append(out, a.node(ch)...)
		}
		return capPaths(out)
	case syntax.NtConcatenate:
		kids := n.Children
		acc := emptyFull
		for i := range kids {
			k := kids[i]
			if a.atEnd {
				k = kids[len(kids)-1-i]
			}
			acc = concatPaths(acc, a.node(k))
			done := true
			for _, p := range acc {
				if p.full {
					done = false
				}
			}
			if done {
				break
			}
		}
		return acc
	case syntax.NtLoop, syntax.NtLazyloop:
		if len(n.Children) == 1 {
			return loopPaths(a.node(n.Children[0]), n.M, n.N)
		}
		return unknown
	}
	return unknown
}

// concatPaths extends each full path of acc (nearer the edge) by the paths
// of the next node away from the edge.
func concatPaths(acc, next []path) []path {
	var out []path
	for _, p := range acc {
		if !p.full || len(p.cls) >= maxDepth {
			out = append(out, path{cls: p.cls, full: false})
			continue
		}
		for _, q := range next {
			cls := append(append([]*charClass{}, p.cls...), q.cls...)
			full := q.full
			if len(cls) > maxDepth {
				cls, full = cls[:maxDepth], false
			}
			out = append(out, path{cls: cls, full: full})
		}
	}
	return capPaths(out)
}

// loopPaths is the paths of child repeated m to n times.
func loopPaths(child []path, m, n int) []path {
	if m == 1 && n == 1 {
		return child
	}
	// The first m repetitions are certain; beyond them, more repetitions
	// may follow (so not full) unless the count is fixed.
	acc := emptyFull
	k := m
	if k > maxDepth {
		k = maxDepth
	}
	for range k {
		acc = concatPaths(acc, child)
	}
	if m == n {
		return acc
	}
	if m == 0 && n == 1 {
		// optional: absent, or present exactly once
		return capPaths(append([]path{{full: true}}, child...))
	}
	out := make([]path, 0, len(acc))
	for _, p := range acc {
		if len(p.cls) == 0 && m == 0 {
			// zero repetitions: whatever precedes may be next to the edge,
			// or one repetition's characters.
			out = append(out, path{full: true})
			for _, q := range child {
				out = append(out, path{cls: q.cls, full: false})
			}
			continue
		}
		out = append(out, path{cls: p.cls, full: false})
	}
	return capPaths(out)
}

// capPaths merges paths position by position when there are too many.
func capPaths(ps []path) []path {
	if len(ps) <= maxPaths {
		return ps
	}
	depth := maxDepth
	for _, p := range ps {
		if len(p.cls) < depth {
			depth = len(p.cls)
		}
	}
	m := path{cls: make([]*charClass, depth)}
	for i := range m.cls {
		for _, p := range ps {
			if m.cls[i] == nil {
				m.cls[i] = p.cls[i]
			} else {
				m.cls[i] = m.cls[i].union(p.cls[i])
			}
		}
	}
	return []path{m}
}
