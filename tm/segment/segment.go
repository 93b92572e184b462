// Package segment is korpus's built-in sentence segmenter (German first) and
// its paragraph splitter for plain text.
package segment

import (
	"strings"

	"github.com/korpus/korpus/tm"
)

// ErrGenericRules is returned (as a warning, with a usable segmenter) by New
// for a language that has no rules of its own.
var ErrGenericRules = tm.Errorf(tm.EINVALID, "no segmentation rules for this language; using generic rules")

// New returns the built-in segmenter for lang. For a language without rules
// of its own it returns generic rules together with ErrGenericRules.
func New(lang tm.Lang) (tm.Segmenter, error) {
	// STUB: replaced by the real rules.
	return tm.SegmenterFunc(func(p string) []string {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil
		}
		return []string{p}
	}), nil
}

// Paragraphs splits plain text into paragraphs: blank lines and indented
// lines start a paragraph, hard-wrapped continuation lines are joined.
func Paragraphs(text string) []string {
	// STUB
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if s := strings.TrimSpace(l); s != "" {
			out = append(out, s)
		}
	}
	return out
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
