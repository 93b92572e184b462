package textio

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/korpus/korpus/tm"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var out []byte
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	for _, c := range u {
		if bigEndian {
			out = append(out, byte(c>>8), byte(c))
		} else {
			out = append(out, byte(c), byte(c>>8))
		}
	}
	return out
}

func TestDecode(t *testing.T) {
	const want = "Grüße aus Köln\n„Zitat“ – Ende\n"
	tests := []struct {
		name     string
		in       []byte
		encoding string
		want     string
	}{
		{"UTF8", []byte(want), "", want},
		{"UTF8Named", []byte(want), "UTF-8", want},
		{"UTF8BOM", append([]byte{0xEF, 0xBB, 0xBF}, want...), "", want},
		{"UTF16LEBOM", utf16Bytes(want, false, true), "", want},
		{"UTF16BEBOM", utf16Bytes(want, true, true), "", want},
		{"UTF16BEBOMNamedLegacy", utf16Bytes(want, true, true), "windows-1252", want},
		{"UTF16NoBOMNamed", utf16Bytes(want, false, false), "utf-16", want},
		{"UTF16BENamed", utf16Bytes(want, true, false), "utf-16be", want},
		{"Windows1252", []byte("Gr\xfc\xdfe \x84Zitat\x93 \x96 \x80\r\n"), "windows-1252", "Grüße „Zitat“ – €\n"},
		{"ISO88591", []byte("Gr\xfc\xdfe\n"), "iso-8859-1", "Grüße\n"},
		{"Latin1Alias", []byte("Gr\xfc\xdfe\n"), "latin1", "Grüße\n"},
		// Files called ISO-8859-1 are nearly always Windows-1252 (€, „, “
		// at 0x80–0x9F, where ISO-8859-1 has C1 control codes that no text
		// uses); WHATWG decodes the label so, and so does korpus.
		{"ISO88591IsWindows1252", []byte("5 \x80 \x84Zitat\x93\n"), "iso-8859-1", "5 € „Zitat“\n"},
		{"Latin1IsWindows1252", []byte("\x96 Ende\n"), "latin1", "– Ende\n"},
		{"ISO885915Euro", []byte("\xa4 5\n"), "ISO-8859-15", "€ 5\n"},
		{"CRLF", []byte("a\r\nb\r\n"), "", "a\nb\n"},
		{"LoneCR", []byte("a\rb\r\rc"), "", "a\nb\n\nc"},
		{"NFC", []byte("Gru\u0308\u00dfe"), "", "Grüße"},
		{"Empty", nil, "", ""},
		// A DOS end-of-file mark (Ctrl-Z) is not text; a form feed (page
		// break) is a paragraph break and a vertical tab (Word's manual
		// line break) a line break, so that no segment holds them (XML 1.0
		// cannot: XLIFF and TMX would lose them).
		{"DOSEOF", []byte("Gr\xfc\xdfe.\r\n\x1a"), "windows-1252", "Grüße.\n"},
		{"DOSEOFUTF8", []byte("Ende.\n\x1a"), "", "Ende.\n"},
		{"FormFeed", []byte("Seite eins.\fSeite zwei.\n"), "", "Seite eins.\n\nSeite zwei.\n"},
		{"VerticalTab", []byte("Zeile eins,\vZeile zwei.\n"), "", "Zeile eins,\nZeile zwei.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.in, tt.encoding)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Decode = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		encoding string
		want     []string
	}{
		{"InvalidUTF8", []byte("erste Zeile\nzweite Gr\xfc\xdfe\n"), "", []string{"invalid UTF-8", "line 2, column 10", "byte offset 21", "0xfc", "windows-1252"}},
		{"InvalidUTF8AfterBOM", []byte("\xef\xbb\xbfab\xff"), "", []string{"line 1, column 3", "byte offset 5"}},
		{"TruncatedSequence", []byte("ok\nok\nend \xe2\x80"), "", []string{"line 3, column 5"}},
		{"NUL", []byte("text\x00\x00\x01\x02more"), "", []string{"looks like a binary file", "NUL byte at byte offset 4"}},
		{"PDF", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "", []string{"looks like a binary file"}},
		{"Controls", []byte(strings.Repeat("a\x01\x02\x03", 20)), "", []string{"looks like a binary file", "control characters"}},
		{"StrayControl", []byte("Erste Zeile.\nText mit \x01 Steuerzeichen.\n"), "", []string{"control character U+0001", "line 2, column 10"}},
		{"StrayControlAfterCRLFAndFormFeed", []byte("Eins.\r\nZwei.\fDrei.\r\nVier \x03.\r\n"), "", []string{"control character U+0003", "line 3, column 6"}},
		{"StrayControlLegacy", []byte("Gr\xfc\xdfe \x02.\n"), "windows-1252", []string{"control character U+0002", "line 1, column 7"}},
		{"NULInUTF16", utf16Bytes("a\x00\x00b", false, true), "", []string{"looks like a binary file"}},
		{"InvalidUTF8Hint", []byte("Gr\xfc\xdfe\n"), "", []string{"--encoding"}},
		{"UTF16LEWithoutBOM", utf16Bytes("Hallo Welt. Wie geht es?\n", false, false), "", []string{"UTF-16LE without a byte order mark", "--encoding utf-16le"}},
		{"UTF16BEWithoutBOM", utf16Bytes("Hallo Welt. Wie geht es?\n", true, false), "", []string{"UTF-16BE without a byte order mark", "--encoding utf-16be"}},
		{"UnknownEncoding", []byte("x"), "klingon-8", []string{`unknown encoding "klingon-8"`, "windows-1252", "iso-8859-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.in, tt.encoding)
			if err == nil {
				t.Fatal("no error")
			}
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("code = %q, want %q", tm.ErrorCode(err), tm.EINVALID)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
