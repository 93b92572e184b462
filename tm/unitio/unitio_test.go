package unitio_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/unitio"
)

func sampleUnits() []*tm.Unit {
	return []*tm.Unit{
		{
			SourceLang: "de", TargetLang: "en-US",
			Source: tm.Text("Tab\there, newline\nthere, backslash \\t and \\ and CR\r."),
			Target: tm.Text("Plain."),
			Origin: tm.OriginTMX, Status: tm.StatusReviewed,
			Creator: "alice", Changer: "bob", Usage: 4,
			Created: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			Changed: time.Date(2024, 2, 3, 4, 5, 6, 789000000, time.UTC),
			Props:   []tm.Prop{{Type: "x-domain", Value: "geo\tgraphy"}, {Type: "tmx:tuid", Lang: "en", Value: "7"}},
			Notes:   []tm.Note{{Text: "a \"note\"\nwith lines"}},
		},
		{
			SourceLang: "de", TargetLang: "en",
			Source: tm.Content{
				{Text: "Klicken Sie "},
				{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt", Attrs: map[string]string{"type": "bold"}, Data: "<b>"}},
				{Text: "hier"},
				{Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept", Data: "</b>"}},
				{Text: "."},
			},
			Target: tm.Content{{Text: "Click "}, {Code: &tm.Code{Kind: tm.CodeStandalone, ID: "x", Elem: "ph"}}},
			Origin: tm.OriginTSV,
		},
	}
}

type encoder interface {
	Encode(*tm.Unit) error
	Close() error
}

func roundTrip(t *testing.T, enc func(io.Writer) encoder, dec func(io.Reader) tm.UnitReader) []byte {
	t.Helper()
	var buf bytes.Buffer
	e := enc(&buf)
	want := sampleUnits()
	for _, u := range want {
		if err := e.Encode(u); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	d := dec(bytes.NewReader(buf.Bytes()))
	var got []*tm.Unit
	for {
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
		got = append(got, u)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want {
			if i < len(got) {
				t.Errorf("unit %d:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("round trip changed the units\n%s", buf.Bytes())
	}
	return buf.Bytes()
}

func TestTSVRoundTrip(t *testing.T) {
	out := roundTrip(t,
		func(w io.Writer) encoder { return unitio.NewTSVEncoder(w) },
		func(r io.Reader) tm.UnitReader { return unitio.NewTSVDecoder(r, "u.tsv") })
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want header + 2 (newlines must be escaped)", len(lines))
	}
	if want := strings.Join(unitio.Columns, "\t"); lines[0] != want {
		t.Errorf("header = %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "de\ten-US\tTab\\there, newline\\nthere, backslash \\\\t and \\\\ and CR\\r.\tPlain.\t") {
		t.Errorf("escaped line = %q", lines[1])
	}
	// The codes' JSON keeps "<b>" readable, as in JSONL and the README,
	// not "\u003cb\u003e" (which TSV escaping would even double).
	if want := `"d":"<b>"`; !strings.Contains(lines[2], want) {
		t.Errorf("codes line = %q, want it to contain %s", lines[2], want)
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	out := roundTrip(t,
		func(w io.Writer) encoder { return unitio.NewJSONLEncoder(w) },
		func(r io.Reader) tm.UnitReader { return unitio.NewJSONLDecoder(r, "u.jsonl") })
	if n := bytes.Count(out, []byte("\n")); n != 2 {
		t.Errorf("got %d lines, want 2", n)
	}
}

func TestTSVMinimalColumns(t *testing.T) {
	in := "target\tsource\ttarget_lang\tsource_lang\textra\n" +
		"Hello.\tHallo.\ten\tde\tignored\n\n" +
		"Bye.\tTschüss.\ten\tde_AT\t\n"
	d := unitio.NewTSVDecoder(strings.NewReader(in), "min.tsv")
	var got []string
	for {
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if u.Origin != tm.OriginTSV {
			t.Errorf("origin = %q", u.Origin)
		}
		got = append(got, string(u.SourceLang)+":"+u.Source.Plain()+"="+u.Target.Plain())
	}
	want := []string{"de:Hallo.=Hello.", "de-AT:Tschüss.=Bye."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBadInput(t *testing.T) {
	const hdr = "source_lang\ttarget_lang\tsource\ttarget\tsource_codes\n"
	for _, tc := range []struct {
		name, in, want string
		jsonl          bool
	}{
		{"TSVEmpty", "", `x: line 1: empty file: want a header line "source_lang\ttarget_lang\tsource\ttarget"`, false},
		{"TSVMissingColumn", "source_lang\ttarget_lang\tsource\n", `x: line 1: header lacks the column "target" (want at least source_lang, target_lang, source, target)`, false},
		{"TSVFieldCount", hdr + "de\ten\ta\tb\t\nde\ten\ta\tb\n", `x: line 3: 4 fields, the header has 5 (tabs inside a field must be written \t)`, false},
		{"TSVBadEscape", hdr + "de\ten\tä\\x\tb\t\n", `x: line 2, column 8: unknown escape \x (only \\, \t, \n and \r exist)`, false},
		{"TSVBadLang", hdr + "de\tzz-nope\ta\tb\t\n", `x: line 2, column 4: target_lang: invalid language tag "zz-nope": language: subtag "zz" is well-formed but unknown`, false},
		{"TSVUnbalanced", hdr + `de` + "\ten\ta\tb\t" + `[{"c":{"k":"open","id":"1"}},{"t":"a"}]` + "\n", `x: line 2, column 11: source_codes: unbalanced inline codes: open code "1" is never closed`, false},
		{"TSVPropsNotArray", "source_lang\ttarget_lang\tsource\ttarget\tprops\nde\ten\ta\tb\t{}\n", `x: line 2, column 11: props: want an array, not an object`, false},
		{"TSVPropType", "source_lang\ttarget_lang\tsource\ttarget\tprops\nde\ten\ta\tb\t[{\"type\":1}]\n", `x: line 2, column 11: props: type: want a string, not a number`, false},
		// Excel's "Text (tab delimited)" is Windows-1252: say where and
		// what to do; JSON must not replace the bytes with U+FFFD.
		{"TSVLatin1", "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tGr\xfc\xdfe\tb\n", `x: line 2, column 9: invalid UTF-8 (save the file as UTF-8, or UTF-16 with a byte-order mark)`, false},
		{"JSONLLatin1", `{"source_lang":"de","target_lang":"en","source":"Gr` + "\xfc\xdf" + `e","target":"x"}`, `x: line 1, column 52: invalid UTF-8 (save the file as UTF-8, or UTF-16 with a byte-order mark)`, true},
		{"JSONLSyntax", `{"source_lang":"de","target_lang":"en"}` + "\n" + `{"source_lang": de}`, `x: line 2, column 17: invalid JSON: invalid character 'd' looking for beginning of value`, true},
		{"JSONLNoLang", `{"source":"a"}`, `x: line 1: source_lang: empty language tag`, true},
		// A wrong JSON type names the field and the types in JSON terms,
		// not Go's struct and field names.
		{"JSONLWrongType", `{"source_lang":"de","target_lang":"en","source":1}`, `x: line 1, column 49: source: want a string, not a number`, true},
		{"JSONLWrongCodes", `{"source_lang":"de","target_lang":"en","source":"a","source_codes":"x"}`, `x: line 1, column 70: source_codes: want an array, not a string`, true},
		{"JSONLWrongUsage", `{"source_lang":"de","target_lang":"en","usage":"3"}`, `x: line 1, column 50: usage: want an integer, not a string`, true},
		{"JSONLBadTime", `{"source_lang":"de","target_lang":"en","created":"yesterday"}`, `x: line 1: created: invalid time "yesterday" (want RFC 3339, e.g. 2024-01-02T03:04:05Z)`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d tm.UnitReader = unitio.NewTSVDecoder(strings.NewReader(tc.in), "x")
			if tc.jsonl {
				d = unitio.NewJSONLDecoder(strings.NewReader(tc.in), "x")
			}
			var err error
			for err == nil {
				_, err = d.Next()
			}
			if err == io.EOF || err.Error() != tc.want {
				t.Errorf("error\n got %v\nwant %s", err, tc.want)
			}
			var le *unitio.LineError
			if err != io.EOF && (!errors.As(err, &le) || tm.ErrorCode(err) != tm.EINVALID) {
				t.Errorf("want an EINVALID *LineError, got %T", err)
			}
		})
	}
}
