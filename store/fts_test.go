package store_test

import (
	"context"
	"testing"

	"github.com/korpus/korpus/store"
)

func TestIndexUnits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	add := func(src, tgt string) {
		t.Helper()
		if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed) VALUES ('de', 'en', ?, '', ?, '', '')`, src, tgt); err != nil {
			t.Fatal(err)
		}
	}
	search := func(q string) int {
		t.Helper()
		var n int
		if err := store.QueryRowForTest(db, `SELECT count(*) FROM units_fts WHERE units_fts MATCH ?`, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	add("Der Vertrag über Freundschaft", "The treaty of friendship")
	add("Die Grüße zum Gründungstag", "Greetings for the founding day")
	if n := search(`"ver" AND "tra" AND "rag"`); n != 0 {
		t.Fatalf("found %d before indexing: the index must have no triggers", n)
	}
	n, err := db.IndexUnits(ctx)
	if err != nil || n != 2 {
		t.Fatalf("indexed %d, %v; want 2", n, err)
	}
	if n, err := db.IndexUnits(ctx); err != nil || n != 0 {
		t.Fatalf("second call indexed %d, %v; want 0", n, err)
	}
	add("Noch ein Vertrag", "Another treaty")
	if n, err := db.IndexUnits(ctx); err != nil || n != 1 {
		t.Fatalf("third call indexed %d, %v; want 1", n, err)
	}
	// The index keeps no positions or columns (migration 0011): it answers
	// single trigrams joined by AND/OR/NOT, over source and target alike.
	for q, want := range map[string]int{
		`"ver" AND "tra" AND "rag"`: 2, // case-insensitive
		`"rue" AND "nde"`:           0,
		`"gru" AND "ße "`:           1, // diacritics removed: ü = u
		`"tre" AND "aty"`:           2, // the target is indexed too
		`"r f" AND "reu"`:           1, // across words
		`"ndu" AND "ngs"`:           1,
		`"fre" NOT "tre"`:           0,
	} {
		if got := search(q); got != want {
			t.Errorf("MATCH %s: %d rows, want %d", q, got, want)
		}
	}
	// Phrases (and column filters) need positions the lean index does not
	// keep; Concordance never asks for them.
	var n2 int
	if err := store.QueryRowForTest(db, `SELECT count(*) FROM units_fts WHERE units_fts MATCH '"vertrag"'`).Scan(&n2); err == nil {
		t.Errorf("a phrase query found %d rows: units_fts keeps positions again (detail=full costs 5x the size, see migration 0011)", n2)
	}
	if err := db.RebuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if got := search(`"ver" AND "tra" AND "rag"`); got != 2 {
		t.Fatalf("after rebuild: %d", got)
	}
}
