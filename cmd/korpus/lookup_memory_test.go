package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// lookupPenaltyJSON is the part of lookup --json about memories.
type lookupPenaltyJSON struct {
	Matches []struct {
		Score     int    `json:"score"`
		Kind      string `json:"kind"`
		Target    string `json:"target"`
		Memory    string `json:"memory"`
		RawScore  int    `json:"raw_score"`
		Penalties []struct {
			Reason string `json:"reason"`
			Points int    `json:"points"`
		} `json:"penalties"`
	} `json:"matches"`
}

func decodePenaltyLookup(t *testing.T, s string) lookupPenaltyJSON {
	t.Helper()
	var l lookupPenaltyJSON
	if err := json.Unmarshal([]byte(s), &l); err != nil {
		t.Fatalf("lookup JSON: %v\n%s", err, s)
	}
	return l
}

// Two memories hold different translations of one source, one with
// penalty 10: lookup gives 100 from the first and 90 from the second,
// names both memories and the penalty, and --memory restricts (issue 10).
func TestLookupMemoryPenalties(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "main")
	mustRunKorpus(t, db, "", "memory", "create", "legacy", "--penalty", "10")
	head := "source_lang\ttarget_lang\tsource\ttarget\n"
	mustRunKorpus(t, db, "", "import", "--memory", "main", writeFile(t, "main.tsv", []byte(head+"de\ten\tDer Vertrag tritt am 19. Juni in Kraft.\tThe treaty enters into force on 19 June.\n")))
	mustRunKorpus(t, db, "", "import", "--memory", "legacy", writeFile(t, "legacy.tsv", []byte(head+"de\ten\tDer Vertrag tritt am 19. Juni in Kraft.\tThe contract takes effect on 19 June.\n")))
	q := "Der Vertrag tritt am 19. Juni in Kraft."

	l := decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", q))
	if len(l.Matches) != 2 {
		t.Fatalf("want 2 matches, got %+v", l.Matches)
	}
	a, b := l.Matches[0], l.Matches[1]
	if a.Score != 100 || a.RawScore != 100 || a.Memory != "main" || len(a.Penalties) != 0 || a.Kind != "exact" {
		t.Errorf("first match: %+v", a)
	}
	if b.Score != 90 || b.RawScore != 100 || b.Memory != "legacy" || b.Kind != "exact" ||
		len(b.Penalties) != 1 || b.Penalties[0].Reason != "memory legacy" || b.Penalties[0].Points != 10 {
		t.Errorf("second match: %+v", b)
	}
	if !strings.Contains(mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", q), `"penalties":[]`) {
		t.Errorf("a match without penalties must have penalties: []")
	}

	out := mustRunKorpus(t, db, "", "lookup", "--to", "en", q)
	if !strings.Contains(out, "memory main") || !strings.Contains(out, " 90  exact") || !strings.Contains(out, "memory legacy (100 − 10 memory legacy)") {
		t.Errorf("text output must name the memory and the penalty:\n%s", out)
	}
	if strings.Index(out, "treaty") > strings.Index(out, "contract") {
		t.Errorf("the unpenalised match must come first:\n%s", out)
	}

	// --memory restricts, to one or to both.
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "legacy", q))
	if len(l.Matches) != 1 || l.Matches[0].Memory != "legacy" || l.Matches[0].Score != 90 {
		t.Errorf("--memory legacy: %+v", l.Matches)
	}
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "main,legacy", q))
	if len(l.Matches) != 2 {
		t.Errorf("--memory main,legacy: %+v", l.Matches)
	}
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "default", q))
	if len(l.Matches) != 0 {
		t.Errorf("--memory default holds nothing here: %+v", l.Matches)
	}

	// Fuzzy matches lose the penalty too, and --min applies after it: a
	// legacy fuzzy match of raw r scores r-10 and is pruned below --min.
	fq := "Der Vertrag tritt am 20. Juni in Kraft."
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--min", "50", fq))
	if len(l.Matches) != 2 || l.Matches[0].Memory != "main" || l.Matches[1].Memory != "legacy" ||
		l.Matches[1].Score != l.Matches[1].RawScore-10 || l.Matches[0].RawScore != l.Matches[1].RawScore || l.Matches[0].Score != l.Matches[0].RawScore {
		t.Fatalf("fuzzy: %+v", l.Matches)
	}
	raw := l.Matches[1].RawScore
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "legacy", "--min", strconv.Itoa(raw-9), fq))
	if len(l.Matches) != 0 {
		t.Errorf("--min %d after a penalty of 10 on %d: %+v", raw-9, raw, l.Matches)
	}
	l = decodePenaltyLookup(t, mustRunKorpus(t, db, "", "lookup", "--to", "en", "--json", "--memory", "legacy", "--min", strconv.Itoa(raw-10), fq))
	if len(l.Matches) != 1 || l.Matches[0].Score != raw-10 {
		t.Errorf("--min %d: %+v", raw-10, l.Matches)
	}

	// Bulk lookup: the same, one line per query.
	lines := strings.Split(strings.TrimSpace(mustRunKorpus(t, db, q+"\n"+fq+"\n", "lookup", "-", "--to", "en", "--memory", "legacy", "--min", "50")), "\n")
	if len(lines) != 2 {
		t.Fatalf("lookup -: %q", lines)
	}
	if l := decodePenaltyLookup(t, lines[0]); len(l.Matches) != 1 || l.Matches[0].Score != 90 || l.Matches[0].Memory != "legacy" {
		t.Errorf("lookup - line 1: %+v", l.Matches)
	}

	// An unknown memory is an error (exit 1), also in bulk.
	_, errOut, code := runKorpus(t, db, "", "lookup", "--to", "en", "--memory", "main,nosuch", q)
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
	_, errOut, code = runKorpus(t, db, q+"\n", "lookup", "-", "--to", "en", "--memory", "nosuch")
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
}

// analyze and pretranslate rank by scores after penalties and take
// --memory: with a penalty of 10 on `default` the in-context and exact
// matches leave their bands (101 and 100 become 91 and 90), and an empty
// memory matches nothing.
func TestAnalyzePretranslateMemory(t *testing.T) {
	db := matchMemory(t)
	addMatchDoc(t, db)
	mustRunKorpus(t, db, "", "memory", "set", "default", "--penalty", "10")
	mustRunKorpus(t, db, "", "memory", "create", "empty")
	bands := func(args ...string) map[string]int {
		var r analysisJSON
		if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", append([]string{"analyze", "doc.txt", "--to", "en", "--json"}, args...)...)), &r); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, b := range r.Bands {
			got[string(b.Band)] = b.Segments
		}
		return got
	}
	if got := bands(); got["context"] != 0 || got["exact"] != 0 || got["no-match"] != 3 {
		t.Errorf("analyze with penalty 10: %v", got)
	}
	if got := bands("--memory", "empty"); got["context"]+got["exact"]+got["95-99"]+got["85-94"]+got["75-84"]+got["50-74"] != 0 {
		t.Errorf("analyze --memory empty: %v", got)
	}
	if got := bands("--memory", "default,empty"); got["no-match"] != 3 {
		t.Errorf("analyze --memory default,empty: %v", got)
	}
	out := filepath.Join(t.TempDir(), "doc.xlf")
	mustRunKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", out, "--min", "70")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `match-quality="101"`) || strings.Contains(string(data), `match-quality="100"`) || !strings.Contains(string(data), `match-quality="91"`) || !strings.Contains(string(data), `match-quality="90"`) {
		t.Errorf("pretranslate must write penalised scores:\n%s", data)
	}
	for _, args := range [][]string{
		{"analyze", "doc.txt", "--to", "en", "--memory", "nosuch"},
		{"pretranslate", "doc.txt", "--to", "en", "-o", out, "--memory", "nosuch"},
	} {
		_, errOut, code := runKorpus(t, db, "", args...)
		wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
	}
}

// concordance --memory restricts the search, names each hit's memory, and
// refuses an unknown memory.
func TestConcordanceMemory(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "legacy")
	head := "source_lang\ttarget_lang\tsource\ttarget\n"
	mustRunKorpus(t, db, "", "import", writeFile(t, "a.tsv", []byte(head+"de\ten\tDer Vertrag über Freundschaft.\tThe treaty of friendship.\n")))
	mustRunKorpus(t, db, "", "import", "--memory", "legacy", writeFile(t, "b.tsv", []byte(head+"de\ten\tEin Vertrag über Handel.\tA trade treaty.\n")))
	var r struct {
		Hits []struct {
			Target string `json:"target"`
			Memory string `json:"memory"`
		} `json:"hits"`
	}
	decode := func(args ...string) {
		r.Hits = nil
		if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", append([]string{"concordance", "Vertrag über", "--json"}, args...)...)), &r); err != nil {
			t.Fatal(err)
		}
	}
	decode()
	if len(r.Hits) != 2 {
		t.Fatalf("all memories: %+v", r.Hits)
	}
	decode("--memory", "legacy")
	if len(r.Hits) != 1 || r.Hits[0].Memory != "legacy" || r.Hits[0].Target != "A trade treaty." {
		t.Errorf("--memory legacy: %+v", r.Hits)
	}
	decode("--memory", "default")
	if len(r.Hits) != 1 || r.Hits[0].Memory != "default" {
		t.Errorf("--memory default: %+v", r.Hits)
	}
	if out := mustRunKorpus(t, db, "", "concordance", "Vertrag über", "--memory", "legacy"); !strings.Contains(out, "memory legacy") {
		t.Errorf("text output names the memory: %s", out)
	}
	_, errOut, code := runKorpus(t, db, "", "concordance", "Vertrag", "--memory", "nosuch")
	wantError(t, errOut, code, exitError, `unknown memory "nosuch"`)
}
