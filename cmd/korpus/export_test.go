package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
			t.Run("Schema", func(t *testing.T) { validateXLIFF(t, tc.v, path) })
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
		// -o naming a directory says so, before any work and without
		// the temporary file's name from a failed rename
		{"OutputIsDirectory", []string{"export", seedDoc, "--to", "en", "-o", t.TempDir()}, exitError, []string{"cannot write", "is a directory"}},
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

// copiedTarget matches a target --copy-source wrote (1.2: <target
// state="needs-translation">; 2.x: a <target> of a <segment state="initial">) with the
// index of its segment.
var copiedTarget = map[string]*regexp.Regexp{
	"xliff":  regexp.MustCompile(`(?s)(<trans-unit id="s(\d+)">\s*<source>[^<]*</source>\s*<target state="needs-translation">)([^<]*)(</target>)`),
	"xliff2": regexp.MustCompile(`(?s)(<segment id="s(\d+)" state="initial">\s*<source>[^<]*</source>\s*<target>)([^<]*)(</target>)`),
}

// TestExportCopySource: --copy-source gives every untranslated segment its
// source as target under the state of an untranslated unit, keeps the
// stored translations, and validates; imported back unchanged it adds
// nothing, and a translator's edits to a few copies (state left as it was,
// as OmegaT does) are exactly what import stores.
func TestExportCopySource(t *testing.T) {
	for _, tc := range []struct {
		format, state string
		v             xliff.Version
	}{{"xliff", "needs-translation", xliff.V12}, {"xliff2", "initial", xliff.V21}} {
		t.Run(tc.format, func(t *testing.T) {
			db := seedDB(t)
			// translate every third segment through a korpus round trip
			translated, set := translateFile(t, exportXLIFF(t, db, seedDoc, tc.format), func(i int, src string) (string, string) {
				if i%3 != 0 {
					return "", ""
				}
				return "EN " + src, "translated"
			})
			if rep, _ := importJSON(t, db, translated); rep.Added != len(set) || len(set) != 14 {
				t.Fatalf("setup import %+v of %d", rep, len(set))
			}

			path := filepath.Join(t.TempDir(), "copy.xlf")
			_, errOut, code := runKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", tc.format, "--copy-source", "-o", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "41 segments, 14 translated, 27 with the source copied") {
				t.Errorf("notice %q", errOut)
			}
			t.Run("Schema", func(t *testing.T) { validateXLIFF(t, tc.v, path) })
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, u := range decodeXLIFF(t, data) {
				for _, s := range u.Segments {
					i, _ := xliff.ParseSegmentID(s.ID)
					src := s.Source.Plain()
					switch {
					case s.Target == nil:
						t.Errorf("segment %d: no target", i)
					case set[i] != "":
						if s.Target.Plain() != set[i] || s.State != "translated" {
							t.Errorf("segment %d: %q state %q, want %q translated", i, s.Target.Plain(), s.State, set[i])
						}
					case s.Target.Plain() != src || s.State != tc.state:
						t.Errorf("segment %d: %q state %q, want the source %q state %q", i, s.Target.Plain(), s.State, src, tc.state)
					}
					n++
				}
			}
			if n != 41 {
				t.Errorf("%d segments", n)
			}

			rep, _ := importJSON(t, db, path)
			if rep.Read != 41 || rep.Added != 0 || rep.Updated != 0 || rep.Unchanged != 14 || rep.Skipped != 27 ||
				rep.Reasons["target is an untranslated copy of the source"] != 27 {
				t.Errorf("unchanged copy imported: %+v", rep)
			}

			// a translator edits the copies of s1, s2 and s4 only
			edited := map[int]string{}
			re := copiedTarget[tc.format]
			out := re.ReplaceAllStringFunc(string(data), func(m string) string {
				g := re.FindStringSubmatch(m)
				i, _ := strconv.Atoi(g[2])
				if i != 1 && i != 2 && i != 4 {
					return m
				}
				edited[i] = fmt.Sprintf("Edited %d", i)
				return g[1] + edited[i] + g[4]
			})
			if len(edited) != 3 {
				t.Fatalf("edited %v: the copies are not where the test expects them", edited)
			}
			rep, _ = importJSON(t, db, writeFile(t, "edited.xlf", []byte(out)))
			if rep.Added != 3 || rep.Updated != 0 || rep.Unchanged != 14 || rep.Skipped != 24 {
				t.Errorf("edited copy imported: %+v", rep)
			}
			got, statuses := exportedTargets(t, db, seedDoc)
			if len(got) != 17 {
				t.Errorf("%d translations stored, want 17", len(got))
			}
			for i, want := range edited {
				if got[i] != want || statuses[i] != tm.StatusTranslated {
					t.Errorf("segment %d: stored %q (%s), want %q (translated)", i, got[i], statuses[i], want)
				}
			}
		})
	}
}

func TestExportCopySourceNeedsXLIFF(t *testing.T) {
	db := seedDB(t)
	for _, format := range []string{"tmx", "tsv", "jsonl"} {
		out, errOut, code := runKorpus(t, db, "", "export", seedDoc, "--to", "en", "--format", format, "--copy-source")
		wantError(t, errOut, code, exitUsage, "--copy-source", "xliff", format)
		if out != "" {
			t.Errorf("%s: stdout %q", format, out)
		}
	}
}
