// Package segment is korpus's built-in sentence segmenter (German first) and
// its paragraph splitter for plain text.
//
// The segmenter is a hand-written scanner: it walks a paragraph's bytes to
// the next candidate end (".", "!", "?", "…" or a run of them, with closing
// quotes and brackets after it) that is followed by whitespace, and decides
// from the word before and the word after whether the sentence ends there:
//
//	Am 19. Juni kam er (ca. 5 Uhr). „Warum?“, fragte sie. J. R. R. Tolkien …
//	      ^ ordinal before a month    ^ abbreviation       ^ initials
//	                           ^ end      ^ "?“," is not followed by a space
//
// A lowercase next word never starts a sentence. After "." the word before
// decides: an abbreviation that cannot end a sentence ("Nr.", "Dr.", "z. B.")
// never ends one; one that can ("usw.", "etc.", initials) ends it only when
// the next word is a typical sentence start ("Die", "Er", "Aber" …); a
// number is an ordinal when a month or an ordinal-taking noun follows
// ("19. Juni", "8. Parteitag", "80. Jahrestag") or an article or
// preposition precedes it ("der 35. Kommandeurstagung"), unless it has four
// digits (a year) or the next word is a typical sentence start; a number
// that opens the sentence is an enumerator ("10. Interessierte Länder …").
// A closing quote with no end punctuation before it ends a sentence that it
// opened when another capitalised quote or a typical sentence start follows
// („Ja“ „Nein“); ":" and ";" end one only with Options.SplitColon.
package segment

import (
	"strings"

	"github.com/korpus/korpus/tm"
)

// ErrGenericRules is returned (as a warning, with a usable segmenter) by New
// for a language that has no rules of its own.
var ErrGenericRules = tm.Errorf(tm.EINVALID, "no segmentation rules for this language; using generic rules")

// Languages returns the base languages with rules of their own.
func Languages() []string { return []string{"de", "en", "fr"} }

// New returns the built-in segmenter for lang (by its base language: "de-AT"
// uses the German rules). For a language without rules of its own it returns
// generic rules together with ErrGenericRules.
func New(lang tm.Lang) (tm.Segmenter, error) {
	switch lang.Base() {
	case "de":
		return german, nil
	case "en":
		return english, nil
	case "fr":
		return french, nil
	}
	return generic, ErrGenericRules
}

// Options change the built-in rules. The zero value is the default.
type Options struct {
	// SplitColon ends a sentence at ":" or ";" when white space and a full
	// capitalised sentence follow (a typical sentence start such as "Die",
	// "Er", "Manchmal …", or a capitalised word and a lowercase one) and at
	// least three words come before it: "Er war zufrieden: Die Zahlen
	// stimmen." becomes two segments. Off by default, as in the CAT tools'
	// usual rules (OmegaT's defaults keep a sentence with what follows its
	// colon), so a translator sees the whole thought; UD treebanks split there.
	SplitColon bool
}

// NewWithOptions is New with options applied to the built-in rules.
func NewWithOptions(lang tm.Lang, o Options) (tm.Segmenter, error) {
	s, err := New(lang)
	if o == (Options{}) {
		return s, err
	}
	r := *s.(*rules) // the maps are shared read-only
	r.splitColon = o.SplitColon
	return &r, err
}

// Document segments a whole plain text: paragraphs, then sentences, numbered
// in document order, with their hashes.
func Document(text string, s tm.Segmenter) []tm.Segment {
	var segs []tm.Segment
	for pi, p := range Paragraphs(text) {
		for _, sent := range s.Split(p) {
			segs = append(segs, tm.Segment{Para: pi, Index: len(segs), Text: sent, Hash: tm.Hash(sent)})
		}
	}
	return segs
}

// words builds a set from space-separated words.
func words(lists ...string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			m[w] = true
		}
	}
	return m
}
