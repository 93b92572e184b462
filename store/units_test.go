package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// sliceReader is a tm.UnitReader over a slice that fails with err after
// the units (io.EOF when err is nil).
type sliceReader struct {
	units []*tm.Unit
	err   error
}

var _ tm.UnitReader = (*sliceReader)(nil)

func (r *sliceReader) Next() (*tm.Unit, error) {
	if len(r.units) == 0 {
		if r.err != nil {
			return nil, r.err
		}
		return nil, io.EOF
	}
	u := r.units[0]
	r.units = r.units[1:]
	return u, nil
}

func unitsOf(us ...*tm.Unit) *sliceReader { return &sliceReader{units: us} }

var t0 = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func deEn(src, tgt string) *tm.Unit {
	return &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(src), Target: tm.Text(tgt),
		Origin: tm.OriginTMX, Created: t0, Changed: t0}
}

func allUnits(t *testing.T, db *store.DB, f store.UnitFilter) []*tm.Unit {
	t.Helper()
	var out []*tm.Unit
	if err := db.EachUnit(context.Background(), f, func(u *tm.Unit) error {
		out = append(out, u)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportUnitsStoresEverything(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	in := &tm.Unit{
		SourceLang: "de-DE", TargetLang: "en-US",
		Source: tm.Content{
			{Text: "Klicken Sie "},
			{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt", Data: "<b>"}},
			{Text: "hier"},
			{Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept", Data: "</b>"}},
		},
		Target:  tm.Text("Click here  "),
		Status:  tm.StatusReviewed,
		Origin:  tm.OriginTMX,
		Creator: "alice", Changer: "bob",
		Created: t0, Changed: t0.Add(time.Hour),
		Prev: "Vorher.", Next: "Nachher.",
		Score: 0.5, Usage: 3,
		Props: []tm.Prop{{Type: "x-domain", Value: "ui"}, {Type: "tmx:tuid", Lang: "en", Value: "7"}},
		Notes: []tm.Note{{From: "tmx:target", Text: "checked"}},
	}
	want := *in
	stats, err := db.ImportUnits(ctx, unitsOf(in), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Read != 1 || stats.Added != 1 {
		t.Errorf("stats = %+v", stats)
	}
	got := allUnits(t, db, store.UnitFilter{})
	if len(got) != 1 {
		t.Fatalf("got %d units", len(got))
	}
	want.ID = got[0].ID
	want.MemoryID = 1 // stored without a memory: in `default`
	if !reflect.DeepEqual(got[0], &want) {
		t.Errorf("stored unit:\n got %+v\nwant %+v", got[0], &want)
	}
}

func TestImportUnitsDedupe(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	first := []*tm.Unit{deEn("Hallo.", "Hello."), deEn("Tschüss.", "Bye."), deEn("Hallo.", "Hello.")}
	stats, err := db.ImportUnits(ctx, unitsOf(first...), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (tm.ImportStats{Read: 3, Added: 2, Merged: 1}); !reflect.DeepEqual(stats, want) {
		t.Errorf("first import: %+v, want %+v (a duplicate inside one file is merged and counted)", stats, want)
	}

	newer := deEn("Hallo.", "Hello.")
	newer.Changed = t0.Add(24 * time.Hour)
	newer.Changer = "carol"
	newer.Props = []tm.Prop{{Type: "x-domain", Value: "greetings"}}
	sameNewerNoChange := deEn("Tschüss.", "Bye.")
	sameNewerNoChange.Changed = t0.Add(24 * time.Hour)
	older := deEn("Tschüss.", "Bye.")
	older.Changed = t0.Add(-time.Hour)
	older.Notes = []tm.Note{{Text: "old note"}}
	second := []*tm.Unit{
		deEn("Hallo.", "Hello."), // same: unchanged
		deEn(" Hallo. ", "Hi."),  // same normalised source, other target: added
		newer,                    // newer with other props: updated
		sameNewerNoChange,        // newer, nothing else differs: unchanged
		older,                    // older with a note: unchanged
		deEn("", "Empty."),       // skipped
		deEn("Leer.", " "),       // skipped
		{SourceLang: "de", TargetLang: "de", Source: tm.Text("a"), Target: tm.Text("b")}, // skipped
	}
	stats, err = db.ImportUnits(ctx, unitsOf(second...), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := tm.ImportStats{Read: 8, Added: 1, Updated: 1, Unchanged: 3, Skipped: 3, Reasons: map[string]int{
		"empty source": 1, "empty target": 1, "source and target language are the same": 1}}
	if !reflect.DeepEqual(stats, want) {
		t.Errorf("second import: %+v, want %+v", stats, want)
	}
	units := allUnits(t, db, store.UnitFilter{})
	if len(units) != 3 {
		t.Fatalf("%d units stored, want 3", len(units))
	}
	if u := units[0]; !reflect.DeepEqual(u.Props, newer.Props) || !u.Changed.Equal(newer.Changed) || u.Changer != "carol" {
		t.Errorf("updated unit = %+v", u)
	}
	if units[1].Notes != nil {
		t.Errorf("an older import changed the notes: %+v", units[1].Notes)
	}
	if units[2].Target.Plain() != "Hi." {
		t.Errorf("alternative translation = %q", units[2].Target.Plain())
	}
}

// A unit without dates (a four-column TSV, a TMX without changedate) gets
// the import time, which must not make it "newer" than the stored unit:
// importing the same text again would wipe the props and notes the stored
// unit came with.
func TestImportUnitsUndatedDuplicateKeepsProps(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	dated := deEn("Hallo Welt.", "Hello world.")
	dated.Props = []tm.Prop{{Type: "x-Domain", Value: "Recht"}}
	dated.Notes = []tm.Note{{Text: "wichtig"}}
	if _, err := db.ImportUnits(ctx, unitsOf(dated), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	undated := &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text("Hallo Welt."), Target: tm.Text("Hello world."), Origin: tm.OriginTSV}
	stats, err := db.ImportUnits(ctx, unitsOf(undated), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (tm.ImportStats{Read: 1, Unchanged: 1}); !reflect.DeepEqual(stats, want) {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	u := allUnits(t, db, store.UnitFilter{})[0]
	if !reflect.DeepEqual(u.Props, dated.Props) || !reflect.DeepEqual(u.Notes, dated.Notes) || !u.Changed.Equal(t0) {
		t.Errorf("stored unit changed: props %+v notes %+v changed %v", u.Props, u.Notes, u.Changed)
	}
}

// Files written on macOS may hold NFD ("U" + combining diaeresis); units
// are stored in NFC like documents, so that concordance and lookup find
// them with what the user types (NFC).
func TestImportUnitsStoresNFC(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	nfd := deEn("Die U\u0308bung.", "The exercise.")
	nfd.Target = tm.Content{{Text: "The exe\u0301rcise "}, {Code: &tm.Code{Kind: tm.CodeStandalone, ID: "1", Elem: "ph"}}}
	if _, err := db.ImportUnits(ctx, unitsOf(nfd), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	u := allUnits(t, db, store.UnitFilter{})[0]
	if got := u.Source.Plain(); got != "Die \u00dcbung." {
		t.Errorf("source %q, want NFC", got)
	}
	if got := u.Target[0].Text; got != "The ex\u00e9rcise " {
		t.Errorf("target run %q, want NFC", got)
	}
	if _, err := db.IndexUnits(ctx); err != nil {
		t.Fatal(err)
	}
	hs, err := db.Concordance(ctx, "Übung", store.ConcordanceOptions{})
	if err != nil || len(hs) != 1 {
		t.Errorf("concordance: %d hits, %v", len(hs), err)
	}
}

func TestImportUnitsAtomic(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.ImportUnits(ctx, unitsOf(deEn("Eins.", "One.")), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bad := errors.New("line 9000: broken")
	var many []*tm.Unit
	for i := 0; i < 5000; i++ {
		many = append(many, deEn("Satz "+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676))+".", "Sentence."))
	}
	_, err := db.ImportUnits(ctx, &sliceReader{units: many, err: bad}, store.ImportOptions{})
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v, want the reader's error", err)
	}
	if n, _ := db.CountUnits(ctx, store.UnitFilter{}); n != 1 {
		t.Errorf("%d units after a failed import, want the 1 from before", n)
	}

	stats, err := db.ImportUnits(ctx, unitsOf(deEn("Zwei.", "Two."), deEn("Eins.", "One.")), store.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Added != 1 || stats.Unchanged != 1 {
		t.Errorf("dry run stats = %+v", stats)
	}
	if n, _ := db.CountUnits(ctx, store.UnitFilter{}); n != 1 {
		t.Errorf("%d units after a dry run, want 1", n)
	}
}

func TestImportUnitsOptions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	u1 := deEn("Hallo.", "Hello.")
	u1.SourceLang, u1.TargetLang = "de-DE", "en-US"
	u2 := deEn("Morgen.", "Morning.")
	u2.TargetLang = "en-GB"
	var progress int
	stats, err := db.ImportUnits(ctx, unitsOf(u1, u2), store.ImportOptions{
		Origin:   tm.OriginManual,
		LangMap:  map[tm.Lang]tm.Lang{"de-DE": "de"},
		Progress: func(n int) { progress += n },
	})
	if err != nil {
		t.Fatal(err)
	}
	if progress != stats.Read || progress != 2 {
		t.Errorf("progress reported %d units, read %d", progress, stats.Read)
	}
	units := allUnits(t, db, store.UnitFilter{SourceLang: "de", TargetLang: "en-US"})
	if len(units) != 1 || units[0].SourceLang != "de" || units[0].Origin != tm.OriginManual {
		t.Errorf("de→en-US units = %+v", units)
	}
	if n, _ := db.CountUnits(ctx, store.UnitFilter{SourceLang: "de", TargetLang: "en"}); n != 2 {
		t.Errorf("filter en matched %d units, want 2 (en-US and en-GB)", n)
	}
	if n, _ := db.CountUnits(ctx, store.UnitFilter{Origin: tm.OriginTMX}); n != 0 {
		t.Errorf("origin filter matched %d", n)
	}
}

func TestEachUnitStopsOnError(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.ImportUnits(ctx, unitsOf(deEn("A.", "A."), deEn("B.", "B.")), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	err := db.EachUnit(ctx, store.UnitFilter{}, func(*tm.Unit) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d units", err, n)
	}
}

// TestImportUnitsOrder checks that buffered multi-row inserts and single
// inserts (units with context) keep the input order and every field.
func TestImportUnitsOrder(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var in []*tm.Unit
	for i := 0; i < 150; i++ {
		u := deEn(fmt.Sprintf("Satz %d.", i), fmt.Sprintf("Sentence %d.", i))
		if i%7 == 3 {
			u.Prev, u.Next, u.Score = "Davor.", "Danach.", 0.75
		}
		in = append(in, u)
	}
	stats, err := db.ImportUnits(ctx, unitsOf(in...), store.ImportOptions{})
	if err != nil || stats.Added != 150 {
		t.Fatalf("stats %+v, err %v", stats, err)
	}
	got := allUnits(t, db, store.UnitFilter{})
	for i, u := range got {
		want := fmt.Sprintf("Satz %d.", i)
		if u.Source.Plain() != want {
			t.Fatalf("unit %d is %q, want %q: ids do not follow input order", i, u.Source.Plain(), want)
		}
		if (i%7 == 3) != (u.Prev == "Davor." && u.Next == "Danach." && u.Score == 0.75) {
			t.Errorf("unit %d: context %q/%q score %v", i, u.Prev, u.Next, u.Score)
		}
	}
}

// TestImportUnitsUntranslatedCopy: a target marked new (XLIFF new or
// needs-translation) that is a copy of its source is skipped; one that
// differs is a translation whose state the tool left stale.
func TestImportUnitsUntranslatedCopy(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	u := func(src, tgt string) *tm.Unit {
		return &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(src), Target: tm.Text(tgt), Status: tm.StatusNew}
	}
	st, err := db.ImportUnits(ctx, unitsOf(u("Guten Tag.", "Guten  Tag."), u("Danke.", "Thanks.")), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 1 || st.Reasons[store.SkipUntranslated] != 1 {
		t.Fatalf("stats = %+v", st)
	}
	var got []tm.Status
	if err := db.EachUnit(ctx, store.UnitFilter{}, func(u *tm.Unit) error { got = append(got, u.Status); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != tm.StatusTranslated {
		t.Fatalf("stored statuses = %v", got)
	}
}
