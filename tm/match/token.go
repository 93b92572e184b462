// Package match scores how well a stored source text matches a query: the
// tokenizer, the fuzzy score, the word diff between query and match, and the
// analysis bands a translation agency quotes from. It imports no storage;
// store builds the candidate index on top of Terms and Score.
//
// # Tokens
//
// Text is normalised (NFC, whitespace runs folded) and split into tokens:
// words (letters, marks and digits mixed with letters, with inner hyphens
// and apostrophes: "E-Mail", "geht's"), numbers ("19", "1.000,50"),
// punctuation and symbols (one rune each), and inline codes. Ideographs,
// kana and Thai, written without spaces, are one token per character, so
// such text is compared at character level.
//
// # Score
//
// The score of a candidate C for a query Q is
//
//	core    = 100 × (1 − W / max(n, m))
//	score   = ⌊core⌋ − P, clamped to 0…99
//
// where n and m are the numbers of word and number tokens of Q and C and W
// is their edit distance with these costs: insert, delete or substitute a
// word 1; substitute a word that differs only in case 0.1; substitute a
// number by another number 0.25. P adds separate, smaller penalties for
// what lies outside the words: 1 point per edit of the punctuation sequence,
// 1 per edit of the inline-code sequence, 1 when only the spacing between
// tokens differs. 100 is kept for exact matches (same normalised source and
// same codes) and 101 for exact matches in the same context, decided by the
// caller. So "am 19. Juni" for "am 20. Juni" in a ten-word sentence scores
// 97, a changed word in a ten-word sentence 90, and unrelated text near 0.
//
// Because W ≥ max(n, m) − overlap, where overlap is the size of the multiset
// intersection of the folded word keys (lower case, every number the same
// key), a score ≥ min needs overlap ≥ ⌈max(n, m)·min/100⌉ and
// ⌈n·min/100⌉ ≤ m ≤ ⌊n·100/min⌋: the index filters on both losslessly.
// Numbers also have terms for their exact values (NumberTerms), so the
// bound can add 0.25 to W for each shared number key that no equal number
// fills (UpperBoundNumbers): texts that differ only in numbers do not all
// tie at the top bound.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// TokenKind is what a token is.
type TokenKind uint8

// Token kinds.
const (
	Word TokenKind = iota
	Number
	Punct
	InlineCode
)

// Token is one word, number, punctuation rune or inline code.
type Token struct {
	Kind TokenKind
	// Text is the token as written (for a code: its kind, e.g. "open").
	Text string
	// Space reports whether whitespace precedes the token.
	Space bool
}

// Key returns the folded form the core of the score and the index compare:
// lower case for words, one shared key for all numbers, the text otherwise.
func (t Token) Key() string {
	switch t.Kind {
	case Word:
		return lower(t.Text)
	case Number:
		return "\x00#"
	case InlineCode:
		return "\x00c" + t.Text
	}
	return t.Text
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// Tokenize splits content into tokens; codes become InlineCode tokens.
func Tokenize(c tm.Content) []Token {
	var out []Token
	space := false
	for _, r := range c {
		if r.Code != nil {
			out = append(out, Token{Kind: InlineCode, Text: string(r.Code.Kind), Space: space})
			space = false
			continue
		}
		out, space = tokenize(out, r.Text, space)
	}
	return out
}

// TokenizeString splits plain text into tokens.
func TokenizeString(s string) []Token {
	out, _ := tokenize(make([]Token, 0, len(s)/5+1), s, false)
	return out
}

// charLevel reports whether r belongs to a script written without spaces.
func charLevel(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

func tokenize(out []Token, s string, space bool) ([]Token, bool) {
	if !isNFC(s) {
		s = norm.NFC.String(s)
	}
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case charLevel(r):
			out = append(out, Token{Kind: Word, Text: s[i : i+size], Space: space})
			i += size
		case isWordRune(r):
			j, digits := scanWord(s, i)
			k := Word
			if digits {
				k = Number
			}
			out = append(out, Token{Kind: k, Text: s[i:j], Space: space})
			i = j
		default:
			out = append(out, Token{Kind: Punct, Text: s[i : i+size], Space: space})
			i += size
		}
		space = false
	}
	return out, space
}

// scanWord returns the end of the word or number starting at i and whether
// it holds only digits and inner separators.
func scanWord(s string, i int) (int, bool) {
	digits := true
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) && !charLevel(r) {
			if !unicode.IsDigit(r) {
				digits = false
			}
			j += size
			continue
		}
		// Inner joiners: "1.000,50", "E-Mail", "geht's", "10:30".
		if j+size < len(s) && (r == '.' || r == ',' || r == '-' || r == '\'' || r == '’' || r == ':' || r == '/') {
			n, _ := utf8.DecodeRuneInString(s[j+size:])
			prev, _ := utf8.DecodeLastRuneInString(s[:j])
			switch {
			case digits && unicode.IsDigit(prev) && unicode.IsDigit(n) && (r == '.' || r == ',' || r == ':' || r == '/'):
				j += size
				continue
			case (r == '-' || r == '\'' || r == '’') && isWordRune(n) && !charLevel(n):
				j += size
				if r == '-' && !unicode.IsDigit(n) {
					digits = false
				}
				if r != '-' {
					digits = false
				}
				continue
			}
		}
		break
	}
	return j, digits
}

func isNFC(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.IsNormalString(s)
		}
	}
	return true
}

// Fold returns s for case- and diacritic-insensitive comparison: NFD with
// combining marks removed, lower case, ß as "ss". "Über" and "UBER" fold to
// "uber".
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}
