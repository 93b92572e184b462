package term

import (
	"bufio"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

type recCase struct {
	term, sentence string
	want           []string // surfaces
	kind           Kind
	line           int
}

func readRecCases(t *testing.T) []recCase {
	f, err := os.Open(testutil.Testdata("terms/recognition.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []recCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 4 {
			t.Fatalf("recognition.tsv:%d: %d fields", n, len(p))
		}
		c := recCase{term: p[0], sentence: p[1], kind: Kind(p[3]), line: n}
		if p[2] != "-" {
			c.want = strings.Split(p[2], "|")
		}
		out = append(out, c)
	}
	return out
}

// TestRecognitionAccuracy measures precision and recall of term
// recognition on the hand-written cases of testdata/terms/recognition.tsv
// (German inflection, compounds, verbs and adjectives that share a stem
// with a noun, acronyms). All the cases' terms are in one termbase; a
// case counts the hits of its own term. A hit is right when its text is
// the expected surface; its kind is checked separately.
//
//	go test -tags sqlite_fts5 -run RecognitionAccuracy -v ./tm/term
func TestRecognitionAccuracy(t *testing.T) {
	cases := readRecCases(t)
	if len(cases) < 100 {
		t.Fatalf("%d cases, want ≥ 100", len(cases))
	}
	var concepts []Concept
	seen := map[string]bool{}
	for _, c := range cases {
		if !seen[c.term] {
			seen[c.term] = true
			concepts = append(concepts, Concept{ID: int64(len(concepts) + 1),
				Terms: []Term{{Lang: "de", Text: c.term}, {Lang: "en", Text: "x"}}})
		}
	}
	r := NewRecognizer(concepts, "de", "en")
	tp, fp, fn, kindOK, kindN := 0, 0, 0, 0, 0
	for _, c := range cases {
		var got []string
		var kinds []Kind
		for _, h := range r.Find(c.sentence) {
			if h.Source.Text == c.term {
				got = append(got, h.Text)
				kinds = append(kinds, h.Kind)
				if sp := h.Span(c.sentence); []rune(c.sentence)[sp[0]] != []rune(h.Text)[0] {
					t.Errorf("line %d: span %v does not start at %q", c.line, sp, h.Text)
				}
			}
		}
		want := map[string]bool{}
		for _, w := range c.want {
			want[w] = true
		}
		for i, g := range got {
			if want[g] {
				tp++
				delete(want, g)
				kindN++
				if kinds[i] == c.kind {
					kindOK++
				} else {
					t.Logf("line %d: %q in %q: kind %s, want %s", c.line, g, c.sentence, kinds[i], c.kind)
				}
			} else {
				fp++
				t.Logf("line %d: false hit %q (%s) for %q in %q", c.line, g, kinds[i], c.term, c.sentence)
			}
		}
		for w := range want {
			fn++
			t.Logf("line %d: missed %q for %q in %q", c.line, w, c.term, c.sentence)
		}
	}
	p := float64(tp) / float64(max(tp+fp, 1))
	rc := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d cases: %d hits right, %d false, %d missed: precision %.3f, recall %.3f; kind right %d/%d",
		len(cases), tp, fp, fn, p, rc, kindOK, kindN)
	if p < 0.9 || rc < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: floor 0.9 each", p, rc)
	}
}

func TestRecognizerSpansAndTargets(t *testing.T) {
	cs := []Concept{
		{ID: 1, Terms: []Term{{Lang: "de", Text: "Vertrag"}, {Lang: "en", Text: "treaty", Status: Preferred}, {Lang: "en", Text: "contract", Status: Forbidden}}},
		{ID: 2, Terms: []Term{{Lang: "de", Text: "Friedensvertrag"}, {Lang: "en", Text: "peace treaty"}}},
		{ID: 3, Terms: []Term{{Lang: "de", Text: "Halbinsel"}, {Lang: "fr", Text: "péninsule"}}},
	}
	r := NewRecognizer(cs, "de-DE", "en")
	s := "Über den Friedensvertrag und die Verträge spricht man auf der Halbinsel."
	hs := r.Find(s)
	var got []string
	for _, h := range hs {
		sp := h.Span(s)
		got = append(got, h.Text+":"+string(h.Kind)+":"+strconv.Itoa(sp[0])+"-"+strconv.Itoa(sp[1])+":"+h.Targets[0].Text)
	}
	sort.Strings(got)
	want := []string{"Friedensvertrag:exact:9-24:peace treaty", "Verträge:inflected:33-41:treaty"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v\nwant %v (no compound Vertrag inside the whole-word Friedensvertrag; Halbinsel has no en term)", got, want)
	}
	if !Contains("Both treaties were signed.", Term{Text: "treaty"}, "en") || Contains("The treatment.", Term{Text: "treaty"}, "en") {
		t.Error("Contains with the English stemmer")
	}
}
