package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// What dedupe counts as identical: import's duplicates (a whitespace
// variant of the source included), not units that differ in context,
// target language variant or inline codes. Imports never store a
// duplicate in one memory, so each unit is imported into a memory of its
// own and then moved into `default` with SQL, as a database holding
// duplicates (from an older release, or from edits) has them.
func TestDedupeWhatIsIdentical(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := func(days int) time.Time { return t0.AddDate(0, 0, days) }
	unit := func(src, tgt string, days int) *tm.Unit {
		u := deEn(src, tgt)
		u.Created, u.Changed, u.Usage = at(days), at(days), days
		return u
	}
	ctxUnit := unit("Der Hund bellt.", "The dog barks.", 4)
	ctxUnit.Prev = "Es ist Nacht."
	gb := unit("Der Hund bellt.", "The dog barks.", 5)
	gb.TargetLang = "en-GB"
	coded := unit("Der Hund bellt.", "The dog barks.", 6)
	coded.Target = tm.Content{{Text: "The dog "}, {Code: &tm.Code{Kind: tm.CodeOpen, ID: "1"}}, {Text: "barks"}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1"}}, {Text: "."}}
	units := []*tm.Unit{
		unit("Der Hund bellt.", "The dog barks.", 1),   // 1
		unit("Der Hund bellt.", "The dog barks.", 2),   // 2
		unit("Der  Hund bellt. ", "The dog barks.", 3), // 3: whitespace variant, newest
		ctxUnit, // 4: other context
		gb,      // 5: other target language
		coded,   // 6: inline codes
		unit("Der Hund bellt.", "The dog is barking.", 7), // 7: other target
	}
	for i, u := range units {
		name := fmt.Sprintf("m%d", i+1)
		if _, err := db.CreateMemory(ctx, name, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportUnits(ctx, unitsOf(u), store.ImportOptions{Memory: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.IndexUnits(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(t, path).Exec(`UPDATE units SET memory_id = 1`); err != nil {
		t.Fatal(err)
	}

	dry, err := db.Dedupe(ctx, store.DedupeOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.Groups) != 1 || dry.Units != 3 || dry.Removed != 2 {
		t.Fatalf("dry run: %+v", dry)
	}
	g := dry.Groups[0]
	if g.Kept != 3 || !reflect.DeepEqual(g.Merged, []int64{1, 2}) || g.Usage != 6 || !g.Created.Equal(at(1)) || !g.Changed.Equal(at(3)) || g.Memory != "default" {
		t.Errorf("group: %+v", g)
	}
	if n, _ := db.CountUnits(ctx, store.UnitFilter{}); n != 7 {
		t.Errorf("dry run removed units: %d left", n)
	}
	res, err := db.Dedupe(ctx, store.DedupeOptions{User: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, dry) {
		t.Errorf("dedupe %+v, dry run said %+v", res, dry)
	}
	var ids []int64
	for _, u := range allUnits(t, db, store.UnitFilter{}) {
		ids = append(ids, u.ID)
		if u.ID == 3 && (u.Usage != 6 || !u.Created.Equal(at(1)) || !u.Changed.Equal(at(3))) {
			t.Errorf("survivor: %+v", u)
		}
	}
	if !reflect.DeepEqual(ids, []int64{3, 4, 5, 6, 7}) {
		t.Errorf("units after dedupe: %v", ids)
	}
	// Concordance finds the survivor and not the merged units.
	hits, err := db.Concordance(ctx, "bellt", store.ConcordanceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var hitIDs []int64
	for _, h := range hits {
		hitIDs = append(hitIDs, h.Unit.ID)
	}
	for _, id := range hitIDs {
		if id == 1 || id == 2 {
			t.Errorf("concordance returns merged unit %d: %v", id, hitIDs)
		}
	}
	if len(hitIDs) != 5 {
		t.Errorf("concordance hits %v, want the 5 units left", hitIDs)
	}

	// Conflicts: 3, 4, 6 ("The dog barks." with and without codes) against
	// 7; en-GB is another pair.
	cs, err := db.Conflicts(ctx, store.ConflictOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].TargetLang != "en" || cs[0].Units != 4 || len(cs[0].Targets) != 2 {
		t.Fatalf("conflicts: %+v", cs)
	}
	if a, b := cs[0].Targets[0], cs[0].Targets[1]; !reflect.DeepEqual(a.IDs, []int64{3, 4, 6}) || a.Usage != 16 ||
		!reflect.DeepEqual(b.IDs, []int64{7}) || b.Target != "The dog is barking." {
		t.Errorf("conflict targets: %+v", cs[0].Targets)
	}
	if cs, err := db.Conflicts(ctx, store.ConflictOptions{To: "en-GB"}); err != nil || len(cs) != 0 {
		t.Errorf("conflicts en-GB: %v %+v", err, cs)
	}
	if _, err := db.Conflicts(ctx, store.ConflictOptions{Memories: []string{"nope"}}); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Errorf("unknown memory: %v", err)
	}
}
