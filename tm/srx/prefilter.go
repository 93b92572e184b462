package srx

import (
	"math/bits"
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
const maxPaths = 64

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

// edge is what the prefilter knows about the characters next to one edge
// of every match: union[i] holds the character at distance i from the edge
// in every match; when paths is not nil, every match also fits one of the
// paths (the alternatives of "(Nr|Dr|usw)\.", kept apart).
type edge struct {
	union []*charClass
	paths [][]*charClass
	pm    *pathMasks
}

// pathMasks tell, per distance from the edge and ASCII character, which
// paths admit it, as bits; so a position is checked against all paths in
// a few word operations.
type pathMasks struct {
	all   uint64
	depth int
	ascii [maxDepth][128]uint64
	hi    [maxDepth]uint64 // paths that may admit a non-ASCII character
	none  [maxDepth]uint64 // paths that need no character at that distance
}

func newPathMasks(paths [][]*charClass) *pathMasks {
	pm := &pathMasks{}
	for i, p := range paths {
		bit := uint64(1) << uint(i)
		pm.all |= bit
		if len(p) > pm.depth {
			pm.depth = len(p)
		}
		for k := range maxDepth {
			if k >= len(p) {
				for c := range 128 {
					pm.ascii[k][c] |= bit
				}
				pm.hi[k] |= bit
				pm.none[k] |= bit
				continue
			}
			cl := p[k]
			for c := range 128 {
				if cl.ascii[c>>6]&(1<<(uint(c)&63)) != 0 {
					pm.ascii[k][c] |= bit
				}
			}
			if cl.any || len(cl.sets) > 0 || len(cl.runes) > 0 || len(cl.notone) > 0 {
				pm.hi[k] |= bit
			}
		}
	}
	return pm
}

// edgeOf analyses a parsed pattern: the end of its matches when atEnd (for
// beforebreak), the start otherwise (afterbreak).
func edgeOf(tree *syntax.RegexTree, atEnd bool) edge {
	if tree == nil || tree.Root == nil {
		return edge{}
	}
	a := analyzer{atEnd: atEnd}
	ps := a.node(tree.Root)
	if len(ps) == 0 {
		return edge{} // matches nothing; leave it to the engine
	}
	depth := maxDepth
	for _, p := range ps {
		if len(p.cls) < depth {
			depth = len(p.cls)
		}
	}
	var e edge
	e.union = make([]*charClass, depth)
	for i := range e.union {
		for _, p := range ps {
			if e.union[i] == nil {
				e.union[i] = p.cls[i]
			} else {
				e.union[i] = e.union[i].union(p.cls[i])
			}
		}
	}
	// Drop trailing classes that match everything: they filter nothing.
	for len(e.union) > 0 && e.union[len(e.union)-1].any {
		e.union = e.union[:len(e.union)-1]
	}
	if len(ps) > 1 && len(ps) <= 64 && depth > 0 {
		for _, p := range ps {
			e.paths = append(e.paths, p.cls)
		}
		e.pm = newPathMasks(e.paths)
	}
	return e
}

// fits reports whether the characters at distance 0, 1, … from an edge at
// i (going by step, -1 or +1) fit the edge.
func (e *edge) fits(runes []rune, i, step int) bool {
	n := len(runes)
	for k, cl := range e.union {
		j := i + k*step
		if j < 0 || j >= n || !cl.has(runes[j]) {
			return false
		}
	}
	if e.pm == nil {
		return true
	}
	pm := e.pm
	m, exact := pm.all, true
	for k := range pm.depth {
		j := i + k*step
		switch {
		case j < 0 || j >= n:
			m &= pm.none[k]
		case runes[j] < 128:
			m &= pm.ascii[k][runes[j]]
		default:
			m &= pm.hi[k]
			exact = false
		}
		if m == 0 {
			return false
		}
	}
	if exact {
		return true // ASCII membership is exact in the masks
	}
outer:
	for m != 0 {
		p := e.paths[bits.TrailingZeros64(m)]
		m &= m - 1
		for k, cl := range p {
			j := i + k*step
			if j < 0 || j >= n || !cl.has(runes[j]) {
				continue outer
			}
		}
		return true
	}
	return false
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

// loopPaths is the paths of child repeated m to n times: the paths of
// exactly k repetitions for each k from m up to maxDepth more, the last of
// them open-ended (not full) when more repetitions could follow.
func loopPaths(child []path, m, n int) []path {
	if m == 1 && n == 1 {
		return child
	}
	if m > maxDepth {
		// at least maxDepth repetitions: their paths, open-ended
		acc := emptyFull
		for range maxDepth {
			acc = concatPaths(acc, child)
		}
		out := make([]path, len(acc))
		for i, p := range acc {
			out[i] = path{cls: p.cls}
		}
		return out
	}
	last := n
	if last > m+maxDepth {
		last = m + maxDepth
	}
	acc := emptyFull
	for range m {
		acc = concatPaths(acc, child)
	}
	var out []path
	for k := m; ; k++ {
		if k == last {
			for _, p := range acc {
				out = append(out, path{cls: p.cls, full: p.full && k == n})
			}
			break
		}
		out = append(out, acc...)
		acc = concatPaths(acc, child)
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
