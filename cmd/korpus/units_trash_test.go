package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// visibleEverywhere reports, for each reader of the memory, whether the
// unit "Der Vertrag wurde unterzeichnet." → target is returned: exact and
// fuzzy lookup (match index), concordance by source and by target
// (full-text index), units list, export-tm, and pretranslate and analyze
// of a document holding the sentence.
func visibleEverywhere(t *testing.T, db, target, doc string) map[string]bool {
	t.Helper()
	has := func(ts []string) bool {
		for _, s := range ts {
			if s == target {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{
		"lookup":               has(lookupTargets(t, db, "Der Vertrag wurde unterzeichnet.")),
		"fuzzy lookup":         has(lookupTargets(t, db, "Der Vertrag wurde gestern unterzeichnet.")),
		"concordance":          strings.Contains(concordanceTargets(t, db, "Vertrag"), target),
		"concordance --target": strings.Contains(concordanceTargets(t, db, strings.Fields(target)[1], "--target"), target),
		"export-tm":            strings.Contains(mustRunKorpus(t, db, "", "export-tm", "--to", "en", "-o", "-"), target),
		"pretranslate":         strings.Contains(mustRunKorpus(t, db, "", "pretranslate", doc, "--to", "en", "-o", "-"), target),
	}
	for _, u := range listUnits(t, db) {
		if u.Target == target {
			seen["units list"] = true
		}
	}
	var an struct {
		Bands []struct {
			Band     string `json:"band"`
			Segments int    `json:"segments"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "analyze", doc, "--to", "en", "--json")), &an); err != nil {
		t.Fatal(err)
	}
	for _, b := range an.Bands {
		if b.Band == "exact" && b.Segments > 0 {
			seen["analyze"] = true
		}
	}
	return seen
}

// trashDB is unitsDB with a document holding unit 1's source for
// pretranslate and analyze; both indexes are built before anything is
// deleted.
func trashDB(t *testing.T) (db, doc string) {
	t.Helper()
	db = unitsDB(t)
	mustRunKorpus(t, db, "", "add", writeFile(t, "vertrag.txt", []byte("Der Vertrag wurde unterzeichnet.\n")))
	return db, "vertrag.txt"
}

// units delete keeps the unit restorable until gc, and no reader (nor
// either index) returns it meanwhile; units restore brings it back at once;
// gc removes deleted units and their history for good.
func TestUnitsDeleteRestoreGC(t *testing.T) {
	db, doc := trashDB(t)
	const target = "The treaty was signed."
	for r, ok := range visibleEverywhere(t, db, target, doc) {
		if !ok {
			t.Fatalf("before the delete, %s does not return unit 1", r)
		}
	}
	start := time.Now().UTC().Add(-time.Second)
	out := mustRunEnv(t, map[string]string{"KORPUS_USER": "erika"}, db, "units", "delete", "1")
	if !strings.Contains(out, "Deleted 1 unit(s): 1") || !strings.Contains(out, "korpus units restore") {
		t.Errorf("delete output: %q", out)
	}
	for r, ok := range visibleEverywhere(t, db, target, doc) {
		if ok {
			t.Errorf("after the delete, %s still returns unit 1", r)
		}
	}
	del := listUnits(t, db, "--deleted")
	if len(del) != 1 || del[0].ID != 1 || del[0].Target != target {
		t.Fatalf("units list --deleted: %+v", del)
	}
	withinTest(t, "deleted", del[0].Deleted, start)
	var mems []struct {
		Name  string `json:"name"`
		Units int    `json:"units"`
	}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "memory", "list", "--json")), &mems); err != nil {
		t.Fatal(err)
	}
	if len(mems) != 2 || mems[0].Name != "default" || mems[0].Units != 2 {
		t.Errorf("memory list counts the deleted unit: %+v", mems)
	}
	hist := unitHistoryJSON(t, db, 1)
	if len(hist) != 1 || hist[0].Via != "delete" || hist[0].User != "erika" {
		t.Errorf("history of the deleted unit: %+v", hist)
	}
	// A deleted unit cannot be shown, edited, deleted again or have a
	// change undone; each error says how to bring it back.
	for _, args := range [][]string{
		{"units", "show", "1"}, {"units", "edit", "1", "--status", "final"}, {"units", "delete", "1", "2"},
		{"units", "restore", "1", "--to-change", "1"},
	} {
		_, errOut, code := runKorpus(t, db, "", args...)
		wantError(t, errOut, code, exitError, "unit 1 was deleted", "korpus units restore 1")
	}
	if us := listUnits(t, db); len(us) != 3 { // 2, 3, 4: the failed delete of 1 and 2 deleted nothing
		t.Errorf("units after a failed delete: %s", unitIDs(us))
	}

	// restore brings it back with its id, everywhere, at once.
	if out := mustRunKorpus(t, db, "", "units", "restore", "1"); !strings.Contains(out, "Restored deleted unit 1") {
		t.Errorf("restore output: %q", out)
	}
	for r, ok := range visibleEverywhere(t, db, target, doc) {
		if !ok {
			t.Errorf("after the restore, %s does not return unit 1", r)
		}
	}
	if h := unitHistoryJSON(t, db, 1); len(h) != 2 || h[1].Via != "undelete" {
		t.Errorf("history after the restore: %+v", h)
	}
	_, errOut, code := runKorpus(t, db, "", "units", "restore", "1")
	wantError(t, errOut, code, exitError, "unit 1 is not deleted", "--to-change")
	_, errOut, code = runKorpus(t, db, "", "units", "restore", "99")
	wantError(t, errOut, code, exitError, "unknown unit 99")

	// conflicts: a second translation of unit 1's source is listed until
	// it is deleted.
	mustRunKorpus(t, db, "", "import", writeFile(t, "alt.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\n"+
		"de\ten\tDer Vertrag wurde unterzeichnet.\tThe pact was signed.\n"))) // unit 5
	if c := mustRunKorpus(t, db, "", "conflicts", "--json"); !strings.Contains(c, "The pact was signed.") || !strings.Contains(c, target) {
		t.Errorf("conflicts before the delete: %s", c)
	}
	mustRunKorpus(t, db, "", "units", "edit", "5", "--status", "reviewed")
	mustRunKorpus(t, db, "", "units", "delete", "2", "5")
	if c := mustRunKorpus(t, db, "", "conflicts", "--json"); strings.Contains(c, "The pact was signed.") {
		t.Errorf("conflicts lists a deleted unit: %s", c)
	}

	// gc: unit 2 and the newest unit (5, with history) removed for good.
	var gc gcJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "gc", "--dry-run", "--json")), &gc); err != nil {
		t.Fatal(err)
	}
	if !gc.DryRun || gc.Units != 2 || gc.History != 3 || len(gc.IDs) != 2 {
		t.Errorf("gc --dry-run: %+v", gc)
	}
	if del := listUnits(t, db, "--deleted"); unitIDs(del) != "2,5" {
		t.Errorf("gc --dry-run removed units: deleted %s", unitIDs(del))
	}
	if out := mustRunKorpus(t, db, "", "gc"); !strings.Contains(out, "Removed 2 deleted units and 3 history entries") {
		t.Errorf("gc output: %q", out)
	}
	if del := listUnits(t, db, "--deleted"); len(del) != 0 {
		t.Errorf("deleted units after gc: %s", unitIDs(del))
	}
	for _, args := range [][]string{{"units", "restore", "5"}, {"units", "history", "5"}} {
		_, errOut, code := runKorpus(t, db, "", args...)
		wantError(t, errOut, code, exitError, "unknown unit 5")
	}
	if us := listUnits(t, db); unitIDs(us) != "1,3,4" {
		t.Errorf("units after gc: %s", unitIDs(us))
	}
	if h := unitHistoryJSON(t, db, 1); len(h) != 2 {
		t.Errorf("gc touched a live unit's history: %+v", h)
	}
	if out := mustRunKorpus(t, db, "", "gc"); !strings.Contains(out, "No deleted units.") {
		t.Errorf("second gc: %q", out)
	}

	// gc removed the newest id: SQLite hands it out again, and the unit
	// that gets it must be in both indexes (their watermarks came down).
	mustRunKorpus(t, db, "", "import", writeFile(t, "new.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\n"+
		"de\ten\tDer Vertrag wurde feierlich unterzeichnet.\tThe accord was solemnly signed.\n")))
	if us := listUnits(t, db, "--target", "accord"); len(us) != 1 || us[0].ID != 5 {
		t.Fatalf("new unit: %+v", us)
	}
	if c := concordanceTargets(t, db, "feierlich"); !strings.Contains(c, "The accord was solemnly signed.") {
		t.Errorf("concordance does not find a unit with a reused id: %s", c)
	}
	var found bool
	for _, m := range lookupTargets(t, db, "Der Vertrag wurde feierlich unterschrieben.") {
		found = found || m == "The accord was solemnly signed."
	}
	if !found {
		t.Errorf("fuzzy lookup does not find a unit with a reused id")
	}
}

// units delete takes the filters of units list: --dry-run names what it
// would delete and changes nothing, then the same filters delete exactly
// those units (restorably); no ids and no filters, or both, is a usage
// error; on a terminal more than one unit needs a yes.
func TestUnitsDeleteFilter(t *testing.T) {
	db := unitsDB(t) // units 1–3 in default (de→en ×2, de→fr), 4 in vendor
	before := fileState(t, db)
	out := mustRunKorpus(t, db, "", "units", "delete", "--memory", "default", "--to", "en", "--dry-run")
	if !strings.Contains(out, "Would delete (dry run, nothing changed) 2 unit(s): 1 2") {
		t.Errorf("dry run: %q", out)
	}
	if after := fileState(t, db); after != before {
		t.Errorf("the dry run changed the database")
	}
	if out := mustRunKorpus(t, db, "", "units", "delete", "--source", "kein solcher Satz"); !strings.Contains(out, "nothing deleted") {
		t.Errorf("a filter selecting nothing: %q", out)
	}
	// On a terminal: asked, and "n" deletes nothing.
	var o, e bytes.Buffer
	ios := &IOStreams{In: strings.NewReader("n\n"), Out: &o, ErrOut: &e, InTTY: true, ErrTTY: true}
	if code := runWith(context.Background(), []string{"--db", db, "units", "delete", "--to", "en", "--memory", "default"}, ios, func(string) string { return "" }); code != exitError {
		t.Errorf("not confirmed: exit %d, want %d (%s)", code, exitError, e.String())
	}
	if !strings.Contains(e.String(), "Delete 2 units") || !strings.Contains(e.String(), "not confirmed") {
		t.Errorf("prompt and error: %q", e.String())
	}
	if us := listUnits(t, db); len(us) != 4 {
		t.Fatalf("after a refused prompt: %s", unitIDs(us))
	}
	out = mustRunKorpus(t, db, "", "units", "delete", "--memory", "default", "--to", "en")
	if !strings.Contains(out, "Deleted 2 unit(s): 1 2") {
		t.Errorf("delete by filter: %q", out)
	}
	if us := listUnits(t, db); unitIDs(us) != "3,4" {
		t.Errorf("left after the delete: %s, want 3,4", unitIDs(us))
	}
	if del := listUnits(t, db, "--deleted"); len(del) != 2 {
		t.Errorf("restorable: %s", unitIDs(del))
	}
	for _, args := range [][]string{{"units", "delete"}, {"units", "delete", "3", "--origin", "tmx"}} {
		_, errOut, code := runKorpus(t, db, "", args...)
		wantError(t, errOut, code, exitUsage, "ids")
	}
	_, errOut, code := runKorpus(t, db, "", "units", "delete", "--since", "gestern")
	wantError(t, errOut, code, exitUsage, "--since")
	_, errOut, code = runKorpus(t, db, "", "units", "delete", "--memory", "nope")
	wantError(t, errOut, code, exitError, "nope")
}
