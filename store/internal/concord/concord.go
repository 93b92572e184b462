// Package concord is the part of concordance search that is not SQL: the
// form in which a text is compared with a term (whitespace runs as one
// space, and with folding case and diacritics removed, rune by rune, as
// tm/match.Fold does), and the byte ranges where a term occurs. A backend
// finds candidates its own way (SQLite's trigram FTS5, PostgreSQL's
// pg_trgm over the stored folded form) and checks each one here, so both
// give the same hits.
package concord

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm/match"
)

// Finder finds the byte ranges where a needle occurs in texts. It keeps
// its buffers and the folds of the non-ASCII runes it met between texts.
type Finder struct {
	needle []rune
	fold   bool
	folds  map[rune]string
	form   []rune // the compared form of the last text
	offs   []int  // byte offset in the text of each rune of form, then len(text)
}

// NewFinder returns a Finder for term (tm.Normalize'd), comparing folded
// forms when fold is set.
func NewFinder(term string, fold bool) *Finder {
	f := &Finder{fold: fold, folds: map[rune]string{}}
	if fold {
		term = match.Fold(term)
	}
	f.needle = []rune(term)
	return f
}

// Needle returns the compared form of the term.
func (f *Finder) Needle() string { return string(f.needle) }

func (f *Finder) formOf(text string) {
	form, offs := f.form[:0], f.offs[:0]
	space := false
	for i, r := range text {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if space {
				continue
			}
			space = true
			r = ' '
		} else {
			space = false
		}
		switch {
		case !f.fold:
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A' // what match.Fold does to ASCII
			}
		default:
			folded, ok := f.folds[r]
			if !ok {
				folded = match.Fold(string(r))
				f.folds[r] = folded
			}
			for _, x := range folded {
				form = append(form, x)
				offs = append(offs, i)
			}
			continue
		}
		form = append(form, r)
		offs = append(offs, i)
	}
	f.form, f.offs = form, append(offs, len(text))
}

// Find returns the byte ranges of the needle in text, left to right, not
// overlapping.
func (f *Finder) Find(text string) [][2]int {
	f.formOf(text)
	form, offs, nr := f.form, f.offs, f.needle
	var out [][2]int
	for i := 0; i+len(nr) <= len(form); {
		j := 0
		for j < len(nr) && form[i+j] == nr[j] {
			j++
		}
		if j == len(nr) {
			end := offs[i+len(nr)]
			// A folded rune may expand ("ß" → "ss"): end after the last
			// source rune that produced matched runes.
			for k := i + len(nr); k < len(offs)-1 && offs[k] == offs[i+len(nr)-1]; k++ {
				end = offs[k+1]
			}
			out = append(out, [2]int{offs[i], end})
			i += len(nr)
			continue
		}
		i++
	}
	return out
}

// FoldForm returns the folded compared form of text, rune by rune: what a
// folding Finder compares its needle with. A store that keeps FoldForm of
// every text finds candidates with a plain substring search of it: with
// folding, exactly the texts holding NewFinder(term, true).Needle(); without,
// a superset of the texts holding term, among those holding FoldForm(term)
// (folding rune by rune maps every occurrence of term in a text to one of
// FoldForm(term) in FoldForm(text)).
func FoldForm(text string) string {
	f := Finder{fold: true, folds: map[rune]string{}}
	f.formOf(text)
	return string(f.form)
}

// LikePattern returns a LIKE pattern (escape character \) matching texts
// that contain s.
func LikePattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
