package tm

import "strings"

// CodeKind says what an inline code is.
type CodeKind string

// Inline code kinds, format-neutral. XLIFF 1.2 <g>, XLIFF 2 <pc> and TMX
// <bpt>/<ept> pairs become Open/Close; <x/>, <ph>, <ph/> become Standalone;
// <it>, unpaired <bx/>/<ex/>, <sc/>/<ec/> with isolated="yes" become
// Isolated; <mrk>/<sm/>/<em/> and TMX <hi> become MarkOpen/MarkClose.
const (
	CodeOpen       CodeKind = "open"
	CodeClose      CodeKind = "close"
	CodeStandalone CodeKind = "standalone"
	CodeIsolated   CodeKind = "isolated"
	CodeMarkOpen   CodeKind = "mark-open"
	CodeMarkClose  CodeKind = "mark-close"
)

// Code is an inline code (a tag) inside segment content.
type Code struct {
	Kind CodeKind `json:"k"`
	ID   string   `json:"id,omitempty"`
	// Elem is the element it was read from ("g", "x", "bpt", "pc", "ph" …), so
	// a writer of the same format can give back the same markup.
	Elem string `json:"e,omitempty"`
	// Attrs are the element's other attributes, kept for the round trip.
	Attrs map[string]string `json:"a,omitempty"`
	// Data is the native code the tag stands for (the text content of TMX
	// <bpt>/<ph>, XLIFF 1.2 <ph>, XLIFF 2 originalData), if any.
	Data string `json:"d,omitempty"`
}

// Run is a piece of content: text, or one inline code.
type Run struct {
	Text string `json:"t,omitempty"`
	Code *Code  `json:"c,omitempty"`
}

// Content is segment content: text interleaved with inline codes.
type Content []Run

// Text returns content without codes.
func Text(s string) Content {
	if s == "" {
		return nil
	}
	return Content{{Text: s}}
}

// Plain returns the text of c without its codes.
func (c Content) Plain() string {
	if len(c) == 1 && c[0].Code == nil {
		return c[0].Text
	}
	var b strings.Builder
	for _, r := range c {
		if r.Code == nil {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// HasCodes reports whether c holds any inline code.
func (c Content) HasCodes() bool {
	for _, r := range c {
		if r.Code != nil {
			return true
		}
	}
	return false
}

// Codes returns the inline codes of c in order.
func (c Content) Codes() []*Code {
	var out []*Code
	for _, r := range c {
		if r.Code != nil {
			out = append(out, r.Code)
		}
	}
	return out
}
