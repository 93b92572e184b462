// Package xmltok holds what the XML formats of korpus (tm/tmx, tm/xliff,
// tm/srx) share when they read and write XML: positioned parse errors,
// the classification of encoding/xml errors, the guard against entity
// declarations, byte-order-mark sniffing, and escaping for output. Their
// test helpers (xmllint validation) are in xmltok/xmltest.
//
// A decoder reports a problem at the start of the token it just read:
//
//	line, col := x.InputPos()
//	tok, err := x.Token()
//	if err != nil {
//		msg, _ := xmltok.SyntaxMsg(err) // "invalid character entity &x;"
//		return xmltok.At("a.tmx", line, col, ErrSyntax, "%s", msg)
//	}
//	if dir, ok := tok.(xml.Directive); ok && xmltok.DeclaresEntities(dir) {
//		return xmltok.At("a.tmx", line, col, ErrEntity, "korpus does not expand entities")
//	}
//
// and the error reads "a.tmx: line 2, column 1: <cause>: korpus does not
// expand entities". An encoder escapes text with
//
//	xmltok.Escape(w, `a < "b"`, xmltok.Text) // writes a &lt; "b"
//	xmltok.Escape(w, `a < "b"`, xmltok.Attr) // writes a &lt; &quot;b&quot;
package xmltok

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ParseError is an error at a position of an XML input. Line and Column
// are 1-based; Line 0 means the error has no position (the whole input is
// at fault). Err is the cause, usually a sentinel of the format package
// wrapped with a detail.
type ParseError struct {
	File   string // input name, usually the file name
	Line   int
	Column int
	Err    error
}

// Error formats the error as Format does.
func (e *ParseError) Error() string { return Format(e.File, e.Line, e.Column, e.Err.Error()) }

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// At returns a ParseError at line:col whose cause wraps cause with the
// formatted detail: errors.Is(err, cause) holds and the message reads
// "cause: detail".
func At(file string, line, col int, cause error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Column: col, Err: fmt.Errorf("%w: %s", cause, fmt.Sprintf(format, args...))}
}

// Format returns "file: line L, column C: msg", the way korpus reports a
// problem in an input. It leaves out "file: " when file is empty and the
// position when line is not positive.
func Format(file string, line, col int, msg string) string {
	var b strings.Builder
	b.Grow(len(file) + len(msg) + 32)
	if file != "" {
		b.WriteString(file)
		b.WriteString(": ")
	}
	if line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(line))
		b.WriteString(", column ")
		b.WriteString(strconv.Itoa(col))
		b.WriteString(": ")
	}
	b.WriteString(msg)
	return b.String()
}

// SyntaxMsg returns the message of an error of encoding/xml: the bare
// message of an *xml.SyntaxError (without its "XML syntax error on line N"
// prefix, since korpus gives the position itself), else the error's text.
// ok reports whether it was a *xml.SyntaxError.
func SyntaxMsg(err error) (msg string, ok bool) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg, true
	}
	return err.Error(), false
}

// DeclaresEntities reports whether a directive (a DOCTYPE with an internal
// subset) declares entities. korpus refuses such documents before
// anything could expand them ("billion laughs"); a plain
// <!DOCTYPE tmx SYSTEM "tmx14.dtd"> declares none.
func DeclaresEntities(dir xml.Directive) bool {
	return bytes.Contains(dir, []byte("<!ENTITY")) || bytes.Contains(dir, []byte("<!entity"))
}

// BOMReader returns a reader of r's content without a byte-order mark:
// UTF-16 with a BOM (as Trados writes it) is decoded to UTF-8, a UTF-8
// BOM is dropped, and anything else is read as it is, through a buffer of
// size bytes.
func BOMReader(r io.Reader, size int) io.Reader {
	br := bufio.NewReaderSize(r, size)
	b, _ := br.Peek(3)
	switch {
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case len(b) == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		br.Discard(3)
	}
	return br
}
