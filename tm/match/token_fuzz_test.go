package match

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// fuzzMax bounds fuzz inputs so that runs stay fast.
const fuzzMax = 64 << 10

// FuzzTokenize checks the tokenizer on arbitrary text. Tokens have no
// offsets; instead each token must sit, in order, at the next non-space
// position of the NFC text: their texts, concatenated, are the text with
// its white space removed, Space is true exactly when white space precedes
// a token, no token is empty or holds white space, a Punct token is one
// character, a Number holds a digit and no letter, and a Word starts with
// a letter, mark or digit or is one character of a script written
// without spaces. Tokenize on the same text split into runs
// around an inline code gives the same tokens plus the code.
func FuzzTokenize(f *testing.F) {
	for _, name := range []string{"korea-in-der-welt.de.txt", "align/everest.fr.txt"} {
		if data, err := os.ReadFile(testutil.Testdata(name)); err == nil {
			for _, line := range strings.SplitN(string(data), "\n", 40) {
				f.Add(line)
			}
		}
	}
	for _, s := range []string{
		"1.000,50 € um 10:30, E-Mail geht's 3/4", "東京は晴れ。ภาษาไทย", "e\u0301t\u00e9 -x- 'a' 1-a a-1",
		"\xff\xfe Grüße\u00a0\u2003", "", "...---", "Straße\u200b", "A.B.C. z.B. 19. Juni",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		toks := TokenizeString(s)
		checkTokens(t, s, toks)
		// Content of one text run tokenizes as the string does.
		c := tm.Content{{Text: s}}
		if got := Tokenize(c); !sameTokens(got, toks) {
			t.Fatalf("Tokenize(%q) = %v, TokenizeString = %v", s, got, toks)
		}
		// A code between two runs is one InlineCode token; cutting at a
		// space keeps every token on both sides.
		if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
			_, size := utf8.DecodeRuneInString(s[i:])
			a, b := s[:i], s[i+size:]
			got := Tokenize(tm.Content{{Text: a + " "}, {Code: &tm.Code{Kind: tm.CodeStandalone, ID: "1"}}, {Text: b}})
			want := append(append(TokenizeString(a), Token{Kind: InlineCode, Text: string(tm.CodeStandalone), Space: true}), TokenizeString(b)...)
			if !norm.NFC.IsNormalString(a) || !norm.NFC.IsNormalString(b) || !utf8.ValidString(s) {
				return // normalising the parts can differ from the whole
			}
			if !sameTokens(got, want) {
				t.Fatalf("%q with a code at byte %d: %v, want %v", s, i, got, want)
			}
		}
	})
}

func sameTokens(a, b []Token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checkTokens(t *testing.T, s string, toks []Token) {
	t.Helper()
	text := norm.NFC.String(s)
	i := 0
	for k, tok := range toks {
		space := false
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsSpace(r) {
				break
			}
			space = true
			i += size
		}
		if tok.Text == "" {
			t.Fatalf("%q: token %d is empty", s, k)
		}
		if !strings.HasPrefix(text[i:], tok.Text) {
			t.Fatalf("%q: token %d %q is not at byte %d (%q)", s, k, tok.Text, i, text[i:])
		}
		if tok.Space != space {
			t.Fatalf("%q: token %d %q has Space %v, want %v", s, k, tok.Text, tok.Space, space)
		}
		first, n := utf8.DecodeRuneInString(tok.Text)
		hasDigit, hasLetter := false, false
		for _, r := range tok.Text {
			if unicode.IsSpace(r) {
				t.Fatalf("%q: token %d %q holds white space", s, k, tok.Text)
			}
			hasDigit = hasDigit || unicode.IsDigit(r)
			hasLetter = hasLetter || unicode.IsLetter(r)
		}
		switch tok.Kind {
		case Punct:
			if n != len(tok.Text) {
				t.Fatalf("%q: Punct token %d %q is more than one character", s, k, tok.Text)
			}
		case Number:
			if !hasDigit || hasLetter {
				t.Fatalf("%q: Number token %d %q", s, k, tok.Text)
			}
		case Word:
			if !isWordRune(first) && !charLevel(first) {
				t.Fatalf("%q: Word token %d %q starts with %q", s, k, tok.Text, first)
			}
		default:
			t.Fatalf("%q: token %d %q of kind %d", s, k, tok.Text, tok.Kind)
		}
		i += len(tok.Text)
	}
	rest := strings.TrimFunc(text[i:], unicode.IsSpace)
	if rest != "" {
		t.Fatalf("%q: text %q after the last token", s, rest)
	}
}
