package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/xliff"
)

// seedDB returns a database holding the seed article as version 1.
func seedDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	mustRunKorpus(t, db, "", "add", seedPath())
	return db
}

// xliffSchemas are the schemas (under ../shared/schemas) korpus's XLIFF of
// each version must validate against.
var xliffSchemas = map[xliff.Version][]string{
	xliff.V12: {"xliff-1.2/xliff-core-1.2-transitional.xsd", "xliff-1.2/xliff-core-1.2-strict.xsd"},
	xliff.V21: {"xliff-2.1/xliff_core_2.0.xsd", "xliff-2.1/xliff-2.1-with-modules.xsd"},
}

// validateXLIFF runs xmllint --schema, offline, on an XLIFF file.
func validateXLIFF(t *testing.T, v xliff.Version, path string) {
	t.Helper()
	xmllint := testutil.NeedTool(t, "xmllint")
	dir := testutil.SharedDir(t, "schemas")
	for _, s := range xliffSchemas[v] {
		out, err := exec.Command(xmllint, "--nonet", "--noout", "--schema", filepath.Join(dir, s), path).CombinedOutput()
		if err != nil {
			t.Errorf("xmllint --schema %s %s: %v\n%s", s, path, err, out)
		}
	}
}

// decodeXLIFF reads every unit of an XLIFF file.
func decodeXLIFF(t *testing.T, data []byte) []*xliff.Unit {
	t.Helper()
	d := xliff.NewDecoder(bytes.NewReader(data), "export.xlf")
	var out []*xliff.Unit
	for {
		u, err := d.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%v", err)
		}
		out = append(out, u)
	}
}

func TestExportXLIFF(t *testing.T) {
	db := seedDB(t)
	for _, tc := range []struct {
		format string
		v      xliff.Version
	}{{"xliff", xliff.V12}, {"xliff2", xliff.V21}} {
		t.Run(tc.format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.xlf")
			_, errOut, code := runKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", tc.format, "-o", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "41 segments, 0 translated") {
				t.Errorf("notice %q", errOut)
			}
			validateXLIFF(t, tc.v, path)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// stable: the same version exports to the same bytes
			if again := mustRunKorpus(t, db, "", "export", seedDoc+"@1", "--to", "en", "--format", tc.format); again != string(data) {
				t.Error("second export differs")
			}
			units := decodeXLIFF(t, data)
			f := units[0].File
			if f.Original != seedDoc || f.SourceLang != "de" || f.TargetLang != "en" || f.Korpus == nil ||
				f.Korpus.Document != seedDoc || f.Korpus.Version != 1 || len(f.Korpus.Hash) != 64 {
				t.Errorf("file %+v %+v", f, f.Korpus)
			}
			n := 0
			for _, u := range units {
				for _, s := range u.Segments {
					if s.ID != xliff.SegmentID(n) || s.Target != nil || s.Status != tm.StatusNew {
						t.Errorf("segment %d: %+v", n, s)
					}
					n++
				}
			}
			if n != 41 || len(units) != 36 || units[35].ID != "p35" {
				t.Errorf("%d segments in %d units", n, len(units))
			}
		})
	}
}

func TestExportUnitFormats(t *testing.T) {
	db := seedDB(t)
	translateVersion(t, db, seedDoc, 1)
	tmxOut := mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", "tmx")
	if n := strings.Count(tmxOut, "<tu>") + strings.Count(tmxOut, "<tu "); n != 41 {
		t.Errorf("%d <tu> in the TMX", n)
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		dtd := testutil.SharedDir(t, "schemas", "tmx", "tmx14.dtd")
		p := writeFile(t, "a.tmx", []byte(tmxOut))
		if out, err := exec.Command(xmllint, "--nonet", "--noout", "--dtdvalid", dtd, p).CombinedOutput(); err != nil {
			t.Errorf("TMX invalid: %v\n%s", err, out)
		}
	}
	jsonl := mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", "jsonl")
	lines := strings.Split(strings.TrimSpace(jsonl), "\n")
	if len(lines) != 41 {
		t.Fatalf("%d JSONL lines", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &first); err != nil {
		t.Fatal(err)
	}
	if first["target"] != "EN Im Januar 2021 fand der 8. Parteitag der Partei der Arbeit Koreas statt." {
		t.Errorf("jsonl line %s", lines[2])
	}
	tsv := mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", "tsv")
	if n := strings.Count(tsv, "\n"); n != 42 { // header + 41
		t.Errorf("%d TSV lines", n)
	}
}

func TestExportFillsTranslations(t *testing.T) {
	db := seedDB(t)
	translateVersion(t, db, seedDoc, 1)
	out := mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en")
	units := decodeXLIFF(t, []byte(out))
	s := units[2].Segments[0]
	if s.Target.Plain() != "EN "+s.Source.Plain() || s.Status != tm.StatusReviewed {
		t.Errorf("segment %+v", s)
	}
	// another language has none
	out = mustRunKorpus(t, db, "", "export", seedDoc, "--to", "fr")
	if strings.Contains(out, "<target") {
		t.Error("French export has targets")
	}
}

func TestExportExactMatches(t *testing.T) {
	db := seedDB(t)
	// a memory unit (not linked to the document) with a segment's text
	tmx := `<?xml version="1.0"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="de" datatype="plaintext"/><body>
<tu><tuv xml:lang="de"><seg>Für Souveränität und Gerechtigkeit</seg></tuv><tuv xml:lang="en"><seg>For <bpt i="1">&lt;b&gt;</bpt>sovereignty<ept i="1">&lt;/b&gt;</ept> and justice</seg></tuv></tu></body></tmx>`
	mustRunKorpus(t, db, "", "import", writeFile(t, "m.tmx", []byte(tmx)))
	out := mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en")
	if strings.Contains(out, "<target") {
		t.Error("exact match filled without --exact")
	}
	out = mustRunKorpus(t, db, "", "export", seedDoc, "--to", "en", "--exact")
	s := decodeXLIFF(t, []byte(out))[1].Segments[0]
	if s.Target.Plain() != "For sovereignty and justice" || s.Target.HasCodes() || s.Status != tm.StatusNeedsReview {
		t.Errorf("segment %+v", s)
	}
	// the export imports back (no codes the plain source lacks)
	rep, _ := importJSON(t, db, writeFile(t, "exact.xlf", []byte(out)))
	if rep.Added != 1 {
		t.Errorf("re-import %+v", rep)
	}
}

func TestExportErrors(t *testing.T) {
	db := seedDB(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"UnknownDocument", []string{"export", "nope.txt", "--to", "en"}, exitError, []string{`no document "nope.txt"`}},
		{"UnknownVersion", []string{"export", seedDoc + "@3", "--to", "en"}, exitError, []string{"no version 3"}},
		{"NoTarget", []string{"export", seedDoc}, exitUsage, []string{"--to"}},
		{"SameLanguage", []string{"export", seedDoc, "--to", "de-AT"}, exitUsage, []string{"language of"}},
		{"BadLanguage", []string{"export", seedDoc, "--to", "zz"}, exitUsage, []string{"zz"}},
		{"BadFormat", []string{"export", seedDoc, "--to", "en", "--format", "docx"}, exitUsage, []string{"xliff, xliff2, tmx, tsv, jsonl"}},
		{"UnwritableOutput", []string{"export", seedDoc, "--to", "en", "-o", filepath.Join(t.TempDir(), "missing", "a.xlf")}, exitError, []string{"cannot write"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runKorpus(t, db, "", tc.args...)
			wantError(t, errOut, code, tc.code, tc.want...)
			if out != "" {
				t.Errorf("stdout %q", out)
			}
		})
	}
}
