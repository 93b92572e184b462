// Package worddiff diffs sequences of tokens with go-diff's Myers diff
// (github.com/sergi/go-diff): the word diff that align shows between two
// versions of a segment and that match shows between a query and a match,
// and the edit script over any sequence of strings (align diffs segment
// hashes with it). Callers cut text into tokens their own way; a token is
// never split, so a changed word is deleted and inserted whole.
package worddiff

import "github.com/sergi/go-diff/diffmatchpatch"

// Kind is the kind of one edit operation.
type Kind string

// Edit operation kinds, read from a to b: Delete is in a only, Insert in b
// only.
const (
	Equal  Kind = "equal"
	Insert Kind = "insert"
	Delete Kind = "delete"
)

// Op is one operation of a word diff: a run of tokens kept, inserted or
// deleted, joined into one text.
type Op struct {
	Kind Kind   `json:"op"`
	Text string `json:"text"`
}

// Run is N consecutive tokens of one kind in an edit script.
type Run struct {
	Kind Kind
	N    int
}

// Script returns the minimal edit script that turns a into b, as runs
// over their tokens: Equal runs consume both, Delete runs a, Insert runs b.
// The diff runs without a time limit, so it is the same on every machine.
func Script(a, b []string) []Run {
	// Map each distinct token to a rune so that go-diff, which diffs runes,
	// diffs tokens instead (as DiffLinesToRunes does for lines).
	codes := map[string]rune{}
	ra, rb := encode(a, codes), encode(b, codes)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	out := make([]Run, 0, len(diffs))
	for _, d := range diffs {
		kind := Delete
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			kind = Equal
		case diffmatchpatch.DiffInsert:
			kind = Insert
		}
		out = append(out, Run{Kind: kind, N: len([]rune(d.Text))})
	}
	return out
}

// Diff returns the diff that turns the tokens a into the tokens b, each
// run's tokens joined and neighbouring runs of one kind merged. Joining the
// Equal and Delete texts gives a joined; Equal and Insert give b joined.
func Diff(a, b []string) []Op {
	runs := Script(a, b)
	out := make([]Op, 0, len(runs))
	i, j := 0, 0
	for _, r := range runs {
		var toks []string
		switch r.Kind {
		case Equal:
			toks = a[i : i+r.N]
			i += r.N
			j += r.N
		case Delete:
			toks = a[i : i+r.N]
			i += r.N
		case Insert:
			toks = b[j : j+r.N]
			j += r.N
		}
		text := join(toks)
		if text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Kind == r.Kind {
			out[n-1].Text += text
			continue
		}
		out = append(out, Op{Kind: r.Kind, Text: text})
	}
	return out
}

func join(toks []string) string {
	n := 0
	for _, t := range toks {
		n += len(t)
	}
	b := make([]byte, 0, n)
	for _, t := range toks {
		b = append(b, t...)
	}
	return string(b)
}

// The runes standing for tokens skip the surrogate range, which go-diff's
// string conversions would turn into U+FFFD.
const (
	surrogateLo = 0xD800
	surrogateN  = 0x800
)

func encode(toks []string, codes map[string]rune) []rune {
	out := make([]rune, len(toks))
	for i, t := range toks {
		r, ok := codes[t]
		if !ok {
			r = rune(len(codes) + 1)
			if r >= surrogateLo {
				r += surrogateN
			}
			codes[t] = r
		}
		out[i] = r
	}
	return out
}
