package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

var poFixture = testutil.Testdata("po/kurz.fr.po")

// poUnit is what these tests compare: the fields PO carries.
type poUnit struct {
	Source, Target, Status string
}

// storedPOUnits returns the stored de→fr-CH units, sorted, and the JSONL
// records themselves.
func storedPOUnits(t *testing.T, db string) ([]poUnit, []map[string]any) {
	t.Helper()
	out := mustRunKorpus(t, db, "", "export-tm", "--from", "de", "--to", "fr-CH", "--format", "jsonl")
	var units []poUnit
	var recs []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		st, _ := r["status"].(string)
		units = append(units, poUnit{r["source"].(string), r["target"].(string), st})
		recs = append(recs, r)
	}
	sort.Slice(units, func(i, j int) bool { return units[i].Source < units[j].Source })
	return units, recs
}

var wantPOUnits = []poUnit{
	{"%d Dateien", "%d fichiers", "translated"},
	{"Datei \"%s\" nicht gefunden.\n", "Fichier « %s » introuvable.\n", "needs-review"},
	{"Eine Datei", "Un fichier", "translated"},
	{"Erste Zeile\nzweite\tZeile", "Première ligne\ndeuxième\tligne", "translated"},
	{"Öffnen", "Ouvrir", "translated"},
}

func checkPOUnits(t *testing.T, got []poUnit, statuses bool) {
	t.Helper()
	if len(got) != len(wantPOUnits) {
		t.Fatalf("%d units %q, want %d", len(got), got, len(wantPOUnits))
	}
	for i, w := range wantPOUnits {
		g := got[i]
		if !statuses {
			g.Status, w.Status = "", ""
		}
		if g != w {
			t.Errorf("unit %d: %q, want %q", i, g, w)
		}
	}
}

func TestImportPO(t *testing.T) {
	db := tempDB(t)
	rep, _ := importJSON(t, db, "--source-lang", "de", poFixture)
	if rep.Format != "PO" || rep.Added != 5 || rep.Reasons["untranslated"] != 1 || rep.Reasons["obsolete"] != 1 {
		t.Errorf("report %+v", rep)
	}
	units, recs := storedPOUnits(t, db)
	checkPOUnits(t, units, true)
	for _, r := range recs {
		if r["source"] != "Öffnen" {
			continue
		}
		notes, _ := json.Marshal(r["notes"])
		props, _ := json.Marshal(r["props"])
		if !strings.Contains(string(notes), `"text":"Knopf im Dialog"`) || !strings.Contains(string(notes), `"from":"extracted"`) ||
			!strings.Contains(string(props), `"x-po-msgctxt","value":"button"`) || !strings.Contains(string(props), "src/dialog.c:40") ||
			r["origin"] != "po" {
			t.Errorf("Öffnen: %v", r)
		}
	}

	t.Run("ExportReimport", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out.po")
		mustRunKorpus(t, db, "", "export-tm", "--from", "de", "--to", "fr-CH", "--format", "po", "-o", out)
		db2 := tempDB(t)
		rep, _ := importJSON(t, db2, "--source-lang", "de", out)
		if rep.Added != 5 || rep.Skipped != 0 {
			t.Errorf("report %+v", rep)
		}
		units, _ := storedPOUnits(t, db2)
		checkPOUnits(t, units, true)
	})

	t.Run("SourceLangFromMemory", func(t *testing.T) {
		// The memory holds only German sources: that is the default.
		rep, _ := importJSON(t, db, poFixture)
		if rep.Unchanged != 5 {
			t.Errorf("report %+v", rep)
		}
		_, errOut, code := runKorpus(t, tempDB(t), "", "import", poFixture)
		wantError(t, errOut, code, exitUsage, "--source-lang")
	})

	t.Run("Malformed", func(t *testing.T) {
		bad := writeFile(t, "bad.po", []byte("msgid \"\"\nmsgstr \"Language: fr\\n\"\n\nmsgid \"Gut\"\nmsgstr \"Bien\"\n\nmsgid \"Schlecht\"\nmsgstr \"Mal\\q\"\n"))
		before := fileState(t, db)
		out, errOut, code := runKorpus(t, db, "", "import", "--source-lang", "de", bad)
		wantError(t, errOut, code, exitError, "bad.po: line 8, column 12: unknown escape")
		if out != "" {
			t.Errorf("stdout %q", out)
		}
		if fileState(t, db) != before {
			t.Error("the database changed")
		}
	})
}

// ttPOReadScript prints, as JSON, what translate-toolkit reads from a PO
// file: [[source, target, fuzzy], …] without the header; a plural entry
// gives a row per form (msgid with msgstr[0], msgid_plural with the
// others), as korpus stores them.
const ttPOReadScript = `
import json, sys
from translate.storage import po
st = po.pofile.parsefile(sys.argv[1])
rows = []
for u in st.units:
    if u.isheader() or u.isobsolete():
        continue
    if u.hasplural():
        src, tgt = u.source.strings, u.target.strings
        rows.append([str(src[0]), str(tgt[0]), u.isfuzzy()])
        rows += [[str(src[1]), str(t), u.isfuzzy()] for t in tgt[1:]]
    else:
        rows.append([str(u.source), str(u.target), u.isfuzzy()])
print(json.dumps(rows))
`

func TestInteropTranslateToolkitPO(t *testing.T) {
	py := pythonTranslate(t)
	db := tempDB(t)
	importJSON(t, db, "--source-lang", "de", poFixture)

	t.Run("ToolkitReadsExport", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out.po")
		mustRunKorpus(t, db, "", "export-tm", "--from", "de", "--to", "fr-CH", "--format", "po", "-o", out)
		res, err := exec.Command(py, "-c", ttPOReadScript, out).CombinedOutput()
		if err != nil {
			t.Fatalf("translate-toolkit: %v\n%s", err, res)
		}
		var rows [][3]any
		if err := json.Unmarshal(res, &rows); err != nil {
			t.Fatalf("%v: %s", err, res)
		}
		var got []poUnit
		for _, r := range rows {
			st := "translated"
			if r[2] == true {
				st = "needs-review"
			}
			got = append(got, poUnit{r[0].(string), r[1].(string), st})
		}
		sort.Slice(got, func(i, j int) bool { return got[i].Source < got[j].Source })
		checkPOUnits(t, got, true)
	})

	t.Run("Po2xliff", func(t *testing.T) {
		bin, err := exec.LookPath("po2xliff")
		if err != nil {
			t.Skip("po2xliff not installed") // pythonTranslate failed in CI already
		}
		xlf := filepath.Join(t.TempDir(), "kurz.xlf")
		if res, err := exec.Command(bin, poFixture, xlf).CombinedOutput(); err != nil {
			t.Fatalf("po2xliff: %v\n%s", err, res)
		}
		db2 := tempDB(t)
		// po2xliff names the source en-US whatever it is.
		importJSON(t, db2, "--lang-map", "en-US=de", "--target-lang", "fr-CH", xlf)
		all, _ := storedPOUnits(t, db2)
		// po2xliff keeps the header and the obsolete entry as
		// trans-units; korpus's PO import does not. Its approved="yes"
		// is reviewed, a fuzzy entry's approved="no" translated.
		var units []poUnit
		for _, u := range all {
			if u.Source == "Alt" || strings.HasPrefix(u.Source, "Project-Id-Version:") {
				continue
			}
			if strings.HasPrefix(u.Source, "Datei") != (u.Status != "reviewed") {
				t.Errorf("po2xliff unit %q: status %s", u.Source, u.Status)
			}
			units = append(units, u)
		}
		checkPOUnits(t, units, false)
	})
}
