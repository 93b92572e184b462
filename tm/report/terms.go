package report

import "github.com/korpus/korpus/tm/term"

// Term is a termbase term found in a source text, as lookup --json,
// analyze --json and the HTTP API (/api/v1/lookup, /api/v1/terms) give
// it: the source term as found, the concept's preferred (first approved)
// target, that target's status, the span in characters [start, end) and
// the match kind (exact, inflected, compound).
type Term struct {
	Source string    `json:"source"`
	Target string    `json:"target"`
	Status string    `json:"status"`
	Span   [2]int    `json:"span"`
	Kind   term.Kind `json:"kind"`
}

// TermsIn returns the terms r finds in text ([] when none, or when r is
// nil).
func TermsIn(r *term.Recognizer, text string) []Term {
	out := []Term{}
	for _, h := range r.Find(text) {
		t := h.Preferred()
		out = append(out, Term{Source: h.Text, Target: t.Text, Status: string(t.Status), Span: h.Span(text), Kind: h.Kind})
	}
	return out
}
