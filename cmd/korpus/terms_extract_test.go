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
	"github.com/korpus/korpus/tm/term"
)

// TestTermsExtractSeed extracts from the seed article and its English
// translation (testdata/terms/korea.de-en.tsv, written by hand for this),
// checks the JSON shape and a few pairs any terminologist would take, and
// that --tbx writes a termbase terms import reads back.
func TestTermsExtractSeed(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", testutil.Testdata("terms/korea.de-en.tsv"))
	out := mustRunKorpus(t, db, "", "terms", "extract", "--from", "de", "--to", "en", "--json", "--limit", "20")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(raw) != 20 {
		t.Fatalf("got %d candidates, want 20 (--limit)", len(raw))
	}
	var keys []string
	for k := range raw[0] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"c_value", "count", "dice", "dispersion", "joint", "log_likelihood", "score", "source",
		"specificity", "target", "target_count", "termhood", "variants"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("JSON fields %v, want %v", keys, want)
	}
	var cs []term.Candidate
	json.Unmarshal([]byte(out), &cs)
	pairs := map[string]string{}
	for _, c := range cs {
		pairs[c.Source] = c.Target
	}
	for src, tgt := range map[string]string{
		"Partei der Arbeit Koreas":          "Workers' Party of Korea",
		"Russischen Föderation":             "Russian Federation",
		"DVRK":                              "DPRK",
		"Souveränität":                      "sovereignty",
		"Demokratische Volksrepublik Korea": "Democratic People's Republic of Korea",
	} {
		if pairs[src] != tgt {
			t.Errorf("%s → %q, want %q (all: %v)", src, pairs[src], tgt, pairs)
		}
	}
	if _, ok := pairs["Föderation"]; ok {
		t.Errorf("the fragment Föderation is a candidate")
	}

	// Text output: a table with a header.
	text := mustRunKorpus(t, db, "", "terms", "extract", "--from", "de", "--to", "en", "--limit", "3")
	if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[0], "SCORE") {
		t.Errorf("text output:\n%s", text)
	}

	// --tbx: a file terms import reads, one concept per pair.
	tbx := filepath.Join(t.TempDir(), "cands.tbx")
	mustRunKorpus(t, db, "", "terms", "extract", "--from", "de", "--to", "en", "--limit", "10", "--tbx", "-o", tbx)
	db2 := tempDB(t)
	mustRunKorpus(t, db2, "", "terms", "import", tbx)
	got := termsJSON(t, db2)
	if len(got) != 10 {
		t.Fatalf("imported %d concepts, want 10", len(got))
	}
	if got[0].In("de")[0].Text != cs[0].Source || got[0].In("en")[0].Text != cs[0].Target {
		t.Errorf("first concept %+v, want %s → %s", got[0], cs[0].Source, cs[0].Target)
	}

	// --memory: an unknown memory is an error; the default one has it all.
	_, errOut, code := runKorpus(t, db, "", "terms", "extract", "--memory", "nosuch")
	wantError(t, errOut, code, 1, "nosuch")
	mem := mustRunKorpus(t, db, "", "terms", "extract", "--memory", "default", "--json", "--limit", "20")
	if mem != out {
		t.Errorf("--memory default differs from all memories")
	}
}

func TestTermsExtractFiles(t *testing.T) {
	dir := t.TempDir()
	de := filepath.Join(dir, "de.txt")
	en := filepath.Join(dir, "en.txt")
	var ds, es []string
	for _, p := range extractFilePairs {
		ds = append(ds, p[0])
		es = append(es, p[1])
	}
	os.WriteFile(de, []byte(strings.Join(ds, "\n")+"\n"), 0o644)
	os.WriteFile(en, []byte(strings.Join(es, "\n")+"\n"), 0o644)
	out := mustRunKorpus(t, "", "", "terms", "extract", "--from", "de", "--to", "en", "--source", de, "--target", en,
		"--presegmented", "--json")
	var cs []term.Candidate
	if err := json.Unmarshal([]byte(out), &cs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.Source == "Gipfeltreffen" && c.Target == "summit" {
			found = true
		}
	}
	if !found {
		t.Errorf("Gipfeltreffen → summit not found: %v", cs)
	}
	// No database was needed, and none was created.
	if _, err := os.Stat("korpus.db"); err == nil {
		t.Errorf("a korpus.db appeared")
	}
}

var extractFilePairs = [][2]string{
	{"Das Gipfeltreffen fand in Wien statt.", "The summit took place in Vienna."},
	{"Beim Gipfeltreffen wurde viel gesprochen.", "There was much talk at the summit."},
	{"Nach dem Gipfeltreffen reisten alle ab.", "After the summit everyone left."},
	{"Die Minister trafen sich am Abend.", "The ministers met in the evening."},
	{"Die Minister lobten das Gipfeltreffen.", "The ministers praised the summit."},
}

func TestTermsExtractUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--json", "--tbx"},
		{"--source", "a.txt"},
		{"--min-count", "0"},
		{"--max-words", "11"},
		{"--from", "de", "--to", "de-AT"},
		{"--source", "a", "--target", "b", "--memory", "x"},
	} {
		_, errOut, code := runKorpus(t, tempDB(t), "", append([]string{"terms", "extract"}, args...)...)
		wantError(t, errOut, code, exitUsage)
	}
}

// TestTermsExtractAlignmentCorpus runs extraction on the shared
// German–French dev corpus (aligned by korpus, not by the gold): the
// proper names it holds come out paired with themselves.
func TestTermsExtractAlignmentCorpus(t *testing.T) {
	dir := testutil.SharedDir(t, "corpus", "alignment")
	out := mustRunKorpus(t, "", "", "terms", "extract", "--from", "de", "--to", "fr", "--presegmented",
		"--source", filepath.Join(dir, "dev.de"), "--target", filepath.Join(dir, "dev.fr"), "--json", "--limit", "50")
	var cs []term.Candidate
	if err := json.Unmarshal([]byte(out), &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 50 {
		t.Fatalf("%d candidates", len(cs))
	}
	pairs := map[string]string{}
	for _, c := range cs {
		pairs[c.Source] = c.Target
	}
	for _, name := range []string{"Nanga Parbat", "Dhaulagiri", "Himalaya"} {
		if pairs[name] != name {
			t.Errorf("%s → %q", name, pairs[name])
		}
	}
}
