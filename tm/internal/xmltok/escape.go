package xmltok

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Mode says which characters Escape escapes, and how it writes the
// characters XML 1.0 cannot carry (control characters other than tab,
// newline and carriage return, U+FFFE, U+FFFF and invalid UTF-8).
type Mode uint8

const (
	// Text is for element content: & < > and carriage return are
	// escaped (a raw CR would be read back as a newline); characters XML
	// cannot carry become U+FFFD.
	Text Mode = iota
	// Attr is for attribute values in double quotes: as Text, and " , tab
	// and newline are escaped too, so that they survive attribute value
	// normalisation.
	Attr
	// TextCP is for XLIFF 2 element content: as Text, but characters XML
	// cannot carry become <cp hex="…"/> elements.
	TextCP
	numModes
)

// plain[m][c] is true for the ASCII bytes that mode m writes as they are.
var plain [numModes][utf8.RuneSelf]bool

func init() {
	for m := range numModes {
		for c := 0x20; c < utf8.RuneSelf; c++ {
			plain[m][c] = c != '&' && c != '<' && c != '>'
		}
		plain[m]['\t'], plain[m]['\n'] = true, true
	}
	plain[Attr]['"'], plain[Attr]['\t'], plain[Attr]['\n'] = false, false, false
}

// escape returns how mode m writes the character at s[i], and its width
// in bytes. It is only called for bytes that are not plain.
func escape(s string, i int, m Mode) (esc string, width int) {
	switch c := s[i]; c {
	case '&':
		return "&amp;", 1
	case '<':
		return "&lt;", 1
	case '>':
		return "&gt;", 1
	case '\r':
		return "&#xD;", 1
	case '"':
		return "&quot;", 1
	case '\n':
		return "&#xA;", 1
	case '\t':
		return "&#x9;", 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r < 0x20 || r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
		if m == TextCP {
			h := strings.ToUpper(strconv.FormatUint(uint64(r), 16))
			return `<cp hex="` + strings.Repeat("0", max(0, 4-len(h))) + h + `"/>`, n
		}
		return "\uFFFD", n
	}
	return "", n
}

// next returns the index j of the first character at or after i that
// mode m escapes, its escape and its width; j is len(s) and esc is "" when
// there is none.
func next(s string, i int, m Mode) (j int, esc string, width int) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && plain[m][c] {
			i++
			continue
		}
		esc, n := escape(s, i, m)
		if esc != "" {
			return i, esc, n
		}
		i += n
	}
	return i, "", 0
}

// Plain reports whether mode m writes s as it is.
func Plain(s string, m Mode) bool {
	_, esc, _ := next(s, 0, m)
	return esc == ""
}

// Escape writes s to w escaped for mode m and returns the first error of
// w. The text between escaped characters is written in runs, as it is.
func Escape(w io.StringWriter, s string, m Mode) error {
	var err error
	for i := 0; i < len(s); {
		j, esc, n := next(s, i, m)
		if _, e := w.WriteString(s[i:j]); err == nil {
			err = e
		}
		if _, e := w.WriteString(esc); err == nil {
			err = e
		}
		i = j + n
	}
	return err
}

// EscapeTo appends s escaped for mode m to b. (Escape would do, but
// through an interface b would have to live on the heap.)
func EscapeTo(b *strings.Builder, s string, m Mode) {
	for i := 0; i < len(s); {
		j, esc, n := next(s, i, m)
		b.WriteString(s[i:j])
		b.WriteString(esc)
		i = j + n
	}
}

// EscapeString returns s escaped for mode m; s itself when nothing in it
// needs escaping.
func EscapeString(s string, m Mode) string {
	j, esc, _ := next(s, 0, m)
	if esc == "" { // Plain
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(esc))
	b.WriteString(s[:j])
	EscapeTo(&b, s[j:], m)
	return b.String()
}
