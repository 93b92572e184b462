package align

import (
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// OpKind is the kind of one edit operation of a word diff.
type OpKind string

// Edit operation kinds.
const (
	OpEqual  OpKind = "equal"
	OpInsert OpKind = "insert"
	OpDelete OpKind = "delete"
)

// Op is one operation of a word-level diff: a run of tokens (words, the
// spaces between them, punctuation) kept, inserted or deleted.
type Op struct {
	Kind OpKind `json:"op"`
	Text string `json:"text"`
}

// WordDiff returns the word-level diff that turns a into b. Texts are cut
// into word, space and punctuation tokens; the diff (Myers, by
// github.com/sergi/go-diff) runs over tokens, so a changed word is shown as
// one deleted and one inserted word, never as scattered letters. Joining
// the equal and delete texts gives a back; equal and insert give b.
func WordDiff(a, b string) []Op {
	ta, tb := Tokens(a), Tokens(b)
	codes := map[string]rune{}
	var vocab []string
	ra, rb := encodeTokens(ta, codes, &vocab), encodeTokens(tb, codes, &vocab)
	var ops []Op
	for _, d := range diffRunes(ra, rb) {
		var kind OpKind
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			kind = OpEqual
		case diffmatchpatch.DiffInsert:
			kind = OpInsert
		default:
			kind = OpDelete
		}
		var text []byte
		for _, r := range d.Text {
			text = append(text, vocab[runeIndex(r)]...)
		}
		ops = append(ops, Op{Kind: kind, Text: string(text)})
	}
	return mergeOps(ops)
}

// mergeOps joins neighbouring operations of the same kind.
func mergeOps(ops []Op) []Op {
	out := ops[:0]
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Kind == op.Kind {
			out[n-1].Text += op.Text
			continue
		}
		out = append(out, op)
	}
	return out
}

// Tokens cuts text into words (runs of letters, digits and joining
// apostrophes or hyphens), runs of space, and single other characters.
// Joined, the tokens give back text.
func Tokens(text string) []string {
	var toks []string
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
		toks = append(toks, text[i:j])
		i = j
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// encodeTokens maps each distinct token to a rune so that go-diff, which
// diffs runes, diffs tokens instead (as DiffLinesToRunes does for lines).
func encodeTokens(toks []string, codes map[string]rune, vocab *[]string) []rune {
	out := make([]rune, len(toks))
	for i, t := range toks {
		r, ok := codes[t]
		if !ok {
			r = indexRune(len(*vocab))
			codes[t] = r
			*vocab = append(*vocab, t)
		}
		out[i] = r
	}
	return out
}

// The runes standing for items skip the surrogate range, which go-diff's
// string conversions would turn into U+FFFD.
const (
	surrogateLo = 0xD800
	surrogateN  = 0x800
)

func indexRune(i int) rune {
	r := rune(i + 1)
	if r >= surrogateLo {
		r += surrogateN
	}
	return r
}

func runeIndex(r rune) int {
	if r >= surrogateLo+surrogateN {
		r -= surrogateN
	}
	return int(r) - 1
}

// diffRunes runs go-diff's Myers diff without a time limit, so the result
// is a minimal diff and the same on every machine.
func diffRunes(a, b []rune) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	return dmp.DiffMainRunes(a, b, false)
}
