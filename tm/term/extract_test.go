package term

import (
	"math"
	"strings"
	"testing"
)

// extractPairs is a small hand-written de–en memory: inflected forms of
// Vertrag and of Russische Föderation, a compound, a genitive phrase, and
// general words around them.
var extractPairs = []Pair{
	{"Der Vertrag wurde im Juni unterzeichnet.", "The treaty was signed in June."},
	{"Die Verträge gelten seit dem Jahr 2020.", "The treaties have applied since the year 2020."},
	{"Der Text des Vertrages ist lang.", "The text of the treaty is long."},
	{"Die Russische Föderation lehnte ab.", "The Russian Federation refused."},
	{"Mit der Russischen Föderation gab es Gespräche.", "There were talks with the Russian Federation."},
	{"Der Präsident der Russischen Föderation kam.", "The President of the Russian Federation came."},
	{"Die Partei der Arbeit tagte.", "The Labour Party met."},
	{"Der Chef der Partei der Arbeit sprach.", "The head of the Labour Party spoke."},
	{"Ein Friedensvertrag wurde geschlossen.", "A peace treaty was concluded."},
	{"Im Jahr 2021 gab es keine Gespräche.", "In the year 2021 there were no talks."},
	{"Der Friedensvertrag hielt.", "The peace treaty held."},
}

func find(cs []Candidate, source string) *Candidate {
	for i := range cs {
		if cs[i].Source == source {
			return &cs[i]
		}
	}
	return nil
}

func TestExtractPairs(t *testing.T) {
	cs := Extract(extractPairs, ExtractOptions{From: "de", To: "en"})
	want := map[string]string{
		"Vertrag":              "treaty",
		"Russische Föderation": "Russian Federation",
		"Partei der Arbeit":    "Labour Party",
		"Friedensvertrag":      "peace treaty",
		"Gespräche":            "talks",
	}
	for src, tgt := range want {
		c := find(cs, src)
		if c == nil {
			t.Errorf("%s: not extracted; got %v", src, sources(cs))
			continue
		}
		if c.Target != tgt {
			t.Errorf("%s → %q, want %q", src, c.Target, tgt)
		}
	}
	// Inflected forms count together and are listed.
	if c := find(cs, "Vertrag"); c != nil && (c.Count != 3 || len(c.Variants) != 3) {
		t.Errorf("Vertrag: count %d variants %v, want 3 units and 3 forms", c.Count, c.Variants)
	}
	// Föderation occurs only inside Russische Föderation: a fragment, not
	// a candidate. Partei and Arbeit likewise.
	for _, frag := range []string{"Föderation", "Russische", "Partei", "Arbeit"} {
		if c := find(cs, frag); c != nil {
			t.Errorf("fragment %q extracted: %+v", frag, *c)
		}
	}
	// No candidate starts or ends with a function word, none is a verb
	// or a number.
	for _, c := range cs {
		for _, bad := range []string{"Der ", "Die ", "wurde", "2020", "gab"} {
			if strings.Contains(c.Source, bad) {
				t.Errorf("candidate %q holds %q", c.Source, bad)
			}
		}
	}
	// Best first.
	for i := 1; i < len(cs); i++ {
		if cs[i].Score > cs[i-1].Score {
			t.Fatalf("not sorted at %d: %v", i, cs)
		}
	}
}

func sources(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Source+"→"+c.Target)
	}
	return out
}

func TestExtractMinCountAndLimit(t *testing.T) {
	cs := Extract(extractPairs, ExtractOptions{From: "de", To: "en", MinCount: 3})
	for _, c := range cs {
		if c.Count < 3 || c.Joint < 3 {
			t.Errorf("%s: count %d joint %d under --min-count 3", c.Source, c.Count, c.Joint)
		}
	}
	if find(cs, "Vertrag") == nil {
		t.Errorf("Vertrag (3 units) missing at min count 3: %v", sources(cs))
	}
	if cs := Extract(extractPairs, ExtractOptions{From: "de", To: "en", Limit: 2}); len(cs) != 2 {
		t.Errorf("limit 2: got %d", len(cs))
	}
	if cs := Extract(nil, ExtractOptions{From: "de", To: "en"}); cs != nil {
		t.Errorf("no pairs: got %v", cs)
	}
}

// A baseline in which a word is frequent lowers that word's termhood.
func TestExtractBaseline(t *testing.T) {
	plain := Extract(extractPairs, ExtractOptions{From: "de", To: "en"})
	var lines []string
	for i := 0; i < 50; i++ {
		lines = append(lines, "Die Gespräche gingen weiter, und es gab viele Gespräche.")
	}
	base := NewBaseline(lines, "de")
	if base.Words() != 50*9 {
		t.Fatalf("baseline words %d", base.Words())
	}
	withBase := Extract(extractPairs, ExtractOptions{From: "de", To: "en", Baseline: base})
	a, b := find(plain, "Gespräche"), find(withBase, "Gespräche")
	if a == nil || b == nil {
		t.Fatalf("Gespräche missing: %v / %v", sources(plain), sources(withBase))
	}
	if b.Specificity >= a.Specificity || b.Score >= a.Score {
		t.Errorf("baseline did not lower Gespräche: %+v vs %+v", *b, *a)
	}
	if v, w := find(plain, "Vertrag"), find(withBase, "Vertrag"); v == nil || w == nil || w.Specificity < 0.9 {
		t.Errorf("Vertrag, absent from the baseline, should stay specific: %v %v", v, w)
	}
}

// Other source languages: n-grams without stop words at their edges.
func TestExtractEnglishSource(t *testing.T) {
	var rev []Pair
	for _, p := range extractPairs {
		rev = append(rev, Pair{Source: p.Target, Target: p.Source})
	}
	cs := Extract(rev, ExtractOptions{From: "en", To: "de"})
	if c := find(cs, "Russian Federation"); c == nil || !strings.Contains(c.Target, "Föderation") {
		t.Errorf("Russian Federation: %v", sources(cs))
	}
	for _, c := range cs {
		if strings.HasPrefix(c.Source, "The ") || strings.HasSuffix(c.Source, " the") {
			t.Errorf("stop word at an edge: %q", c.Source)
		}
	}
}

func TestLogLik(t *testing.T) {
	// Independent: G² = 0.
	if g := logLik(5, 10, 50, 100); math.Abs(g) > 1e-9 {
		t.Errorf("independent G² = %v", g)
	}
	// Perfect association of 10 in 100: 2·(10 ln 10 + 90 ln(100/90)).
	want := 2 * (10*math.Log(10) + 90*math.Log(100.0/90))
	if g := logLik(10, 10, 10, 100); math.Abs(g-want) > 1e-9 {
		t.Errorf("G² = %v, want %v", g, want)
	}
}

func TestXWords(t *testing.T) {
	got := []string{}
	for _, w := range xwords("Die DVRK-Russland-Freundschaft, Freundschafts- und G. O. Dyhrenfurth Dr. Kim Jong Un Workers' Party") {
		if !w.punct {
			got = append(got, w.text)
		}
	}
	want := "Die DVRK-Russland-Freundschaft und Dyhrenfurth Kim Jong Un Workers' Party"
	if strings.Join(got, " ") != want {
		t.Errorf("words %q, want %q", strings.Join(got, " "), want)
	}
}
