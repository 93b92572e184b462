package store_test

import (
	"context"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// The full-text index after deletes, restores, an import that replaces a
// target, memory delete --force and gc: FTS5's integrity check finds the
// index consistent (and, where no deleted unit is left in the units table,
// equal to what that table holds: a 'delete' with the wrong text or a row
// indexed twice fails it), and the deleted units' trigrams are not in it.
func TestTrashKeepsFullTextIndexInStep(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	integrity := func(step string) {
		t.Helper()
		var deleted int
		if err := store.QueryRowForTest(db, `SELECT count(*) FROM units WHERE deleted IS NOT NULL`).Scan(&deleted); err != nil {
			t.Fatal(err)
		}
		// rank 1 also compares with the content table, which still
		// holds deleted units the index must not.
		rank := 1
		if deleted > 0 {
			rank = 0
		}
		if err := store.ExecForTest(db, `INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', ?)`, rank); err != nil {
			t.Fatalf("%s: units_fts integrity check (rank %d): %v", step, rank, err)
		}
	}
	rows := func(q string) int {
		t.Helper()
		var n int
		if err := store.QueryRowForTest(db, `SELECT count(*) FROM units_fts WHERE units_fts MATCH ?`, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	opts := store.ImportOptions{Index: &store.IndexStats{}}
	if _, err := db.ImportUnits(ctx, unitsOf(deEn("Der Vertrag wurde unterzeichnet.", "The treaty was signed."),
		deEn("Der Hund bellt.", "The dog barks."), deEn("Die Katze schläft.", "The cat sleeps.")), opts); err != nil {
		t.Fatal(err)
	}
	integrity("import")
	if _, err := db.DeleteUnitsAs(ctx, []int64{1, 3}, false, "erika"); err != nil {
		t.Fatal(err)
	}
	integrity("delete")
	if n := rows(`"tre" AND "aty"`); n != 0 {
		t.Errorf("the index still holds a deleted unit (%d rows)", n)
	}
	if _, err := db.IndexUnits(ctx); err != nil { // a catch-up must not index deleted units
		t.Fatal(err)
	}
	if err := db.RebuildIndex(ctx); err != nil { // nor a rebuild
		t.Fatal(err)
	}
	integrity("rebuild")
	if n := rows(`"tre" AND "aty"`); n != 0 {
		t.Errorf("a rebuild put a deleted unit back into the index (%d rows)", n)
	}
	if _, err := db.UndeleteUnit(ctx, 1, "erika"); err != nil {
		t.Fatal(err)
	}
	integrity("undelete")
	if n := rows(`"tre" AND "aty"`); n != 1 {
		t.Errorf("a restored unit is in the index %d times, want 1", n)
	}
	if _, err := db.UndeleteUnit(ctx, 1, ""); tm.ErrorCode(err) != tm.ECONFLICT {
		t.Errorf("restore of a live unit: %v, want a conflict", err)
	}
	// A replacing import of the restored unit.
	u := deEn("Der Vertrag wurde unterzeichnet.", "The accord was signed.")
	u.Changed = t0.AddDate(1, 0, 0)
	if st, err := db.ImportUnits(ctx, unitsOf(u), store.ImportOptions{Existing: store.ExistingNewer, Index: &store.IndexStats{}}); err != nil || st.Updated != 1 {
		t.Fatalf("replacing import: %+v %v", st, err)
	}
	integrity("replacing import")
	if n := rows(`"tre" AND "aty"`); n != 0 {
		t.Errorf("the old target is still in the index (%d rows)", n)
	}
	// An import does not replace the target of a deleted unit (3): it
	// adds a new one.
	c := deEn("Die Katze schläft.", "The cat is asleep.")
	c.Changed = t0.AddDate(1, 0, 0)
	if st, err := db.ImportUnits(ctx, unitsOf(c), store.ImportOptions{Existing: store.ExistingOverwrite, Index: &store.IndexStats{}}); err != nil || st.Added != 1 {
		t.Fatalf("import beside a deleted unit: %+v %v", st, err)
	}
	integrity("import beside a deleted unit")
	res, err := db.GC(ctx, false)
	if err != nil || res.Units != 1 || res.IDs[0] != 3 {
		t.Fatalf("gc: %+v %v", res, err)
	}
	integrity("gc")
	if _, err := db.UndeleteUnit(ctx, 3, ""); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Errorf("restore after gc: %v, want not found", err)
	}
	// memory delete --force removes live and deleted units alike.
	if _, err := db.DeleteUnitsAs(ctx, []int64{2}, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, `UPDATE units SET memory_id = ? WHERE id = 1`, mustCreateMemory(t, db, "other")); err != nil {
		t.Fatal(err)
	}
	if n, err := db.DeleteMemory(ctx, "other", true); err != nil || n != 1 {
		t.Fatalf("memory delete --force: %d %v", n, err)
	}
	integrity("memory delete")
	// A memory holding only deleted units is empty: it can be deleted
	// without --force, and its deleted units go with it.
	mustCreateMemory(t, db, "gone")
	if _, err := db.ImportUnits(ctx, unitsOf(deEn("Ein Satz.", "A sentence.")), store.ImportOptions{Memory: "gone", Index: &store.IndexStats{}}); err != nil {
		t.Fatal(err)
	}
	gone, err := db.ListUnits(ctx, store.UnitListFilter{UnitFilter: store.UnitFilter{Memories: []string{"gone"}}})
	if err != nil || len(gone) != 1 {
		t.Fatalf("units of gone: %v %v", gone, err)
	}
	if _, err := db.DeleteUnitsAs(ctx, []int64{gone[0].ID}, false, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := db.DeleteMemory(ctx, "gone", false); err != nil || n != 0 {
		t.Fatalf("memory delete of a memory with only deleted units: %d %v", n, err)
	}
	if del, err := db.ListUnits(ctx, store.UnitListFilter{Deleted: true}); err != nil || len(del) != 1 || del[0].ID != 2 {
		t.Errorf("deleted units after the memory went: %+v %v", del, err)
	}
	if _, err := db.UndeleteUnit(ctx, 2, ""); err != nil {
		t.Fatal(err)
	}
	integrity("all live")
}

func mustCreateMemory(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	m, err := db.CreateMemory(context.Background(), name, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
