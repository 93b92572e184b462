// Package po reads and writes gettext PO files as translation units.
//
// It is written here rather than taken from a library because the Go PO
// libraries read a whole file into memory and drop what a memory needs
// (fuzzy flags, plural forms, positions for errors); the grammar is small.
//
// Mapping, both ways:
//
//   - msgid → source, msgstr → target; the source language is not in a PO
//     file (SourceLang), the target is the header's Language: (or
//     TargetLang when the header names none).
//   - msgctxt → prop x-po-msgctxt; "#:" references → prop x-po-reference
//     (one prop, the references space-separated as written); flags other
//     than fuzzy → prop x-po-flags.
//   - "#, fuzzy" → status needs-review, otherwise translated; the encoder
//     writes fuzzy for needs-review, draft and new.
//   - "# " translator comments → notes; "#." extracted comments → notes
//     from "extracted". "#|" previous strings are dropped.
//   - Plurals: one unit per form. msgstr[0] is the translation of msgid,
//     msgstr[N] (N ≥ 1) of msgid_plural; each unit carries prop
//     x-po-plural with N. The encoder writes consecutive forms of one
//     entry back as msgid_plural/msgstr[N], with the language's
//     Plural-Forms in the header.
//   - Inline codes (units from TMX or XLIFF) are written as their native
//     data, e.g. "<b>"; placeholders such as %s, {0} or <b> in a PO
//     string are text and stay as written.
//   - The header (msgid "" without msgctxt) is not a unit; obsolete "#~"
//     entries and untranslated entries (empty msgstr) are skipped.
//   - The header's charset (Content-Type) is honoured for the strings when
//     it is not UTF-8; the encoder writes UTF-8.
package po

import (
	"fmt"

	"github.com/korpus/korpus/tm"
)

// Prop types the codec reads and writes.
const (
	PropContext   = "x-po-msgctxt"
	PropReference = "x-po-reference"
	PropFlags     = "x-po-flags"
	PropPlural    = "x-po-plural"
	// PropLine is the line of the entry (ForCheck only).
	PropLine = "x-po-line"
	// NoteExtracted is the From of notes read from "#." comments.
	NoteExtracted = "extracted"
)

// ParseError is a syntax error in a PO file, with its 1-based line and
// column (in characters).
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	file := e.File
	if file == "" {
		file = "input"
	}
	return fmt.Sprintf("%s: line %d, column %d: %v", file, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

func errAt(file string, line, col int, format string, args ...any) error {
	if col < 1 {
		col = 1
	}
	return &tm.Error{Code: tm.EINVALID, Err: &ParseError{File: file, Line: line, Column: col, Err: fmt.Errorf(format, args...)}}
}
