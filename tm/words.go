package tm

import (
	"unicode"
	"unicode/utf8"
)

// CountWords counts the words of text with a German-friendly rule:
//
//   - a word is a maximal run of letters, digits and combining marks;
//   - a hyphen (-, U+2010, U+2011), an apostrophe (' or U+2019) or a
//     digit separator (. or , between two digits) joins the runs on either
//     side into one word when it stands between two such characters, so
//     "DVRK-Russland-Freundschaft", "geht's", "3.000" and "2,5" are one
//     word each;
//   - punctuation, symbols and whitespace are not words and not part of
//     one: "z. B." is two words, "80-jährige" one, "–" none.
func CountWords(text string) int {
	n := 0
	inWord := false
	var prev rune // previous rune inside the current word
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if isWordRune(r) {
			if !inWord {
				n++
				inWord = true
			}
			prev = r
			continue
		}
		if inWord && isJoiner(r, prev) {
			next, _ := utf8.DecodeRuneInString(text[i:])
			if isWordRune(next) && (!isDigitSeparator(r) || unicode.IsDigit(next)) {
				// The joiner and the next rune continue this word.
				continue
			}
		}
		inWord = false
	}
	return n
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isDigitSeparator(r rune) bool { return r == '.' || r == ',' }

// isJoiner reports whether r may join two parts of one word; prev is the
// rune before it.
func isJoiner(r, prev rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\'', '\u2019':
		return true
	case '.', ',':
		return unicode.IsDigit(prev)
	}
	return false
}

// CountChars counts the characters of text that are not white space
// (runes, after NFC), the measure korpus reports as "chars".
func CountChars(text string) int {
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}
