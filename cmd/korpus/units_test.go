package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// unitsDB makes a database with four units in two memories (ids 1-4):
// de→en in default (two), de→fr in default, de→en in vendor.
func unitsDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "vendor")
	tsv := writeFile(t, "u.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\torigin\tstatus\n"+
		"de\ten\tDer Vertrag wurde unterzeichnet.\tThe treaty was signed.\ttmx\ttranslated\n"+
		"de\ten\tDer Hund bellt laut.\tThe dog barks loudly.\ttmx\tdraft\n"+
		"de\tfr\tDer Hund bellt laut.\tLe chien aboie fort.\talignment\ttranslated\n"))
	mustRunKorpus(t, db, "", "import", tsv)
	vendor := writeFile(t, "v.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\n"+
		"de-AT\ten\tDie Katze schläft.\tThe cat sleeps.\n"))
	mustRunKorpus(t, db, "", "import", "--memory", "vendor", vendor)
	return db
}

func listUnits(t *testing.T, db string, args ...string) []unitJSON {
	t.Helper()
	var us []unitJSON
	out := mustRunKorpus(t, db, "", append([]string{"units", "list", "--json"}, args...)...)
	if err := json.Unmarshal([]byte(out), &us); err != nil {
		t.Fatalf("units list --json: %v\n%s", err, out)
	}
	return us
}

func unitIDs(us []unitJSON) string {
	var s []string
	for _, u := range us {
		s = append(s, strconv.FormatInt(u.ID, 10))
	}
	return strings.Join(s, ",")
}

func TestUnitsList(t *testing.T) {
	db := unitsDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "1,2,3,4"},
		{[]string{"--memory", "vendor"}, "4"},
		{[]string{"--memory", "default", "--to", "en"}, "1,2"},
		{[]string{"--from", "de", "--to", "en"}, "1,2,4"}, // de also selects de-AT
		{[]string{"--from", "de-AT"}, "4"},
		{[]string{"--origin", "alignment"}, "3"},
		{[]string{"--status", "draft"}, "2"},
		{[]string{"--source", "hund"}, "2,3"},
		{[]string{"--target", "chien"}, "3"},
		{[]string{"--target", "%"}, ""}, // LIKE wildcards are literal
		{[]string{"--limit", "2"}, "1,2"},
	} {
		if got := unitIDs(listUnits(t, db, c.args...)); got != c.want {
			t.Errorf("units list %v: ids %q, want %q", c.args, got, c.want)
		}
	}
	us := listUnits(t, db, "--memory", "vendor")
	if u := us[0]; u.Memory != "vendor" || u.SourceLang != "de-AT" || u.TargetLang != "en" || u.Source != "Die Katze schläft." ||
		u.Target != "The cat sleeps." || u.Status != "translated" || u.Created == "" || u.Changed == "" {
		t.Errorf("unit JSON: %+v", u)
	}
	out := mustRunKorpus(t, db, "", "units", "list", "--tsv", "--status", "draft")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "id\tmemory\t") || !strings.HasPrefix(lines[1], "2\tdefault\tde\ten\tdraft\ttmx\t") {
		t.Errorf("units list --tsv:\n%s", out)
	}
	if out := mustRunKorpus(t, db, "", "units", "list"); !strings.Contains(out, "ID") || !strings.Contains(out, "The cat sleeps.") {
		t.Errorf("units list table:\n%s", out)
	}
	_, errOut, code := runKorpus(t, db, "", "units", "list", "--status", "done")
	wantError(t, errOut, code, exitUsage, `--status "done"`)
	_, errOut, code = runKorpus(t, db, "", "units", "list", "--memory", "nosuch")
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
}

func concordanceTargets(t *testing.T, db, term string, flags ...string) string {
	t.Helper()
	return mustRunKorpus(t, db, "", append(append([]string{"concordance", "--json"}, flags...), term)...)
}

func lookupTargets(t *testing.T, db, query string) []string {
	t.Helper()
	var ts []string
	for _, m := range decodeLookup(t, []byte(mustRunKorpus(t, db, "", "lookup", "--from", "de", "--to", "en", "--json", query))).Matches {
		ts = append(ts, m.Target)
	}
	return ts
}

func TestUnitsEditHistoryRestore(t *testing.T) {
	db := unitsDB(t)
	// Index first, so the edit must take the old text out of the indexes.
	if out := concordanceTargets(t, db, "Vertrag"); !strings.Contains(out, "The treaty was signed.") {
		t.Fatalf("concordance before edit: %s", out)
	}
	before := time.Now().UTC().Add(-time.Second)
	env := map[string]string{"KORPUS_USER": "erika"}
	out, errOut, code := runKorpusEnv(t, env, db, "", "units", "edit", "1", "--target", "The agreement was signed.", "--status", "reviewed", "--note", "house style")
	if code != 0 {
		t.Fatalf("units edit: %d %s", code, errOut)
	}
	if !strings.Contains(out, "Changed unit 1") {
		t.Errorf("edit output: %q", out)
	}
	if got := lookupTargets(t, db, "Der Vertrag wurde unterzeichnet."); len(got) != 1 || got[0] != "The agreement was signed." {
		t.Errorf("lookup after edit: %q", got)
	}
	c := concordanceTargets(t, db, "Vertrag")
	if !strings.Contains(c, "The agreement was signed.") || strings.Contains(c, "The treaty was signed.") {
		t.Errorf("concordance after edit: %s", c)
	}
	if c := concordanceTargets(t, db, "treaty", "--target"); strings.Contains(c, "treaty was") {
		t.Errorf("concordance finds the old target by its text: %s", c)
	}
	if c := concordanceTargets(t, db, "agreement", "--target"); !strings.Contains(c, "The agreement was signed.") {
		t.Errorf("concordance does not find the new target by its text: %s", c)
	}
	var u unitJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "units", "show", "1", "--json")), &u); err != nil {
		t.Fatal(err)
	}
	if u.Target != "The agreement was signed." || u.Status != "reviewed" || u.Changer != "erika" || len(u.Notes) != 1 || u.Notes[0].Text != "house style" {
		t.Errorf("units show after edit: %+v", u)
	}
	if out := mustRunKorpus(t, db, "", "units", "show", "1"); !strings.Contains(out, "The agreement was signed.") || !strings.Contains(out, "reviewed") {
		t.Errorf("units show text:\n%s", out)
	}
	mustRunKorpus(t, db, "", "units", "edit", "1", "--status", "final") // the OS user

	var hist []unitChangeJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "units", "history", "1", "--json")), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 {
		t.Fatalf("history: %+v", hist)
	}
	h := hist[0]
	when, err := time.Parse(time.RFC3339Nano, h.Time)
	if h.Change != 1 || h.OldTarget != "The treaty was signed." || h.OldStatus != "translated" || h.NewTarget != "The agreement was signed." ||
		h.NewStatus != "reviewed" || h.User != "erika" || h.Note != "house style" || err != nil || when.Before(before) || when.After(time.Now().Add(time.Second)) {
		t.Errorf("history entry 1: %+v (time %v)", h, err)
	}
	if hist[1].Change != 2 || hist[1].OldStatus != "reviewed" || hist[1].NewStatus != "final" || hist[1].OldTarget != hist[1].NewTarget {
		t.Errorf("history entry 2: %+v", hist[1])
	}
	if out := mustRunKorpus(t, db, "", "units", "history", "1"); !strings.Contains(out, "The treaty was signed.") || !strings.Contains(out, "erika") {
		t.Errorf("history text:\n%s", out)
	}

	if out := mustRunKorpus(t, db, "", "units", "restore", "1", "--to-change", "1"); !strings.Contains(out, "Restored unit 1") {
		t.Errorf("restore output: %q", out)
	}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "units", "show", "1", "--json")), &u); err != nil {
		t.Fatal(err)
	}
	if u.Target != "The treaty was signed." || u.Status != "translated" {
		t.Errorf("after restore: %+v", u)
	}
	if got := lookupTargets(t, db, "Der Vertrag wurde unterzeichnet."); len(got) != 1 || got[0] != "The treaty was signed." {
		t.Errorf("lookup after restore: %q", got)
	}
	if c := concordanceTargets(t, db, "Vertrag"); !strings.Contains(c, "The treaty was signed.") || strings.Contains(c, "agreement") {
		t.Errorf("concordance after restore: %s", c)
	}
	if c := concordanceTargets(t, db, "agreement", "--target"); strings.Contains(c, "agreement was") {
		t.Errorf("concordance --target finds the undone target: %s", c)
	}
	hist = nil
	_ = json.Unmarshal([]byte(mustRunKorpus(t, db, "", "units", "history", "1", "--json")), &hist)
	if len(hist) != 3 || hist[2].NewTarget != "The treaty was signed." || hist[2].OldStatus != "final" {
		t.Errorf("a restore is a change of its own: %+v", hist)
	}

	// Errors: unknown id, unknown change, bad status, nothing to change.
	for _, args := range [][]string{
		{"units", "show", "99"}, {"units", "edit", "99", "--status", "final"}, {"units", "history", "99"},
		{"units", "restore", "99", "--to-change", "1"},
	} {
		_, errOut, code := runKorpus(t, db, "", args...)
		wantError(t, errOut, code, exitError, "unknown unit 99")
	}
	_, errOut, code = runKorpus(t, db, "", "units", "restore", "1", "--to-change", "9")
	wantError(t, errOut, code, exitError, "no change 9")
	_, errOut, code = runKorpus(t, db, "", "units", "edit", "1", "--status", "approved")
	wantError(t, errOut, code, exitUsage, `--status "approved"`)
	_, errOut, code = runKorpus(t, db, "", "units", "edit", "1")
	wantError(t, errOut, code, exitUsage, "nothing to change")
	_, errOut, code = runKorpus(t, db, "", "units", "show", "x1")
	wantError(t, errOut, code, exitUsage, `unit id "x1"`)
}

func TestUnitsDelete(t *testing.T) {
	db := unitsDB(t)
	if got := lookupTargets(t, db, "Der Hund bellt laut."); len(got) != 1 {
		t.Fatalf("lookup before delete: %q", got)
	}
	if c := concordanceTargets(t, db, "bellt"); !strings.Contains(c, "The dog barks loudly.") {
		t.Fatalf("concordance before delete: %s", c)
	}
	mustRunKorpus(t, db, "", "units", "edit", "2", "--target", "The dog is barking loudly.")

	// --dry-run and a failing delete change nothing.
	if out := mustRunKorpus(t, db, "", "units", "delete", "--dry-run", "2", "3"); !strings.Contains(out, "dry run") || !strings.Contains(out, "2 unit(s): 2 3") {
		t.Errorf("dry run output: %q", out)
	}
	_, errOut, code := runKorpus(t, db, "", "units", "delete", "2", "99")
	wantError(t, errOut, code, exitError, "unknown unit 99")
	if got := unitIDs(listUnits(t, db)); got != "1,2,3,4" {
		t.Errorf("after dry run and failed delete: %s", got)
	}

	if out := mustRunKorpus(t, db, "", "units", "delete", "2", "3"); !strings.Contains(out, "Deleted 2 unit(s): 2 3") {
		t.Errorf("delete output: %q", out)
	}
	if got := unitIDs(listUnits(t, db)); got != "1,4" {
		t.Errorf("after delete: %s", got)
	}
	if got := lookupTargets(t, db, "Der Hund bellt laut."); len(got) != 0 {
		t.Errorf("lookup returns a deleted unit: %q", got)
	}
	if c := concordanceTargets(t, db, "bellt"); strings.Contains(c, "dog") || strings.Contains(c, "chien") {
		t.Errorf("concordance returns a deleted unit: %s", c)
	}
	if c := concordanceTargets(t, db, "barking", "--target"); strings.Contains(c, "is barking") {
		t.Errorf("concordance --target returns a deleted unit: %s", c)
	}
	// A deleted unit keeps its history (restorable until gc), the
	// deletion last.
	var hist []unitChangeJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "units", "history", "2", "--json")), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Via != "edit" || hist[1].Via != "delete" {
		t.Errorf("history of a deleted unit: %+v", hist)
	}
}
