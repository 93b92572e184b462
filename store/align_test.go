package store_test

import (
	"context"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

func TestCarryOver(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	v1 := segs([]string{"Eins bleibt.", "Zwei wird geändert.", "Drei geht."})
	if _, err := db.AddVersion(ctx, input("doc", "v1", v1)); err != nil {
		t.Fatal(err)
	}
	_, _, old, err := db.Version(ctx, "doc", 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := func(seg tm.Segment, lang tm.Lang, tgt string, st tm.Status) *tm.Unit {
		return &tm.Unit{SourceLang: "de", TargetLang: lang, Source: tm.Text(seg.Text), Target: tm.Text(tgt),
			Status: st, Origin: tm.OriginManual, SegmentID: seg.ID}
	}
	if _, err := db.ImportUnits(ctx, unitsOf(
		tr(old[0], "en", "One stays.", tm.StatusReviewed),
		tr(old[0], "fr", "Un reste.", tm.StatusTranslated),
		tr(old[1], "en", "Two is changed.", tm.StatusFinal),
		tr(old[2], "en", "Three goes.", tm.StatusTranslated),
	), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	v2 := segs([]string{"Eins bleibt.", "Zwei wurde geändert.", "Neu."})
	if _, err := db.AddVersion(ctx, input("doc", "v2", v2)); err != nil {
		t.Fatal(err)
	}
	_, _, new, err := db.Version(ctx, "doc", 2)
	if err != nil {
		t.Fatal(err)
	}
	in := store.CarryInput{Old: old, New: new, Pairs: []store.CarryPair{
		{Old: 0, New: 0, Exact: true, InContext: true},
		{Old: 1, New: 1, Similarity: 71},
	}}
	st, err := db.CarryOver(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.CarryStats{Carried: 2, Fuzzy: 1}) {
		t.Fatalf("stats = %+v", st)
	}
	en, err := db.Translations(ctx, []int64{new[0].ID, new[1].ID, new[2].ID}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(en) != 2 {
		t.Fatalf("translations = %+v", en)
	}
	u := en[new[0].ID]
	if u.Target.Plain() != "One stays." || u.Status != tm.StatusReviewed || u.Origin != tm.OriginCarryOver ||
		u.Score != store.ScoreInContext || u.Source.Plain() != "Eins bleibt." || u.Next != "Zwei wurde geändert." {
		t.Errorf("carried = %+v", u)
	}
	u = en[new[1].ID]
	if u.Target.Plain() != "Two is changed." || u.Status != tm.StatusNeedsReview || u.Score != 71 ||
		u.Source.Plain() != "Zwei wird geändert." || u.Prev != "Eins bleibt." {
		t.Errorf("fuzzy = %+v", u)
	}
	// The candidate translates the old text: an exact lookup of the new
	// text must not offer it as a 100 % match.
	if _, err := db.IndexMatches(ctx); err != nil {
		t.Fatal(err)
	}
	ms, err := db.Lookup(ctx, tm.Text("Zwei wurde geändert."), "de", "en", store.LookupOptions{Min: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Unit.Target.Plain() == "Two is changed." && m.Score >= 100 {
			t.Errorf("old translation of a modified segment offered as %d: %+v", m.Score, m.Unit)
		}
	}
	fr, err := db.Translations(ctx, []int64{new[0].ID}, "fr")
	if err != nil || fr[new[0].ID].Target.Plain() != "Un reste." {
		t.Errorf("fr = %+v, %v", fr, err)
	}
	// Again: nothing new.
	st, err = db.CarryOver(ctx, in)
	if err != nil || st != (store.CarryStats{Existing: 3}) {
		t.Fatalf("second run: %+v, %v", st, err)
	}
	// The old version's translations are untouched.
	if n, _ := db.CountUnits(ctx, store.UnitFilter{}); n != 7 {
		t.Errorf("units = %d, want 7", n)
	}
}

func TestCarryOverBadInput(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	_, err := db.CarryOver(ctx, store.CarryInput{Old: segs([]string{"a"}), New: segs([]string{"b"}),
		Pairs: []store.CarryPair{{Old: 0, New: 0}}})
	if tm.ErrorCode(err) != tm.EINVALID {
		t.Errorf("unstored segments: %v", err)
	}
	_, err = db.CarryOver(ctx, store.CarryInput{Pairs: []store.CarryPair{{Old: 3, New: 0}}})
	if tm.ErrorCode(err) != tm.EINVALID {
		t.Errorf("out of range: %v", err)
	}
}

// TestAddVersionCarry: the carry-over runs in AddVersion's transaction, so
// a failing carry-over stores neither the version nor any translation.
func TestAddVersionCarry(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.AddVersion(ctx, input("doc", "v1", segs([]string{"Eins.", "Zwei."}))); err != nil {
		t.Fatal(err)
	}
	_, _, old, err := db.Version(ctx, "doc", 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ctx, unitsOf(&tm.Unit{SourceLang: "de", TargetLang: "en",
		Source: tm.Text("Eins."), Target: tm.Text("One."), Status: tm.StatusFinal, SegmentID: old[0].ID}), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}

	t.Run("Rollback", func(t *testing.T) {
		in := input("doc", "v2", segs([]string{"Eins.", "Drei."}))
		in.Carry = func(old, new []tm.Segment) []store.CarryPair { return []store.CarryPair{{Old: 0, New: 9}} }
		if _, err := db.AddVersion(ctx, in); tm.ErrorCode(err) != tm.EINVALID {
			t.Fatalf("err = %v, want invalid", err)
		}
		if _, _, _, err := db.Version(ctx, "doc", 2); tm.ErrorCode(err) != tm.ENOTFOUND {
			t.Fatalf("version 2 stored despite the failed carry-over: %v", err)
		}
	})

	t.Run("Carried", func(t *testing.T) {
		in := input("doc", "v2", segs([]string{"Eins.", "Drei."}))
		var gotOld, gotNew int
		in.Carry = func(old, new []tm.Segment) []store.CarryPair {
			gotOld, gotNew = len(old), len(new)
			return []store.CarryPair{{Old: 0, New: 0, Exact: true, InContext: true}}
		}
		res, err := db.AddVersion(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if gotOld != 2 || gotNew != 2 || res.Carried != (store.CarryStats{Carried: 1}) {
			t.Fatalf("carry saw %d old, %d new segments; stats %+v", gotOld, gotNew, res.Carried)
		}
		_, _, new, err := db.Version(ctx, "doc", 2)
		if err != nil {
			t.Fatal(err)
		}
		en, err := db.Translations(ctx, []int64{new[0].ID}, "en")
		if err != nil {
			t.Fatal(err)
		}
		if u, ok := en[new[0].ID]; !ok || u.Target.Plain() != "One." || u.Status != tm.StatusFinal {
			t.Fatalf("carried translation = %+v", en)
		}
	})
}
