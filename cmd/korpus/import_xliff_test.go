package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/xliff"
)

// exportXLIFF exports the seed (version ref) as format into a file.
func exportXLIFF(t *testing.T, db, ref, format string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "export.xlf")
	mustRunKorpus(t, db, "", "export", ref, "--to", "en", "--format", format, "-o", p)
	return p
}

var (
	// a korpus 1.2 trans-unit or 2.x segment and its source, as written
	segment12 = regexp.MustCompile(`(?s)<trans-unit id="s(\d+)">(\s*)<source>(.*?)</source>`)
	segment2  = regexp.MustCompile(`(?s)<segment id="s(\d+)">(\s*)<source>(.*?)</source>`)
)

// translateFile edits an exported XLIFF as a translator would, without
// korpus's codec: it adds a target to every segment for which target
// returns text (with the state attribute of state, in the file's
// version), and returns the new file's path and the targets set by index.
func translateFile(t *testing.T, path string, target func(i int, src string) (string, string)) (string, map[int]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	set := map[int]string{}
	s := string(data)
	v2 := strings.Contains(s, `version="2.1"`)
	re := segment12
	if v2 {
		re = segment2
	}
	s = re.ReplaceAllStringFunc(s, func(m string) string {
		g := re.FindStringSubmatch(m)
		i, _ := strconv.Atoi(g[1])
		src := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(g[3])
		tgt, state := target(i, src)
		if tgt == "" {
			return m
		}
		set[i] = tgt
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(tgt)
		if v2 {
			// 2.x: state is an attribute of <segment>
			return strings.Replace(m, `">`, `" state="`+state+`">`, 1) + g[2] + "<target>" + esc + "</target>"
		}
		return m + g[2] + `<target state="` + state + `">` + esc + "</target>"
	})
	out := filepath.Join(t.TempDir(), "translated.xlf")
	if err := os.WriteFile(out, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, set
}

// importJSON runs korpus import --json and returns the report.
func importJSON(t *testing.T, db string, args ...string) (importReport, string) {
	t.Helper()
	out, errOut, code := runKorpus(t, db, "", append([]string{"import", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	var rep importReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return rep, errOut
}

// exportedTargets exports the document again and returns index → target
// and index → status.
func exportedTargets(t *testing.T, db, ref string) (map[int]string, map[int]tm.Status) {
	t.Helper()
	out := mustRunKorpus(t, db, "", "export", ref, "--to", "en")
	targets, statuses := map[int]string{}, map[int]tm.Status{}
	for _, u := range decodeXLIFF(t, []byte(out)) {
		for _, s := range u.Segments {
			if s.Target != nil {
				i, _ := xliff.ParseSegmentID(s.ID)
				targets[i], statuses[i] = s.Target.Plain(), s.Status
			}
		}
	}
	return targets, statuses
}

func TestImportXLIFFRoundTrip(t *testing.T) {
	for _, tc := range []struct{ format, final string }{{"xliff", "final"}, {"xliff2", "final"}} {
		t.Run(tc.format, func(t *testing.T) {
			db := seedDB(t)
			exported := exportXLIFF(t, db, seedDoc, tc.format)
			translated, set := translateFile(t, exported, func(i int, src string) (string, string) {
				switch {
				case i%3 == 0:
					return "", ""
				case i == 4:
					return fmt.Sprintf("T%d <&> %s", i, strings.ToUpper(src)), tc.final
				}
				return fmt.Sprintf("T%d  %s ", i, strings.ToUpper(src)), "translated"
			})
			before := fileState(t, db)
			rep, _ := importJSON(t, db, "--dry-run", translated)
			if fileState(t, db) != before {
				t.Error("--dry-run changed the database")
			}
			if rep.Read != 41 || rep.Added != len(set) || rep.Skipped != 41-len(set) || rep.Reasons["no target"] != 41-len(set) {
				t.Errorf("dry run report %+v", rep)
			}
			rep, _ = importJSON(t, db, translated)
			if rep.Added != len(set) || rep.Updated != 0 || rep.Unchanged != 0 || rep.Format != "XLIFF 1.2" && rep.Format != "XLIFF 2" {
				t.Errorf("report %+v", rep)
			}
			got, statuses := exportedTargets(t, db, seedDoc)
			if len(got) != len(set) {
				t.Errorf("%d translations stored, want %d", len(got), len(set))
			}
			for i, want := range set {
				if got[i] != want { // exactly, whitespace included
					t.Errorf("segment %d: stored %q, want %q", i, got[i], want)
				}
			}
			if statuses[4] != tm.StatusFinal || statuses[1] != tm.StatusTranslated {
				t.Errorf("statuses %v", statuses)
			}
			// the same file again: unchanged
			rep, _ = importJSON(t, db, translated)
			if rep.Added != 0 || rep.Unchanged != len(set) {
				t.Errorf("second import %+v", rep)
			}
			// one target changed: updated
			retranslated, _ := translateFile(t, exported, func(i int, src string) (string, string) {
				if i == 1 {
					return "Revised.", "translated"
				}
				return "", ""
			})
			rep, _ = importJSON(t, db, retranslated)
			if rep.Updated != 1 || rep.Added != 0 {
				t.Errorf("revision %+v", rep)
			}
			if got, _ := exportedTargets(t, db, seedDoc); got[1] != "Revised." || got[2] != set[2] {
				t.Errorf("after revision: %q / %q", got[1], got[2])
			}
		})
	}
}

func TestImportXLIFFFromOlderVersion(t *testing.T) {
	db := seedDB(t)
	exported := exportXLIFF(t, db, seedDoc, "xliff")
	// version 2: some sentences rewritten, one inserted, one deleted
	mustRunKorpus(t, db, "", "add", "--doc", seedDoc, seedRevision())
	translated, set := translateFile(t, exported, func(i int, src string) (string, string) {
		return "EN " + src, "translated"
	})
	rep, notice := importJSON(t, db, translated)
	if rep.Added == 0 || rep.Reasons["source changed in the latest version"] == 0 || rep.Added+rep.Skipped != len(set) {
		t.Errorf("report %+v", rep)
	}
	wantNotice := fmt.Sprintf("%s: exported from version 1, stored for version 2: %d mapped, %d skipped (source changed in the latest version)",
		seedDoc, rep.Added, rep.Reasons["source changed in the latest version"])
	if !strings.Contains(notice, wantNotice) {
		t.Errorf("notice %q, want %q", notice, wantNotice)
	}
	// --json says the same for scripts, which do not parse stderr
	wantDoc := importDocument{Document: seedDoc, Lang: "en", ExportedVersion: 1, StoredVersion: 2,
		Mapped: rep.Added, SourceChanged: rep.Reasons["source changed in the latest version"]}
	if len(rep.Documents) != 1 || rep.Documents[0] != wantDoc {
		t.Errorf("documents %+v, want [%+v]", rep.Documents, wantDoc)
	}
	// every stored translation sits on a segment with the same source
	out := mustRunKorpus(t, db, "", "export", seedDoc+"@2", "--to", "en")
	n := 0
	for _, u := range decodeXLIFF(t, []byte(out)) {
		for _, s := range u.Segments {
			if s.Target == nil {
				continue
			}
			n++
			if want := "EN " + s.Source.Plain(); s.Target.Plain() != want {
				t.Errorf("segment %s: target %q on source %q", s.ID, s.Target.Plain(), s.Source.Plain())
			}
		}
	}
	if n != rep.Added {
		t.Errorf("%d translated segments in version 2, %d added", n, rep.Added)
	}
	// version 1 itself got nothing
	if got, _ := exportedTargets(t, db, seedDoc+"@1"); len(got) != 0 {
		t.Errorf("version 1 got %d translations", len(got))
	}
}

func TestImportForeignXLIFF(t *testing.T) {
	db := tempDB(t)
	for _, tc := range []struct {
		f           string
		read, added int
	}{{"rich-1.2.xlf", 6, 5}, {"rich-2.1.xlf", 7, 6}} {
		f := tc.f
		rep, _ := importJSON(t, db, testutil.Testdata("xliff/"+f))
		// every segment but one has a target
		if rep.Read != tc.read || rep.Added != tc.added || rep.Reasons["empty target"] != 1 {
			t.Errorf("%s: report %+v", f, rep)
		}
	}
	out := mustRunKorpus(t, db, "", "export-tm", "--format", "jsonl")
	if !strings.Contains(out, `"Click "`) && !strings.Contains(out, "Click ") {
		t.Errorf("memory lacks the 1.2 units:\n%s", out)
	}
	if !strings.Contains(out, "Cliquez ") {
		t.Errorf("memory lacks the 2.1 units")
	}
}

func TestImportXLIFFBadInput(t *testing.T) {
	db := seedDB(t)
	exported := exportXLIFF(t, db, seedDoc, "xliff")
	data, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	korpusBad := func(name, old, new string) string {
		s := strings.Replace(string(data), old, new, 1)
		if s == string(data) {
			t.Fatalf("%s: %q not in the export", name, old)
		}
		return writeFile(t, name, []byte(s))
	}
	// a target with a code the (plain) source does not have
	unbalanced, _ := translateFile(t, exported, func(i int, src string) (string, string) {
		if i == 40 {
			return "EN", "translated"
		}
		return "", ""
	})
	ub, err := os.ReadFile(unbalanced)
	if err != nil {
		t.Fatal(err)
	}
	unbalanced = writeFile(t, "unbalanced.xlf", []byte(strings.Replace(string(ub), ">EN</target>", "><bx id=\"1\"/>EN</target>", 1)))
	// a foreign <file> followed by a korpus one
	rich, err := os.ReadFile(testutil.Testdata("xliff/rich-1.2.xlf"))
	if err != nil {
		t.Fatal(err)
	}
	korpusFile := string(data)[strings.Index(string(data), "<file "):strings.Index(string(data), "</xliff>")]
	mixed := writeFile(t, "mixed.xlf", []byte(strings.Replace(string(rich), "</xliff>", korpusFile+"</xliff>", 1)))
	// a first valid import, so that "unchanged" means something
	good, _ := translateFile(t, exported, func(i int, src string) (string, string) { return "EN " + src, "translated" })
	mustRunKorpus(t, db, "", "import", good)
	for _, tc := range []struct {
		name string
		file string
		want []string
	}{
		{"Malformed", testutil.Testdata("xliff/bad-malformed.xlf"), []string{"bad-malformed.xlf: line 7, column 35: malformed XML"}},
		{"WrongRoot", writeFile(t, "root.xml", []byte("<?xml version=\"1.0\"?>\n<document><p>x</p></document>\n")), []string{"root.xml", "root element <document>"}},
		{"XLIFFWithoutBody", writeFile(t, "body.xlf", []byte("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<trans-unit/></xliff>\n")),
			[]string{"body.xlf: line 3, column 1: invalid XLIFF structure: <trans-unit> outside <body>"}},
		{"UnsupportedVersion", testutil.Testdata("xliff/bad-version.xlf"), []string{"line 2, column 1", `unsupported XLIFF version: version "3.0"`}},
		{"Entities", testutil.Testdata("xliff/bad-entities.xlf"), []string{"line 2, column 1", "DOCTYPE with entity declarations"}},
		{"UnknownLanguage", testutil.Testdata("xliff/bad-lang.xlf"), []string{"line 3, column 3", `unknown language: target-language "zz"`}},
		{"Truncated", testutil.Testdata("xliff/bad-truncated.xlf"), []string{"line 8, column 1", "unexpected end of file"}},
		{"UnbalancedForeign", testutil.Testdata("xliff/bad-unbalanced-open.xlf"), []string{"line 7, column 17", "opened but never closed"}},
		{"UnbalancedKorpusTarget", unbalanced,
			[]string{"unbalanced.xlf: line", "<bx id=\"1\"> in the target is opened but never closed"}},
		{"UnknownLanguageKorpus", korpusBad("lang.xlf", `target-language="en"`, `target-language="xx"`), []string{"lang.xlf: line 3", `unknown language: target-language "xx"`}},
		{"OtherText", korpusBad("hash.xlf", `build-num="`, `build-num="00`), []string{"exported from a different text"}},
		{"UnknownDocument", korpusBad("doc.xlf", `product-name="`+seedDoc, `product-name="other.txt`), []string{`no document "other.txt"`}},
		{"UnknownVersion", korpusBad("ver.xlf", `product-version="1"`, `product-version="9"`), []string{"has no version 9"}},
		{"MixedWithForeign", mixed, []string{"mixes files exported by korpus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := fileState(t, db)
			out, errOut, code := runKorpus(t, db, "", "import", tc.file)
			wantError(t, errOut, code, exitError, tc.want...)
			if out != "" {
				t.Errorf("stdout %q", out)
			}
			if fileState(t, db) != before {
				t.Error("the database changed")
			}
		})
	}
}

// pythonTranslate returns a python3 that has translate-toolkit's
// translate.storage (Debian's translate-toolkit installs it for
// /usr/bin/python3, which may not be the python3 on PATH).
func pythonTranslate(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(py); err == nil {
			if exec.Command(p, "-c", "import translate.storage.xliff").Run() == nil {
				return p
			}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("translate-toolkit not installed; .ci/run should install it")
	}
	t.Skip("translate-toolkit (python3 translate.storage) not installed")
	return ""
}

// ttReadScript prints, as JSON, the units translate-toolkit reads from an
// XLIFF file: [[id, source, target], …].
const ttReadScript = `
import json, sys
from translate.storage import xliff
st = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps([[u.getid(), str(u.source), str(u.target or "")] for u in st.units if not u.isheader()]))
`

// ttTranslateScript sets every target to "TT " + source with
// translate-toolkit and saves the file.
const ttTranslateScript = `
import sys
from translate.storage import xliff
st = xliff.xlifffile.parsefile(sys.argv[1])
for u in st.units:
    if not u.isheader():
        u.target = "TT " + str(u.source)
        u.markfuzzy(False)
st.savefile(sys.argv[2])
`

func TestInteropTranslateToolkit(t *testing.T) {
	py := pythonTranslate(t)
	db := seedDB(t)
	translateVersion(t, db, seedDoc, 1)
	for _, tc := range []struct {
		format string
		v      xliff.Version
	}{{"xliff", xliff.V12}, {"xliff2", xliff.V21}} {
		t.Run("Read/"+tc.format, func(t *testing.T) {
			p := exportXLIFF(t, db, seedDoc, tc.format)
			out, err := exec.Command(py, "-c", ttReadScript, p).CombinedOutput()
			if err != nil {
				t.Fatalf("translate-toolkit: %v\n%s", err, out)
			}
			var units [][3]string
			if err := json.Unmarshal(out, &units); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if tc.v.Is2() && len(units) == 0 {
				// translate-toolkit 3.8 (Debian 12) parses XLIFF 2 without error
				// but knows only 1.x trans-units.
				t.Skip("translate-toolkit reads no units from XLIFF 2 (it supports XLIFF 1.x only)")
			}
			data, _ := os.ReadFile(p)
			var want [][3]string
			for _, u := range decodeXLIFF(t, data) {
				for _, s := range u.Segments {
					want = append(want, [3]string{s.ID, s.Source.Plain(), s.Target.Plain()})
				}
			}
			if len(units) != len(want) || len(want) != 41 {
				t.Fatalf("translate-toolkit read %d units, korpus wrote %d", len(units), len(want))
			}
			for i := range want {
				id := units[i][0][strings.LastIndex(units[i][0], "\x04")+1:]
				if id != want[i][0] || units[i][1] != want[i][1] || units[i][2] != want[i][2] {
					t.Errorf("unit %d: translate-toolkit %q, korpus %q", i, units[i], want[i])
				}
			}
		})
	}
	t.Run("TranslatedByToolkitImports", func(t *testing.T) {
		db := seedDB(t)
		p := exportXLIFF(t, db, seedDoc, "xliff")
		translated := filepath.Join(t.TempDir(), "tt.xlf")
		if out, err := exec.Command(py, "-c", ttTranslateScript, p, translated).CombinedOutput(); err != nil {
			t.Fatalf("translate-toolkit: %v\n%s", err, out)
		}
		rep, _ := importJSON(t, db, translated)
		if rep.Added != 41 || rep.Skipped != 0 {
			t.Errorf("report %+v", rep)
		}
		got, _ := exportedTargets(t, db, seedDoc)
		_, _, segs := versionSegments(t, db)
		for _, s := range segs {
			if got[s.Index] != "TT "+s.Text {
				t.Errorf("segment %d: %q", s.Index, got[s.Index])
			}
		}
	})
}

// versionSegments returns the seed's stored segments through korpus show.
func versionSegments(t *testing.T, db string) (string, int, []tm.Segment) {
	t.Helper()
	var segs []tm.Segment
	for _, s := range parseJSONL(t, mustRunKorpus(t, db, "", "show", seedDoc, "--format", "jsonl")) {
		segs = append(segs, tm.Segment{Para: s.Para, Index: s.Index, Text: s.Text, Hash: s.Hash})
	}
	return seedDoc, 1, segs
}

func TestImportXLIFFLangMapAndStates(t *testing.T) {
	db := seedDB(t)
	exported := exportXLIFF(t, db, seedDoc, "xliff")
	states := map[int]string{1: "x-draft", 2: "signed-off", 3: "needs-review-translation", 4: "new"}
	translated, _ := translateFile(t, exported, func(i int, src string) (string, string) {
		if st, ok := states[i]; ok {
			return "EN " + src, st
		}
		return "", ""
	})
	data, err := os.ReadFile(translated)
	if err != nil {
		t.Fatal(err)
	}
	us := writeFile(t, "us.xlf", []byte(strings.Replace(string(data), `target-language="en"`, `target-language="en-US"`, 1)))
	// stored as en-US: an export to en finds nothing
	rep, _ := importJSON(t, db, "--dry-run", us)
	if rep.Added != 4 {
		t.Errorf("dry run %+v", rep)
	}
	rep, _ = importJSON(t, db, "--lang-map", "en-US=en", us)
	if rep.Added != 4 {
		t.Errorf("report %+v", rep)
	}
	_, statuses := exportedTargets(t, db, seedDoc)
	want := map[int]tm.Status{1: tm.StatusDraft, 2: tm.StatusReviewed, 3: tm.StatusNeedsReview, 4: tm.StatusTranslated}
	for i, s := range want {
		if statuses[i] != s {
			t.Errorf("segment %d: status %q, want %q", i, statuses[i], s)
		}
	}
}

// TestImportXLIFFSegSource imports a korpus XLIFF 1.2 to which a CAT tool
// added <seg-source> segmentation (as Trados and memoQ do): one <mrk
// mtype="seg"> for a whole sentence, or several.
func TestImportXLIFFSegSource(t *testing.T) {
	db := seedDB(t)
	exported := exportXLIFF(t, db, seedDoc, "xliff")
	data, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	s := segment12.ReplaceAllStringFunc(string(data), func(m string) string {
		g := segment12.FindStringSubmatch(m)
		switch g[1] {
		case "2": // one segment
			return m + `<seg-source><mrk mtype="seg" mid="1">` + g[3] + `</mrk></seg-source>` +
				`<target state="translated"><mrk mtype="seg" mid="1">EN ` + g[3] + `</mrk></target>`
		case "3": // split after the first comma
			a, b, _ := strings.Cut(g[3], ", ")
			return m + `<seg-source><mrk mtype="seg" mid="1">` + a + `,</mrk> <mrk mtype="seg" mid="2">` + b + `</mrk></seg-source>` +
				`<target state="translated"><mrk mtype="seg" mid="1">A,</mrk> <mrk mtype="seg" mid="2">B</mrk></target>`
		}
		return m
	})
	p := writeFile(t, "segsource.xlf", []byte(s))
	rep, _ := importJSON(t, db, p)
	if rep.Added != 2 {
		t.Errorf("report %+v", rep)
	}
	got, _ := exportedTargets(t, db, seedDoc)
	if got[2] != "EN Im Januar 2021 fand der 8. Parteitag der Partei der Arbeit Koreas statt." || got[3] != "A, B" {
		t.Errorf("targets %q / %q", got[2], got[3])
	}
}
