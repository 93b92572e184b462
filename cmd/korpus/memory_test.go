package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

// lookupMatchesJSON is the part of lookup --json that migrations must not
// change.
type lookupMatchesJSON struct {
	Matches []struct {
		Score  int    `json:"score"`
		Kind   string `json:"kind"`
		Source string `json:"source"`
		Target string `json:"target"`
		Origin string `json:"origin"`
		UnitID int64  `json:"unit_id"`
	} `json:"matches"`
}

func decodeLookup(t *testing.T, b []byte) lookupMatchesJSON {
	t.Helper()
	var l lookupMatchesJSON
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatalf("lookup JSON: %v\n%s", err, b)
	}
	return l
}

// copyFixture copies a database from testdata into a temp dir.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(testutil.Testdata(filepath.Join("memories", name)))
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "korpus.db", b)
}

// testdata/memories/release-0.db was made by the korpus of main before
// named memories (migrations up to 0060, `korpus import` of a TSV with
// de→en and de→fr units, one made by alignment); the .lookup*.json files
// are that binary's lookup --json output. Opened by this korpus, its units
// are in `default` and lookups give the same matches.
func TestMemoryMigrationOfReleaseDB(t *testing.T) {
	db := copyFixture(t, "release-0.db")
	for file, query := range map[string]string{
		"release-0.lookup.json":  "Der Vertrag über Freundschaft wurde unterzeichnet.",
		"release-0.lookup2.json": "Die Hauptstadt liegt am Fluss.",
	} {
		want, err := os.ReadFile(testutil.Testdata(filepath.Join("memories", file)))
		if err != nil {
			t.Fatal(err)
		}
		got := mustRunKorpus(t, db, "", "lookup", "--from", "de", "--to", "en", "--json", query)
		w, g := decodeLookup(t, want), decodeLookup(t, []byte(got))
		if len(w.Matches) == 0 || !reflect.DeepEqual(w, g) {
			t.Errorf("lookup %q after migration:\n got %+v\nwant %+v", query, g, w)
		}
	}
	var ms []memoryJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "memory", "list", "--json")), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Name != "default" || ms[0].Units != 5 || ms[0].Penalty != 0 ||
		!reflect.DeepEqual(ms[0].LanguagePairs, []string{"de→en", "de→fr"}) || len(ms[0].OriginPenalty) != 0 {
		t.Errorf("memories after migration: %+v", ms)
	}
}

func TestMemoryCommands(t *testing.T) {
	db := tempDB(t)
	out := mustRunKorpus(t, db, "", "memory", "create", "legacy", "--penalty", "10", "--description", "old vendor TM")
	if !strings.Contains(out, "legacy") {
		t.Errorf("create: %q", out)
	}
	tsv := writeFile(t, "u.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDas Haus ist rot.\tThe house is red.\nde\ten\tDer Hund bellt.\tThe dog barks.\n"))
	mustRunKorpus(t, db, "", "import", "--memory", "legacy", tsv)
	// The same units again in another memory are new there, not duplicates.
	out = mustRunKorpus(t, db, "", "import", "--json", tsv)
	if !strings.Contains(out, `"added": 2`) {
		t.Errorf("import into default: %s", out)
	}
	mustRunKorpus(t, db, "", "memory", "set", "legacy", "--penalty", "12", "--penalty-origin", "alignment=3,mt=10", "--penalty-status", "needs-review=5")
	var ms []memoryJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "memory", "list", "--json")), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Name != "default" || ms[1].Name != "legacy" || ms[1].Units != 2 || ms[1].Penalty != 12 ||
		ms[1].Description != "old vendor TM" ||
		!reflect.DeepEqual(ms[1].OriginPenalty, map[string]int{"alignment": 3, "mt": 10}) ||
		!reflect.DeepEqual(ms[1].StatusPenalty, map[string]int{"needs-review": 5, "draft": 1}) {
		t.Errorf("memory list: %+v", ms)
	}
	if out := mustRunKorpus(t, db, "", "memory", "list"); !strings.Contains(out, "alignment=3,mt=10") || !strings.Contains(out, "legacy") {
		t.Errorf("memory list text: %s", out)
	}

	// Bad input: clear errors, documented exit codes, nothing changed.
	_, errOut, code := runKorpus(t, db, "", "memory", "create", "legacy")
	wantError(t, errOut, code, exitError, `memory "legacy" already exists`)
	_, errOut, code = runKorpus(t, db, "", "memory", "create", "x", "--penalty", "101")
	wantError(t, errOut, code, exitUsage, "outside 0-100")
	_, errOut, code = runKorpus(t, db, "", "memory", "set", "legacy", "--penalty", "-1")
	wantError(t, errOut, code, exitUsage, "outside 0-100")
	_, errOut, code = runKorpus(t, db, "", "memory", "set", "legacy", "--penalty-origin", "mt=200")
	wantError(t, errOut, code, exitUsage, "--penalty-origin", "outside 0-100")
	_, errOut, code = runKorpus(t, db, "", "memory", "set", "nosuch", "--penalty", "1")
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
	_, errOut, code = runKorpus(t, db, "", "import", "--memory", "nosuch", tsv)
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
	_, errOut, code = runKorpus(t, db, "", "memory", "rename", "legacy", "default")
	wantError(t, errOut, code, exitError, `memory "default" already exists`)
	_, errOut, code = runKorpus(t, db, "", "memory", "delete", "legacy")
	wantError(t, errOut, code, exitError, "holds 2 units", "--force")
	_, errOut, code = runKorpus(t, db, "", "memory", "delete", "default")
	wantError(t, errOut, code, exitError, "cannot be deleted")
	_, errOut, code = runKorpus(t, db, "", "memory", "create", "a,b")
	wantError(t, errOut, code, exitError, "without commas")

	mustRunKorpus(t, db, "", "memory", "rename", "legacy", "vendor")
	// The concordance index knows the units before they are deleted.
	if out := mustRunKorpus(t, db, "", "concordance", "--json", "Hund"); strings.Count(out, "The dog barks.") != 2 {
		t.Fatalf("concordance before delete: %s", out)
	}
	if out := mustRunKorpus(t, db, "", "memory", "delete", "--force", "vendor"); !strings.Contains(out, "2 units") {
		t.Errorf("delete --force: %q", out)
	}
	if out := mustRunKorpus(t, db, "", "concordance", "--json", "Hund"); strings.Count(out, "The dog barks.") != 1 {
		t.Errorf("concordance after deleting a memory still finds its units: %s", out)
	}
	out = mustRunKorpus(t, db, "", "lookup", "--from", "de", "--to", "en", "--json", "Der Hund bellt.")
	if l := decodeLookup(t, []byte(out)); len(l.Matches) != 1 {
		t.Errorf("lookup after deleting a memory: %+v", l)
	}
	if out := mustRunKorpus(t, db, "", "memory", "list"); strings.Contains(out, "vendor") {
		t.Errorf("deleted memory still listed: %s", out)
	}
}
