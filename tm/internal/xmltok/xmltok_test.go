package xmltok

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

var errCause = errors.New("not a TMX file")

func TestParseError(t *testing.T) {
	for _, c := range []struct {
		err  *ParseError
		want string
	}{
		{At("a.tmx", 2, 7, errCause, "root is <%s>", "x"), "a.tmx: line 2, column 7: not a TMX file: root is <x>"},
		{At("a.tmx", 0, 0, errCause, "empty"), "a.tmx: not a TMX file: empty"},
		{At("", 3, 1, errCause, "x"), "line 3, column 1: not a TMX file: x"},
		{At("", 0, 0, errCause, "x"), "not a TMX file: x"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
		if !errors.Is(c.err, errCause) {
			t.Errorf("%v does not wrap its cause", c.err)
		}
	}
	var pe *ParseError
	if err := error(At("f", 1, 2, errCause, "d")); !errors.As(err, &pe) || pe.Line != 1 || pe.Column != 2 || pe.File != "f" {
		t.Errorf("errors.As: %+v", pe)
	}
}

func TestSyntaxMsg(t *testing.T) {
	d := xml.NewDecoder(strings.NewReader("<a>&x</a>"))
	var err error
	for err == nil {
		_, err = d.Token()
	}
	if msg, ok := SyntaxMsg(err); !ok || strings.Contains(msg, "XML syntax error") || !strings.Contains(msg, "entity") {
		t.Errorf("SyntaxMsg(%v) = %q, %v", err, msg, ok)
	}
	if msg, ok := SyntaxMsg(errors.New("disk on fire")); ok || msg != "disk on fire" {
		t.Errorf("SyntaxMsg(other) = %q, %v", msg, ok)
	}
}

func TestDeclaresEntities(t *testing.T) {
	for dir, want := range map[string]bool{
		`DOCTYPE tmx SYSTEM "tmx14.dtd"`:                        false,
		`DOCTYPE lolz [<!ENTITY lol "lol"><!ELEMENT lolz ANY>]`: true,
		`DOCTYPE x [<!entity a "b">]`:                           true,
		`DOCTYPE x [<!ELEMENT x ANY>]`:                          false,
	} {
		if got := DeclaresEntities(xml.Directive(dir)); got != want {
			t.Errorf("DeclaresEntities(%q) = %v", dir, got)
		}
	}
}

func TestBOMReader(t *testing.T) {
	const doc = "<a>Grüße</a>"
	u16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(doc)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(doc)
	for name, in := range map[string]string{
		"plain":    doc,
		"UTF-8":    "\xef\xbb\xbf" + doc,
		"UTF-16LE": u16le,
		"UTF-16BE": u16be,
	} {
		out, err := io.ReadAll(BOMReader(strings.NewReader(in), 16))
		if err != nil || string(out) != doc {
			t.Errorf("%s: read %q, %v", name, out, err)
		}
	}
	// Short inputs are read as they are.
	for _, in := range []string{"", "<", "\xef\xbb"} {
		if out, _ := io.ReadAll(BOMReader(strings.NewReader(in), 16)); string(out) != in {
			t.Errorf("BOMReader(%q) read %q", in, out)
		}
	}
}
