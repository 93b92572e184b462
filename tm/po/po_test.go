package po

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
)

// fixture is hand-written: a header, comments of every kind, a context,
// a fuzzy entry, escapes, a multi-line string, plurals, an untranslated
// and an obsolete entry.
const fixture = `# Übersetzung der Kurzanleitung.
msgid ""
msgstr ""
"Project-Id-Version: kurz 1.0\n"
"Language: fr_CH\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

# Knopf im Dialog
#. Beschriftung, höchstens 12 Zeichen
#: src/dialog.c:12 src/dialog.c:40
#, c-format
msgctxt "button"
msgid "Öffnen"
msgstr "Ouvrir"

#, fuzzy
msgid "Datei \"%s\" nicht gefunden.\n"
msgstr "Fichier « %s » introuvable.\n"

msgid ""
"Erste Zeile\n"
"zweite\tZeile"
msgstr ""
"Première ligne\n"
"deuxième\tligne"

msgid "Eine Datei"
msgid_plural "%d Dateien"
msgstr[0] "Un fichier"
msgstr[1] "%d fichiers"

msgid "Noch offen"
msgstr ""

#~ msgid "Alt"
#~ msgstr "Vieux"
`

func decodeAll(t *testing.T, src string, opts ...Option) ([]*tm.Unit, *Decoder, error) {
	t.Helper()
	d := NewDecoder(strings.NewReader(src), "f.po", opts...)
	var out []*tm.Unit
	for range 1000 {
		u, err := d.Next()
		if err == io.EOF {
			return out, d, nil
		}
		if err != nil {
			return out, d, err
		}
		out = append(out, u)
	}
	t.Fatal("decoder does not end")
	return nil, nil, nil
}

func TestDecode(t *testing.T) {
	units, d, err := decodeAll(t, fixture, SourceLang("de"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ src, tgt string }{
		{"Öffnen", "Ouvrir"},
		{"Datei \"%s\" nicht gefunden.\n", "Fichier « %s » introuvable.\n"},
		{"Erste Zeile\nzweite\tZeile", "Première ligne\ndeuxième\tligne"},
		{"Eine Datei", "Un fichier"},
		{"%d Dateien", "%d fichiers"},
	}
	if len(units) != len(want) {
		t.Fatalf("%d units, want %d", len(units), len(want))
	}
	for i, w := range want {
		u := units[i]
		if u.Source.Plain() != w.src || u.Target.Plain() != w.tgt || u.SourceLang != "de" || u.TargetLang != "fr-CH" {
			t.Errorf("unit %d: %s→%s %q %q", i, u.SourceLang, u.TargetLang, u.Source.Plain(), u.Target.Plain())
		}
	}
	if units[1].Status != tm.StatusNeedsReview || units[0].Status != tm.StatusTranslated {
		t.Errorf("statuses %s %s", units[0].Status, units[1].Status)
	}
	u := units[0]
	if len(u.Notes) != 2 || u.Notes[0].Text != "Knopf im Dialog" || u.Notes[1] != (tm.Note{From: NoteExtracted, Text: "Beschriftung, höchstens 12 Zeichen"}) {
		t.Errorf("notes %+v", u.Notes)
	}
	props := map[string]string{}
	for _, p := range u.Props {
		props[p.Type] = p.Value
	}
	if props[PropContext] != "button" || props[PropReference] != "src/dialog.c:12 src/dialog.c:40" || props[PropFlags] != "c-format" {
		t.Errorf("props %+v", u.Props)
	}
	if units[4].Props[len(units[4].Props)-1] != (tm.Prop{Type: PropPlural, Value: "1"}) {
		t.Errorf("plural props %+v", units[4].Props)
	}
	if s := d.Skipped(); s["untranslated"] != 1 || s["obsolete"] != 1 {
		t.Errorf("skipped %v", s)
	}
}

func TestDecodeNeedsLanguages(t *testing.T) {
	if _, _, err := decodeAll(t, fixture); err == nil || !strings.Contains(err.Error(), "source language") {
		t.Errorf("no source language: %v", err)
	}
	noLang := "msgid \"a\"\nmsgstr \"b\"\n"
	if _, _, err := decodeAll(t, noLang, SourceLang("de")); err == nil || !strings.Contains(err.Error(), "--target-lang") {
		t.Errorf("no target language: %v", err)
	}
	units, _, err := decodeAll(t, noLang, SourceLang("de"), TargetLang("it"))
	if err != nil || len(units) != 1 || units[0].TargetLang != "it" {
		t.Errorf("%v %+v", err, units)
	}
}

func TestDecodeLatin1(t *testing.T) {
	src := "msgid \"\"\nmsgstr \"Language: de\\nContent-Type: text/plain; charset=ISO-8859-1\\n\"\n\nmsgid \"cafe\"\nmsgstr \"caf\xe9\"\n"
	units, _, err := decodeAll(t, src, SourceLang("en"))
	if err != nil || len(units) != 1 || units[0].Target.Plain() != "café" {
		t.Fatalf("%v %+v", err, units)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"msgid \"a\"\nmsgstr \"b\n", "f.po: line 2, column 8: unterminated string"},
		{"msgid \"a\"\nmsgstr \"b\\q\"\n", "f.po: line 2, column 10: unknown escape \\q"},
		{"msgid \"a\"\nmsgsrt \"b\"\n", "f.po: line 2, column 1: unknown keyword \"msgsrt\""},
		{"msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", "f.po: line 1, column 1: entry without msgstr"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "f.po: line 3, column 1: plural entry needs msgstr[0]"},
		{"msgid \"a\"\n  msgstr \"b\" x\n", "f.po: line 2, column 14: unexpected text after the string"},
		{"\"a\"\n", "f.po: line 1, column 1: string without a keyword"},
	} {
		_, _, err := decodeAll(t, tc.src, SourceLang("de"), TargetLang("fr"))
		var pe *ParseError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &pe) || tm.ErrorCode(err) != tm.EINVALID {
			t.Errorf("%q: %v, want %q", tc.src, err, tc.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	units, _, err := decodeAll(t, fixture, SourceLang("de"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for _, u := range units {
		if err := enc.Encode(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	again, _, err := decodeAll(t, buf.String(), SourceLang("de"))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(again) != len(units) {
		t.Fatalf("%d units back, want %d\n%s", len(again), len(units), buf.String())
	}
	for i := range units {
		a, b := units[i], again[i]
		if a.Source.Plain() != b.Source.Plain() || a.Target.Plain() != b.Target.Plain() || a.Status != b.Status ||
			a.TargetLang != b.TargetLang || len(a.Notes) != len(b.Notes) || nonPlural(a.Props) != nonPlural(b.Props) {
			t.Errorf("unit %d: %+v, back %+v", i, a, b)
		}
	}
	if err := enc.Encode(&tm.Unit{TargetLang: "en", Source: tm.Text("x"), Target: tm.Text("y")}); err == nil {
		t.Error("a second target language is accepted")
	}
}

// nonPlural counts props other than x-po-plural, which the encoder does
// not write (plural forms go out as separate entries).
func nonPlural(ps []tm.Prop) int {
	n := 0
	for _, p := range ps {
		if p.Type != PropPlural {
			n++
		}
	}
	return n
}
