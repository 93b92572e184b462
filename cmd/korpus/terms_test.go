package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm/term"
)

func termsJSON(t *testing.T, db string) []term.Concept {
	t.Helper()
	var cs []term.Concept
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "terms", "list", "--json")), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// conceptKey is a concept without its database ids, for comparing a
// round trip.
func conceptKey(c term.Concept) string {
	c.ID, c.Glossary = 0, ""
	for i := range c.Terms {
		c.Terms[i].ID = 0
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// TestTermsTBXRoundTrip imports TBX-Basic (Weblate's and memoQ's shapes)
// and TBX v3 (DCT and DCA), exports TBX, validates the export against the
// core-structure DTD in testdata/terms and imports it into a new database:
// the same concepts come back.
func TestTermsTBXRoundTrip(t *testing.T) {
	db := tempDB(t)
	for _, f := range []string{"weblate.tbx", "memoq.tbx", "v3-dct.tbx", "v3-dca.tbx"} {
		mustRunKorpus(t, db, "", "terms", "import", testutil.Testdata("terms/"+f))
	}
	before := termsJSON(t, db)
	if len(before) != 8 {
		t.Fatalf("%d concepts, want 8", len(before))
	}
	out := filepath.Join(t.TempDir(), "out.tbx")
	mustRunKorpus(t, db, "", "terms", "export", "-o", out)
	xmllint := testutil.NeedTool(t, "xmllint")
	if b, err := exec.Command(xmllint, "--nonet", "--noout", "--dtdvalid", testutil.Testdata("terms/martif-core.dtd"), out).CombinedOutput(); err != nil {
		t.Errorf("xmllint --dtdvalid: %v\n%s", err, b)
	}
	db2 := tempDB(t)
	mustRunKorpus(t, db2, "", "terms", "import", out)
	after := termsJSON(t, db2)
	if len(after) != len(before) {
		t.Fatalf("round trip: %d concepts, want %d", len(after), len(before))
	}
	for i := range before {
		b, a := conceptKey(before[i]), conceptKey(after[i])
		// Export gives concepts without an id one (c<ID>); all of these have one.
		if a != b {
			t.Errorf("concept %d:\n before %s\n after  %s", i, b, a)
		}
	}
	// Importing the export again into the first database changes nothing.
	o := mustRunKorpus(t, db2, "", "terms", "import", "--json", out)
	if !strings.Contains(o, `"unchanged": 8`) {
		t.Errorf("re-import: %s", o)
	}
}

func TestTermsTSVRoundTripAndCommands(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "terms", "import", "--glossary", "omegat", testutil.Testdata("terms/omegat.txt"))
	mustRunKorpus(t, db, "", "terms", "import", testutil.Testdata("terms/named.csv"))
	o := mustRunKorpus(t, db, "", "terms", "add", "Vertrag", "contract", "--status", "forbidden", "--json")
	var added struct{ ID int64 }
	if err := json.Unmarshal([]byte(o), &added); err != nil || added.ID == 0 {
		t.Fatalf("add: %s %v", o, err)
	}
	_, errOut, code := runKorpus(t, db, "", "terms", "add", "Vertrag", "contract", "--status", "forbidden")
	wantError(t, errOut, code, 1, "already has these terms")
	_, errOut, code = runKorpus(t, db, "", "terms", "add", "a", "b", "--status", "great")
	wantError(t, errOut, code, 2, "--status")
	list := mustRunKorpus(t, db, "", "terms", "list")
	if !strings.Contains(list, "contract (forbidden)") || !strings.Contains(list, "border; frontier") {
		t.Errorf("list:\n%s", list)
	}
	tsv := mustRunKorpus(t, db, "", "terms", "export", "--format", "tsv")
	db2 := tempDB(t)
	mustRunKorpus(t, db2, tsv, "terms", "import", "-")
	a, b := termsJSON(t, db), termsJSON(t, db2)
	if len(a) != len(b) {
		t.Fatalf("tsv round trip: %d concepts, want %d\n%s", len(b), len(a), tsv)
	}
	for i := range a {
		if ta, tb := termCell(a[i].Terms), termCell(b[i].Terms); ta != tb {
			t.Errorf("concept %d: %q → %q", i, ta, tb)
		}
	}
	mustRunKorpus(t, db, "", "terms", "delete", "1")
	if n := len(termsJSON(t, db)); n != len(a)-1 {
		t.Errorf("after delete: %d concepts", n)
	}
	_, errOut, code = runKorpus(t, db, "", "terms", "delete", "1")
	wantError(t, errOut, code, 1, "no concept 1")
}

// TestTermsImportAtomic: an error in the 2nd entry stores nothing, and
// names the line and column.
func TestTermsImportAtomic(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "terms", "add", "Frieden", "peace")
	bad := writeFile(t, "bad.tbx", []byte(`<martif type="TBX"><text><body>
<termEntry id="a"><langSet xml:lang="de"><tig><term>Krieg</term></tig></langSet><langSet xml:lang="en"><tig><term>war</term></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="de"><tig><term>Volk</term><termNote type="administrativeStatus">sometimes</termNote></tig></langSet></termEntry>
</body></text></martif>`))
	_, errOut, code := runKorpus(t, db, "", "terms", "import", bad)
	wantError(t, errOut, code, 1, "bad.tbx:3:", "sometimes")
	if n := len(termsJSON(t, db)); n != 1 {
		t.Errorf("after a failed import: %d concepts, want the 1 added before", n)
	}
}

func TestLookupShowsTerms(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDer Vertrag wurde unterzeichnet.\tThe treaty was signed.\n", "import", "-")
	mustRunKorpus(t, db, "", "terms", "add", "Vertrag", "treaty", "--status", "preferred")
	out := mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "Die Verträge wurden unterzeichnet.")
	var res struct {
		Terms []termJSON `json:"terms"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Terms) != 1 || res.Terms[0].Source != "Verträge" || res.Terms[0].Target != "treaty" || res.Terms[0].Span != [2]int{4, 12} || res.Terms[0].Status != "preferred" {
		t.Errorf("terms: %s", out)
	}
	if txt := mustRunKorpus(t, db, "", "lookup", "--to", "en", "Die Verträge wurden unterzeichnet."); !strings.Contains(txt, "term: Verträge → treaty (preferred, inflected)") {
		t.Errorf("text:\n%s", txt)
	}
}

// TestTermsTBX3RoundTrip: the same four files exported as TBX v3 (DCT
// style) validate against the core-structure RELAX NG in testdata/terms
// (xmllint --relaxng) and import back as the same concepts.
func TestTermsTBX3RoundTrip(t *testing.T) {
	db := tempDB(t)
	for _, f := range []string{"weblate.tbx", "memoq.tbx", "v3-dct.tbx", "v3-dca.tbx"} {
		mustRunKorpus(t, db, "", "terms", "import", testutil.Testdata("terms/"+f))
	}
	// A concept with a forbidden term, a note and a definition per
	// language, to cover every element the encoder writes.
	mustRunKorpus(t, db, "", "terms", "add", "Vertrag", "pact", "--status", "forbidden", "--note", "not in diplomacy", "--definition", "eine Übereinkunft")
	before := termsJSON(t, db)
	out := filepath.Join(t.TempDir(), "out.tbx")
	mustRunKorpus(t, db, "", "terms", "export", "--format", "tbx3", "-o", out)
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `<tbx type="TBX-Basic" style="dct"`) || !strings.Contains(string(data), "<conceptEntry") {
		t.Fatalf("not TBX v3 DCT:\n%s", data)
	}
	xmllint := testutil.NeedTool(t, "xmllint")
	if b, err := exec.Command(xmllint, "--nonet", "--noout", "--relaxng", testutil.Testdata("terms/tbx3-dct-core.rng"), out).CombinedOutput(); err != nil {
		t.Errorf("xmllint --relaxng: %v\n%s", err, b)
	}
	db2 := tempDB(t)
	mustRunKorpus(t, db2, "", "terms", "import", out)
	after := termsJSON(t, db2)
	if len(after) != len(before) {
		t.Fatalf("round trip: %d concepts, want %d", len(after), len(before))
	}
	for i := range before {
		if before[i].ExtID == "" {
			// terms add gives no id; the export names it c<ID>.
			before[i].ExtID = "c" + strconv.FormatInt(before[i].ID, 10)
		}
		b, a := conceptKey(before[i]), conceptKey(after[i])
		if a != b {
			t.Errorf("concept %d:\n before %s\n after  %s", i, b, a)
		}
	}
	// The schema can fail: a termSec without a term does not validate.
	bad := filepath.Join(t.TempDir(), "bad.tbx")
	os.WriteFile(bad, []byte(strings.Replace(string(data), "<term>peace</term>", "", 1)), 0o644)
	if err := exec.Command(xmllint, "--nonet", "--noout", "--relaxng", testutil.Testdata("terms/tbx3-dct-core.rng"), bad).Run(); err == nil {
		t.Errorf("a termSec without a term validated")
	}
}
