package check

import (
	"reflect"
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
