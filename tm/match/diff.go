package match

import (
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm/worddiff"
)

// Diff returns the word-level diff from query to source: each word,
// number, punctuation rune and run of whitespace is one symbol, so a
// changed word is deleted and inserted whole. Joining the Equal and Delete
// texts gives query; joining Equal and Insert gives source (Delete is in
// the query only, Insert in the match only).
func Diff(query, source string) []worddiff.Op {
	return worddiff.Diff(diffSymbols(query), diffSymbols(source))
}

// diffSymbols splits s into words, numbers, single other runes and
// whitespace runs, keeping every byte.
func diffSymbols(s string) []string {
	var out []string
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += sz
			}
		case charLevel(r):
		case isWordRune(r):
			j, _ = scanWord(s, i)
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}
