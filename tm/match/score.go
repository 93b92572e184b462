package match

import (
	"github.com/korpus/korpus/tm"
)

// Edit costs of the core distance, in twentieths of a word.
const (
	costUnit   = 20 // insert, delete or substitute a word
	costCase   = 2  // substitute a word differing only in case (0.1)
	costNumber = 5  // substitute a number by another number (0.25)
)

// Prepared is a text tokenized and hashed once for scoring against many
// others.
type Prepared struct {
	Tokens []Token
	core   []uint64 // key hashes of the word and number tokens
	surf   []uint64 // surface hashes of the same tokens
	num    []bool   // whether that core token is a number
	punct  []uint64 // punctuation sequence
	codes  []uint64 // inline-code sequence (by kind)
}

// Prepare tokenizes content for scoring.
func Prepare(c tm.Content) *Prepared { return prepare(Tokenize(c)) }

// PrepareString tokenizes plain text for scoring.
func PrepareString(s string) *Prepared { return prepare(TokenizeString(s)) }

func prepare(toks []Token) *Prepared {
	p := &Prepared{Tokens: toks}
	n := 0
	for _, t := range toks {
		if t.Kind == Word || t.Kind == Number {
			n++
		}
	}
	p.core = make([]uint64, 0, n)
	p.surf = make([]uint64, 0, n)
	p.num = make([]bool, 0, n)
	for _, t := range toks {
		switch t.Kind {
		case Word, Number:
			p.core = append(p.core, hashString(t.Key()))
			p.surf = append(p.surf, hashString(t.Text))
			p.num = append(p.num, t.Kind == Number)
		case Punct:
			p.punct = append(p.punct, hashString(t.Text))
		case InlineCode:
			p.codes = append(p.codes, hashString(t.Text))
		}
	}
	return p
}

// Len returns the number of word and number tokens, the n of the score.
func (p *Prepared) Len() int { return len(p.core) }

// Terms returns the index terms of p: the hash of each folded word key,
// numbered by occurrence (the second "die" is a different term from the
// first), so that the size of the intersection of two term sets is the
// multiset overlap the score's filter bound uses. salt separates languages.
func (p *Prepared) Terms(salt uint64) []uint64 {
	out := make([]uint64, len(p.core))
	seen := make(map[uint64]uint64, len(p.core))
	for i, h := range p.core {
		k := seen[h]
		seen[h] = k + 1
		out[i] = TermHash(h^salt, k)
	}
	return out
}

// IsNumber reports whether the i-th core token (the i-th of Terms) is a
// number.
func (p *Prepared) IsNumber(i int) bool { return p.num[i] }

// NumberTerms returns the exact-value index terms of p's numbers: the hash
// of each number as written, numbered by occurrence, in a key space of its
// own (no word or number key starts with "\x00="). All numbers share one
// key in Terms; NumberTerms lets the index count the numbers two texts
// share exactly, which tightens the bound (UpperBoundNumbers): a number
// matched by a different number costs 0.25.
func (p *Prepared) NumberTerms(salt uint64) []uint64 {
	var out []uint64
	var seen map[uint64]uint64
	for _, t := range p.Tokens {
		if t.Kind != Number {
			continue
		}
		if seen == nil {
			seen = map[uint64]uint64{}
		}
		h := hashString("\x00=" + t.Text)
		k := seen[h]
		seen[h] = k + 1
		out = append(out, TermHash(h^salt, k))
	}
	return out
}

// TermHash mixes a key hash with its occurrence number (0 for the first).
// The top bit is cleared so the term fits an SQLite INTEGER as is.
func TermHash(h, occurrence uint64) uint64 {
	h ^= occurrence * 0x9e3779b97f4a7c15
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h &^ (1 << 63)
}

// LangSalt returns the salt Terms uses for a language pair.
func LangSalt(from, to string) uint64 { return hashString(from + "\x00" + to) }

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// LengthBounds returns the range of word counts a candidate must have to
// reach min against a query of n words: ⌈n·min/100⌉ … ⌊n·100/min⌋.
func LengthBounds(n, min int) (lo, hi int) {
	if min <= 0 {
		return 0, int(^uint(0) >> 1)
	}
	lo = (n*min + 99) / 100
	hi = n * 100 / min
	return lo, hi
}

// MinOverlap returns the multiset overlap of folded word keys that a
// candidate of m words needs to reach min against a query of n words.
func MinOverlap(n, m, min int) int {
	l := n
	if m > l {
		l = m
	}
	return (l*min + 99) / 100
}

// UpperBound returns the best score a candidate of m words sharing overlap
// keys with a query of n words can reach.
func UpperBound(n, m, overlap int) int {
	l := n
	if m > l {
		l = m
	}
	if l == 0 {
		return 100
	}
	return 100 * overlap / l
}

// UpperBoundNumbers is UpperBound for a candidate of which numOverlap of
// the overlap keys are numbers (all numbers share one key) and exact of
// those numbers are equal as written (the multiset overlap of NumberTerms).
// Of the numbers an alignment pairs, at most exact cost nothing and every
// other costs at least 0.25 (costNumber), so
//
//	W ≥ (max(n, m) − overlap) + 0.25 × (numOverlap − exact)
//
// and the bound never lies below the true score.
func UpperBoundNumbers(n, m, overlap, numOverlap, exact int) int {
	l := n
	if m > l {
		l = m
	}
	if l == 0 {
		return 100
	}
	if exact > numOverlap {
		exact = numOverlap
	}
	w := costUnit*(l-overlap) + costNumber*(numOverlap-exact)
	if w > costUnit*l {
		return 0
	}
	return 100 * (costUnit*l - w) / (costUnit * l)
}

// Scorer computes scores; it keeps scratch space between calls and is not
// safe for concurrent use. The zero value is ready.
type Scorer struct {
	row []int32
}

// Score returns the score of candidate c for query q (0…100; 100 only for
// texts with the same tokens, spacing and codes) and whether it reaches
// min. Below min it stops early and returns (0, false).
func (s *Scorer) Score(q, c *Prepared, min int) (int, bool) {
	n, m := len(q.core), len(c.core)
	l := n
	if m > l {
		l = m
	}
	if min < 0 {
		min = 0
	}
	core := 100
	if l > 0 {
		limit := costUnit * l * (100 - min) / 100
		w, ok := s.distance(q, c, limit)
		if !ok {
			return 0, false
		}
		if w == 0 && same(q, c) {
			return 100, true
		}
		core = 100 * (costUnit*l - w) / (costUnit * l) // floor
	} else if same(q, c) {
		return 100, true
	}
	p := levenshtein(q.punct, c.punct) + levenshtein(q.codes, c.codes)
	if p == 0 && spacingDiffers(q, c) {
		p = 1
	}
	score := core - p
	if score > 99 {
		score = 99
	}
	if score < 0 {
		score = 0
	}
	return score, score >= min
}

// same reports whether q and c have the same tokens and spacing.
func same(q, c *Prepared) bool {
	if len(q.Tokens) != len(c.Tokens) {
		return false
	}
	for i := range q.Tokens {
		a, b := q.Tokens[i], c.Tokens[i]
		if a.Kind != b.Kind || a.Text != b.Text || (i > 0 && a.Space != b.Space) {
			return false
		}
	}
	return true
}

// spacingDiffers reports whether q and c have the same token texts but
// different spacing.
func spacingDiffers(q, c *Prepared) bool {
	if len(q.Tokens) != len(c.Tokens) {
		return false
	}
	diff := false
	for i := range q.Tokens {
		a, b := q.Tokens[i], c.Tokens[i]
		if a.Kind != b.Kind || a.Text != b.Text {
			return false
		}
		if i > 0 && a.Space != b.Space {
			diff = true
		}
	}
	return diff
}

// distance is the weighted edit distance of the core tokens in cost units,
// computed in a band around the diagonal (a path with more than limit/20
// insertions or deletions costs more than limit) and abandoned as soon as a
// whole row exceeds limit.
func (s *Scorer) distance(q, c *Prepared, limit int) (int, bool) {
	a, b := q, c
	n, m := len(a.core), len(b.core)
	if d := n - m; d*costUnit > limit || -d*costUnit > limit {
		return 0, false
	}
	band := limit / costUnit
	const inf = int32(1 << 30)
	if cap(s.row) < 2*(m+1) {
		s.row = make([]int32, 2*(m+1))
	}
	prev, cur := s.row[:m+1], s.row[m+1:2*(m+1)]
	for j := 0; j <= m; j++ {
		if j <= band {
			prev[j] = int32(j * costUnit)
		} else {
			prev[j] = inf
		}
	}
	lim := int32(limit)
	for i := 1; i <= n; i++ {
		lo, hi := i-band, i+band
		if lo < 1 {
			lo = 1
		}
		if hi > m {
			hi = m
		}
		if lo-1 >= 0 {
			if lo-1 == 0 && i <= band {
				cur[0] = int32(i * costUnit)
			} else {
				cur[lo-1] = inf
			}
		}
		rowMin := cur[lo-1]
		ka, sa, na := a.core[i-1], a.surf[i-1], a.num[i-1]
		for j := lo; j <= hi; j++ {
			var sub int32
			switch {
			case b.core[j-1] != ka:
				sub = costUnit
			case b.surf[j-1] == sa:
				sub = 0
			case na:
				sub = costNumber
			default:
				sub = costCase
			}
			v := prev[j-1] + sub
			if d := prev[j] + costUnit; d < v {
				v = d
			}
			if d := cur[j-1] + costUnit; d < v {
				v = d
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if hi+1 <= m {
			cur[hi+1] = inf
		}
		if rowMin > lim {
			return 0, false
		}
		prev, cur = cur, prev
	}
	d := prev[m]
	if d > lim {
		return 0, false
	}
	return int(d), true
}

// levenshtein is the unit-cost edit distance of two short sequences.
func levenshtein(a, b []uint64) int {
	if len(a) == 0 {
		return len(b)
	}
	if len(b) == 0 {
		return len(a)
	}
	var buf [64]int
	var row []int
	if len(b)+1 <= len(buf) {
		row = buf[:len(b)+1]
	} else {
		row = make([]int, len(b)+1)
	}
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			v := diag
			if a[i-1] != b[j-1] {
				v++
			}
			if row[j]+1 < v {
				v = row[j] + 1
			}
			if row[j-1]+1 < v {
				v = row[j-1] + 1
			}
			diag = row[j]
			row[j] = v
		}
	}
	return row[len(b)]
}
