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
		u.Source.Plain() != "Zwei wurde geändert." || u.Prev != "Eins bleibt." {
		t.Errorf("fuzzy = %+v", u)
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
