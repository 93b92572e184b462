package tmx_test

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok/xmltest"
	"github.com/korpus/korpus/tm/tmx"
	"golang.org/x/text/encoding/unicode"
)

// decodeAll reads every unit of a TMX document.
func decodeAll(tb testing.TB, r io.Reader, name string, opts ...tmx.Option) (tmx.Header, []*tm.Unit) {
	tb.Helper()
	d := tmx.NewDecoder(r, name, opts...)
	h, err := d.Header()
	if err != nil {
		tb.Fatalf("Header: %v", err)
	}
	var out []*tm.Unit
	for {
		u, err := d.Next()
		if err == io.EOF {
			return h, out
		}
		if err != nil {
			tb.Fatalf("Next: %v", err)
		}
		out = append(out, u)
	}
}

func decodeFile(tb testing.TB, path string, opts ...tmx.Option) (tmx.Header, []*tm.Unit) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return decodeAll(tb, f, filepath.Base(path), opts...)
}

func encodeAll(tb testing.TB, h tmx.Header, units []*tm.Unit) []byte {
	tb.Helper()
	var buf bytes.Buffer
	e := tmx.NewEncoder(&buf, h)
	for _, u := range units {
		if err := e.Encode(u); err != nil {
			tb.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func date(s string) time.Time {
	t, err := tmx.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDecodeFull(t *testing.T) {
	h, units := decodeFile(t, testutil.Testdata("tmx/full.tmx"))
	wantHeader := tmx.Header{
		CreationTool: "Example CAT", CreationToolVersion: "7.1", SegType: "sentence",
		OTMF: "ExampleTM", AdminLang: "en-US", SrcLang: "de-DE", DataType: "plaintext",
		OEncoding: "UTF-8", CreationDate: date("20230102T030405Z"), CreationID: "alice",
		ChangeDate: date("20240506T070809Z"), ChangeID: "bob",
		Props: []tm.Prop{{Type: "x-project", Value: "Korea"}},
		Notes: []tm.Note{{Text: "Header note"}},
	}
	if !reflect.DeepEqual(h, wantHeader) {
		t.Errorf("header:\n got %+v\nwant %+v", h, wantHeader)
	}
	if len(units) != 6 {
		t.Fatalf("got %d units, want 6 (the 3-language tu gives two)", len(units))
	}

	t.Run("DatesPropsNotes", func(t *testing.T) {
		want := &tm.Unit{
			SourceLang: "de-DE", TargetLang: "en-US",
			Source: tm.Text("Korea liegt in Ostasien."), Target: tm.Text("Korea lies in East Asia."),
			Origin:  tm.OriginTMX,
			Created: date("20240101T120000Z"), Creator: "alice",
			Changed: date("20240202T101010Z"), Changer: "bob",
			Usage: 3,
			Props: []tm.Prop{
				{Type: "x-domain", Value: "geography"},
				{Type: "x-domain", Lang: "en", Value: "Geografie"},
				{Type: "tmx:datatype", Value: "plaintext"},
				{Type: "tmx:lastusagedate", Value: "20240303T000000Z"},
				{Type: "tmx:tuid", Value: "t1"},
				{Type: "tmx:source@creationtool", Value: "Example CAT"},
				{Type: "tmx:source:x-src", Value: "source prop"},
				{Type: "tmx:target@changedate", Value: "20240204T000000Z"},
				{Type: "tmx:target:x-status", Value: "approved"},
			},
			Notes: []tm.Note{
				{Text: "TU note"},
				{Lang: "de", From: "tmx:source", Text: "Quellnotiz"},
				{From: "tmx:target", Text: "Target note"},
			},
		}
		if !reflect.DeepEqual(units[0], want) {
			t.Errorf("unit 1:\n got %+v\nwant %+v", units[0], want)
		}
	})

	t.Run("InlineCodesAndWhitespace", func(t *testing.T) {
		want := tm.Content{
			{Text: "  Klicken Sie auf "},
			{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt", Attrs: map[string]string{"type": "bold"}, Data: "<b>"}},
			{Text: "Speichern"},
			{Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept", Data: "</b>"}},
			{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "2", Elem: "ph", Attrs: map[string]string{"type": "image"}, Data: `<img src="a.png"/>`}},
			{Text: ",\ndann "},
			{Code: &tm.Code{Kind: tm.CodeMarkOpen, ID: "3", Elem: "hi", Attrs: map[string]string{"type": "fn"}}},
			{Text: "auf "},
			{Code: &tm.Code{Kind: tm.CodeIsolated, ID: "4", Elem: "it", Attrs: map[string]string{"pos": "begin"}, Data: "<i>"}},
			{Text: "OK"},
			{Code: &tm.Code{Kind: tm.CodeMarkClose, ID: "3", Elem: "hi"}},
			{Text: " & "},
			{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "5", Elem: "ut", Data: `{\b}`}},
			{Text: "fertig.  "},
		}
		if !reflect.DeepEqual(units[1].Source, want) {
			t.Errorf("source:\n got %s\nwant %s", dump(units[1].Source), dump(want))
		}
		if got := units[1].Target.Plain(); got != "  Click Save,\nthen on OK & done.  " {
			t.Errorf("target plain = %q", got)
		}
	})

	t.Run("Sub", func(t *testing.T) {
		c := units[2].Source[1].Code
		if c == nil || c.Data != `&lt;a title="<sub>Hilfe &amp; Rat</sub>"&gt;` || c.Attrs["#markup"] != "1" {
			t.Errorf("code with <sub> = %+v", c)
		}
	})

	t.Run("ThreeLanguages", func(t *testing.T) {
		got := [][2]tm.Lang{{units[3].SourceLang, units[3].TargetLang}, {units[4].SourceLang, units[4].TargetLang}}
		want := [][2]tm.Lang{{"de-DE", "en-US"}, {"de-DE", "fr-FR"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pairs = %v, want %v", got, want)
		}
		if units[4].Target.Plain() != "Séoul est la capitale." {
			t.Errorf("fr target = %q", units[4].Target.Plain())
		}
	})

	t.Run("TUSrclang", func(t *testing.T) {
		if u := units[5]; u.SourceLang != "en-US" || u.Source.Plain() != "Good morning." || u.Target.Plain() != "Guten Morgen." {
			t.Errorf("unit 5 = %s→%s %q→%q", u.SourceLang, u.TargetLang, u.Source.Plain(), u.Target.Plain())
		}
	})
}

func dump(c tm.Content) string {
	var b strings.Builder
	for _, r := range c {
		if r.Code != nil {
			b.WriteString("{" + string(r.Code.Kind) + " " + r.Code.Elem + " " + r.Code.ID + " " + r.Code.Data + "}")
		} else {
			b.WriteString("[" + r.Text + "]")
		}
	}
	return b.String()
}

func TestOptions(t *testing.T) {
	path := testutil.Testdata("tmx/full.tmx")
	t.Run("TargetLangs", func(t *testing.T) {
		_, units := decodeFile(t, path, tmx.TargetLangs("fr"))
		if len(units) != 1 || units[0].TargetLang != "fr-FR" {
			t.Fatalf("got %d units, want the one de→fr unit", len(units))
		}
	})
	t.Run("SourceLang", func(t *testing.T) {
		_, units := decodeFile(t, path, tmx.SourceLang("en-US"), tmx.TargetLangs("de"))
		if len(units) != 5 {
			t.Fatalf("got %d en→de units, want 5", len(units))
		}
		for _, u := range units {
			if u.SourceLang != "en-US" || u.TargetLang != "de-DE" {
				t.Errorf("unit %s→%s", u.SourceLang, u.TargetLang)
			}
		}
	})
	t.Run("AllLangs", func(t *testing.T) {
		doc := `<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="*all*" datatype="plaintext"/><body>
<tu><tuv xml:lang="de"><seg>Ja</seg></tuv><tuv xml:lang="en"><seg>Yes</seg></tuv><tuv xml:lang="fr"><seg>Oui</seg></tuv></tu></body></tmx>`
		_, units := decodeAll(t, strings.NewReader(doc), "all.tmx")
		if len(units) != 6 {
			t.Fatalf("*all* with 3 languages gave %d units, want every ordered pair (6)", len(units))
		}
	})
}

func TestRoundTripFixedPoint(t *testing.T) {
	h, units := decodeFile(t, testutil.Testdata("tmx/full.tmx"))
	out := encodeAll(t, h, units)
	h2, units2 := decodeAll(t, bytes.NewReader(out), "out.tmx")
	if !reflect.DeepEqual(units, units2) {
		for i := range units {
			if i < len(units2) && !reflect.DeepEqual(units[i], units2[i]) {
				t.Errorf("unit %d changed:\n got %+v\nwant %+v", i, units2[i], units[i])
			}
		}
		t.Fatalf("decode → encode → decode is not a fixed point (%d vs %d units)\n%s", len(units), len(units2), out)
	}
	if !reflect.DeepEqual(h, h2) {
		t.Errorf("header changed:\n got %+v\nwant %+v", h2, h)
	}
	if out2 := encodeAll(t, h2, units2); !bytes.Equal(out, out2) {
		t.Errorf("second encoding differs from the first")
	}
}

func TestSample(t *testing.T) {
	_, units := decodeFile(t, testutil.SharedDir(t, "schemas", "examples", "sample-1.4b.tmx"))
	if len(units) != 2 {
		t.Fatalf("got %d units, want 2", len(units))
	}
	if got := units[1].Target.Plain(); got != "Click Save." {
		t.Errorf("target = %q", got)
	}
	if codes := units[1].Source.Codes(); len(codes) != 2 || codes[0].Data != "<b>" || codes[1].Kind != tm.CodeClose {
		t.Errorf("codes = %+v", codes)
	}
}

func TestUTF16WithBOM(t *testing.T) {
	src, err := os.ReadFile(testutil.Testdata("tmx/full.tmx"))
	if err != nil {
		t.Fatal(err)
	}
	_, want := decodeAll(t, bytes.NewReader(src), "full.tmx")
	for _, tc := range []struct {
		name   string
		endian unicode.Endianness
	}{{"LE", unicode.LittleEndian}, {"BE", unicode.BigEndian}} {
		t.Run(tc.name, func(t *testing.T) {
			doc := bytes.Replace(src, []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
			enc, err := unicode.UTF16(tc.endian, unicode.UseBOM).NewEncoder().Bytes(doc)
			if err != nil {
				t.Fatal(err)
			}
			if tc.endian == unicode.LittleEndian && !bytes.HasPrefix(enc, []byte{0xFF, 0xFE}) {
				t.Fatalf("test file has no UTF-16LE BOM")
			}
			_, got := decodeAll(t, bytes.NewReader(enc), "utf16.tmx")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("UTF-16 file decodes differently from the UTF-8 one")
			}
		})
	}
	t.Run("ErrorPosition", func(t *testing.T) {
		doc := `<?xml version="1.0" encoding="UTF-16"?>` + "\n<tmx version=\"1.4\">\n  <hedaer></tmx>"
		enc, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(doc))
		_, err := tmx.NewDecoder(bytes.NewReader(enc), "u.tmx").Header()
		if err == nil || err.Error() != "u.tmx: line 3, column 11: malformed XML: element <hedaer> closed by </tmx>" {
			t.Errorf("err = %v", err)
		}
	})
}

func TestLatin1Declared(t *testing.T) {
	doc := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"de\" datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"de\"><seg>Gr\xfc\xdfe</seg></tuv><tuv xml:lang=\"en\"><seg>Greetings</seg></tuv></tu></body></tmx>")
	_, units := decodeAll(t, bytes.NewReader(doc), "latin1.tmx")
	if len(units) != 1 || units[0].Source.Plain() != "Grüße" {
		t.Fatalf("units = %+v", units)
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		file  string
		cause error
		msg   string
	}{
		{"malformed.tmx", tmx.ErrSyntax, "malformed.tmx: line 10, column 37: malformed XML: invalid character entity & (no semicolon)"},
		{"mismatched.tmx", tmx.ErrSyntax, "mismatched.tmx: line 6, column 35: malformed XML: element <seg> closed by </tuv>"},
		{"root.tmx", tmx.ErrRoot, "root.tmx: line 2, column 1: not a TMX file: root element is <xliff>, want <tmx>"},
		{"entities.tmx", tmx.ErrEntity, "entities.tmx: line 2, column 1: DOCTYPE with entity declarations refused: the DOCTYPE declares entities; korpus does not expand them (use a plain <!DOCTYPE tmx SYSTEM \"tmx14.dtd\">)"},
		{"lang.tmx", tmx.ErrLang, `lang.tmx: line 11, column 9: bad language code: <tuv xml:lang="xx-notalang-12345">: invalid language tag "xx-notalang-12345": language: subtag "xx" is well-formed but unknown (map it with import --lang-map 'xx-notalang-12345=TAG')`},
		{"truncated.tmx", tmx.ErrTruncated, "truncated.tmx: line 11, column 33: unexpected end of file: <seg> is not closed"},
		{"unbalanced.tmx", tmx.ErrUnbalanced, `unbalanced.tmx: line 7, column 37: unbalanced inline codes: <bpt i="1"> has no matching <ept i="1"> in the same <seg>`},
		{"ept-without-bpt.tmx", tmx.ErrUnbalanced, `ept-without-bpt.tmx: line 6, column 35: unbalanced inline codes: <ept i="7"> has no matching <bpt i="7"> before it in the same <seg>`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(testutil.Testdata("tmx/bad/" + tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d := tmx.NewDecoder(f, tc.file)
			for err == nil {
				_, err = d.Next()
			}
			if err == io.EOF {
				t.Fatal("decoded without error")
			}
			if err.Error() != tc.msg {
				t.Errorf("error\n got %s\nwant %s", err, tc.msg)
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("error does not wrap %v", tc.cause)
			}
			var pe *tmx.ParseError
			if !errors.As(err, &pe) || pe.File != tc.file {
				t.Errorf("not a *ParseError for %s: %T", tc.file, err)
			}
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("code = %s, want invalid", tm.ErrorCode(err))
			}
			if _, err2 := d.Next(); err2 != err {
				t.Errorf("error is not sticky: %v", err2)
			}
		})
	}
}

// TestBillionLaughsFailsFast checks that a file declaring entities is
// refused at its DOCTYPE: the decoder reads no more than its first buffer
// of a 100 MB document and expands nothing.
func TestBillionLaughsFailsFast(t *testing.T) {
	head, err := os.ReadFile(testutil.Testdata("tmx/bad/entities.tmx"))
	if err != nil {
		t.Fatal(err)
	}
	head = head[:bytes.Index(head, []byte("<body>"))+len("<body>")]
	tu := []byte(`<tu><tuv xml:lang="de"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu>` + "\n")
	body := &repeatReader{b: tu, n: 100 << 20 / len(tu)}
	r := &xmltest.CountingReader{R: io.MultiReader(bytes.NewReader(head), body)}
	_, err = tmx.NewDecoder(r, "lol.tmx").Next()
	if !errors.Is(err, tmx.ErrEntity) {
		t.Fatalf("err = %v, want ErrEntity", err)
	}
	if r.N > 1<<20 {
		t.Errorf("decoder read %d bytes before refusing the DOCTYPE", r.N)
	}
}

type repeatReader struct {
	b   []byte
	n   int
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.b[r.off:])
	r.off += k
	if r.off == len(r.b) {
		r.off = 0
		r.n--
	}
	return k, nil
}

func TestPlainDoctypeAccepted(t *testing.T) {
	// full.tmx starts with <!DOCTYPE tmx SYSTEM "tmx14.dtd">.
	if _, units := decodeFile(t, testutil.Testdata("tmx/full.tmx")); len(units) == 0 {
		t.Fatal("no units")
	}
}

// foreignUnit has codes as the XLIFF readers produce them.
func foreignUnit() *tm.Unit {
	return &tm.Unit{
		SourceLang: "de", TargetLang: "en",
		Source: tm.Content{
			{Text: "A \x01 <&> \"b\"\r\n"},
			{Code: &tm.Code{Kind: tm.CodeOpen, ID: "g1", Elem: "g", Attrs: map[string]string{"ctype": "bold"}}},
			{Text: "fett"},
			{Code: &tm.Code{Kind: tm.CodeClose, ID: "g1", Elem: "g"}},
			{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "x1", Elem: "x"}},
			{Code: &tm.Code{Kind: tm.CodeIsolated, ID: "e1", Elem: "ex"}},
			{Code: &tm.Code{Kind: tm.CodeMarkOpen, ID: "m1", Elem: "mrk", Attrs: map[string]string{"mtype": "term"}}},
			{Text: "Begriff"},
			{Code: &tm.Code{Kind: tm.CodeMarkClose, ID: "m1", Elem: "mrk"}},
			{Code: &tm.Code{Kind: tm.CodeMarkClose, ID: "m9", Elem: "mrk"}},
			{Code: &tm.Code{Kind: tm.CodeOpen, Elem: "pc"}},
			{Code: &tm.Code{Kind: tm.CodeClose, Elem: "pc"}},
		},
		Target: tm.Text("bold term"),
		Props:  []tm.Prop{{Type: "tmx:segtype", Value: "not-a-segtype"}, {Type: "tmx:source@bogus", Value: "1"}, {Type: "x\"q", Value: "v"}},
		Notes:  []tm.Note{{From: "translator", Text: "note"}},
	}
}

func TestEncoderValidatesAgainstDTD(t *testing.T) {
	dtd := testutil.SharedDir(t, "schemas", "tmx", "tmx14.dtd")
	h, units := decodeFile(t, testutil.Testdata("tmx/full.tmx"))
	units = append(units, foreignUnit())
	if err := xmltest.Xmllint(t, encodeAll(t, h, units), "--dtdvalid", dtd); err != nil {
		t.Fatal(err)
	}
	// An empty memory is valid too.
	if err := xmltest.Xmllint(t, encodeAll(t, tmx.Header{SrcLang: "de"}, nil), "--dtdvalid", dtd); err != nil {
		t.Fatalf("empty memory: %v", err)
	}
}

func TestEncodeForeignCodes(t *testing.T) {
	out := encodeAll(t, tmx.Header{SrcLang: "de"}, []*tm.Unit{foreignUnit()})
	for _, want := range []string{
		`<seg>A ` + "\uFFFD" + ` &lt;&amp;&gt; "b"&#xD;` + "\n",
		// XLIFF ids become TMX's integers, ctype its type; the rest of
		// the XLIFF markup is kept in the x-korpus-codes prop.
		`<bpt i="1" x="1" type="bold"></bpt>fett<ept i="1"></ept><ph x="2"></ph><it x="3" pos="end"></it><hi x="4">Begriff</hi><bpt i="6" x="6"></bpt><ept i="6"></ept></seg>`,
		`<prop type="x-korpus-codes">[{"e":"g","id":"g1","a":{"ctype":"bold"}},{"e":"g","id":"g1"},{"e":"x","id":"x1"},{"e":"ex","id":"e1"},{"e":"mrk","id":"m1","a":{"mtype":"term"}},{"e":"mrk","id":"m1"},{"e":"pc"},{"e":"pc"}]</prop>`,
		`<prop type="tmx:segtype">not-a-segtype</prop>`,
		`<prop type="x&quot;q">v</prop>`,
		`<note>note</note>`,
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
	_, units := decodeAll(t, bytes.NewReader(out), "foreign.tmx")
	if got := units[0].Source.Plain(); got != "A \uFFFD <&> \"b\"\r\nfettBegriff" {
		t.Errorf("plain source after the trip = %q", got)
	}
	// The codes come back as XLIFF wrote them, except m9's unmatched
	// close, which TMX's nested <hi> cannot hold.
	var want []tm.Code
	for _, c := range foreignUnit().Source.Codes() {
		if c.ID != "m9" {
			want = append(want, *c)
		}
	}
	var got []tm.Code
	for _, c := range units[0].Source.Codes() {
		got = append(got, *c)
	}
	if len(got) != len(want) {
		t.Fatalf("codes after the trip: %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].Elem != want[i].Elem || got[i].ID != want[i].ID || !maps.Equal(got[i].Attrs, want[i].Attrs) {
			t.Errorf("code %d after the trip: %+v, want %+v", i, got[i], want[i])
		}
	}
}
