package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op is a diff operation.
type Op string

// Diff operations, read from the query to the match source: Delete is in
// the query only, Insert in the match only.
const (
	OpEqual  Op = "equal"
	OpInsert Op = "insert"
	OpDelete Op = "delete"
)

// DiffOp is one run of a word diff.
type DiffOp struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Diff returns the word-level diff from query to source: each word,
// number, punctuation rune and run of whitespace is one symbol (mapped to
// one rune, as diffmatchpatch's DiffLinesToRunes does for lines), so a
// changed word is deleted and inserted whole. Joining the Equal and Delete
// texts gives query; joining Equal and Insert gives source.
func Diff(query, source string) []DiffOp {
	qs, ss := diffSymbols(query), diffSymbols(source)
	index := map[string]rune{}
	var table []string
	enc := func(syms []string) []rune {
		out := make([]rune, len(syms))
		for i, s := range syms {
			r, ok := index[s]
			if !ok {
				r = rune(len(table))
				if r >= 0xD800 { // skip surrogates, which runes cannot hold
					r += 0x800
				}
				index[s] = r
				table = append(table, s)
			}
			out[i] = r
		}
		return out
	}
	qr, sr := enc(qs), enc(ss)
	dec := func(rs []rune) string {
		var b strings.Builder
		for _, r := range rs {
			i := int(r)
			if i >= 0xD800+0x800 {
				i -= 0x800
			}
			b.WriteString(table[i])
		}
		return b.String()
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(qr, sr, false)
	out := make([]DiffOp, 0, len(diffs))
	for _, d := range diffs {
		var op Op
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			op = OpEqual
		case diffmatchpatch.DiffInsert:
			op = OpInsert
		default:
			op = OpDelete
		}
		text := dec([]rune(d.Text))
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			continue
		}
		out = append(out, DiffOp{Op: op, Text: text})
	}
	return out
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
