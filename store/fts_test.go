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
	if n := search(`"vertrag"`); n != 0 {
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
	for q, want := range map[string]int{
		`"vertrag"`:                 2, // case-insensitive
		`"gruende"`:                 0,
		`"gruße"`:                   1, // diacritics removed: ü = u
		`src_text:"treaty"`:         0,
		`tgt_text:"treaty"`:         2,
		`"über Freund"`:             1, // substring across words
		`"ndungst"`:                 1, // trigram: any substring ≥ 3
		`"Freundschaft" AND "über"`: 1,
	} {
		if got := search(q); got != want {
			t.Errorf("MATCH %s: %d rows, want %d", q, got, want)
		}
	}
	if err := db.RebuildIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if got := search(`"vertrag"`); got != 2 {
		t.Fatalf("after rebuild: %d", got)
	}
}
