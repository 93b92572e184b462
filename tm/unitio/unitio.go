// Package unitio reads and writes translation units as TSV and JSON Lines,
// the two formats meant for scripts (cut, awk, jq, pandas).
//
// # TSV
//
// UTF-8, one unit per line, fields separated by a tab, "\n" line ends. The
// first line names the columns; the first four are required, the others
// are optional on input and always written on output:
//
//		source_lang  target_lang  source  target  source_codes  target_codes  created  changed  creator  changer  origin  status  usage  props  notes
//
//	  - source, target: the plain text (inline codes removed).
//	  - source_codes, target_codes: when the text has inline codes, the JSON
//	    of tm.Content (runs {"t":"text"} and {"c":{"k":"open","id":"1",…}});
//	    empty otherwise. When present it is the content; source/target are
//	    then only for reading.
//	  - created, changed: RFC 3339 UTC ("2024-01-02T03:04:05Z") or empty.
//	  - usage: an integer; props, notes: JSON arrays of tm.Prop / tm.Note, or
//	    empty.
//
// Escaping: inside a field, a backslash, tab, newline and carriage return
// are written as the two characters \\, \t, \n and \r. No other escape
// exists; any other backslash sequence is an error. Unknown columns are
// ignored on input.
//
// # JSONL
//
// One JSON object per line with the same names as the TSV columns:
//
//	{"source_lang":"de","target_lang":"en","source":"Hallo.","target":"Hello.","origin":"tmx","created":"2024-01-02T03:04:05Z"}
//
// source_codes/target_codes are JSON arrays (tm.Content) rather than
// strings; props and notes are arrays; empty fields are left out.
// Unknown fields are ignored on input.
package unitio

import (
	"fmt"

	"github.com/korpus/korpus/tm"
)

// LineError is an error in a TSV or JSONL file, with its 1-based line and,
// when known, column (in characters).
type LineError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *LineError) Error() string {
	file := e.File
	if file == "" {
		file = "input"
	}
	if e.Column > 0 {
		return fmt.Sprintf("%s: line %d, column %d: %v", file, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: line %d: %v", file, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

func lineErr(file string, line, col int, format string, args ...any) error {
	return &tm.Error{Code: tm.EINVALID, Err: &LineError{File: file, Line: line, Column: col, Err: fmt.Errorf(format, args...)}}
}

// Columns are the TSV columns korpus writes, in order.
var Columns = []string{"source_lang", "target_lang", "source", "target", "source_codes", "target_codes",
	"created", "changed", "creator", "changer", "origin", "status", "usage", "props", "notes"}

// record is the JSONL form of a unit (and, field by field, a TSV row).
type record struct {
	SourceLang  string     `json:"source_lang"`
	TargetLang  string     `json:"target_lang"`
	Source      string     `json:"source"`
	Target      string     `json:"target"`
	SourceCodes tm.Content `json:"source_codes,omitempty"`
	TargetCodes tm.Content `json:"target_codes,omitempty"`
	Created     string     `json:"created,omitempty"`
	Changed     string     `json:"changed,omitempty"`
	Creator     string     `json:"creator,omitempty"`
	Changer     string     `json:"changer,omitempty"`
	Origin      string     `json:"origin,omitempty"`
	Status      string     `json:"status,omitempty"`
	Usage       int        `json:"usage,omitempty"`
	Props       []tm.Prop  `json:"props,omitempty"`
	Notes       []tm.Note  `json:"notes,omitempty"`
}
