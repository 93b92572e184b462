package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

// TestImportOmegaTProjectTMX imports a project_save.tmx written the way
// OmegaT writes it (TMX 1.1, <tuv lang>, the author and dates on the
// target <tuv>, alternative translations with <prop type="file">,
// "prev"/"next" context or an "id" key) and checks that authors and dates
// are kept, file and id stay props, and prev/next become the unit's
// context: a lookup in that context gives the alternative as the 101
// in-context match, before and after a TMX round trip through export-tm
// (which writes the context back as OmegaT's prev/next props).
func TestImportOmegaTProjectTMX(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", testutil.Testdata(filepath.Join("omegat", "project_save.tmx")))
	type unit struct {
		Source, Target, Creator, Changer, Created, Changed string
		Props                                              []struct{ Type, Value string }
	}
	var units []unit
	for _, l := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n") {
		var u unit
		if err := json.Unmarshal([]byte(l), &u); err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
	}
	if len(units) != 4 {
		t.Fatalf("%d units, want 4", len(units))
	}
	if u := units[0]; u.Creator != "marc" || u.Changer != "claire" || u.Created != "2025-06-10T14:15:00Z" || u.Changed != "2025-06-11T08:30:12Z" {
		t.Errorf("default translation: %+v", u)
	}
	if u := units[2]; u.Target != "Le lundi, le musée reste fermé." || len(u.Props) != 1 || u.Props[0].Type != "file" || u.Props[0].Value != "programm/fuehrung.txt" {
		t.Errorf("alternative translation: %+v (prev/next must be context, not props)", u)
	}
	if u := units[3]; len(u.Props) != 2 || u.Props[1].Type != "id" || u.Props[1].Value != "button.close" {
		t.Errorf("id-keyed alternative: %+v", u)
	}

	inContext := func(t *testing.T, db string) {
		t.Helper()
		out := mustRunKorpus(t, db, "", "lookup", "--to", "fr", "--prev", "Führungen beginnen um 11 Uhr.",
			"--next", "Treffpunkt ist die Kasse.", "Das Museum ist montags geschlossen.")
		first, _, _ := strings.Cut(out, "\n\n")
		if !strings.HasPrefix(first, "101  context") || !strings.Contains(first, "Le lundi, le musée reste fermé.") {
			t.Errorf("lookup in OmegaT's context: want the alternative as 101, got\n%s", out)
		}
		out = mustRunKorpus(t, db, "", "lookup", "--to", "fr", "Das Museum ist montags geschlossen.")
		if first, _, _ := strings.Cut(out, "\n\n"); !strings.HasPrefix(first, "100") || strings.Contains(out, "101") {
			t.Errorf("lookup without context: want two 100 matches, got\n%s", out)
		}
	}
	inContext(t, db)

	out := filepath.Join(t.TempDir(), "back.tmx")
	mustRunKorpus(t, db, "", "export-tm", "-o", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<prop type="file">programm/fuehrung.txt</prop>
      <prop type="prev">Führungen beginnen um 11 Uhr.</prop>
      <prop type="next">Treffpunkt ist die Kasse.</prop>`,
		`<prop type="id">button.close</prop>`,
		`creationid="marc" changedate="20250611T083012Z" changeid="claire"`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("export lacks %s\n%s", want, data)
		}
	}
	other := tempDB(t)
	mustRunKorpus(t, other, "", "import", out)
	inContext(t, other)
}
