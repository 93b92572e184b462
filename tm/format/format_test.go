package format_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/format"
	"golang.org/x/text/encoding/unicode"
)

func utf16le(s string) string {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func utf16be(s string) string {
	b, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     format.Format
	}{
		{"TMX", `<?xml version="1.0"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header/></tmx>`, format.TMX},
		{"TMXUTF16", utf16le(`<?xml version="1.0" encoding="UTF-16"?>` + "\r\n" + `<tmx version="1.4"></tmx>`), format.TMX},
		{"TMXBOMComment", "\xEF\xBB\xBF\n<!-- made by X -->\n<tmx version=\"1.4\">", format.TMX},
		{"XLIFF12", `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>`, format.XLIFF12},
		{"XLIFF12NoVersion", `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2">`, format.XLIFF12},
		{"XLIFF20", `<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de">`, format.XLIFF2},
		{"XLIFF21Prefixed", `<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:2.0" version="2.1">`, format.XLIFF2},
		{"TSV", "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tHallo\tHello\n", format.TSV},
		{"JSONL", "\n{\"source_lang\":\"de\"}\n", format.JSONL},
		{"PO", "# Kommentar\nmsgid \"\"\nmsgstr \"\"\n", format.PO},
		{"POKeyword", "\nmsgctxt \"x\"\nmsgid \"a\"\nmsgstr \"b\"\n", format.PO},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, r, err := format.Detect(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if f != tc.want {
				t.Errorf("format = %s, want %s", f, tc.want)
			}
			replay, _ := io.ReadAll(r)
			if string(replay) != tc.in {
				t.Errorf("reader does not replay the input")
			}
		})
	}
}

// TSV and JSONL from Windows tools (Excel's "Unicode Text" is UTF-16LE
// with a BOM) come back as UTF-8, which their decoders read; XML is
// replayed as it is, since its decoders read UTF-16 themselves.
func TestDetectUTF16TextBecomesUTF8(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       format.Format
	}{
		{"TSV", "source_lang\ttarget_lang\tsource\ttarget\r\nde\ten\tGrüße\tRegards\r\n", format.TSV},
		{"JSONL", "{\"source_lang\":\"de\",\"source\":\"Grüße\"}\n", format.JSONL},
	} {
		for _, in := range []string{utf16le(tc.text), utf16be(tc.text)} {
			f, r, err := format.Detect(strings.NewReader(in))
			if err != nil || f != tc.want {
				t.Fatalf("%s: format %s, %v", tc.name, f, err)
			}
			got, err := io.ReadAll(r)
			if err != nil || string(got) != tc.text {
				t.Errorf("%s: read %q, %v; want %q", tc.name, got, err, tc.text)
			}
		}
	}
}

func TestDetectLargeInputReplays(t *testing.T) {
	in := "source_lang\ttarget_lang\tsource\ttarget\n" + strings.Repeat("de\ten\tx\ty\n", 100000)
	f, r, err := format.Detect(strings.NewReader(in))
	if err != nil || f != format.TSV {
		t.Fatalf("Detect = %s, %v", f, err)
	}
	var buf bytes.Buffer
	io.Copy(&buf, r)
	if buf.String() != in {
		t.Errorf("replayed %d bytes, want %d", buf.Len(), len(in))
	}
}

func TestDetectUnknown(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Empty", "", "empty input: not XLIFF, TMX, TSV or JSONL"},
		{"Text", "Hallo Welt\n", "unknown format: not XML"},
		{"HTML", "<html><body/></html>", "unknown XML format: root element <html> (korpus reads <xliff> and <tmx>)"},
		{"XLIFF3", `<xliff version="3.0">`, `XLIFF of unknown version "3.0" (korpus reads 1.0–1.2 and 2.0–2.2)`},
		{"BrokenXML", "<", "XML input without a recognisable root element"},
		{"UTF16LENoBOM", "<\x00?\x00x\x00m\x00l\x00", "UTF-16 (little-endian) without a byte-order mark"},
		{"UTF16BENoBOM", "\x00<\x00t\x00m\x00x", "UTF-16 (big-endian) without a byte-order mark"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := format.Detect(strings.NewReader(tc.in))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v, want prefix %q", err, tc.want)
			}
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("code = %s", tm.ErrorCode(err))
			}
		})
	}
}
