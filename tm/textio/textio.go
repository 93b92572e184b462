// Package textio decodes input text files to NFC UTF-8: BOM detection
// (UTF-8, UTF-16LE/BE), legacy encodings by name, CRLF line ends, and a
// clear error with the line number for invalid UTF-8.
//
// For example, the windows-1252 bytes "Gr\xfc\xdfe\r\n" decode to "Grüße\n",
// and the UTF-8 bytes "ok\nGr\xfc" are an error:
//
//	invalid UTF-8 at line 2, column 3 (byte offset 5): byte 0xfc; if the file is in a legacy encoding, name it with --encoding (e.g. --encoding windows-1252)
package textio

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// ExampleEncodings are encoding names Decode accepts, listed in errors.
var ExampleEncodings = []string{"utf-8", "utf-16", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-15", "windows-1250", "koi8-r", "shift_jis"}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Decode turns the bytes of a text file into NFC UTF-8 with "\n" line ends.
// encoding is "" (auto: BOM, else UTF-8) or a name such as "windows-1252",
// "iso-8859-1", "utf-16" (IANA and WHATWG names and aliases are accepted).
// A byte order mark is more authoritative than the name: a file starting
// with a UTF-8 or UTF-16 BOM is decoded as such. Invalid UTF-8 is an
// EINVALID error naming the line, column and byte offset; it is never
// silently replaced. A binary file (NUL bytes, or many control characters)
// is an EINVALID error.
func Decode(b []byte, encoding string) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return decodeUTF8(b[len(bomUTF8):], len(bomUTF8))
	case bytes.HasPrefix(b, bomUTF16LE):
		d, err := decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b[2:], "UTF-16LE")
		if err != nil {
			return "", err
		}
		s = d
	case bytes.HasPrefix(b, bomUTF16BE):
		d, err := decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b[2:], "UTF-16BE")
		if err != nil {
			return "", err
		}
		s = d
	default:
		enc, name, err := Lookup(encoding)
		if err != nil {
			return "", err
		}
		if enc == nil {
			return decodeUTF8(b, 0)
		}
		d, err := decodeWith(enc, b, name)
		if err != nil {
			return "", err
		}
		s = d
	}
	if err := checkBinary(strings.TrimRight(s, "\x1a")); err != nil {
		return "", err
	}
	return finish(strings.TrimPrefix(s, "\uFEFF"))
}

// Lookup resolves an encoding name. It returns a nil Encoding for UTF-8
// (including ""), which Decode validates itself, and an EINVALID error
// listing examples for an unknown name.
func Lookup(name string) (encoding.Encoding, string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "", "utf-8", "utf8":
		return nil, "UTF-8", nil
	case "utf-16", "utf16":
		// Without a BOM (a BOM is handled before), UTF-16 is read as
		// little-endian, as Windows writes it and WHATWG specifies.
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "UTF-16", nil
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		if e == charmap.ISO8859_1 {
			// As WHATWG decodes the label: a file called ISO-8859-1
			// is nearly always Windows-1252, whose €, „, “ … sit where
			// ISO-8859-1 has C1 control codes no text uses; the
			// printable characters are the same.
			return charmap.Windows1252, "windows-1252", nil
		}
		cn, _ := ianaindex.IANA.Name(e)
		return e, cn, nil
	}
	if e, err := htmlindex.Get(n); err == nil && e != nil {
		cn, _ := htmlindex.Name(e)
		return e, cn, nil
	}
	return nil, "", tm.Errorf(tm.EINVALID, "unknown encoding %q (known names include %s)", name, strings.Join(ExampleEncodings, ", "))
}

func decodeWith(enc encoding.Encoding, b []byte, name string) (string, error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", tm.Errorf(tm.EINVALID, "cannot decode as %s: %v", name, err)
	}
	return string(out), nil
}

func decodeUTF8(b []byte, offset int) (string, error) {
	b = bytes.TrimRight(b, "\x1a") // a DOS end-of-file mark
	if err := checkBinaryBytes(b); err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", invalidUTF8(b, offset)
	}
	return finish(string(b))
}

// invalidUTF8 locates the first invalid byte of b; offset is the number of
// bytes before b in the file (a BOM).
func invalidUTF8(b []byte, offset int) error {
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return tm.Errorf(tm.EINVALID, "invalid UTF-8 at line %d, column %d (byte offset %d): byte 0x%02x; if the file is in a legacy encoding, name it with --encoding (e.g. --encoding windows-1252)", line, col, offset+i, b[i])
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return tm.Errorf(tm.EINVALID, "invalid UTF-8")
}

// binaryMagic are starts of common binary formats without early NUL bytes.
var binaryMagic = []string{"%PDF-", "PK\x03\x04", "\x1f\x8b", "\x89PNG", "GIF8", "\x7fELF"}

func checkBinaryBytes(b []byte) error {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(b, []byte(m)) {
			return errBinary("its start is the signature of a binary format")
		}
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		if order := utf16Guess(b); order != "" {
			return tm.Errorf(tm.EINVALID, "looks like UTF-16%s without a byte order mark; name its encoding with --encoding utf-16%s", order, strings.ToLower(order))
		}
		return errBinary(fmt.Sprintf("NUL byte at byte offset %d", i))
	}
	return checkControls(b[:min(len(b), 8192)])
}

// utf16Guess tells UTF-16 text without a BOM from a binary file: in
// mostly-Latin text every other byte is NUL ("LE" when the odd bytes are,
// "BE" when the even ones are), and the other bytes almost never are. It
// returns "" for anything else.
func utf16Guess(b []byte) string {
	b = b[:min(len(b), 4096)&^1]
	if len(b) < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := len(b) / 2
	switch {
	case odd*10 >= pairs*7 && even*20 <= pairs:
		return "LE"
	case even*10 >= pairs*7 && odd*20 <= pairs:
		return "BE"
	}
	return ""
}

func checkBinary(s string) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return errBinary("it contains NUL characters")
	}
	return checkControls([]byte(s[:min(len(s), 8192)]))
}

// checkControls reports a binary file when at least 4 and more than 1 in
// 64 of the bytes are C0 control characters other than tab, line feed,
// vertical tab, form feed, carriage return and escape.
func checkControls(b []byte) error {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1b {
			n++
		}
	}
	if n >= 4 && n*64 > len(b) { // fewer are stray characters, reported by finish
		return errBinary(fmt.Sprintf("%d control characters in its first %d bytes", n, len(b)))
	}
	return nil
}

// strayControl is the error for the control character at byte i of s,
// with its line (LF, CRLF or CR ends a line) and column (in characters).
func strayControl(s string, i int) error {
	line, col := 1, 1
	for k, r := range s[:i] {
		switch {
		case r == '\n', r == '\r' && !strings.HasPrefix(s[k+1:], "\n"):
			line, col = line+1, 1
		default:
			col++
		}
	}
	return tm.Errorf(tm.EINVALID, "control character U+%04X at line %d, column %d; not text", s[i], line, col)
}

func errBinary(why string) error {
	return tm.Errorf(tm.EINVALID, "looks like a binary file (%s), not text", why)
}

// finish turns CRLF and lone CR into LF, a form feed (page break) into a
// paragraph break and a vertical tab (a manual line break in Word's text
// export) into a line break, drops a DOS end-of-file mark (Ctrl-Z) at the
// end, and normalises to NFC. Any other C0 control character left is an
// EINVALID error naming its line and column: no segment may hold one, as
// XML 1.0 (XLIFF, TMX) cannot.
func finish(s string) (string, error) {
	s = strings.TrimRight(s, "\x1a")
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' && c != '\r' && c != '\f' && c != '\v' {
			return "", strayControl(s, i)
		}
	}
	if strings.ContainsAny(s, "\r\f\v") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		s = strings.ReplaceAll(s, "\f", "\n\n")
		s = strings.ReplaceAll(s, "\v", "\n")
	}
	return norm.NFC.String(s), nil
}
