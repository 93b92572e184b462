package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

func tmxTestdata(name string) string { return testutil.Testdata(filepath.Join("tmx", name)) }

// exportJSONL returns the whole memory as JSONL: every stored field but the id.
func exportJSONL(t *testing.T, db string) string {
	t.Helper()
	return mustRunKorpus(t, db, "", "export-tm", "--format", "jsonl")
}

func TestImportTMXRoundTripFixedPoint(t *testing.T) {
	db1 := tempDB(t)
	out := mustRunKorpus(t, db1, "", "import", tmxTestdata("full.tmx"))
	if !strings.Contains(out, "6 units read, 6 added, 0 updated, 0 unchanged, 0 skipped") {
		t.Errorf("import report: %s", out)
	}
	exported := writeFile(t, "export.tmx", []byte(mustRunKorpus(t, db1, "", "export-tm", "--format", "tmx")))

	db2 := tempDB(t)
	mustRunKorpus(t, db2, "", "import", exported)
	want, got := exportJSONL(t, db1), exportJSONL(t, db2)
	if got != want {
		t.Fatalf("TMX import → export → import is not a fixed point:\nfirst  %s\nsecond %s", want, got)
	}
	for _, s := range []string{`"type":"x-domain"`, `"from":"tmx:target"`, `"created":"2024-01-01T12:00:00Z"`, `"k":"open"`, `"e":"hi"`, `"source_lang":"en-US","target_lang":"de-DE"`} {
		if !strings.Contains(want, s) {
			t.Errorf("memory lacks %s", s)
		}
	}
	// Importing the export into the first memory changes nothing.
	out = mustRunKorpus(t, db1, "", "import", exported)
	if !strings.Contains(out, "6 units read, 0 added, 0 updated, 6 unchanged") {
		t.Errorf("re-import: %s", out)
	}
}

func TestImportTSVAndJSONLRoundTrip(t *testing.T) {
	db1 := tempDB(t)
	mustRunKorpus(t, db1, "", "import", tmxTestdata("full.tmx"))
	want := exportJSONL(t, db1)
	for _, f := range []string{"tsv", "jsonl"} {
		t.Run(f, func(t *testing.T) {
			// A file name that says nothing: the format is detected from content.
			file := writeFile(t, "memory.txt", []byte(mustRunKorpus(t, db1, "", "export-tm", "--format", f)))
			db2 := tempDB(t)
			out := mustRunKorpus(t, db2, "", "import", "--json", file)
			var rep importReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Format != strings.ToUpper(f) || rep.Added != 6 {
				t.Errorf("report = %+v", rep)
			}
			if got := exportJSONL(t, db2); got != want {
				t.Errorf("%s round trip changed the memory:\n got %s\nwant %s", f, got, want)
			}
		})
	}
}

func TestImportStdinDryRunLangMap(t *testing.T) {
	db := tempDB(t)
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde-DE\ten-US\tHallo.\tHello.\nde-DE\ten-US\tLeer.\t\n"
	out := mustRunKorpus(t, db, tsv, "import", "--dry-run", "-")
	if !strings.Contains(out, "Dry run, nothing stored: stdin (TSV): 2 units read, 1 added, 0 updated, 0 unchanged, 1 skipped") ||
		!strings.Contains(out, "skipped 1: empty target") {
		t.Errorf("dry run report: %s", out)
	}
	if n := strings.Count(exportJSONL(t, db), "\n"); n != 0 {
		t.Errorf("dry run stored %d units", n)
	}
	mustRunKorpus(t, db, tsv, "import", "--lang-map", "de-DE=de,en-US=en", "-")
	if got := exportJSONL(t, db); !strings.Contains(got, `"source_lang":"de","target_lang":"en"`) {
		t.Errorf("--lang-map not applied: %s", got)
	}
	_, errOut, code := runKorpus(t, db, "", "import", "--lang-map", "de-DE", "-")
	wantError(t, errOut, code, exitUsage, "--lang-map", "FROM=TO")
	// Two targets for one language are a typo, not a choice to make
	// silently (de_de and de-DE are the same tag).
	_, errOut, code = runKorpus(t, db, "", "import", "--lang-map", "de-DE=de,de_de=en", "-")
	wantError(t, errOut, code, exitUsage, `--lang-map "de_de=en"`, "de-DE is already mapped to de")
	mustRunKorpus(t, db, tsv, "import", "--dry-run", "--lang-map", "de-DE=de,de-de=de", "-")
}

// Excel saves "Unicode Text" as UTF-16LE TSV with a BOM and CRLF.
func TestImportUTF16TSV(t *testing.T) {
	db := tempDB(t)
	text := "source_lang\ttarget_lang\tsource\ttarget\r\nde\ten\tGrüße\tRegards\r\n"
	b := []byte{0xFF, 0xFE}
	for _, r := range text {
		b = append(b, byte(r), byte(r>>8))
	}
	mustRunKorpus(t, db, string(b), "import", "-")
	if got := exportJSONL(t, db); !strings.Contains(got, `"source":"Grüße","target":"Regards"`) {
		t.Errorf("stored: %s", got)
	}
}

func TestImportBadInputChangesNothing(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
	before := fileState(t, db)
	for _, tc := range []struct{ file, want string }{
		{"malformed.tmx", "malformed.tmx: line 10, column 37: malformed XML"},
		{"mismatched.tmx", "mismatched.tmx: line 6, column 35: malformed XML: element <seg> closed by </tuv>"},
		{"entities.tmx", "entities.tmx: line 2, column 1: DOCTYPE with entity declarations refused"},
		{"lang.tmx", `lang.tmx: line 11, column 9: bad language code: <tuv xml:lang="xx-notalang-12345">`},
		{"truncated.tmx", "truncated.tmx: line 11, column 33: unexpected end of file: <seg> is not closed"},
		{"unbalanced.tmx", `unbalanced.tmx: line 7, column 37: unbalanced inline codes: <bpt i="1"> has no matching <ept i="1">`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			// The bad part comes after good units, so a partial write would show.
			_, errOut, code := runKorpus(t, db, "", "import", tmxTestdata("bad/"+tc.file))
			wantError(t, errOut, code, exitError, tc.want)
			if fileState(t, db) != before {
				t.Errorf("a failed import changed the database")
			}
		})
	}
	t.Run("WrongRoot", func(t *testing.T) {
		f := writeFile(t, "m.tmx", []byte("<?xml version=\"1.0\"?>\n<memory><tu/></memory>"))
		_, errOut, code := runKorpus(t, db, "", "import", f)
		wantError(t, errOut, code, exitError, "m.tmx: unknown XML format: root element <memory> (korpus reads <xliff> and <tmx>)")
	})
	t.Run("NoBody", func(t *testing.T) {
		// A <tmx> lookalike is detected as TMX but has no <body>.
		f := writeFile(t, "x.tmx", []byte(`<tmx version="1.4"><header srclang="de"/></tmx>`))
		_, errOut, code := runKorpus(t, db, "", "import", f)
		wantError(t, errOut, code, exitError, "x.tmx: line 1, column 42: invalid TMX structure: <tmx> has no <body>")
	})
	t.Run("UnknownFormat", func(t *testing.T) {
		f := writeFile(t, "notes.txt", []byte("just some text\n"))
		_, errOut, code := runKorpus(t, db, "", "import", f)
		wantError(t, errOut, code, exitError, "notes.txt: unknown format")
	})
	t.Run("Missing", func(t *testing.T) {
		_, errOut, code := runKorpus(t, db, "", "import", filepath.Join(t.TempDir(), "nope.tmx"))
		wantError(t, errOut, code, exitError, "cannot read", "no such file or directory")
	})
	if fileState(t, db) != before {
		t.Errorf("a failed import changed the database")
	}
	t.Run("NoDatabaseCreated", func(t *testing.T) {
		fresh := tempDB(t)
		runKorpus(t, fresh, "", "import", tmxTestdata("bad/lang.tmx"))
		if _, err := os.Stat(fresh); err == nil {
			// lang.tmx fails on its second tu: the database exists but is empty.
			if n := strings.Count(exportJSONL(t, fresh), "\n"); n != 0 {
				t.Errorf("%d units stored", n)
			}
		}
		runKorpus(t, fresh+"2", "", "import", writeFile(t, "m.tmx", []byte("<memory/>")))
		if _, err := os.Stat(fresh + "2"); err == nil {
			t.Errorf("a file of unknown format created a database")
		}
	})
}

func TestExportTMToFileValidates(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
	out := filepath.Join(t.TempDir(), "de-en.tmx")
	stdout, errOut, code := runKorpus(t, db, "", "export-tm", "--from", "de", "--to", "en", "-o", out)
	if code != 0 || stdout != "" || !strings.Contains(errOut, "Exported 4 units to "+out+" (tmx).") {
		t.Fatalf("export-tm: %d %q %q", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte("<tu ")); n != 4 {
		t.Errorf("%d <tu>s, want the 4 de→en units", n)
	}
	if !bytes.Contains(data, []byte(`srclang="de"`)) {
		t.Errorf("header srclang is not --from")
	}
	xmllint := testutil.NeedTool(t, "xmllint")
	dtd := testutil.SharedDir(t, "schemas", "tmx", "tmx14.dtd")
	if msg, err := exec.Command(xmllint, "--nonet", "--noout", "--dtdvalid", dtd, out).CombinedOutput(); err != nil {
		t.Fatalf("export does not validate: %v\n%s", err, msg)
	}
	t.Run("Errors", func(t *testing.T) {
		_, errOut, code := runKorpus(t, db, "", "export-tm", "--format", "csv")
		wantError(t, errOut, code, exitUsage, "tmx, tsv, jsonl")
		_, errOut, code = runKorpus(t, db, "", "export-tm", "-o", filepath.Join(t.TempDir(), "no", "dir.tmx"))
		wantError(t, errOut, code, exitError, "cannot write")
		_, errOut, code = runKorpus(t, filepath.Join(t.TempDir(), "none.db"), "", "export-tm")
		wantError(t, errOut, code, exitError, "no korpus database")
	})
}

func TestNewProgress(t *testing.T) {
	t.Run("SilentWhenNotATerminal", func(t *testing.T) {
		db := tempDB(t)
		_, errOut, code := runKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
		if code != 0 || errOut != "" {
			t.Errorf("import wrote to a non-terminal stderr: %q", errOut)
		}
	})
	t.Run("BarOnTerminal", func(t *testing.T) {
		var buf bytes.Buffer
		p := newProgress(&IOStreams{ErrOut: &buf, ErrTTY: true}, "importing", -1, "units")
		p.Add(1500)
		p.Add(1500)
		p.Done()
		p.Done()
		s := buf.String()
		for _, want := range []string{"importing", "3000", "units/s"} {
			if !strings.Contains(s, want) {
				t.Errorf("progress output lacks %q: %q", want, s)
			}
		}
	})
}

// Import brings both indexes up to date, so the first concordance or
// lookup after it has nothing to catch up; --no-index defers both, and the
// next import indexes what the deferred one left, even when it adds
// nothing itself.
func TestImportIndexesForSearchAndMatching(t *testing.T) {
	db := tempDB(t)
	report := func(args ...string) importReport {
		t.Helper()
		var rep importReport
		out := mustRunKorpus(t, db, "", append([]string{"import", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return rep
	}
	file := tmxTestdata("full.tmx")
	if rep := report("--no-index", file); rep.Added != 6 || rep.Indexed != 0 || rep.MatchIndexed != 0 {
		t.Errorf("--no-index: added %d, indexed %d for search and %d for matching; want 6, 0, 0", rep.Added, rep.Indexed, rep.MatchIndexed)
	}
	if rep := report(file); rep.Added != 0 || rep.Indexed != 6 || rep.MatchIndexed != 6 {
		t.Errorf("re-import: added %d, indexed %d for search and %d for matching; want 0, 6, 6", rep.Added, rep.Indexed, rep.MatchIndexed)
	}
	if rep := report(file); rep.Indexed != 0 || rep.MatchIndexed != 0 {
		t.Errorf("third import indexed %d for search and %d for matching; want nothing", rep.Indexed, rep.MatchIndexed)
	}
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDer Vertrag wurde 1961 geschlossen.\tThe treaty was signed in 1961.\n"
	out := mustRunKorpus(t, db, tsv, "import", "-")
	if !strings.Contains(out, "indexed 1 unit for search in") || !strings.Contains(out, "indexed 1 unit for matching in") {
		t.Errorf("text report: %s", out)
	}
}
