// Package textio decodes input text files to NFC UTF-8: BOM detection
// (UTF-8, UTF-16LE/BE), legacy encodings by name, CRLF line ends, and a
// clear error with the line number for invalid UTF-8.
package textio

import (
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// Decode turns the bytes of a text file into NFC UTF-8 with "\n" line ends.
// encoding is "" (auto: BOM, else UTF-8) or a name such as "windows-1252",
// "iso-8859-1", "utf-16". Invalid UTF-8 is an EINVALID error naming the line.
// A binary file (NUL bytes) is an EINVALID error.
func Decode(b []byte, encoding string) (string, error) {
	// STUB: UTF-8 only.
	if !utf8.Valid(b) {
		return "", tm.Errorf(tm.EINVALID, "invalid UTF-8")
	}
	s := strings.TrimPrefix(string(b), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return norm.NFC.String(s), nil
}
