package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm/xliff"
)

// termsSeedDB is the seed article with its English translation in the
// memory and three concepts: a multi-word name, a term with a preferred
// and a forbidden translation, and a term the article does not hold.
func termsSeedDB(t *testing.T) string {
	t.Helper()
	db := seedDB(t)
	mustRunKorpus(t, db, "", "import", testutil.Testdata("terms/korea.de-en.tsv"))
	glossary := "de\ten\tstatus\n" +
		"Partei der Arbeit Koreas\tWorkers' Party of Korea\tpreferred\n" +
		"Vertrag\ttreaty\tpreferred\n" +
		"Zollunion\tcustoms union\t\n"
	path := filepath.Join(t.TempDir(), "g.tsv")
	os.WriteFile(path, []byte(glossary), 0o644)
	mustRunKorpus(t, db, "", "terms", "import", path)
	mustRunKorpus(t, db, "", "terms", "add", "Vertrag", "contract", "--status", "forbidden")
	return db
}

// TestPretranslateGlossary: XLIFF 2.1 carries the terms of each segment
// in the glossary module, XLIFF 1.2 in a note OmegaT shows and Okapi
// reads as a source note; both validate, and importing the 1.2 file back
// brings no term note into the memory.
func TestPretranslateGlossary(t *testing.T) {
	db := termsSeedDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		format string
		v      xliff.Version
	}{{"xliff2", xliff.V21}, {"xliff", xliff.V12}} {
		out := filepath.Join(dir, tc.format+".xlf")
		_, errOut, code := runKorpus(t, db, "", "pretranslate", seedDoc, "--to", "en", "--format", tc.format, "-o", out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.format, code, errOut)
		}
		if !strings.Contains(errOut, "terms in 12 segments") {
			t.Errorf("%s summary: %s", tc.format, errOut)
		}
		data, _ := os.ReadFile(out)
		s := string(data)
		validateXLIFF(t, tc.v, out)
		if tc.v == xliff.V21 {
			if n := strings.Count(s, "<gls:glossary "); n != 12 {
				t.Errorf("%d gls:glossary elements, want 12 (10 segments with the party, 2 with Vertrag/Vertrages)", n)
			}
			for _, want := range []string{
				"<gls:term>Partei der Arbeit Koreas</gls:term>\n     <gls:translation>Workers' Party of Korea</gls:translation>",
				"<gls:term>Vertrages</gls:term>\n     <gls:translation>treaty</gls:translation>\n",
			} {
				if !strings.Contains(s, want) {
					t.Errorf("xliff2 lacks %q", want)
				}
			}
			if strings.Contains(s, "contract") || strings.Contains(s, "customs union") {
				t.Errorf("a forbidden or absent term was written")
			}
		} else {
			if n := strings.Count(s, `<note from="korpus-terms" annotates="source">`); n != 12 {
				t.Errorf("%d term notes, want 12", n)
			}
			if !strings.Contains(s, `<note from="korpus-terms" annotates="source">Vertrages → treaty</note>`) {
				t.Errorf("1.2 lacks the Vertrages note")
			}
			db2 := seedDB(t)
			mustRunKorpus(t, db2, "", "import", out)
			exp := mustRunKorpus(t, db2, "", "export-tm", "--format", "jsonl")
			if strings.Contains(exp, "korpus-terms") || strings.Contains(exp, "Workers' Party of Korea</note") || strings.Contains(exp, "→ treaty") {
				t.Errorf("the term note came back into the memory")
			}
		}
	}
}

func TestAnalyzeTerms(t *testing.T) {
	db := termsSeedDB(t)
	var r analysisJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "analyze", seedDoc, "--to", "en", "--json")), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Terms) != 3 {
		t.Fatalf("terms %+v, want 3 concepts", r.Terms)
	}
	p := r.Terms[0]
	if p.Source != "Partei der Arbeit Koreas" || p.Target != "Workers' Party of Korea" || p.Occurrences != 11 || p.Segments != 10 {
		t.Errorf("first term %+v", p)
	}
	for _, tt := range r.Terms[1:] {
		if tt.Source != "Vertrag" || tt.Occurrences != 2 || strings.Join(tt.Forms, ",") != "Vertrag,Vertrages" {
			t.Errorf("Vertrag %+v", tt)
		}
	}
	txt := mustRunKorpus(t, db, "", "analyze", seedDoc, "--to", "en")
	if !strings.Contains(txt, "Terms found (3 concepts):") || !strings.Contains(txt, "contract (forbidden)") {
		t.Errorf("text:\n%s", txt)
	}
	// Without a termbase: "terms": [] and no section.
	db2 := seedDB(t)
	out := mustRunKorpus(t, db2, "", "analyze", seedDoc, "--to", "en", "--json")
	if !strings.Contains(out, `"terms": []`) {
		t.Errorf("no termbase: %s", out)
	}
	if txt := mustRunKorpus(t, db2, "", "analyze", seedDoc, "--to", "en"); strings.Contains(txt, "Terms found") {
		t.Errorf("no termbase, yet a terms section:\n%s", txt)
	}
}
