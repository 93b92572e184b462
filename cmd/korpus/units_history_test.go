package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// historyTMX is a TMX file with one unit: source src, target tgt, changed
// by changer at date (TMX's 20300101T000000Z form; "" for an undated unit).
func historyTMX(t *testing.T, src, tgt, changer, date string) string {
	t.Helper()
	attrs := ""
	if changer != "" {
		attrs += fmt.Sprintf(` changeid="%s"`, changer)
	}
	if date != "" {
		attrs += fmt.Sprintf(` changedate="%s"`, date)
	}
	return writeFile(t, "re.tmx", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none"
 adminlang="en" srclang="de" datatype="plaintext"/>
<body>
<tu`+attrs+`><tuv xml:lang="de"><seg>`+src+`</seg></tuv><tuv xml:lang="en"><seg>`+tgt+`</seg></tuv></tu>
</body></tmx>
`))
}

func unitHistoryJSON(t *testing.T, db string, id int64) []unitChangeJSON {
	t.Helper()
	var hist []unitChangeJSON
	out := mustRunKorpus(t, db, "", "units", "history", fmt.Sprint(id), "--json")
	if err := json.Unmarshal([]byte(out), &hist); err != nil {
		t.Fatalf("units history --json: %v\n%s", err, out)
	}
	return hist
}

func showUnit(t *testing.T, db string, id int64) unitJSON {
	t.Helper()
	var u unitJSON
	out := mustRunKorpus(t, db, "", "units", "show", fmt.Sprint(id), "--json")
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatalf("units show --json: %v\n%s", err, out)
	}
	return u
}

// importCounts runs import --json and returns its report's counts.
func importCounts(t *testing.T, env map[string]string, db string, args ...string) (added, updated, unchanged, skipped int) {
	t.Helper()
	out, errOut, code := runKorpusEnv(t, env, db, "", append([]string{"import", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("import %v: exit %d: %s", args, code, errOut)
	}
	var rep struct{ Added, Updated, Unchanged, Skipped int }
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	return rep.Added, rep.Updated, rep.Unchanged, rep.Skipped
}

// withinTest parses an RFC 3339 time and checks it lies in [from, now].
func withinTest(t *testing.T, what, s string, from time.Time) {
	t.Helper()
	when, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || when.Before(from) || when.After(time.Now().Add(time.Second)) {
		t.Errorf("%s: time %q (%v) is not within the test (from %s)", what, s, err, from.Format(time.RFC3339))
	}
}

// The "what it must show": edit a unit, re-import a file that
// changes its target again: units history shows both earlier targets with
// times, restore brings the first back, and neither the concordance
// (full-text) nor the match index returns an old target.
func TestUnitsHistoryEditThenImport(t *testing.T) {
	db := unitsDB(t)
	const (
		src     = "Der Vertrag wurde unterzeichnet."
		first   = "The treaty was signed."
		edited  = "The agreement was signed."
		import2 = "The contract was signed."
		fuzzy   = "Der Vertrag wurde gestern unterzeichnet." // a fuzzy match of src, through the match index
	)
	// Both indexes hold the first target before anything changes.
	if got := lookupTargets(t, db, fuzzy); len(got) != 1 || got[0] != first {
		t.Fatalf("fuzzy lookup before: %q", got)
	}
	if c := concordanceTargets(t, db, "Vertrag"); !strings.Contains(c, first) {
		t.Fatalf("concordance before: %s", c)
	}
	start := time.Now().UTC().Add(-time.Second)
	mustRunEnv(t, map[string]string{"KORPUS_USER": "erika"}, db, "units", "edit", "1", "--target", edited)

	// The default import keeps both translations (an alternative).
	alt := historyTMX(t, src, "The pact was signed.", "", "")
	if a, u, _, _ := importCounts(t, nil, db, "--dry-run", alt); a != 1 || u != 0 {
		t.Errorf("default import of another target: added %d updated %d, want 1 0", a, u)
	}
	// An older file does not replace the edit with --existing newer …
	old := historyTMX(t, src, import2, "jonas", "20000101T000000Z")
	if a, u, _, s := importCounts(t, nil, db, "--existing", "newer", old); a != 0 || u != 0 || s != 1 {
		t.Errorf("--existing newer, older file: added %d updated %d skipped %d, want 0 0 1", a, u, s)
	}
	// … a newer one does, in place.
	newer := historyTMX(t, src, import2, "jonas", "20300101T120000Z")
	if a, u, _, _ := importCounts(t, map[string]string{"KORPUS_USER": "importer"}, db, "--existing", "newer", newer); a != 0 || u != 1 {
		t.Errorf("--existing newer, newer file: added %d updated %d, want 0 1", a, u)
	}
	if us := listUnits(t, db); len(us) != 4 {
		t.Errorf("the import added a unit instead of updating unit 1: %d units", len(us))
	}
	u := showUnit(t, db, 1)
	if u.Target != import2 || u.Changer != "jonas" || !strings.HasPrefix(u.Changed, "2030-01-01T12:00:00") {
		t.Errorf("unit 1 after the import: %+v", u)
	}

	hist := unitHistoryJSON(t, db, 1)
	if len(hist) != 2 {
		t.Fatalf("history has %d changes, want 2: %+v", len(hist), hist)
	}
	if h := hist[0]; h.Change != 1 || h.OldTarget != first || h.NewTarget != edited || h.User != "erika" || h.Via != "edit" {
		t.Errorf("change 1: %+v", h)
	}
	if h := hist[1]; h.Change != 2 || h.OldTarget != edited || h.NewTarget != import2 || h.User != "jonas" || h.Via != "import" ||
		!strings.Contains(h.Note, "re.tmx") {
		t.Errorf("change 2: %+v", h)
	}
	for _, h := range hist {
		withinTest(t, fmt.Sprintf("change %d", h.Change), h.Time, start)
	}
	if h, _ := time.Parse(time.RFC3339Nano, hist[0].Time); h.After(mustTime(t, hist[1].Time)) {
		t.Errorf("changes out of order: %s, %s", hist[0].Time, hist[1].Time)
	}
	text := mustRunKorpus(t, db, "", "units", "history", "1")
	for _, want := range []string{first, edited, import2, "erika", "jonas", "edit", "import", hist[0].Time, hist[1].Time} {
		if !strings.Contains(text, want) {
			t.Errorf("units history does not show %q:\n%s", want, text)
		}
	}

	// Neither index returns an old target.
	checkOnlyTarget(t, db, src, fuzzy, import2, first, edited)

	// restore brings the first target back, as change 3.
	mustRunKorpus(t, db, "", "units", "restore", "1", "--to-change", "1")
	if u := showUnit(t, db, 1); u.Target != first || u.Status != "translated" {
		t.Errorf("after restore --to-change 1: %+v", u)
	}
	checkOnlyTarget(t, db, src, fuzzy, first, edited, import2)
	hist = unitHistoryJSON(t, db, 1)
	if len(hist) != 3 || hist[2].Via != "restore" || hist[2].OldTarget != import2 || hist[2].NewTarget != first {
		t.Errorf("the restore is change 3: %+v", hist)
	}

	// --existing overwrite replaces whatever the dates; a file with only
	// a newer status of the same target changes the status alone.
	if _, u, _, _ := importCounts(t, nil, db, "--existing", "overwrite", old); u != 1 {
		t.Errorf("--existing overwrite, older file: updated %d, want 1", u)
	}
	if u := showUnit(t, db, 1); u.Target != import2 {
		t.Errorf("after overwrite: %+v", u)
	}
	reviewed := writeFile(t, "st.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\tstatus\tchanged\n"+
		"de\ten\t"+src+"\t"+import2+"\treviewed\t2031-01-01T00:00:00Z\n"))
	if a, u, _, _ := importCounts(t, nil, db, reviewed); a != 0 || u != 1 {
		t.Errorf("newer status: added %d updated %d, want 0 1", a, u)
	}
	hist = unitHistoryJSON(t, db, 1)
	if len(hist) != 5 || hist[4].OldStatus != "translated" || hist[4].NewStatus != "reviewed" || hist[4].OldTarget != import2 {
		t.Errorf("the status change from an import: %+v", hist)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func mustRunEnv(t *testing.T, env map[string]string, db string, args ...string) string {
	t.Helper()
	out, errOut, code := runKorpusEnv(t, env, db, "", args...)
	if code != 0 {
		t.Fatalf("korpus %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// checkOnlyTarget checks that exact and fuzzy lookups (the match index) and
// concordance by source and by target (the full-text index) give want for
// src and none of the old targets.
func checkOnlyTarget(t *testing.T, db, src, fuzzy, want string, old ...string) {
	t.Helper()
	for _, q := range []string{src, fuzzy} {
		if got := lookupTargets(t, db, q); len(got) != 1 || got[0] != want {
			t.Errorf("lookup %q: %q, want only %q", q, got, want)
		}
	}
	c := concordanceTargets(t, db, "Vertrag")
	if !strings.Contains(c, want) {
		t.Errorf("concordance Vertrag does not find %q: %s", want, c)
	}
	for _, o := range old {
		if strings.Contains(c, o) {
			t.Errorf("concordance Vertrag returns the old target %q: %s", o, c)
		}
		word := strings.Fields(o)[1] // treaty, agreement, contract
		if c := concordanceTargets(t, db, word, "--target"); strings.Contains(c, o) {
			t.Errorf("concordance --target %s returns the old target: %s", word, c)
		}
	}
}

// Bad input to import --existing and restore: clear errors, documented
// exit codes, nothing stored; an import that fails after replacing a
// target leaves the unit and its history as they were.
func TestUnitsHistoryBadInput(t *testing.T) {
	db := unitsDB(t)
	mustRunKorpus(t, db, "", "units", "edit", "1", "--target", "The agreement was signed.")
	_, errOut, code := runKorpus(t, db, "", "import", "--existing", "replace", historyTMX(t, "Der Vertrag wurde unterzeichnet.", "X", "", ""))
	wantError(t, errOut, code, exitUsage, `--existing "replace"`)

	// A file that replaces unit 1's target, then breaks.
	broken := writeFile(t, "broken.tmx", []byte(`<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none"
 adminlang="en" srclang="de" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="de"><seg>Der Vertrag wurde unterzeichnet.</seg></tuv><tuv xml:lang="en"><seg>The contract was signed.</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Kaputt</tuv></tu>
</body></tmx>
`))
	_, errOut, code = runKorpus(t, db, "", "import", "--existing", "overwrite", broken)
	wantError(t, errOut, code, exitError, "broken.tmx", "line 6")
	if u := showUnit(t, db, 1); u.Target != "The agreement was signed." {
		t.Errorf("a failed import changed unit 1: %+v", u)
	}
	if c := concordanceTargets(t, db, "contract", "--target"); strings.Contains(c, "contract was") {
		t.Errorf("a failed import reached the index: %s", c)
	}
	if h := unitHistoryJSON(t, db, 1); len(h) != 1 {
		t.Errorf("a failed import left history: %+v", h)
	}

	_, errOut, code = runKorpus(t, db, "", "units", "restore", "1", "--to-change", "2")
	wantError(t, errOut, code, exitError, "unit 1 has no change 2", "it has 1")
	_, errOut, code = runKorpus(t, db, "", "units", "restore", "1", "--to-change", "0")
	wantError(t, errOut, code, exitUsage, "--to-change")
	_, errOut, code = runKorpus(t, db, "", "units", "restore", "77", "--to-change", "1")
	wantError(t, errOut, code, exitError, "unknown unit 77")
	if h := unitHistoryJSON(t, db, 1); len(h) != 1 {
		t.Errorf("failed restores left history: %+v", h)
	}
}

// Carry-over in add records where each carried unit came from: the unit
// it was copied from, its target and status, who added the version; a
// restore takes back the needs-review a modified segment's copy got.
func TestUnitsHistoryCarryOver(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "add", seedPath())
	translateVersion(t, db, seedDoc, 1)
	text, err := os.ReadFile(seedRevision())
	if err != nil {
		t.Fatal(err)
	}
	rev := writeFile(t, seedDoc, text)
	start := time.Now().UTC().Add(-time.Second)
	mustRunEnv(t, map[string]string{"KORPUS_USER": "carl"}, db, "add", rev)
	carried := listUnits(t, db, "--origin", "carry-over")
	if len(carried) == 0 {
		t.Fatal("nothing carried over")
	}
	var fuzzy *unitJSON
	for i, u := range carried {
		hist := unitHistoryJSON(t, db, u.ID)
		if len(hist) != 1 {
			t.Fatalf("carried unit %d: history %+v", u.ID, hist)
		}
		h := hist[0]
		if h.Via != "carry-over" || h.User != "carl" || h.OldTarget != u.Target || h.NewStatus != u.Status || !strings.HasPrefix(h.Note, "carried over from unit ") {
			t.Errorf("carried unit %d: history %+v", u.ID, h)
		}
		withinTest(t, "carry-over", h.Time, start)
		if u.Status == "needs-review" && fuzzy == nil {
			fuzzy = &carried[i]
			if h.OldStatus != "reviewed" {
				t.Errorf("fuzzy copy %d: old status %q, want reviewed", u.ID, h.OldStatus)
			}
		}
	}
	if fuzzy == nil {
		t.Fatal("no fuzzy carry-over (needs-review)")
	}
	mustRunKorpus(t, db, "", "units", "restore", fmt.Sprint(fuzzy.ID), "--to-change", "1")
	if u := showUnit(t, db, fuzzy.ID); u.Status != "reviewed" || u.Target != fuzzy.Target {
		t.Errorf("restore of a carried unit: %+v", u)
	}
}
