package align

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm/match"
)

// wordList returns the folded words of a sentence, hyphenated compounds
// also split into their parts.
func wordList(s string) []string {
	var out []string
	eachToken(s, func(t string) {
		r, _ := utf8.DecodeRuneInString(t)
		if isWordRune(r) {
			out = appendWordParts(out, match.Fold(t))
		}
	})
	return out
}

// appendWordParts appends the folded word f and, for a compound with
// hyphens or apostrophes, its parts.
func appendWordParts(out []string, f string) []string {
	out = append(out, f)
	if strings.ContainsAny(f, "-'’") {
		for _, p := range strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '\'' || r == '’' }) {
			out = append(out, p)
		}
	}
	return out
}

// interner numbers strings from 0.
type interner struct {
	ids   map[string]int32
	names []string
}

func newInterner() *interner { return &interner{ids: map[string]int32{}} }

func (in *interner) id(s string) int32 {
	id, ok := in.ids[s]
	if !ok {
		id = int32(len(in.names))
		in.ids[s] = id
		in.names = append(in.names, s)
	}
	return id
}

const cognatePrefix = 5

// stem cuts a folded word to its first five letters, the cognate prefix:
// the dictionary pairs stems so that inflected forms ("gipfel", "gipfels";
// "sommet", "sommets") pool their evidence in a text of a few hundred
// sentences.
func stem(w string) string { return prefix(w, cognatePrefix) }

// elide strips an elided article or pronoun from a folded word, as French
// and Italian write them ("l'opposition", "d'euros", "dell'anno"), so the
// word itself can be a cognate ("opposition" of "Opposition"). A short
// part after the apostrophe ("don't") is kept as it is.
func elide(f string) string {
	i := strings.IndexAny(f, "'’")
	if i <= 0 {
		return f
	}
	_, size := utf8.DecodeRuneInString(f[i:])
	before, after := f[:i], f[i+size:]
	if utf8.RuneCountInString(before) > 4 || utf8.RuneCountInString(after) < 2 {
		return f
	}
	return after
}

func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// tokenInfo is what the aligner takes from one distinct token; texts look
// each token up once, as long texts repeat their words.
type tokenInfo struct {
	word   bool // a word or a number
	num    bool
	letter bool    // has two letters or more: a sentence without such a token is junk (OCR debris such as "- _-", page furniture) that translates nothing
	feat   int32   // number, cognate prefix or punctuation feature; -1: none
	short  int32   // for a short word: its feature when written with a capital inside a sentence; -1: none
	capit  bool    // starts with a capital letter
	stems  []int32 // stems of the word and of its parts
	length int     // characters that are not space
}

// texts holds what the aligner needs of the sentences of both sides,
// read once: character lengths, junk flags, the features that need no
// dictionary and the stems of the words.
type texts struct {
	n, m             int
	srcLen, tgtLen   []float64 // prefix sums of character lengths
	srcJunk, tgtJunk []bool
	srcBase, tgtBase [][]int32 // sorted distinct feature ids
	srcStem, tgtStem [][]int32 // stem ids, in order, repeated
	fx               *interner // feature names
	stems            *interner // stem names
	cache            map[string]*tokenInfo
}

func newTexts(src, tgt []string) *texts {
	tx := &texts{n: len(src), m: len(tgt), fx: newInterner(), stems: newInterner(), cache: map[string]*tokenInfo{}}
	tx.srcLen, tx.srcJunk, tx.srcBase, tx.srcStem = tx.side(src)
	tx.tgtLen, tx.tgtJunk, tx.tgtBase, tx.tgtStem = tx.side(tgt)
	tx.cache = nil
	return tx
}

func (tx *texts) side(sents []string) (length []float64, junk []bool, base, stems [][]int32) {
	length = make([]float64, len(sents)+1)
	junk = make([]bool, len(sents))
	base = make([][]int32, len(sents))
	stems = make([][]int32, len(sents))
	var feats, st []int32
	for i, s := range sents {
		feats, st = feats[:0], st[:0]
		first, isJunk, c := true, true, 0
		eachToken(s, func(t string) {
			ti := tx.token(t)
			c += ti.length
			if ti.letter {
				isJunk = false
			}
			if ti.feat >= 0 {
				feats = append(feats, ti.feat)
			} else if ti.short >= 0 && ti.capit && !first {
				feats = append(feats, ti.short)
			}
			if ti.word {
				first = first && ti.num
				st = append(st, ti.stems...)
			}
		})
		length[i+1] = length[i] + float64(c)
		junk[i] = isJunk
		slices.Sort(feats)
		base[i] = slices.Clone(slices.Compact(feats))
		stems[i] = slices.Clone(st)
	}
	return length, junk, base, stems
}

// token analyses one token: numbers by their digits, words of five
// letters or more by their first five after folding and eliding (cognates
// and identical words), shorter words written with a capital inside the
// sentence (names, abbreviations), marked punctuation.
func (tx *texts) token(t string) *tokenInfo {
	if ti, ok := tx.cache[t]; ok {
		return ti
	}
	ti := &tokenInfo{feat: -1, short: -1}
	letters := 0
	for _, r := range t {
		if !unicode.IsSpace(r) {
			ti.length++
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	ti.letter = letters >= 2
	r, _ := utf8.DecodeRuneInString(t)
	switch {
	case unicode.IsDigit(r):
		ti.num = true
		ti.stems = []int32{tx.stems.id(stem(match.Fold(t)))}
		var d strings.Builder
		for _, c := range t {
			if unicode.IsDigit(c) {
				d.WriteRune(c)
			}
		}
		ti.feat = tx.fx.id("#" + d.String())
	case isWordRune(r):
		f := match.Fold(t)
		e := elide(f)
		if utf8.RuneCountInString(e) >= cognatePrefix {
			ti.feat = tx.fx.id("c:" + prefix(e, cognatePrefix))
		} else {
			ti.short = tx.fx.id("w:" + e)
		}
		ti.capit = unicode.IsUpper(r)
		for _, w := range appendWordParts(nil, f) {
			ti.stems = append(ti.stems, tx.stems.id(stem(w)))
		}
	default:
		switch r {
		case '?', '!', '(', ':', ';', '%', '/':
			ti.feat = tx.fx.id("p:" + string(r))
		case '"', '«', '»', '„', '“', '”', '‚', '‘', '›', '‹':
			ti.feat = tx.fx.id("p:q")
		}
	}
	ti.word = isWordRune(r)
	tx.cache[strings.Clone(t)] = ti
	return ti
}

// stemDict is a dictionary of stems: source stem id → target stem ids.
type stemDict map[int32][]int32

// dictFeatures returns the features of sentences with a dictionary: the
// base features and, on the source side, one feature per source stem the
// dictionary has; on the target side, the same feature for each source
// stem a target stem translates.
func (tx *texts) dictFeatures(dict stemDict) (sf, tf [][]int32) {
	feat := map[int32]int32{}
	inverse := map[int32][]int32{}
	for s, ts := range dict {
		feat[s] = tx.fx.id("d:" + tx.stems.names[s])
		for _, t := range ts {
			inverse[t] = append(inverse[t], s)
		}
	}
	sf = make([][]int32, tx.n)
	tf = make([][]int32, tx.m)
	var extra []int32
	merge := func(base []int32) []int32 {
		if len(extra) == 0 {
			return base
		}
		out := append(slices.Clone(base), extra...)
		slices.Sort(out)
		return slices.Compact(out)
	}
	for i, st := range tx.srcStem {
		extra = extra[:0]
		for _, s := range st {
			if f, ok := feat[s]; ok {
				extra = append(extra, f)
			}
		}
		sf[i] = merge(tx.srcBase[i])
	}
	for j, st := range tx.tgtStem {
		extra = extra[:0]
		for _, t := range st {
			for _, s := range inverse[t] {
				extra = append(extra, feat[s])
			}
		}
		tf[j] = merge(tx.tgtBase[j])
	}
	return sf, tf
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
