package check

import (
	"reflect"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/term"
)

var de, en = tm.MustLang("de"), tm.MustLang("en")

func TestNumberTokens(t *testing.T) {
	for _, c := range []struct {
		s    string
		lang tm.Lang
		want []string
	}{
		{"3.000,50 Euro", de, []string{"3000.5"}},
		{"3,000.50 euros", en, []string{"3000.5"}},
		{"1 ½ m", de, []string{"1.5"}},
		{"1½ m, ¼ Liter", de, []string{"1.5", "0.25"}},
		{"1,50 m", de, []string{"1.5"}},
		{"3,0 Punkte", de, []string{"3"}},
		{"am 19. Juni 2025", de, []string{"19", "2025"}},
		{"on June 19, 2025", en, []string{"19", "2025"}},
		{"1.500.000 Menschen", de, []string{"1500000"}},
		{"3,5 Prozent", de, []string{"3.5"}},
		{"3.5 percent", en, []string{"3.5"}},
		{"am 19.06.2025", de, []string{"19", "06", "2025"}},
		{"10 000 Einwohner", de, []string{"10", "000"}},
		{"10\u00a0000 Einwohner", de, []string{"10000"}},
	} {
		if got := numberTokens(c.s, c.lang); !reflect.DeepEqual(got, c.want) {
			t.Errorf("numberTokens(%q, %s) = %v, want %v", c.s, c.lang, got, c.want)
		}
	}
	if r := numbers("Am 19. Juni kamen 3.000,50 Euro.", "On June 19, 3,000.50 euros came.", de, en); r != "" {
		t.Errorf("same numbers reported: %s", r)
	}
	if r := numbers("Am 19. Juni.", "On June 20.", de, en); r == "" {
		t.Error("changed number not reported")
	}
}

func seg(id, src, tgt string) Segment {
	return Segment{ID: id, Line: 1, Source: tm.Text(src), Target: tm.Text(tgt)}
}

func TestTermsCheck(t *testing.T) {
	cs := []term.Concept{{ID: 1, Terms: []term.Term{
		{Lang: de, Text: "Vertrag", Status: term.Preferred},
		{Lang: en, Text: "treaty", Status: term.Preferred},
		{Lang: en, Text: "pact", Status: term.Forbidden},
	}}}
	rec := term.NewRecognizer(cs, de, en)
	o := Options{From: de, To: en, Enabled: map[string]bool{Terms: true}, Terms: rec}
	ps := Run([]Segment{
		seg("ok", "Die Verträge gelten.", "The treaties apply."),
		seg("missing", "Der Vertrag gilt.", "The agreement applies."),
		seg("forbidden", "Der Vertrag gilt.", "The pact applies."),
	}, o)
	if len(ps) != 2 || ps[0].Segment != 1 || ps[0].Severity != Warning || ps[1].Segment != 2 || ps[1].Severity != Error {
		t.Fatalf("problems %+v", ps)
	}
	o.Terms = nil
	if ps := Run([]Segment{seg("missing", "Der Vertrag gilt.", "The agreement applies.")}, o); len(ps) != 0 {
		t.Fatalf("no termbase: %+v", ps)
	}
}

func TestOtherChecks(t *testing.T) {
	for _, c := range []struct {
		name, src, tgt string
		want           bool
	}{
		{Punctuation, "„Ja.“", `"Yes."`, false},
		{Punctuation, "Wirklich?", "Really.", true},
		{Punctuation, "Und dann...", "And then…", false},
		{Brackets, "Er sagte „Ja“.", "He said “Yes”.", false},
		{Brackets, "Er sagte „Ja“.", "He said “Yes.", true},
		{Brackets, "(a", "(a", false}, // the source is unbalanced too
		{Spaces, " Text", "Text", true},
		{Spaces, "Text ", "Text ", false},
		{Untranslated, "Seoul", "Seoul", false},
		{Untranslated, "Nord Korea", "Nord Korea", true},
		{Codes, "a", "a", false},
		{Length, "Ein Satz von zwanzig Zeichen.", "A sentence of twenty characters, and then a great many more words.", true},
	} {
		ps := Run([]Segment{seg("s", c.src, c.tgt)}, Options{From: de, To: en, Enabled: map[string]bool{c.name: true}})
		if got := len(ps) == 1; got != c.want || len(ps) > 1 {
			t.Errorf("%s %q → %q: %+v, want problem %v", c.name, c.src, c.tgt, ps, c.want)
		}
	}
	for _, n := range Names() {
		if !Known(n) {
			t.Errorf("%s not known", n)
		}
	}
	if Known("nope") {
		t.Error("nope known")
	}
}

func TestEstimateLength(t *testing.T) {
	var ls [][2]int
	for i := 0; i < 40; i++ {
		n := 40 + i
		ls = append(ls, [2]int{n, n * 3 / 2}) // a pair whose targets are 1.5× as long
	}
	ls = append(ls, [2]int{50, 2}, [2]int{10, 40}) // an outlier; a source too short to use
	m, ok := EstimateLength(ls)
	if !ok || m.Units != 41 || m.C < 1.4 || m.C > 1.55 {
		t.Fatalf("model %+v ok %v", m, ok)
	}
	if z := m.Z(60, 90); z > 2 || z < -2 {
		t.Errorf("a typical pair has z %.2f", z)
	}
	if z := m.Z(60, 60); z > -MaxLengthZ {
		t.Errorf("a target as long as the source (the pair expects 1.5×) has z %.2f", z)
	}
	if _, ok := EstimateLength(ls[:10]); ok {
		t.Errorf("10 units fitted a model")
	}
	// In Run: the model replaces the fixed band.
	segs := []Segment{{ID: "a", Source: tm.Text("Ein Satz mit genau vierzig Zeichen, ja."), Target: tm.Text("A sentence of forty characters, yes.")}}
	if ps := Run(segs, Options{From: de, To: en, Enabled: map[string]bool{Length: true}}); len(ps) != 0 {
		t.Errorf("fixed band: %v", ps)
	}
	if ps := Run(segs, Options{From: de, To: en, Enabled: map[string]bool{Length: true}, Length: &m}); len(ps) != 1 {
		t.Errorf("model of a 1.5× pair: %v", ps)
	}
}

func TestCodeOrder(t *testing.T) {
	b1, e1 := &tm.Code{Kind: tm.CodeOpen, ID: "1"}, &tm.Code{Kind: tm.CodeClose, ID: "1"}
	b2, e2 := &tm.Code{Kind: tm.CodeOpen, ID: "2"}, &tm.Code{Kind: tm.CodeClose, ID: "2"}
	nested := tm.Content{{Code: b1}, {Text: "a"}, {Code: b2}, {Text: "b"}, {Code: e2}, {Code: e1}}
	swapped := tm.Content{{Code: b2}, {Text: "b"}, {Code: e2}, {Code: b1}, {Text: "a"}, {Code: e1}}
	overlap := tm.Content{{Code: b1}, {Text: "a"}, {Code: b2}, {Text: "b"}, {Code: e1}, {Code: e2}}
	if r := codes(nested, swapped); r != "" {
		t.Errorf("reordered pairs are a translator's right: %s", r)
	}
	if r := codes(nested, overlap); r == "" {
		t.Errorf("overlap not reported")
	}
	if r := codes(overlap, overlap); r != "" {
		t.Errorf("overlap the source has too: %s", r)
	}
	x1 := &tm.Code{Kind: tm.CodeStandalone, ID: "1", Attrs: map[string]string{"canReorder": "no"}}
	x2 := &tm.Code{Kind: tm.CodeStandalone, ID: "2", Attrs: map[string]string{"canReorder": "no"}}
	if r := codes(tm.Content{{Code: x1}, {Text: "a"}, {Code: x2}}, tm.Content{{Code: x2}, {Text: "a"}, {Code: x1}}); r == "" {
		t.Errorf("canReorder=no codes reordered, not reported")
	}
}

func TestOrdinalWords(t *testing.T) {
	if r := numbers("zum 1. Jahrestag", "for the first anniversary", de, en); r != "" {
		t.Errorf("1. = first: %s", r)
	}
	if r := numbers("Warte kurz.", "Wait a second.", de, en); r != "" {
		t.Errorf("a word alone is no number: %s", r)
	}
	if r := numbers("zum 2. Jahrestag", "for the first anniversary", de, en); r == "" {
		t.Errorf("2. vs first not reported")
	}
}

func TestConsistencyMemory(t *testing.T) {
	mem := func(src tm.Content) []MemoryUnit {
		if src.Plain() == "Guten Tag." {
			return []MemoryUnit{{ID: 7, Target: "Good day."}}
		}
		return nil
	}
	segs := []Segment{
		{ID: "1", Source: tm.Text("Guten Tag."), Target: tm.Text("Hello.")},
		{ID: "2", Source: tm.Text("Guten Tag."), Target: tm.Text("Good day.")},
		{ID: "3", Source: tm.Text("Tschüss."), Target: tm.Text("Bye.")},
	}
	ps := Run(segs, Options{From: de, To: en, Enabled: map[string]bool{Consistency: true}, Memory: mem})
	// 1 differs from the memory; 2 agrees with the memory but differs
	// from 1 in the file: one report each.
	if len(ps) != 2 || ps[0].Segment != 0 || !strings.Contains(ps[0].Reason, `unit 7`) || ps[1].Segment != 1 {
		t.Errorf("%+v", ps)
	}
}
