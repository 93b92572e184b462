package term

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

func readAll(t *testing.T, name string, from, to tm.Lang) []*Concept {
	t.Helper()
	f, err := os.Open(testutil.Testdata("terms/" + name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := decodeAll(f, name, from, to)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cs
}

func decodeAll(r io.Reader, name string, from, to tm.Lang) ([]*Concept, error) {
	kind, r, err := Detect(r)
	if err != nil {
		return nil, err
	}
	var dec Reader
	if kind == FormatTBX {
		dec = NewTBXDecoder(r, name)
	} else {
		dec = NewGlossaryDecoder(r, name, kind, from, to)
	}
	var out []*Concept
	for i := 0; i < 1e6; i++ {
		c, err := dec.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, errors.New("too many")
}

func TestDecodeShapes(t *testing.T) {
	de, en := tm.Lang("de"), tm.Lang("en")
	wb := readAll(t, "weblate.tbx", de, en)
	if len(wb) != 3 || wb[0].ExtID != "vertrag" || wb[2].In(en)[0].Status != Forbidden || len(wb[0].Notes) != 2 {
		t.Errorf("weblate: %+v", wb)
	}
	mq := readAll(t, "memoq.tbx", de, en)
	if len(mq) != 2 {
		t.Fatalf("memoq: %d concepts", len(mq))
	}
	c := mq[0]
	if got := c.In("de"); len(got) != 2 || got[0].Text != "Streitkräfte" || got[0].POS != "noun" || got[0].Status != Preferred || got[1].Status != Admitted {
		t.Errorf("memoq de terms (base-language match de → de-DE): %+v", got)
	}
	if got := c.In("en"); len(got) != 2 || got[1].Status != Deprecated || got[1].Note != "too vague" {
		t.Errorf("memoq en: %+v", got)
	}
	if c.Subject != "politics" || len(c.Definitions) != 1 || mq[1].Definitions[0].Lang != "de-DE" {
		t.Errorf("memoq descrips: %+v / %+v", c, mq[1])
	}
	dct := readAll(t, "v3-dct.tbx", de, en)
	if len(dct) != 2 || dct[0].Subject != "politics" || dct[0].Definitions[0].Text != "Zustand ohne Krieg." ||
		dct[0].Terms[0].POS != "noun" || dct[0].Terms[0].Status != Preferred || len(dct[1].In(de)) != 2 || dct[1].In(en)[1].Status != Deprecated {
		t.Errorf("v3 dct: %+v", dct)
	}
	dca := readAll(t, "v3-dca.tbx", de, en)
	if len(dca) != 1 || dca[0].Terms[0].Status != Preferred || dca[0].Terms[1].POS != "noun" || dca[0].Notes[0].Text != "Mostly plural." {
		t.Errorf("v3 dca: %+v", dca)
	}
	om := readAll(t, "omegat.txt", de, en)
	if len(om) != 3 || om[0].Terms[1].Text != "treaty" || om[0].Notes[0].Text != "diplomatic" || om[2].Terms[0].Text != "Friedensvertrag" {
		t.Errorf("omegat: %+v", om)
	}
	csv := readAll(t, "named.csv", "xx", "yy")
	if len(csv) != 2 || len(csv[1].Terms) != 3 || csv[1].In(en)[1].Text != "frontier" || csv[1].In(en)[1].Status != Admitted {
		t.Errorf("header-named csv (concept k2 has two English terms): %+v", csv)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"nolang", "<martif><text><body><termEntry id=\"a\"><langSet><tig><term>x</term></tig></langSet></termEntry></body></text></martif>", "x.tbx:1:"},
		{"broken", "<martif><text><body>\n<termEntry id=\"a\">\n  <langSet xml:lang=\"de\"><tig><term>x</tig></langSet></termEntry></body></text></martif>", "x.tbx:3:"},
		{"status", "<martif><text><body><termEntry id=\"a\"><langSet xml:lang=\"de\"><tig><term>x</term>\n<termNote type=\"administrativeStatus\">maybe</termNote></tig></langSet></termEntry></body></text></martif>", "unknown administrativeStatus \"maybe\""},
		{"notbx", "<xliff version=\"1.2\"/>", "not a TBX file"},
		{"noterm", "<martif><text><body><termEntry id=\"a\"></termEntry></body></text></martif>", "has no term"},
		{"omegat", "Vertrag\ttreaty\nFrieden\n", "x.tbx:2:"},
		{"csvquote", "de,en\nVertrag,\"treaty\n", "x.tbx:2:"},
		{"csvstatus", "de,en,status\nVertrag,treaty,perhaps\n", "unknown status \"perhaps\""},
	} {
		_, err := decodeAll(strings.NewReader(tc.in), "x.tbx", "de", "en")
		if err == nil || !strings.Contains(err.Error(), tc.want) || tm.ErrorCode(err) != tm.EINVALID {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]Status{
		"preferredTerm-admn-sts": Preferred, "admittedTerm-admn-sts": Admitted, "deprecatedTerm-admn-sts": Deprecated,
		"supersededTerm-admn-sts": Deprecated, "forbidden": Forbidden, "obsolete": Deprecated, "Preferred": Preferred, "": "",
	} {
		if got, ok := ParseStatus(in); !ok || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, ok, want)
		}
		if got, _ := ParseStatus(want.TBX()); got != want {
			t.Errorf("%q → TBX %q → %q", want, want.TBX(), got)
		}
	}
}
