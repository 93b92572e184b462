package align

import (
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm/worddiff"
)

// WordDiff returns the word-level diff that turns a into b. Texts are cut
// into word, space and punctuation tokens; the diff (Myers, by
// github.com/sergi/go-diff) runs over tokens, so a changed word is shown as
// one deleted and one inserted word, never as scattered letters. Joining
// the equal and delete texts gives a back; equal and insert give b.
func WordDiff(a, b string) []worddiff.Op {
	return worddiff.Diff(Tokens(a), Tokens(b))
}

// Tokens cuts text into words (runs of letters, digits and joining
// apostrophes or hyphens), runs of space, and single other characters.
// Joined, the tokens give back text.
func Tokens(text string) []string {
	var toks []string
	eachToken(text, func(t string) { toks = append(toks, t) })
	return toks
}

// eachToken calls f with each token of text, as Tokens cuts them, without
// building a slice: the aligner reads hundreds of thousands of sentences.
func eachToken(text string, f func(string)) {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		j := i + n
		switch {
		case isWordRune(r):
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				// Keep "l'eau", "Nord-Süd" as one word.
				if (r2 == '\'' || r2 == '’' || r2 == '-') && j+n2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+n2:])
					if isWordRune(r3) {
						j += n2
						continue
					}
				}
				break
			}
		case unicode.IsSpace(r):
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
		}
		f(text[i:j])
		i = j
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
