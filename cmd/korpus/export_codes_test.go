package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

func codesTestdata(name string) string { return testutil.Testdata(filepath.Join("codes", name)) }

// unitCodes returns, per stored unit in export order, its source and
// target as JSON (text and codes with element, id, attributes, data).
func unitCodes(t *testing.T, db string) []string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n") {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw["source"])+"\t"+string(raw["source_codes"])+"\t"+string(raw["target_codes"]))
	}
	return out
}

// TestXLIFFToTMXKeepsCodes imports an Okapi-style XLIFF 1.2 (<g>, <x/>,
// <bx/>/<ex/>, <ph>, <bpt>/<ept>, <it>, with ctype and equiv-text) and an
// XLIFF 2.1 (<pc>, <sc/>/<ec/>, <ph> with originalData, type/subType,
// equiv, disp), exports the memory as TMX and checks that the TMX is
// valid against the DTD, carries the codes as <bpt>/<ept>/<ph>/<it> with
// TMX integer ids and ctype/subType as type, and that importing it into
// another memory gives back the same codes (element, id, attributes,
// native data: kept in the x-korpus-codes <tuv> prop where TMX has no
// place for them).
func TestXLIFFToTMXKeepsCodes(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", codesTestdata("okapi.xlf"))
	mustRunKorpus(t, db, "", "import", codesTestdata("codes21.xlf"))
	out := filepath.Join(t.TempDir(), "codes.tmx")
	mustRunKorpus(t, db, "", "export-tm", "-o", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	tmxText := string(data)
	for _, want := range []string{
		`<seg>Klicken Sie auf <bpt i="1" x="1" type="bold"></bpt>Speichern<ept i="1"></ept>.</seg>`,
		`<seg>Ein Bild <ph x="1" type="image"></ph> und eine Zeile<ph x="2" type="lb">&lt;br/&gt;</ph>mehr.</seg>`,
		`<bpt i="1" x="1" type="link">&lt;a href="x.html"&gt;</bpt>Seite 3<ept i="1">&lt;/a&gt;</ept> und <bpt i="2" x="2" type="ulined"></bpt>dies<ept i="2"></ept>.`,
		`<seg>Ende <it x="1" pos="end" type="italic">&lt;/i&gt;</it>hier.</seg>`,
		// XLIFF 2: ids b1, p1 become 1, 2; originalData is the content.
		`<seg>Klicken Sie auf <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept>.<ph x="2" type="lb">&lt;br/&gt;</ph></seg>`,
		`<seg>Un mot <bpt i="1" x="1" type="italic">&lt;i&gt;</bpt>italique<ept i="1">&lt;/i&gt;</ept>.</seg>`,
		`"equiv-text":"[Logo]"`,
		`"disp":"↵"`,
	} {
		if !strings.Contains(tmxText, want) {
			t.Errorf("TMX lacks %s\n%s", want, tmxText)
		}
	}
	xmllint := testutil.NeedTool(t, "xmllint")
	dtd := testutil.SharedDir(t, "schemas", "tmx", "tmx14.dtd")
	if msg, err := exec.Command(xmllint, "--nonet", "--noout", "--dtdvalid", dtd, out).CombinedOutput(); err != nil {
		t.Fatalf("export does not validate: %v\n%s", err, msg)
	}

	before := unitCodes(t, db)
	if len(before) != 6 {
		t.Fatalf("%d units, want 6", len(before))
	}
	other := tempDB(t)
	mustRunKorpus(t, other, "", "import", out)
	after := unitCodes(t, other)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("codes after XLIFF → TMX → import:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	// The same units again: unchanged, codes and all.
	var rep importReport
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "import", "--json", out)), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 6 || rep.Added != 0 {
		t.Errorf("re-import of the export: %+v, want 6 unchanged", rep.ImportStats)
	}
}

// TestTMXUnitsDifferingOnlyInCodes: the same sentence bold, italic and
// plain are three units; the bold one twice (another tuid) is merged and
// the report says so. All three survive export and re-import.
func TestTMXUnitsDifferingOnlyInCodes(t *testing.T) {
	db := tempDB(t)
	var rep importReport
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "import", "--json", codesTestdata("codes-only.tmx"))), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Read != 4 || rep.Added != 3 || rep.Merged != 1 {
		t.Errorf("import: %+v, want 4 read, 3 added, 1 merged", rep.ImportStats)
	}
	text := mustRunKorpus(t, tempDB(t), "", "import", codesTestdata("codes-only.tmx"))
	if !strings.Contains(text, "merged 1 duplicate") {
		t.Errorf("text report does not say what was merged: %s", text)
	}
	out := filepath.Join(t.TempDir(), "out.tmx")
	mustRunKorpus(t, db, "", "export-tm", "-o", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{
		`<seg>Klicken Sie auf <bpt i="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept>.</seg>`,
		`<seg>Klicken Sie auf <bpt i="1">&lt;i&gt;</bpt>Speichern<ept i="1">&lt;/i&gt;</ept>.</seg>`,
		`<seg>Klicken Sie auf Speichern.</seg>`,
		`<tu tuid="fett"`, `<tu tuid="kursiv"`, `<tu tuid="schlicht"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("export lacks %s\n%s", want, s)
		}
	}
	if n := strings.Count(s, "<tu "); n != 3 {
		t.Errorf("%d <tu>s, want 3", n)
	}
	if strings.Contains(s, "x-korpus-codes") {
		t.Errorf("TMX's own codes need no x-korpus-codes prop:\n%s", s)
	}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "import", "--json", out)), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 3 || rep.Added != 0 {
		t.Errorf("re-import: %+v, want 3 unchanged", rep.ImportStats)
	}
}
