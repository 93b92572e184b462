package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// dedupeTMX holds, for memory "main": two translations of one source
// (ids 1 and 2) with their own dates, creators and usage counts, and a
// second source; unit 4 (same text as 1, other context) only after import
// into a fresh memory.
const dedupeTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="de" datatype="plaintext"/>
<body>
<tu usagecount="3" creationdate="20200105T100000Z" creationid="alice" changedate="20210105T100000Z" changeid="alice">
 <note>checked by alice</note>
 <tuv xml:lang="de"><seg>Der Hund bellt laut.</seg></tuv><tuv xml:lang="en"><seg>The dog barks loudly.</seg></tuv></tu>
<tu usagecount="2" creationdate="20190105T100000Z" creationid="bob" changedate="20220105T100000Z" changeid="bob">
 <tuv xml:lang="de"><seg>Der Hund bellt laut.</seg></tuv><tuv xml:lang="en"><seg>The dog is barking loudly.</seg></tuv></tu>
<tu creationdate="20200105T100000Z" creationid="carol">
 <tuv xml:lang="de"><seg>Die Katze schläft.</seg></tuv><tuv xml:lang="en"><seg>The cat sleeps.</seg></tuv></tu>
</body></tmx>
`

type dedupeOut struct {
	DryRun  bool `json:"dry_run"`
	Groups  int  `json:"groups"`
	Units   int  `json:"units"`
	Removed int  `json:"removed"`
	Merges  []struct {
		Memory  string  `json:"memory"`
		Source  string  `json:"source"`
		Target  string  `json:"target"`
		Kept    int64   `json:"kept"`
		Merged  []int64 `json:"merged"`
		Usage   int     `json:"usage"`
		Created string  `json:"created"`
		Changed string  `json:"changed"`
	} `json:"merges"`
}

type conflictsOut struct {
	Conflicts int `json:"conflicts"`
	Sources   []struct {
		Memory     string `json:"memory"`
		SourceLang string `json:"source_lang"`
		TargetLang string `json:"target_lang"`
		Source     string `json:"source"`
		Units      int    `json:"units"`
		Targets    []struct {
			Target   string   `json:"target"`
			Count    int      `json:"count"`
			IDs      []int64  `json:"ids"`
			Usage    int      `json:"usage"`
			Created  string   `json:"created"`
			Changed  string   `json:"changed"`
			Creators []string `json:"creators"`
			Statuses []string `json:"statuses"`
		} `json:"targets"`
	} `json:"sources"`
}

func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("JSON: %v\n%s", err, s)
	}
	return v
}

// The case: conflicts lists a source with two targets; after an
// edit makes them identical, dedupe --dry-run reports the merge and changes
// nothing (the database file is byte for byte the same), dedupe then merges:
// usage summed, oldest creation and newest change kept, history moved onto
// the survivor, and lookup and concordance return the survivor only.
func TestDedupeAndConflicts(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "main")
	mustRunKorpus(t, db, "", "memory", "create", "other")
	tmx := writeFile(t, "m.tmx", []byte(dedupeTMX))
	mustRunKorpus(t, db, "", "import", "--memory", "main", tmx)
	mustRunKorpus(t, db, "", "import", "--memory", "other", tmx) // ids 4-6

	// conflicts: one source with two targets in each memory.
	c := decodeJSON[conflictsOut](t, mustRunKorpus(t, db, "", "conflicts", "--memory", "main", "--json"))
	if c.Conflicts != 1 || len(c.Sources) != 1 {
		t.Fatalf("conflicts --memory main: %+v", c)
	}
	s := c.Sources[0]
	if s.Memory != "main" || s.SourceLang != "de" || s.TargetLang != "en" || s.Source != "Der Hund bellt laut." || s.Units != 2 || len(s.Targets) != 2 {
		t.Fatalf("conflict: %+v", s)
	}
	// Equal counts: the newest change first.
	a, b := s.Targets[0], s.Targets[1]
	if a.Target != "The dog is barking loudly." || a.Count != 1 || len(a.IDs) != 1 || a.IDs[0] != 2 || a.Usage != 2 ||
		a.Created != "2019-01-05T10:00:00Z" || a.Changed != "2022-01-05T10:00:00Z" || strings.Join(a.Creators, ",") != "bob" {
		t.Errorf("first target: %+v", a)
	}
	if b.Target != "The dog barks loudly." || b.IDs[0] != 1 || b.Usage != 3 || strings.Join(b.Creators, ",") != "alice" || strings.Join(b.Statuses, ",") != "translated" {
		t.Errorf("second target: %+v", b)
	}
	if c := decodeJSON[conflictsOut](t, mustRunKorpus(t, db, "", "conflicts", "--json")); c.Conflicts != 2 || c.Sources[1].Memory != "other" {
		t.Errorf("conflicts in all memories: %+v", c)
	}
	if c := decodeJSON[conflictsOut](t, mustRunKorpus(t, db, "", "conflicts", "--to", "fr", "--json")); c.Conflicts != 0 || c.Sources == nil {
		t.Errorf("conflicts --to fr: %+v", c)
	}
	out := mustRunKorpus(t, db, "", "conflicts", "--memory", "main")
	for _, w := range []string{"1 source with more than one target", "Der Hund bellt laut.", "The dog barks loudly.", "units 1", "alice", "units 2", "bob"} {
		if !strings.Contains(out, w) {
			t.Errorf("conflicts text lacks %q:\n%s", w, out)
		}
	}

	// Nothing identical yet.
	if d := decodeJSON[dedupeOut](t, mustRunKorpus(t, db, "", "dedupe", "--dry-run", "--json")); d.Groups != 0 || d.Merges == nil {
		t.Errorf("dedupe with no duplicates: %+v", d)
	}

	// Unit 1 gets two history entries, then unit 2 is edited to unit 1's
	// target: 1 and 2 are identical, 2 the most recently changed.
	env := map[string]string{"KORPUS_USER": "rita"}
	for _, args := range [][]string{
		{"units", "edit", "1", "--status", "draft"},
		{"units", "edit", "1", "--status", "reviewed"},
		{"units", "edit", "2", "--target", "The dog barks loudly."},
		{"units", "edit", "5", "--target", "The dog barks loudly."}, // the same in memory other
	} {
		time.Sleep(3 * time.Millisecond) // distinct change times (milliseconds)
		if _, errOut, code := runKorpusEnv(t, env, db, "", args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	lookup := func() string {
		return mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "main", "Der Hund bellt laut.")
	}
	concordance := func() string {
		return mustRunKorpus(t, db, "", "concordance", "--json", "--memory", "main", "bellt")
	}
	if c := concordance(); strings.Count(c, `"unit_id"`) != 2 {
		t.Fatalf("before dedupe concordance should give both units: %s", c)
	}
	if c := decodeJSON[conflictsOut](t, mustRunKorpus(t, db, "", "conflicts", "--json")); c.Conflicts != 0 {
		t.Errorf("conflicts after the edit: %+v", c)
	}

	// --dry-run: the report, and the file unchanged.
	before := fileState(t, db)
	d := decodeJSON[dedupeOut](t, mustRunKorpus(t, db, "", "dedupe", "--dry-run", "--memory", "main", "--json"))
	if !d.DryRun || d.Groups != 1 || d.Units != 2 || d.Removed != 1 || len(d.Merges) != 1 {
		t.Fatalf("dedupe --dry-run: %+v", d)
	}
	m := d.Merges[0]
	if m.Memory != "main" || m.Kept != 2 || len(m.Merged) != 1 || m.Merged[0] != 1 || m.Usage != 5 ||
		m.Source != "Der Hund bellt laut." || m.Target != "The dog barks loudly." || m.Created != "2019-01-05T10:00:00Z" {
		t.Errorf("dry-run merge: %+v", m)
	}
	text := mustRunKorpus(t, db, "", "dedupe", "--dry-run")
	if !strings.Contains(text, "Would merge 4 units into 2 (2 units removed; dry run, nothing changed)") || !strings.Contains(text, "unit 2 ← 1") {
		t.Errorf("dedupe --dry-run text:\n%s", text)
	}
	if fileState(t, db) != before {
		t.Errorf("dedupe --dry-run changed the database file")
	}
	if c := concordance(); strings.Count(c, `"unit_id"`) != 2 {
		t.Errorf("after --dry-run concordance should still give both units: %s", c)
	}

	// dedupe --memory main merges there only.
	dout, errOut, code := runKorpusEnv(t, env, db, "", "dedupe", "--memory", "main", "--json")
	if code != 0 {
		t.Fatalf("dedupe: %s", errOut)
	}
	d = decodeJSON[dedupeOut](t, dout)
	if d.DryRun || d.Groups != 1 || d.Removed != 1 || d.Merges[0].Kept != 2 {
		t.Fatalf("dedupe: %+v", d)
	}
	u := listUnits(t, db, "--memory", "main")
	if unitIDs(u) != "2,3" {
		t.Fatalf("units after dedupe: %s", unitIDs(u))
	}
	if got := unitIDs(listUnits(t, db, "--memory", "other")); got != "4,5,6" {
		t.Errorf("dedupe --memory main touched memory other: %s", got)
	}
	k := u[0]
	// The survivor: newest change (unit 2's edit by rita), oldest creation
	// (bob, 2019), usage 3+2, notes of both.
	if k.Target != "The dog barks loudly." || k.Created != "2019-01-05T10:00:00Z" || k.Creator != "bob" || k.Changer != "rita" ||
		len(k.Notes) != 1 || k.Notes[0].Text != "checked by alice" {
		t.Errorf("survivor: %+v", k)
	}
	if x := mustRunKorpus(t, db, "", "export-tm", "--to", "en"); strings.Count(x, `usagecount="5"`) != 1 {
		t.Errorf("the survivor's usage count should be 3+2:\n%s", x)
	}
	hist := decodeJSON[[]unitChangeJSON](t, mustRunKorpus(t, db, "", "units", "history", "2", "--json"))
	if len(hist) != 4 {
		t.Fatalf("history of the survivor: want unit 1's two changes, unit 2's edit and the merge, got %+v", hist)
	}
	if hist[0].NewStatus != "draft" || hist[1].NewStatus != "reviewed" || hist[2].OldTarget != "The dog is barking loudly." ||
		!strings.Contains(hist[3].Note, "merged identical unit(s) 1") || hist[3].User != "rita" {
		t.Errorf("merged history: %+v", hist)
	}
	for i, h := range hist {
		if h.Change != i+1 {
			t.Errorf("history change %d numbered %d", i+1, h.Change)
		}
	}
	// restore works on a moved change.
	mustRunKorpus(t, db, "", "units", "restore", "2", "--to-change", "3")
	if got := listUnits(t, db, "--memory", "main")[0].Target; got != "The dog is barking loudly." {
		t.Errorf("restore of a merged history: target %q", got)
	}
	mustRunKorpus(t, db, "", "units", "restore", "2", "--to-change", "5")

	// Indexes: lookup and concordance give the survivor, never unit 1.
	if l := lookup(); strings.Count(l, `"unit_id"`) != 1 || !strings.Contains(l, `"unit_id":2`) {
		t.Errorf("lookup after dedupe: %s", l)
	}
	conc := concordance()
	if strings.Count(conc, `"unit_id"`) != 1 || !strings.Contains(conc, `"unit_id": 2`) {
		t.Errorf("concordance after dedupe: %s", conc)
	}
	fuzzy := mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "main", "Der Hund bellt sehr laut.")
	if strings.Contains(fuzzy, `"unit_id":1,`) || !strings.Contains(fuzzy, `"unit_id":2,`) {
		t.Errorf("fuzzy lookup after dedupe: %s", fuzzy)
	}

	// Then everything else; a second run finds nothing.
	d = decodeJSON[dedupeOut](t, mustRunKorpus(t, db, "", "dedupe", "--json"))
	if d.Groups != 1 || d.Merges[0].Memory != "other" || d.Merges[0].Kept != 5 {
		t.Errorf("dedupe of all memories: %+v", d)
	}
	if out := mustRunKorpus(t, db, "", "dedupe"); !strings.Contains(out, "No identical units.") {
		t.Errorf("second dedupe: %s", out)
	}
}

func TestDedupeConflictsBadInput(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "main")
	for _, cmd := range [][]string{{"dedupe"}, {"dedupe", "--dry-run"}, {"conflicts"}} {
		_, errOut, code := runKorpus(t, db, "", append(cmd, "--memory", "main,nope")...)
		wantError(t, errOut, code, exitError, `unknown memory "nope"`)
	}
	_, errOut, code := runKorpus(t, db, "", "conflicts", "--from", "not a lang")
	wantError(t, errOut, code, exitUsage, "--from")
	_, errOut, code = runKorpus(t, db, "", "dedupe", "extra")
	wantError(t, errOut, code, exitUsage, "no arguments")
	_, errOut, code = runKorpus(t, tempDB(t), "", "dedupe")
	if code != exitError {
		t.Errorf("dedupe on a missing database: exit %d (%s)", code, errOut)
	}
}
