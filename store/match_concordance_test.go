package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

func TestConcordance(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	addUnit(t, db, "Der Vertrag über Freundschaft wurde 1961 geschlossen.", "The treaty of friendship was signed in 1961.", "", "", "2026-01-01T00:00:00.000Z")
	addUnit(t, db, "ÜBER FREUNDSCHAFT sprach niemand.", "Nobody spoke about friendship.", "", "", "2026-01-02T00:00:00.000Z")
	addUnit(t, db, "Uber Freundschaft und Straße.", "On friendship and street.", "", "", "2026-01-03T00:00:00.000Z")
	addUnit(t, db, "Ein anderer Satz.", "Another sentence.", "", "", "2026-01-04T00:00:00.000Z")
	texts := func(hs []store.Hit) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Unit.Source.Plain())
		}
		return out
	}
	t.Run("Exact", func(t *testing.T) {
		hs, err := db.Concordance(ctx, "über Freundschaft", store.ConcordanceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 || hs[0].Spans[0] != [2]int{12, 30} {
			t.Fatalf("hits = %q %+v", texts(hs), hs)
		}
		if got := hs[0].Unit.Source.Plain()[12:30]; got != "über Freundschaft" {
			t.Errorf("span covers %q", got)
		}
	})
	t.Run("FoldCaseAndUmlaut", func(t *testing.T) {
		hs, err := db.Concordance(ctx, "uber freundschaft", store.ConcordanceOptions{Fold: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 3 {
			t.Fatalf("hits = %q, want 3 (newest first)", texts(hs))
		}
		if got := texts(hs)[0]; got != "Uber Freundschaft und Straße." {
			t.Errorf("first hit %q, want the newest", got)
		}
		s := hs[1].Unit.Source.Plain()
		if got := s[hs[1].Spans[0][0]:hs[1].Spans[0][1]]; got != "ÜBER FREUNDSCHAFT" {
			t.Errorf("span covers %q", got)
		}
	})
	t.Run("FoldSharpS", func(t *testing.T) {
		hs, err := db.Concordance(ctx, "STRASSE", store.ConcordanceOptions{Fold: true})
		if err != nil || len(hs) != 1 || texts(hs)[0] != "Uber Freundschaft und Straße." {
			t.Fatalf("hits = %q, %v", texts(hs), err)
		}
		s := hs[0].Unit.Source.Plain()
		if got := s[hs[0].Spans[0][0]:hs[0].Spans[0][1]]; got != "Straße" {
			t.Errorf("span covers %q", got)
		}
	})
	t.Run("Target", func(t *testing.T) {
		hs, err := db.Concordance(ctx, "friendship", store.ConcordanceOptions{Target: true, From: "de", To: "en"})
		if err != nil || len(hs) != 3 {
			t.Fatalf("hits = %d, %v", len(hs), err)
		}
		if hs, _ := db.Concordance(ctx, "friendship", store.ConcordanceOptions{Target: true, To: "fr"}); len(hs) != 0 {
			t.Errorf("to fr: %d hits", len(hs))
		}
	})
	t.Run("ShortTermAndLimit", func(t *testing.T) {
		hs, err := db.Concordance(ctx, "Ei", store.ConcordanceOptions{Limit: 1})
		if err != nil || len(hs) != 1 || texts(hs)[0] != "Ein anderer Satz." {
			t.Fatalf("hits = %q, %v", texts(hs), err)
		}
	})
	t.Run("EmptyTerm", func(t *testing.T) {
		if _, err := db.Concordance(ctx, " ", store.ConcordanceOptions{}); tm.ErrorCode(err) != tm.EINVALID {
			t.Errorf("err = %v", err)
		}
	})
}

// The full-text index keeps no positions or columns (migration 0011), so
// it returns units holding a term's trigrams apart, or in the other
// language; Concordance must drop them and keep the newest-first order
// and the limit over the real hits only.
func TestConcordanceIndexCandidatesAreChecked(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	addUnit(t, db, "Anna kommt morgen.", "Anna comes tomorrow.", "", "", "2026-01-01T00:00:00.000Z")
	addUnit(t, db, "Johannes traf Nnamdi.", "Johannes met Nnamdi.", "", "", "2026-01-02T00:00:00.000Z") // "ann" and "nna", no "anna"
	addUnit(t, db, "Er kommt morgen.", "Anna comes tomorrow too.", "", "", "2026-01-03T00:00:00.000Z")  // "anna" only in the target
	addUnit(t, db, "Susanna kommt auch.", "Susanna comes too.", "", "", "2026-01-04T00:00:00.000Z")
	var src []string
	hs, err := db.Concordance(ctx, "anna", store.ConcordanceOptions{Fold: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		src = append(src, h.Unit.Source.Plain())
	}
	if want := []string{"Susanna kommt auch.", "Anna kommt morgen."}; !slices.Equal(src, want) {
		t.Errorf("source hits %q, want %q", src, want)
	}
	hs, err = db.Concordance(ctx, "anna", store.ConcordanceOptions{Fold: true, Target: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	var tgt []string
	for _, h := range hs {
		tgt = append(tgt, h.Unit.Target.Plain())
	}
	if want := []string{"Susanna comes too.", "Anna comes tomorrow too."}; !slices.Equal(tgt, want) {
		t.Errorf("target hits %q, want %q", tgt, want)
	}
	if hs, err := db.Concordance(ctx, "hannes traf", store.ConcordanceOptions{}); err != nil || len(hs) != 1 {
		t.Errorf("exact phrase: %d hits, %v; want 1", len(hs), err)
	}
	if hs, err := db.Concordance(ctx, "traf Johannes", store.ConcordanceOptions{}); err != nil || len(hs) != 0 {
		t.Errorf("words swapped: %d hits, %v; want 0", len(hs), err)
	}
	// Whitespace runs in the text compare as one space, also past the
	// quick substring test that skips most candidates (the index only
	// proposes the unit because "keine nette" and "sagte er" hold the
	// trigrams "e n" and "te ").
	addUnit(t, db, "Sie sagte\tnein, keine nette Antwort, sagte er.", "She said no.", "", "", "2026-01-05T00:00:00.000Z")
	hs, err = db.Concordance(ctx, "sagte nein", store.ConcordanceOptions{})
	if err != nil || len(hs) != 1 || hs[0].Spans[0] != [2]int{4, 14} {
		t.Errorf("across a tab: %+v, %v", hs, err)
	}
}

// A memory keeps the spacing of the tool that wrote it (runs of spaces,
// tabs, the no-break space before "%" and inside numbers), while the term
// is normalized: every whitespace run of the text compares as one space,
// including the trigrams the index is asked for. Short folded terms, which
// SQLite's LIKE cannot fold beyond ASCII case, find their umlaut and
// upper-case spellings too.
func TestConcordanceSpacingAndShortFold(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	addUnit(t, db, "Straße  und   Fußweg", "Street and footpath", "", "", "2026-01-01T00:00:00.000Z")
	addUnit(t, db, "Zu 100\u00a0% sicher über Öl.", "100% sure about oil.", "", "", "2026-01-02T00:00:00.000Z")
	addUnit(t, db, "ÜBER ÖL\tUND GAS", "About oil and gas", "", "", "2026-01-03T00:00:00.000Z")
	addUnit(t, db, "Schloss Straße 1", "Castle Street 1", "", "", "2026-01-04T00:00:00.000Z")
	addUnit(t, db, "Die Messgrößen", "The measures", "", "", "2026-01-05T00:00:00.000Z")
	for _, c := range []struct {
		term string
		fold bool
		want []string // the spans, newest unit first
	}{
		{"Straße und", false, []string{"Straße  und"}},
		{"e und F", false, []string{"e  und   F"}},
		{"100 %", false, []string{"100\u00a0%"}},
		{"Öl und", false, nil},
		{"öl und", true, []string{"ÖL\tUND"}},
		{"öl", true, []string{"ÖL", "Öl"}},
		{"ol", true, []string{"ÖL", "Öl"}},
		{"Öl", false, []string{"Öl"}},
		{"er er er", false, nil},
		// "ss" and "ß" mixed in one term or one word
		{"schloss strasse", true, []string{"Schloss Straße"}},
		{"MESSGRÖSSEN", true, []string{"Messgrößen"}},
	} {
		hs, err := db.Concordance(ctx, c.term, store.ConcordanceOptions{Fold: c.fold})
		if err != nil {
			t.Fatalf("%q: %v", c.term, err)
		}
		var got []string
		for _, h := range hs {
			s := h.Unit.Source.Plain()
			for _, sp := range h.Spans {
				got = append(got, s[sp[0]:sp[1]])
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q (fold %v): spans %q, want %q", c.term, c.fold, got, c.want)
		}
	}
}
