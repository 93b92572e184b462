package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

func checkDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	mustRunKorpus(t, db, "", "terms", "import", "--from", "de", "--to", "en", testutil.Testdata("check/terms.csv"))
	// A memory for the pair: consistency against its units, and the
	// length model (41 units) instead of the fixed band.
	mustRunKorpus(t, db, "", "import", testutil.Testdata("terms/korea.de-en.tsv"))
	return db
}

// TestCheckPlanted: each planted problem is reported exactly once, and
// nothing else is (the unit ids of planted.xlf name the check planted).
func TestCheckPlanted(t *testing.T) {
	db := checkDB(t)
	out, errOut, code := runKorpus(t, db, "", "check", "--to", "en", "--json", testutil.Testdata("check/planted.xlf"))
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	var pairs []string
	for _, p := range got {
		pairs = append(pairs, p["segment"].(string)+" "+p["check"].(string)+" "+p["severity"].(string))
	}
	sort.Strings(pairs)
	want := []string{
		"brackets brackets warning",
		"codes codes error",
		"codes-order codes error",
		"consistency consistency warning",
		"consistency-memory consistency warning",
		"length length warning",
		"numbers numbers error",
		"punctuation punctuation warning",
		"spaces spaces warning",
		"terms terms error",
		"untranslated-empty untranslated error",
		"untranslated-same untranslated warning",
	}
	if !reflect.DeepEqual(pairs, want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(pairs, "\n"), strings.Join(want, "\n"))
	}
	// JSON shape: exactly the documented fields.
	fields := []string{"check", "file", "line", "reason", "segment", "severity", "source", "target"}
	for _, p := range got {
		var keys []string
		for k := range p {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, fields) {
			t.Fatalf("fields %v, want %v", keys, fields)
		}
		if p["reason"] == "" || p["line"].(float64) < 1 || !strings.HasSuffix(p["file"].(string), "planted.xlf") {
			t.Fatalf("bad problem %v", p)
		}
	}
	if got[0]["segment"] != "numbers" || got[0]["line"].(float64) != 6 {
		t.Errorf("first problem %v, want segment numbers at line 6", got[0])
	}

	// Text output: one line per problem, file:line: severity [check] segment id: reason.
	out, _, code = runKorpus(t, db, "", "check", "--to", "en", testutil.Testdata("check/planted.xlf"))
	if code != 1 || len(strings.Split(strings.TrimSpace(out), "\n")) != len(want) ||
		!strings.Contains(out, "planted.xlf:54: error [terms] segment terms: forbidden term \"pact\"") {
		t.Fatalf("text output (exit %d):\n%s", code, out)
	}

	// --only and --skip.
	out, _, code = runKorpus(t, db, "", "check", "--to", "en", "--json", "--only", "numbers,codes", testutil.Testdata("check/planted.xlf"))
	if code != 1 || strings.Count(out, `"check"`) != 3 {
		t.Fatalf("--only numbers,codes (exit %d):\n%s", code, out)
	}
	out, _, code = runKorpus(t, db, "", "check", "--to", "en", "--json", "--skip", "terms,untranslated", testutil.Testdata("check/planted.xlf"))
	if code != 1 || strings.Count(out, `"check"`) != len(want)-3 || strings.Contains(out, `"terms"`) {
		t.Fatalf("--skip terms,untranslated (exit %d):\n%s", code, out)
	}
}

// TestCheckClean: the same segments translated correctly give nothing,
// exit 0 and an empty JSON array; without a database the terms check is
// skipped and the database is not created.
func TestCheckClean(t *testing.T) {
	db := checkDB(t)
	out, errOut, code := runKorpus(t, db, "", "check", "--to", "en", testutil.Testdata("check/clean.xlf"))
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runKorpus(t, db, "", "check", "--to", "en", "--json", testutil.Testdata("check/clean.xlf"))
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("json exit %d: %q", code, out)
	}
	nodb := tempDB(t)
	out, errOut, code = runKorpus(t, nodb, "", "check", "--to", "en", testutil.Testdata("check/planted.xlf"))
	if code != 1 || strings.Contains(out, "[terms]") || strings.Count(out, "\n") != 10 {
		t.Fatalf("without a database (exit %d, stderr %s):\n%s", code, errOut, out)
	}
}

func TestCheckUsage(t *testing.T) {
	f := testutil.Testdata("check/clean.xlf")
	for _, args := range [][]string{
		{"check", f},
		{"check", "--to", "en", "--only", "numbers,nope", f},
		{"check", "--to", "en", "--skip", "speling", f},
		{"check", "--to", "en"},
	} {
		_, errOut, code := runKorpus(t, "", "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
	_, errOut, _ := runKorpus(t, "", "", "check", "--to", "en", "--only", "nope", f)
	if !strings.Contains(errOut, `unknown check "nope"`) || !strings.Contains(errOut, "numbers, codes") {
		t.Errorf("stderr %q", errOut)
	}
}

// TestCheckPO: PO entries are checked like XLIFF segments (untranslated
// ones too), with the line of each entry; ids count the entries.
func TestCheckPO(t *testing.T) {
	db := checkDB(t)
	out, errOut, code := runKorpus(t, db, "", "check", "--to", "en", testutil.Testdata("check/planted.po"))
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := []string{
		"planted.po:7: error [numbers] segment 1: number 3000.5 of the source is 3000.6 in the target",
		"planted.po:11: error [untranslated] segment 2: empty target",
		"planted.po:15: warning [consistency] segment 3: the memory's confirmed unit 2 translates this source differently: \"For Sovereignty and Justice\"",
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got:\n%s", out)
	}
	for i, w := range want {
		if !strings.HasSuffix(lines[i], w) {
			t.Errorf("line %d: %q, want …%q", i, lines[i], w)
		}
	}
}

// TestCheckDocument: korpus check DOC[@V] checks the translations stored
// for a document version (here: pretranslated, one number changed, and
// imported back), reported as DOC@V:SEGMENT-NUMBER.
func TestCheckDocument(t *testing.T) {
	db := checkDB(t)
	mustRunKorpus(t, db, "", "add", seedPath())
	xlf := filepath.Join(t.TempDir(), "a.xlf")
	mustRunKorpus(t, db, "", "pretranslate", seedDoc, "--to", "en", "-o", xlf)
	data, _ := os.ReadFile(xlf)
	s := strings.Replace(string(data), "<target state=\"translated\">In January 2021", "<target state=\"translated\">In January 2012", 1)
	if s == string(data) {
		t.Fatal("planting failed")
	}
	os.WriteFile(xlf, []byte(s), 0o644)
	mustRunKorpus(t, db, "", "import", xlf)
	for _, ref := range []string{seedDoc, seedDoc + "@1"} {
		out, errOut, code := runKorpus(t, db, "", "check", "--to", "en", ref)
		if code != 1 || strings.TrimSpace(out) != seedDoc+"@1:3: error [numbers] segment s2: number 2021 of the source is 2012 in the target" {
			t.Errorf("check %s: exit %d, stderr %s:\n%s", ref, code, errOut, out)
		}
	}
	_, errOut, code := runKorpus(t, db, "", "check", "--to", "en", "nosuch.txt")
	wantError(t, errOut, code, 1, "nosuch.txt")
}
