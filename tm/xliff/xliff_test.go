package xliff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok/xmltest"
	"golang.org/x/text/encoding/unicode"
)

func TestDecodeSample12(t *testing.T) {
	units, v := mustDecodeFile(t, testutil.SharedDir(t, "schemas", "examples", "sample-1.2.xlf"))
	if v != V12 {
		t.Fatalf("version %q", v)
	}
	if len(units) != 1 || len(units[0].Segments) != 2 {
		t.Fatalf("got %d units", len(units))
	}
	f := units[0].File
	if f.Original != "beispiel.txt" || f.SourceLang != "de-DE" || f.TargetLang != "en-US" || f.Tool.ID != "tm-manager" || f.Korpus != nil {
		t.Errorf("file %+v", f)
	}
	s1, s2 := units[0].Segments[0], units[0].Segments[1]
	if s1.ID != "1" || s1.Target.Plain() != "This is a sentence, e.g. with an abbreviation." || s1.Status != tm.StatusTranslated {
		t.Errorf("segment 1 %+v", s1)
	}
	if len(s1.Notes) != 1 || s1.Notes[0] != (tm.Note{From: "reviewer", Text: "Checked."}) {
		t.Errorf("notes %+v", s1.Notes)
	}
	if len(s1.Matches) != 1 || s1.Matches[0].Similarity != 87 || s1.Matches[0].Target.Plain() != "This is a sentence." {
		t.Errorf("matches %+v", s1.Matches)
	}
	want := tm.Content{
		{Text: "Klicken Sie auf "},
		{Code: &tm.Code{Kind: tm.CodeOpen, ID: "b1", Elem: "g"}},
		{Text: "Speichern"},
		{Code: &tm.Code{Kind: tm.CodeClose, ID: "b1", Elem: "g"}},
		{Text: "."},
		{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "br1", Elem: "x"}},
	}
	if !reflect.DeepEqual(s2.Source, want) {
		t.Errorf("source 2 = %s", js(s2.Source))
	}
	if s2.Target != nil || s2.Status != tm.StatusNew || s2.State != "needs-translation" {
		t.Errorf("segment 2 %+v", s2)
	}
}

func TestDecodeSample20(t *testing.T) {
	units, v := mustDecodeFile(t, testutil.SharedDir(t, "schemas", "examples", "sample-2.0.xlf"))
	if v != V20 {
		t.Fatalf("version %q", v)
	}
	if len(units) != 1 || units[0].ID != "u1" || len(units[0].Segments) != 2 {
		t.Fatalf("units %s", js(units))
	}
	s1, s2 := units[0].Segments[0], units[0].Segments[1]
	if s1.ID != "s1" || s1.Status != tm.StatusTranslated || s1.Target.Plain() != "This is a sentence, e.g. with an abbreviation." {
		t.Errorf("segment 1 %+v", s1)
	}
	if len(s1.Matches) != 1 || s1.Matches[0].Quality != 87.5 || s1.Matches[0].Origin != "tm-manager" {
		t.Errorf("matches %s", js(s1.Matches))
	}
	if got := s2.Source.Codes(); len(got) != 3 || got[0].Elem != "pc" || got[2].Kind != tm.CodeStandalone {
		t.Errorf("codes %s", js(got))
	}
	if s2.Status != tm.StatusNew {
		t.Errorf("status %q", s2.Status)
	}
}

// view is what a round trip must keep: everything but input positions,
// raw state spellings and file pointers.
type view struct {
	File     fileView
	ID       string
	Groups   []string
	Notes    []tm.Note
	Segments []segView
}

type fileView struct {
	Original, Src, Trg string
	Korpus             *Meta
	Notes              []tm.Note
}

type segView struct {
	ID             string
	Source, Target tm.Content
	Status         tm.Status
	Notes          []tm.Note
	Matches        []*Match
}

func views(units []*Unit) []view {
	var out []view
	for _, u := range units {
		v := view{ID: u.ID, Groups: u.Groups, Notes: u.Notes, File: fileView{
			Original: u.File.Original, Src: string(u.File.SourceLang), Trg: string(u.File.TargetLang),
			Korpus: u.File.Korpus, Notes: u.File.Notes,
		}}
		for _, s := range u.Segments {
			v.Segments = append(v.Segments, segView{s.ID, s.Source, s.Target, s.Status, s.Notes, s.Matches})
		}
		out = append(out, v)
	}
	return out
}

func js(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		file string
		v    Version
	}{
		{"rich-1.2.xlf", V12},
		{"rich-2.1.xlf", V21},
	} {
		t.Run(tc.file, func(t *testing.T) {
			units, v := mustDecodeFile(t, testutil.Testdata("xliff/"+tc.file))
			if v != tc.v {
				t.Fatalf("version %q", v)
			}
			out := encodeAll(t, v, units)
			validate(t, v, out)
			again, _, err := decodeAll(t, "again.xlf", out)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if a, b := js(views(units)), js(views(again)); a != b {
				t.Errorf("round trip changed the document:\n--- first\n%s\n--- again\n%s\n--- xml\n%s", a, b, out)
			}
		})
	}
}

func TestRich12(t *testing.T) {
	units, _ := mustDecodeFile(t, testutil.Testdata("xliff/rich-1.2.xlf"))
	var ids []string
	for _, u := range units {
		for _, s := range u.Segments {
			ids = append(ids, fmt.Sprintf("%s/%s/%s:%s", u.File.Original, strings.Join(u.Groups, "/"), u.ID, s.ID))
		}
	}
	want := []string{"a.html//:t1", "a.html/g1/g2:t2", "a.html/g1/g2:t3", "a.html//g1:t4", "a.html//:t5", "b.txt//:t1"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("segments %q, want %q", ids, want)
	}
	// the group note comes as a unit of its own, before the nested group
	if units[1].ID != "g1" || len(units[1].Notes) != 1 || len(units[1].Segments) != 0 {
		t.Errorf("group note unit %s", js(views(units[1:2])))
	}
	seg := func(i, j int) *Segment { return units[i].Segments[j] }
	if got := seg(0, 0).Source.Plain(); got != "  Zwei  Leerzeichen,\neine neue Zeile.  " {
		t.Errorf("whitespace not kept: %q", got)
	}
	if seg(0, 0).Status != tm.StatusNeedsReview || seg(2, 0).Status != tm.StatusReviewed || seg(2, 1).Status != tm.StatusFinal || seg(3, 0).Status != tm.StatusDraft {
		t.Errorf("statuses %s", js(views(units)))
	}
	if seg(5, 0).Status != tm.StatusReviewed { // approved="yes"
		t.Errorf("approved: %q", seg(5, 0).Status)
	}
	if seg(4, 0).Source.Plain() != "Ohne Übersetzung & <Zeichen>." || seg(4, 0).Target != nil {
		t.Errorf("t5 %+v", seg(4, 0))
	}
	kinds := func(c tm.Content) string {
		var k []string
		for _, code := range c.Codes() {
			k = append(k, code.Elem+":"+string(code.Kind))
		}
		return strings.Join(k, " ")
	}
	if got := kinds(seg(2, 1).Target); got != "bpt:open ept:close ph:standalone it:isolated" {
		t.Errorf("t3 codes %s", got)
	}
	if got := seg(2, 1).Target.Codes()[0].Data; got != "<b>" {
		t.Errorf("bpt data %q", got)
	}
	// bx 7 has no ex: isolated in source and target
	if got := kinds(seg(3, 0).Target); got != "bx:open ex:close bx:isolated mrk:mark-open mrk:mark-close" {
		t.Errorf("t4 codes %s", got)
	}
	if m := seg(2, 1).Matches; len(m) != 1 || m[0].Similarity != 75 || m[0].Origin != "memory" {
		t.Errorf("alt-trans %s", js(m))
	}
}

func TestRich21(t *testing.T) {
	units, _ := mustDecodeFile(t, testutil.Testdata("xliff/rich-2.1.xlf"))
	if len(units) != 4 {
		t.Fatalf("%d units", len(units))
	}
	if g := units[1].Groups; !reflect.DeepEqual(g, []string{"g1", "g2"}) {
		t.Errorf("groups %q", g)
	}
	if g := units[2].Groups; !reflect.DeepEqual(g, []string{"g1"}) {
		t.Errorf("groups %q", g)
	}
	u1 := units[0]
	if u1.File.Notes[0].Text != "File note" || u1.Segments[0].Source.Plain() != "  Zwei  Leerzeichen.  " || u1.Segments[0].Status != tm.StatusReviewed || u1.Segments[1].Status != tm.StatusDraft {
		t.Errorf("u1 %s", js(views(units[:1])))
	}
	s3 := units[1].Segments[0]
	codes := s3.Target.Codes()
	if codes[0].Elem != "pc" || codes[0].Data != "<b>" || codes[1].Data != "</b>" || codes[2].Data != "<br/>" {
		t.Errorf("originalData not resolved: %s", js(codes))
	}
	if len(s3.Matches) != 1 || s3.Matches[0].Similarity != 80 || s3.Matches[0].Quality != 90 {
		t.Errorf("matches %s", js(s3.Matches))
	}
	// sc in s4, ec in s5: XLIFF 2 pairs them across segments of a unit
	s4, s5 := units[1].Segments[1], units[1].Segments[2]
	if s4.Source.Codes()[0].Kind != tm.CodeOpen || s5.Target.Codes()[0].Kind != tm.CodeClose {
		t.Errorf("s4 %s s5 %s", js(s4.Source), js(s5.Target))
	}
	if got := s5.Source.Plain(); got != "Segmente \x01." {
		t.Errorf("cp: %q", got)
	}
	if units[3].File.Original != "b.txt" || units[3].File.TargetLang != "fr" {
		t.Errorf("second file %+v", units[3].File)
	}
}

// TestCrossVersion writes what was read from one version as the other:
// text, code kinds and statuses survive, and the output is valid.
func TestCrossVersion(t *testing.T) {
	for _, tc := range []struct {
		file string
		to   Version
	}{
		{"rich-1.2.xlf", V21},
		{"rich-1.2.xlf", V20},
		{"rich-2.1.xlf", V12},
	} {
		t.Run(tc.file+"->"+string(tc.to), func(t *testing.T) {
			units, _ := mustDecodeFile(t, testutil.Testdata("xliff/"+tc.file))
			out := encodeAll(t, tc.to, units)
			validate(t, tc.to, out)
			again, _, err := decodeAll(t, "x.xlf", out)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			flat := func(us []*Unit) []string {
				var s []string
				for _, u := range us {
					for _, seg := range u.Segments {
						s = append(s, fmt.Sprintf("%q→%q %s %d codes", seg.Source.Plain(), seg.Target.Plain(), seg.Status, len(seg.Target.Codes())))
					}
				}
				return s
			}
			a, b := flat(units), flat(again)
			if tc.to == V12 {
				// XLIFF 1.2 cannot carry U+0001
				for i := range a {
					a[i] = strings.ReplaceAll(a[i], `\x01`, `�`)
				}
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("changed:\n%s\n---\n%s\n---\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"), out)
			}
		})
	}
}

// korpusFile is how korpus exports a document version.
func korpusFile() *File {
	return &File{Original: "korea.txt", SourceLang: "de", TargetLang: "en", Korpus: &Meta{Document: "korea", Version: 2, Hash: "9f86d081884c7d65"}}
}

func TestKorpusExport(t *testing.T) {
	paras := [][]*Segment{
		{{ID: SegmentID(0), Source: tm.Text("Korea in der Welt.")}},
		{
			{ID: SegmentID(1), Source: tm.Text("Erster Satz."), Target: tm.Text("First sentence."), Status: tm.StatusFinal},
			{ID: SegmentID(2), Source: tm.Text("Zweiter  Satz & <mehr>."), Target: tm.Text("Second."), Status: tm.StatusNeedsReview,
				Matches: []*Match{{Source: tm.Text("Zweiter Satz."), Target: tm.Text("Second sentence."), Similarity: 101, Quality: -1, Origin: "korpus-tm"}}},
		},
	}
	for _, v := range []Version{V12, V20, V21} {
		t.Run(string(v), func(t *testing.T) {
			var buf bytes.Buffer
			e := NewEncoder(&buf, v)
			if err := e.StartFile(korpusFile()); err != nil {
				t.Fatal(err)
			}
			for i, segs := range paras {
				u := &Unit{ID: ParaID(i), Segments: segs}
				if err := e.Encode(u); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			validate(t, v, buf.Bytes())
			units, _, err := decodeAll(t, "k.xlf", buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if m := units[0].File.Korpus; m == nil || *m != *korpusFile().Korpus {
				t.Errorf("korpus metadata %+v\n%s", m, buf.String())
			}
			var got []string
			for _, u := range units {
				for _, s := range u.Segments {
					i, ok := ParseSegmentID(s.ID)
					got = append(got, fmt.Sprintf("%s %d %v %s %q %s", u.ID, i, ok, s.Status, s.Target.Plain(), s.Source.Plain()))
				}
			}
			want := []string{
				`p0 0 true new "" Korea in der Welt.`,
				`p1 1 true final "First sentence." Erster Satz.`,
				`p1 2 true needs-review "Second." Zweiter  Satz & <mehr>.`,
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), buf.String())
			}
			m := units[1].Segments[1].Matches
			wantSim := 101.0
			if v.Is2() {
				wantSim = 100 // the matches module caps similarity at 100
			}
			if len(m) != 1 || m[0].Similarity != wantSim || m[0].Origin != "korpus-tm" || m[0].Target.Plain() != "Second sentence." {
				t.Errorf("matches %s", js(m))
			}
		})
	}
}

func TestParseSegmentID(t *testing.T) {
	for id, want := range map[string]int{"s0": 0, "s12": 12, "s012": -1, "p3": -1, "s": -1, "s-1": -1, "12": -1} {
		n, ok := ParseSegmentID(id)
		if (want >= 0) != ok || (ok && n != want) {
			t.Errorf("ParseSegmentID(%q) = %d, %v", id, n, ok)
		}
	}
}

func TestStatusMapping(t *testing.T) {
	for _, s := range []tm.Status{tm.StatusNew, tm.StatusDraft, tm.StatusNeedsReview, tm.StatusTranslated, tm.StatusReviewed, tm.StatusFinal} {
		if got := Status12(State12(s), true); got != s {
			t.Errorf("1.2: %s → %s → %s", s, State12(s), got)
		}
		st, sub := State2(s)
		if got := Status2(st, sub, s != tm.StatusNew); got != s {
			t.Errorf("2.x: %s → %s/%s → %s", s, st, sub, got)
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		file  string
		cause error
		want  string
	}{
		{"bad-malformed.xlf", ErrSyntax, "bad-malformed.xlf: line 7, column 35: malformed XML: element <target> closed by </tagret>"},
		{"bad-root.xlf", ErrNotXLIFF, "bad-root.xlf: line 2, column 1: not an XLIFF file: root element is <tmx>, want <xliff>"},
		{"bad-entities.xlf", ErrEntity, "bad-entities.xlf: line 2, column 1: DOCTYPE with entity declarations is not allowed"},
		{"bad-lang.xlf", ErrLanguage, `bad-lang.xlf: line 3, column 3: unknown language: target-language "zz"`},
		{"bad-lang-2.0.xlf", ErrLanguage, `bad-lang-2.0.xlf: line 2, column 1: unknown language: srcLang "klingon"`},
		{"bad-version.xlf", ErrVersion, `bad-version.xlf: line 2, column 1: unsupported XLIFF version: version "3.0"`},
		{"bad-truncated.xlf", ErrTruncated, "bad-truncated.xlf: line 8, column 1: unexpected end of file"},
		{"bad-unbalanced-open.xlf", ErrInlineCodes, `bad-unbalanced-open.xlf: line 7, column 17: unbalanced inline codes: <bpt id="1"> in the target is opened but never closed`},
		{"bad-unbalanced-close.xlf", ErrInlineCodes, `bad-unbalanced-close.xlf: line 7, column 21: unbalanced inline codes: <ept id="1"> in the target is closed but never opened`},
		{"bad-unbalanced-2.1.xlf", ErrInlineCodes, `bad-unbalanced-2.1.xlf: line 7, column 17: unbalanced inline codes: <sc id="1"> in the target is opened but never closed`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(testutil.Testdata("xliff/" + tc.file))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = decodeAll(t, tc.file, data)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("error %v is not %v", err, tc.cause)
			}
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("code %q", tm.ErrorCode(err))
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error\n %s\nwant prefix\n %s", err, tc.want)
			}
		})
	}
}

func TestEmptyAndGarbage(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "e.xlf: line 1, column 1: not an XLIFF file: no root element"},
		{"hello", "e.xlf: line 1, column 1: not an XLIFF file: text before the root element"},
		{`<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"></xliff><x/>`, "e.xlf: line 1, column 76: malformed XML: element <x> after the root element"},
		{`<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:1.2" srcLang="de"/>`, "e.xlf: line 1, column 1: not an XLIFF file: XLIFF 2.1 in namespace"},
	} {
		_, _, err := decodeAll(t, "e.xlf", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}

// TestBillionLaughsFailsFast checks that the entity bomb is refused before
// anything is expanded: one token read, no growth.
func TestBillionLaughsFailsFast(t *testing.T) {
	data, err := os.ReadFile(testutil.Testdata("xliff/bad-entities.xlf"))
	if err != nil {
		t.Fatal(err)
	}
	r := &xmltest.CountingReader{R: bytes.NewReader(data)}
	d := NewDecoder(r, "bomb.xlf")
	_, err = d.Next()
	if !errors.Is(err, ErrEntity) {
		t.Fatalf("error %v", err)
	}
	if _, err2 := d.Next(); err2 != err {
		t.Errorf("second Next: %v", err2)
	}
	if r.N > int64(len(data)) {
		t.Errorf("read %d bytes of %d", r.N, len(data))
	}
}

func TestUTF16(t *testing.T) {
	data, err := os.ReadFile(testutil.Testdata("xliff/rich-1.2.xlf"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
	enc, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	units, _, err := decodeAll(t, "utf16.xlf", []byte(enc))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := mustDecodeFile(t, testutil.Testdata("xliff/rich-1.2.xlf"))
	if js(views(units)) != js(views(want)) {
		t.Errorf("UTF-16 decodes differently")
	}
}

// TestUTF8BOM: Trados, memoQ and others write XLIFF with a UTF-8 BOM.
func TestUTF8BOM(t *testing.T) {
	data, err := os.ReadFile(testutil.Testdata("xliff/rich-1.2.xlf"))
	if err != nil {
		t.Fatal(err)
	}
	units, _, err := decodeAll(t, "bom.xlf", append([]byte("\uFEFF"), data...))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := mustDecodeFile(t, testutil.Testdata("xliff/rich-1.2.xlf"))
	if js(views(units)) != js(views(want)) {
		t.Errorf("a UTF-8 BOM decodes differently")
	}
}

func TestLatin1(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"a\" source-language=\"de\" datatype=\"plaintext\"><body><trans-unit id=\"1\"><source>Gr\xfc\xdfe</source></trans-unit></body></file></xliff>"
	units, _, err := decodeAll(t, "l.xlf", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := units[0].Segments[0].Source.Plain(); got != "Grüße" {
		t.Errorf("got %q", got)
	}
}

// TestLargeGroupStreams checks that a group with many trans-units is
// handed out in bounded pieces with the same group id.
func TestLargeGroupStreams(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="de" datatype="plaintext"><body><group id="big">`)
	n := maxGroupSegments*2 + 5
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<trans-unit id="t%d"><source>Satz %d.</source></trans-unit>`, i, i)
	}
	b.WriteString(`</group></body></file></xliff>`)
	units, _, err := decodeAll(t, "big.xlf", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, u := range units {
		if u.ID != "big" || len(u.Segments) > maxGroupSegments {
			t.Fatalf("unit %q with %d segments", u.ID, len(u.Segments))
		}
		total += len(u.Segments)
	}
	if len(units) != 3 || total != n {
		t.Errorf("%d units, %d segments", len(units), total)
	}
	// written back, the pieces form one group again
	out := encodeAll(t, V12, units)
	if c := bytes.Count(out, []byte("<group ")); c != 1 {
		t.Errorf("%d groups written", c)
	}
}

func TestSegSource(t *testing.T) {
	in := `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="de" target-language="en" datatype="plaintext"><body>
<trans-unit id="tu1"><source>Eins. Zwei.</source>
<seg-source><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2">Zwei.</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk></target></trans-unit>
</body></file></xliff>`
	units, _, err := decodeAll(t, "seg.xlf", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 1 || units[0].ID != "tu1" || len(units[0].Segments) != 2 || units[0].Segments[1].ID != "tu1_2" {
		t.Fatalf("%s", js(views(units)))
	}
	// written back as a group of trans-units, valid
	validate(t, V12, encodeAll(t, V12, units))
	for i, want := range [][2]string{{"Eins.", "One."}, {"Zwei.", "Two."}} {
		s := units[0].Segments[i]
		if s.Source.Plain() != want[0] || s.Target.Plain() != want[1] || s.Status != tm.StatusTranslated {
			t.Errorf("segment %d: %+v", i, s)
		}
	}
}

func TestEncoderErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := NewEncoder(&buf, "1.1").StartFile(korpusFile()); err == nil {
		t.Error("version 1.1 accepted")
	}
	e := NewEncoder(&buf, V21)
	if err := e.Encode(&Unit{ID: "u", Segments: []*Segment{{Source: tm.Text("x")}}}); err == nil {
		t.Error("Encode before StartFile accepted")
	}
	e = NewEncoder(&buf, V21)
	_ = e.StartFile(korpusFile())
	if err := e.StartFile(&File{SourceLang: "fr", TargetLang: "en"}); err == nil {
		t.Error("2.x file with other languages accepted")
	}
	if err := NewEncoder(&buf, V12).Close(); err == nil {
		t.Error("empty document accepted")
	}
}

// TestCodesFromOtherFormats writes content whose codes came from TMX (or
// are crossing) and checks the output is valid XLIFF of both versions.
func TestCodesFromOtherFormats(t *testing.T) {
	c := tm.Content{
		{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt", Data: "<b>", Attrs: map[string]string{"i": "1", "x": "1"}}},
		{Text: "fett "},
		{Code: &tm.Code{Kind: tm.CodeMarkOpen, Elem: "hi", Attrs: map[string]string{"type": "x-term"}}},
		{Text: "und"},
		{Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept", Data: "</b>", Attrs: map[string]string{"i": "1"}}},
		{Text: " mehr"},
		{Code: &tm.Code{Kind: tm.CodeMarkClose, Elem: "hi"}},
		{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "2", Elem: "ut", Data: "{x}"}},
		{Code: &tm.Code{Kind: tm.CodeIsolated, ID: "3", Elem: "it", Data: "</i>", Attrs: map[string]string{"pos": "end"}}},
		{Code: &tm.Code{Kind: tm.CodeOpen, ID: "4"}},
		{Text: "x"},
		{Code: &tm.Code{Kind: tm.CodeClose, ID: "4"}},
		{Text: "\x07 end"},
	}
	for _, v := range []Version{V12, V21} {
		var buf bytes.Buffer
		e := NewEncoder(&buf, v)
		_ = e.StartFile(&File{SourceLang: "de", TargetLang: "en"})
		_ = e.Encode(&Unit{ID: "u1", Segments: []*Segment{{ID: "s1", Source: c, Target: c, Status: tm.StatusTranslated}}})
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		validate(t, v, buf.Bytes())
		units, _, err := decodeAll(t, "x.xlf", buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v\n%s", v, err, buf.String())
		}
		got := units[0].Segments[0].Target
		if want := "fett und mehrx\uFFFD end"; v == V12 && got.Plain() != want {
			t.Errorf("%s: text %q", v, got.Plain())
		}
		if want := "fett und mehrx\x07 end"; v.Is2() && got.Plain() != want {
			t.Errorf("%s: text %q", v, got.Plain())
		}
		var data []string
		for _, code := range got.Codes() {
			data = append(data, code.Data)
		}
		if s := strings.Join(data, "|"); s != "<b>||</b>||{x}|</i>||" {
			t.Errorf("%s: data %q\n%s", v, s, buf.String())
		}
	}
}

func TestTestdataValid(t *testing.T) {
	files, _ := filepath.Glob(testutil.Testdata("xliff/rich-*.xlf"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v := V12
		if strings.Contains(f, "2.1") {
			v = V21
		}
		validate(t, v, data)
	}
}

func TestUnitReader(t *testing.T) {
	data, err := os.ReadFile(testutil.Testdata("xliff/rich-2.1.xlf"))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(bytes.NewReader(data), "rich-2.1.xlf")
	first, err := d.Next()
	if err != nil {
		t.Fatal(err)
	}
	r := NewUnitReader(d, first)
	var got []string
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s→%s %s %q→%q prev=%q next=%q notes=%d", u.SourceLang, u.TargetLang, u.Status, u.Source.Plain(), u.Target.Plain(), u.Prev, u.Next, len(u.Notes)))
	}
	want := []string{
		`de→fr reviewed "  Zwei  Leerzeichen.  "→"  Deux  espaces.  " prev="" next="Zweiter Satz." notes=0`,
		`de→fr draft "Zweiter Satz."→"Deuxième phrase." prev="  Zwei  Leerzeichen.  " next="" notes=0`,
		`de→fr translated "Klicken Sie hier, über Begriff Kommentar."→"Cliquez ici, sur terme commentaire." prev="" next="Über zwei" notes=1`,
		`de→fr final "Über zwei"→"Sur deux" prev="Klicken Sie hier, über Begriff Kommentar." next="Segmente \x01." notes=1`,
		`de→fr final "Segmente \x01."→"segments \x01." prev="Über zwei" next="" notes=1`,
		`de→fr new "Ohne Übersetzung & <Zeichen>."→"" prev="" next="" notes=0`,
		`de→fr translated "Zweite Datei."→"Second fichier." prev="" next="" notes=0`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCodesWithoutIDs writes codes that have no id (content built by hand
// or from a format without ids): both ends of a pair get the same id, and
// ids are unique within a unit.
func TestCodesWithoutIDs(t *testing.T) {
	seg := func() tm.Content {
		return tm.Content{
			{Code: &tm.Code{Kind: tm.CodeOpen, Data: "<b>"}}, {Text: "a"}, {Code: &tm.Code{Kind: tm.CodeClose, Data: "</b>"}},
			{Code: &tm.Code{Kind: tm.CodeOpen}}, {Text: "b"}, {Code: &tm.Code{Kind: tm.CodeClose}},
			{Code: &tm.Code{Kind: tm.CodeStandalone}},
		}
	}
	for _, v := range []Version{V12, V21} {
		var buf bytes.Buffer
		e := NewEncoder(&buf, v)
		_ = e.StartFile(&File{SourceLang: "de", TargetLang: "en"})
		_ = e.Encode(&Unit{ID: "u1", Segments: []*Segment{
			{ID: "s1", Source: seg(), Target: seg()},
			{ID: "s2", Source: seg(), Target: seg()},
		}})
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		validate(t, v, buf.Bytes())
		units, _, err := decodeAll(t, "ids.xlf", buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v\n%s", v, err, buf.String())
		}
		seen := map[string]bool{}
		for _, s := range units[0].Segments {
			codes := s.Target.Codes()
			if codes[0].ID == "" || codes[0].ID != codes[1].ID || codes[2].ID != codes[3].ID || codes[0].ID == codes[2].ID || codes[0].Kind != tm.CodeOpen || codes[1].Kind != tm.CodeClose {
				t.Errorf("%s: pairs %s", v, js(codes))
			}
			if v.Is2() {
				for _, c := range s.Source.Codes() {
					if c.Kind != tm.CodeClose && seen[c.ID] {
						t.Errorf("2.x: id %q used twice in the unit\n%s", c.ID, buf.String())
					}
					seen[c.ID] = true
				}
			}
		}
	}
}

// TestDoctypeWithoutEntities accepts the DOCTYPE old XLIFF 1.2 tools write
// (no entity declarations, nothing fetched) and character references.
func TestDoctypeWithoutEntities(t *testing.T) {
	in := `<?xml version="1.0"?>
<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" "http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">
<xliff version="1.2"><file original="a" source-language="de" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>A&#x20;&amp;&#65;</source><target>ok</target></trans-unit></body></file></xliff>`
	units, _, err := decodeAll(t, "dt.xlf", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := units[0].Segments[0].Source.Plain(); got != "A &A" {
		t.Errorf("source %q", got)
	}
}

// TestUniqueIDs writes input whose ids repeat where the written version
// needs them unique (2.x segment ids per unit become 1.2 trans-unit ids
// per file; a split 1.2 group becomes several 2.x units).
func TestUniqueIDs(t *testing.T) {
	f := &File{SourceLang: "de", TargetLang: "en"}
	var units []*Unit
	for _, uid := range []string{"u1", "u2", "u2", ""} {
		units = append(units, &Unit{ID: uid, File: f, Segments: []*Segment{
			{ID: "1", Source: tm.Text("a")}, {ID: "2", Source: tm.Text("b")},
		}})
	}
	for _, v := range []Version{V12, V21} {
		out := encodeAll(t, v, units)
		validate(t, v, out)
		got, _, err := decodeAll(t, "u.xlf", out)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, u := range got {
			n += len(u.Segments)
		}
		if n != 8 {
			t.Errorf("%s: %d segments", v, n)
		}
	}
}

// Trados (SDLXLIFF) keeps each segment's confirmation level in
// <sdl:seg-defs>, not in state: a Draft segment must not enter the memory
// as translated, an ApprovedSignOff one is final. approved="yes" counts
// for the segments of a segmented trans-unit too.
func TestSDLConfirmationLevels(t *testing.T) {
	in := `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"><file original="a" source-language="de" target-language="en" datatype="x-sdlfilterframework2"><body>
<trans-unit id="tu1"><source>Eins. Zwei. Drei. Vier. Fünf.</source>
<seg-source><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2">Zwei.</mrk> <mrk mtype="seg" mid="3">Drei.</mrk> <mrk mtype="seg" mid="4">Vier.</mrk> <mrk mtype="seg" mid="5">Fünf.</mrk></seg-source>
<target><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2">Two.</mrk> <mrk mtype="seg" mid="3">Three.</mrk> <mrk mtype="seg" mid="4">Four.</mrk> <mrk mtype="seg" mid="5">Five.</mrk></target>
<sdl:seg-defs><sdl:seg id="1" conf="Draft"/><sdl:seg id="2" conf="Translated"/><sdl:seg id="3" conf="ApprovedTranslation"/><sdl:seg id="4" conf="ApprovedSignOff" locked="true"/><sdl:seg id="5" conf="RejectedTranslation"/></sdl:seg-defs>
</trans-unit>
<trans-unit id="tu2" approved="yes"><source>Sechs.</source>
<seg-source><mrk mtype="seg" mid="6">Sechs.</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="6">Six.</mrk></target></trans-unit>
</body></file></xliff>`
	units, _, err := decodeAll(t, "a.sdlxliff", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []tm.Status
	for _, u := range units {
		for _, s := range u.Segments {
			got = append(got, s.Status)
		}
	}
	want := []tm.Status{tm.StatusDraft, tm.StatusTranslated, tm.StatusReviewed, tm.StatusFinal, tm.StatusNeedsReview, tm.StatusReviewed}
	if !slices.Equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}
