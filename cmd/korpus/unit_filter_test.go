package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// filterTMX: five units with their own creators and dates (ids 1-5 in
// memory main), and one in memory other (id 6).
const filterTMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="de" datatype="plaintext"/>
<body>
<tu creationdate="20261101T090000Z" creationid="anna"><tuv xml:lang="de"><seg>Eins.</seg></tuv><tuv xml:lang="en"><seg>t-one</seg></tuv></tu>
<tu creationdate="20261101T090000Z" creationid="anna" changedate="20261115T235959Z" changeid="ben"><tuv xml:lang="de"><seg>Zwei.</seg></tuv><tuv xml:lang="en"><seg>t-two</seg></tuv></tu>
<tu creationdate="20261116T000000Z" creationid="ben"><tuv xml:lang="de"><seg>Drei.</seg></tuv><tuv xml:lang="en"><seg>t-three</seg></tuv></tu>
<tu creationdate="20261201T120000Z" creationid="ben"><prop type="x-korpus-status">draft</prop><tuv xml:lang="de"><seg>Vier.</seg></tuv><tuv xml:lang="en"><seg>t-four</seg></tuv></tu>
<tu creationdate="20261201T120000Z" creationid="carla"><tuv xml:lang="de"><seg>Fünf.</seg></tuv><tuv xml:lang="fr"><seg>t-five</seg></tuv></tu>
</body></tmx>
`

// units list and export-tm share their filter flags: the same flags select
// the same units in both.
func TestUnitFilterFlagsShared(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "main")
	mustRunKorpus(t, db, "", "memory", "create", "other")
	mustRunKorpus(t, db, "", "import", "--memory", "main", writeFile(t, "f.tmx", []byte(filterTMX)))
	mustRunKorpus(t, db, "", "import", "--memory", "other", writeFile(t, "o.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\tcreator\nde\ten\tSechs.\tt-six\tanna\n")))
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "1,2,3,4,5,6"},
		{[]string{"--memory", "other"}, "6"},
		{[]string{"--memory", "main,other", "--to", "fr"}, "5"},
		{[]string{"--creator", "anna"}, "1,2,6"},
		{[]string{"--creator", "ann"}, ""}, // exact, not a substring
		{[]string{"--since", "2026-11-15"}, "2,3,4,5,6"},
		{[]string{"--until", "2026-11-15"}, "1,2"}, // a date: through its end (2's change at 23:59:59)
		{[]string{"--since", "2026-11-15", "--until", "2026-11-30"}, "2,3"},
		{[]string{"--since", "2026-11-16T00:00:00Z"}, "3,4,5,6"},
		{[]string{"--until", "2026-11-16T01:00:00+01:00"}, "1,2,3"}, // = 00:00 UTC, inclusive
		{[]string{"--memory", "main", "--since", "2026-12-01", "--status", "draft"}, "4"},
		{[]string{"--memory", "main", "--source", "ei", "--target", "t-"}, "1,2,3"}, // Eins, Zwei, Drei (not Vier)
		{[]string{"--origin", "tmx", "--from", "de"}, "1,2,3,4,5"},
	} {
		us := listUnits(t, db, c.args...)
		if got := unitIDs(us); got != c.want {
			t.Errorf("units list %v: ids %q, want %q", c.args, got, c.want)
		}
		var listed []string
		for _, u := range us {
			listed = append(listed, u.Target)
		}
		var exported []string
		out := mustRunKorpus(t, db, "", append([]string{"export-tm", "--format", "jsonl"}, c.args...)...)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			var u struct {
				Target string `json:"target"`
			}
			if err := json.Unmarshal([]byte(line), &u); err != nil {
				t.Fatalf("export-tm %v: %v: %s", c.args, err, line)
			}
			exported = append(exported, u.Target)
		}
		if strings.Join(listed, ",") != strings.Join(exported, ",") {
			t.Errorf("%v: units list gives %v, export-tm %v", c.args, listed, exported)
		}
	}
}

func TestUnitFilterBadInput(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", writeFile(t, "o.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\nde\ten\tEins.\tOne.\n")))
	for _, cmd := range [][]string{{"units", "list"}, {"export-tm"}} {
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"--since", "2026-13-01"}, "--since"},
			{[]string{"--until", "yesterday"}, "--until"},
			{[]string{"--since", "2026-12-01T10:00"}, "--since"},
			{[]string{"--since", "2026-12-02", "--until", "2026-12-01"}, "before --since"},
			{[]string{"--status", "done"}, "--status"},
			{[]string{"--from", "not a language"}, "--from"},
		} {
			_, errOut, code := runKorpus(t, db, "", append(cmd, c.args...)...)
			wantError(t, errOut, code, exitUsage, c.want)
		}
		_, errOut, code := runKorpus(t, db, "", append(cmd, "--memory", "default,nope")...)
		wantError(t, errOut, code, exitError, `unknown memory "nope"`)
	}
	// A bad date is a usage error before the database is opened.
	_, errOut, code := runKorpus(t, tempDB(t), "", "export-tm", "--since", "soon")
	wantError(t, errOut, code, exitUsage, "--since")
}
