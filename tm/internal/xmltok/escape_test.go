package xmltok

import (
	"bufio"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// The escapers tm/tmx and tm/xliff had before they shared this package,
// kept as oracles: Escape must write byte for byte what they wrote.

// tmxEscape is tmx's writeEscaped (attr: attribute values).
func tmxEscape(w *bufio.Writer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\r':
			esc = "&#xD;"
		case attr && c == '"':
			esc = "&quot;"
		case attr && c == '\n':
			esc = "&#xA;"
		case attr && c == '\t':
			esc = "&#x9;"
		case c < 0x20 && c != '\n' && c != '\t':
			esc = "\uFFFD"
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			width = n
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
			}
		}
		if esc == "" {
			i += width
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		i += width
		last = i
	}
	w.WriteString(s[last:])
}

// xliffEscText is xliff's escText (cp: XLIFF 2 <cp/> for characters XML
// cannot carry).
func xliffEscText(s string, cp bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r == utf8.RuneError && n == 1, !isXMLChar(r):
			if cp {
				fmt.Fprintf(&b, `<cp hex="%04X"/>`, r)
			} else {
				b.WriteRune('\uFFFD')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xliffPlain is xliff's plainXML, the fast path of its attribute
// escaping, which now asks Plain.
func xliffPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '\r':
			return false
		case c < 0x20 && c != '\t' && c != '\n':
			return false
		case c >= 0x80:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || !isXMLChar(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

var samples = []string{
	"",
	"plain ASCII text",
	"Grüße aus Köln – „Zitat“ 😀",
	`a < b && c > d "q" 'a'`,
	"tab\tnew\nline\r\nend",
	"ctl \x00\x01\x08\x0b\x0c\x1f\x7f del",
	"bad \xff\xfe utf8 \xc3 \xed\xa0\x80 surrogate",
	"non-chars \uFFFE \uFFFF \uFFFD \U0010FFFF \uFDD0",
	"&amp; already",
}

func escapeString(s string, m Mode) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	if err := Escape(w, s, m); err != nil {
		panic(err)
	}
	w.Flush()
	return b.String()
}

func oracleTMX(s string, attr bool) string {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	tmxEscape(w, s, attr)
	w.Flush()
	return b.String()
}

func check(t *testing.T, s string) {
	t.Helper()
	if got, want := !strings.ContainsAny(s, `"'`) && Plain(s, Text), xliffPlain(s); got != want {
		t.Errorf("Plain(%q) = %v, xliff's plainXML said %v", s, got, want)
	}
	for _, c := range []struct {
		m    Mode
		want string
	}{
		{Text, oracleTMX(s, false)},
		{Attr, oracleTMX(s, true)},
		{Text, xliffEscText(s, false)},
		{TextCP, xliffEscText(s, true)},
	} {
		if got := escapeString(s, c.m); got != c.want {
			t.Errorf("Escape(%q, %d) = %q, want %q", s, c.m, got, c.want)
		}
		if got := EscapeString(s, c.m); got != c.want {
			t.Errorf("EscapeString(%q, %d) = %q, want %q", s, c.m, got, c.want)
		}
		if Plain(s, c.m) != (c.want == s) {
			t.Errorf("Plain(%q, %d) = %v, but it escapes to %q", s, c.m, Plain(s, c.m), c.want)
		}
		var b strings.Builder
		b.WriteString("x")
		EscapeTo(&b, s, c.m)
		if got := b.String(); got != "x"+c.want {
			t.Errorf("EscapeTo(%q, %d) = %q, want %q", s, c.m, got, "x"+c.want)
		}
	}
}

func TestEscapeAsBefore(t *testing.T) {
	for _, s := range samples {
		check(t, s)
	}
	// every single byte and every rune class boundary
	for c := 0; c < 256; c++ {
		check(t, "a"+string([]byte{byte(c)})+"b")
	}
	for _, r := range []rune{0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xfffe, 0xffff, 0x10000, 0x10ffff} {
		check(t, "a"+string(r)+"b")
	}
}

func TestEscapeExamples(t *testing.T) {
	for _, c := range []struct {
		s    string
		m    Mode
		want string
	}{
		{`a < "b"` + "\n", Text, `a &lt; "b"` + "\n"},
		{`a < "b"` + "\n", Attr, `a &lt; &quot;b&quot;&#xA;`},
		{"x\x01y", Text, "x\uFFFDy"},
		{"x\x01y", TextCP, `x<cp hex="0001"/>y`},
	} {
		if got := EscapeString(c.s, c.m); got != c.want {
			t.Errorf("EscapeString(%q, %d) = %q, want %q", c.s, c.m, got, c.want)
		}
	}
	s := "nothing to escape: Grüße"
	if got := EscapeString(s, Attr); got != s {
		t.Errorf("EscapeString changed %q to %q", s, got)
	}
}

func FuzzEscapeAsBefore(f *testing.F) {
	for _, s := range samples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { check(t, s) })
}

var benchText = strings.Repeat("Die Übersetzung von „Speichern“ ist <b>Save</b> & mehr. ", 4)

func BenchmarkEscapeString(b *testing.B) {
	for _, s := range []string{"plain German text: Grüße aus Köln, schöne Straße.", benchText} {
		b.Run(fmt.Sprintf("len%d", len(s)), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for range b.N {
				EscapeString(s, Text)
			}
		})
	}
}
