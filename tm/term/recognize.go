package term

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
	"github.com/korpus/korpus/tm"
)

// Kind is how a term was found in a sentence, from strongest to weakest.
type Kind string

// Match kinds.
const (
	// Exact: the term's words as written, ignoring case.
	Exact Kind = "exact"
	// Inflected: the same stems (Verträge for Vertrag, Vertrages …).
	Inflected Kind = "inflected"
	// Compound: the term is the head or the first part of a compound
	// word (Friedensvertrag, Vertragsentwurf) or a part of a hyphenated
	// one (DVRK-Russland-Freundschaft): a weaker hit.
	Compound Kind = "compound"
)

// Hit is a term found in a sentence.
type Hit struct {
	ConceptID int64
	Source    Term   // the source term that matched
	Targets   []Term // the concept's terms in the target language, in order
	// Start and End are byte offsets of the match in the sentence;
	// Span returns them in characters.
	Start, End int
	Text       string // the sentence's text at [Start, End)
	Kind       Kind
}

// Preferred returns the concept's first approved target term (the first
// target when none is approved).
func (h Hit) Preferred() Term {
	for _, t := range h.Targets {
		if t.Status.Approved() {
			return t
		}
	}
	return h.Targets[0]
}

// Approved returns the concept's approved target terms, in order.
func (h Hit) Approved() []Term {
	var out []Term
	for _, t := range h.Targets {
		if t.Status.Approved() {
			out = append(out, t)
		}
	}
	return out
}

// Span returns the hit's start and end as character (code point) offsets.
func (h Hit) Span(sentence string) [2]int {
	s := utf8.RuneCountInString(sentence[:h.Start])
	return [2]int{s, s + utf8.RuneCountInString(sentence[h.Start:h.End])}
}

// Stemmer returns the stemmer korpus uses for a language's terms: the
// Snowball stemmers of github.com/kljensen/snowball, German written here
// (StemGerman). Languages without one are only case-folded.
func Stemmer(l tm.Lang) func(string) string {
	switch l.Base() {
	case "de":
		return stemGermanTerm
	case "en":
		return func(w string) string { return english.Stem(w, true) }
	case "fr":
		return func(w string) string { return french.Stem(w, true) }
	case "es":
		return func(w string) string { return spanish.Stem(w, true) }
	case "ru":
		return func(w string) string { return russian.Stem(w, true) }
	case "sv":
		return func(w string) string { return swedish.Stem(w, true) }
	case "nb", "nn", "no":
		return func(w string) string { return norwegian.Stem(w, true) }
	case "hu":
		return func(w string) string { return hungarian.Stem(w, true) }
	}
	return func(w string) string { return w }
}

// stemGermanTerm is StemGerman plus the plural in -n of nouns in -el and
// -er, which Snowball keeps (Inseln, Halbinseln: "inseln").
func stemGermanTerm(w string) string {
	s := StemGerman(w)
	if strings.HasSuffix(s, "eln") {
		s = s[:len(s)-1]
	}
	return s
}

// token is a word of a sentence or a term.
type token struct {
	start, end int    // bytes
	text       string // as written
	fold       string // lower case
	key        string // stem of fold
	joinPrev   bool   // a hyphen joins it to the word before
	joinNext   bool   // a hyphen joins it to the word after
	upper      bool   // starts with an upper-case letter
}

// tokenize splits s into words (letters, digits, marks; an apostrophe
// inside a word joins), splitting hyphenated words into their parts.
func tokenize(s string, stem func(string) string) []token {
	var out []token
	start := -1
	hyphen := false // the current word is joined to the previous by a hyphen
	flush := func(end int, next rune) {
		if start < 0 {
			return
		}
		text := s[start:end]
		f := strings.ToLower(text)
		r, _ := utf8.DecodeRuneInString(text)
		joinedNext := next == '-' || next == '‐' || next == '‑'
		out = append(out, token{start: start, end: end, text: text, fold: f, key: stem(f),
			joinPrev: hyphen, joinNext: joinedNext, upper: unicode.IsUpper(r)})
		start = -1
		hyphen = joinedNext
	}
	prevEnd := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				if i != prevEnd {
					hyphen = false
				}
				start = i
			}
			continue
		}
		if r == '\'' || r == '’' {
			if start >= 0 && i+len(string(r)) < len(s) {
				n, _ := utf8.DecodeRuneInString(s[i+len(string(r)):])
				if unicode.IsLetter(n) {
					continue
				}
			}
		}
		if start >= 0 {
			flush(i, r)
			if r == '-' || r == '‐' || r == '‑' {
				prevEnd = i + len(string(r))
			}
		}
	}
	flush(len(s), 0)
	return out
}

// entry is a source term ready for matching.
type entry struct {
	concept   *Concept
	term      Term
	toks      []token
	targets   []Term
	exactCase bool // acronyms and terms with digits match only as written
}

// Recognizer finds the terms of a termbase in sentences of one language
// pair. It is built once (NewRecognizer) and safe for concurrent use.
type Recognizer struct {
	from, to tm.Lang
	stem     func(string) string
	byKey    map[string][]*entry // first token's key → entries
	heads    map[string][]*entry // single-word terms by key, for compound heads
	mods     map[string][]*entry // single-word terms by fold, for compound first parts
	// headStarts holds the first three letters (umlauts folded) of the
	// heads, so that only likely suffixes of a word are stemmed.
	headStarts map[string]bool
	n          int
}

// minCompoundPart is the shortest term (in letters) found inside a
// compound, and the shortest other part of that compound.
const minCompoundPart = 4

// NewRecognizer indexes the source-language terms of the concepts that
// have a term in to. Deprecated and forbidden source terms are indexed
// too: a check wants to see them.
func NewRecognizer(concepts []Concept, from, to tm.Lang) *Recognizer {
	r := &Recognizer{from: from, to: to, stem: Stemmer(from),
		byKey: map[string][]*entry{}, heads: map[string][]*entry{}, mods: map[string][]*entry{}, headStarts: map[string]bool{}}
	for i := range concepts {
		c := &concepts[i]
		targets := c.In(to)
		if len(targets) == 0 {
			continue
		}
		for _, t := range c.In(from) {
			e := &entry{concept: c, term: t, targets: targets, toks: tokenize(t.Text, r.stem), exactCase: isExactCase(t.Text)}
			if len(e.toks) == 0 {
				continue
			}
			r.n++
			k := e.toks[0].key
			if e.exactCase {
				k = e.toks[0].fold
			}
			r.byKey[k] = append(r.byKey[k], e)
			if len(e.toks) == 1 && !e.exactCase && utf8.RuneCountInString(e.toks[0].fold) >= minCompoundPart {
				r.heads[e.toks[0].key] = append(r.heads[e.toks[0].key], e)
				r.headStarts[foldUmlauts(string([]rune(e.toks[0].fold)[:3]))] = true
				r.mods[e.toks[0].fold] = append(r.mods[e.toks[0].fold], e)
			}
		}
	}
	return r
}

// Len returns the number of indexed source terms.
func (r *Recognizer) Len() int { return r.n }

// isExactCase: an acronym (two or more letters, all upper case: DVRK, UN)
// or a term with digits matches only as written, without folding.
func isExactCase(s string) bool {
	letters, upper := 0, 0
	for _, c := range s {
		if unicode.IsDigit(c) {
			return true
		}
		if unicode.IsLetter(c) {
			letters++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	return letters >= 2 && upper == letters
}

// caseless reports whether s gives no case information (all lower or all
// upper case): then the noun check is off.
func caseless(s string) bool {
	hasUp, hasLow := false, false
	for _, c := range s {
		if unicode.IsUpper(c) {
			hasUp = true
		} else if unicode.IsLower(c) {
			hasLow = true
		}
	}
	return !hasUp || !hasLow
}

// tokenKind compares a sentence token with a term token: the kind of
// match, or "" for none. A capitalised term word (a German noun) does not
// match a lower-case word unless the sentence has no case (vertragen is a
// verb, not Vertrag).
func (r *Recognizer) tokenKind(st, tt token, exactCase, noCase bool) Kind {
	if exactCase {
		if st.text == tt.text {
			return Exact
		}
		return ""
	}
	if tt.upper && !st.upper && !noCase && r.from.Base() == "de" {
		return ""
	}
	if st.fold == tt.fold {
		return Exact
	}
	if st.key == tt.key {
		return Inflected
	}
	return ""
}

// Find returns the terms found in sentence, ordered by position (longer
// matches first at a position). A compound hit is dropped where a word
// also holds a whole-word hit.
func (r *Recognizer) Find(sentence string) []Hit {
	if r == nil || r.n == 0 {
		return nil
	}
	toks := tokenize(sentence, r.stem)
	noCase := caseless(sentence)
	var hits []Hit
	add := func(e *entry, start, end int, kind Kind) {
		hits = append(hits, Hit{ConceptID: e.concept.ID, Source: e.term, Targets: e.targets,
			Start: start, End: end, Text: sentence[start:end], Kind: kind})
	}
	whole := make([]bool, len(toks)) // token covered by a whole-word hit
	for i, st := range toks {
		for _, key := range []string{st.key, st.fold} {
			for _, e := range r.byKey[key] {
				if key == st.fold && key != st.key && !e.exactCase {
					continue // exact-case entries are indexed by fold
				}
				if key == st.key && e.exactCase && st.key != st.fold {
					continue
				}
				if i+len(e.toks) > len(toks) {
					continue
				}
				kind := Exact
				for j, tt := range e.toks {
					k := r.tokenKind(toks[i+j], tt, e.exactCase, noCase)
					if k == "" {
						kind = ""
						break
					}
					if k == Inflected {
						kind = Inflected
					}
				}
				if kind == "" {
					continue
				}
				last := toks[i+len(e.toks)-1]
				// Part of a hyphenated word that the term does not cover whole.
				if st.joinPrev || last.joinNext {
					kind = Compound
				}
				if kind != Compound {
					for j := i; j < i+len(e.toks); j++ {
						whole[j] = true
					}
				}
				add(e, st.start, last.end, kind)
			}
			if st.key == st.fold {
				break
			}
		}
	}
	for i, st := range toks {
		if whole[i] {
			continue
		}
		r.compounds(st, noCase, func(e *entry, start, end int) { add(e, start, end, Compound) })
	}
	return dedupe(hits)
}

// nonHeads are derivational suffixes, not words: Landschaft does not
// contain Land, Vertragung is no compound of Vertrag.
var nonHeads = map[string]bool{
	"schaft": true, "schaften": true, "ung": true, "ungen": true, "heit": true, "heiten": true, "keit": true,
	"keiten": true, "lich": true, "liche": true, "lichen": true, "licher": true, "isch": true, "ische": true,
	"ischen": true, "chen": true, "lein": true, "nis": true, "nisse": true, "tum": true, "tümer": true,
	"bar": true, "sam": true, "los": true, "lose": true, "losen": true, "haft": true, "innen": true,
	"erin": true, "ler": true, "ner": true, "ern": true, "end": true, "ende": true, "enden": true,
	"lichkeit": true, "lichkeiten": true, "igkeit": true, "igkeiten": true, "ierung": true, "ierungen": true,
	"ismus": true, "isten": true, "ität": true, "itäten": true, "erei": true, "ereien": true,
}

// foldUmlauts maps ä ö ü to a o u and ß to ss, as the German stemmer does.
func foldUmlauts(s string) string {
	return umlautFolder.Replace(s)
}

var umlautFolder = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

// linkers are the German linking elements (Fugenelemente) after a first
// compound part: Vertrag|s|entwurf, Frieden|s|vertrag, Waffe|n|handel.
var linkers = []string{"", "s", "es", "n", "en", "e", "er", "ns"}

// compounds reports single-word terms inside the word st: as its head
// (Friedens|vertrag, stems compared so Friedensverträgen counts) or its
// first part (Vertrag|s|entwurf).
func (r *Recognizer) compounds(st token, noCase bool, found func(e *entry, start, end int)) {
	if r.from.Base() != "de" && r.from.Base() != "nl" && r.from.Base() != "sv" && r.from.Base() != "da" && r.from.Base() != "no" && r.from.Base() != "nb" {
		return // compounding is written as one word in these languages
	}
	fold := []rune(st.fold)
	nounOK := func(e *entry) bool {
		return !(e.toks[0].upper && !st.upper && !noCase)
	}
	// Heads: a suffix of the word, stemmed, is a term's stem. Only the
	// suffixes that start like a head are stemmed.
	for k := minCompoundPart - 1; k+minCompoundPart <= len(fold); k++ {
		if !r.headStarts[foldUmlauts(string(fold[k:k+3]))] {
			continue
		}
		for _, e := range r.heads[r.stem(string(fold[k:]))] {
			if !nounOK(e) {
				continue
			}
			start := st.start
			if text := []rune(st.text); len(text) == len(fold) {
				start += len(string(text[:k]))
			}
			found(e, start, st.end)
		}
	}
	// First parts: a prefix of the word is a term, followed by a linker
	// and a word that is not a derivational suffix.
	for k := minCompoundPart; k+minCompoundPart <= len(fold); k++ {
		es := r.mods[string(fold[:k])]
		if len(es) == 0 {
			continue
		}
		rest := string(fold[k:])
		ok := false
		for _, l := range linkers {
			if nonHeads[rest] || nonHeads[string(fold[k-1:])] {
				break // Land|schaft, not Land|s|chaft
			}
			tail, has := strings.CutPrefix(rest, l)
			if has && utf8.RuneCountInString(tail) >= minCompoundPart && !nonHeads[tail] {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		for _, e := range es {
			if nounOK(e) {
				found(e, st.start, st.start+len(string([]rune(st.text)[:k])))
			}
		}
	}
}

// dedupe keeps one hit per concept and span (the strongest), orders hits
// by start and then by length (longest first), and drops a compound hit
// of a concept that has a whole-word hit overlapping it.
func dedupe(hits []Hit) []Hit {
	if len(hits) < 2 {
		return hits
	}
	rank := map[Kind]int{Exact: 0, Inflected: 1, Compound: 2}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return rank[a.Kind] < rank[b.Kind]
	})
	out := hits[:0]
	for _, h := range hits {
		dup := false
		for _, o := range out {
			if o.ConceptID == h.ConceptID && o.Source.Text == h.Source.Text && o.Start < h.End && h.Start < o.End {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, h)
		}
	}
	return out
}

// Contains reports whether text (in lang) holds the term t, inflected or
// not (stems compared; no compounds): a check asks it of a target.
func Contains(text string, t Term, lang tm.Lang) bool {
	stem := Stemmer(lang)
	tt := tokenize(t.Text, stem)
	if len(tt) == 0 {
		return false
	}
	st := tokenize(text, stem)
	r := &Recognizer{from: lang, stem: stem}
	exact := isExactCase(t.Text)
	for i := 0; i+len(tt) <= len(st); i++ {
		ok := true
		for j := range tt {
			// Target words are checked without the noun test: English
			// has none, and a German target may start a sentence.
			if r.tokenKind(st[i+j], tt[j], exact, true) == "" {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
