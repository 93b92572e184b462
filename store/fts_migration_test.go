package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A memory indexed before migration 0011 (units_fts with positions) gets
// the lean index on its next open: the old index is dropped, the watermark
// goes back to 0, and the next concordance indexes every unit again and
// finds what it found before.
func TestMigrationLeanFTSReindexes(t *testing.T) {
	ctx := context.Background()
	old := fstest.MapFS{}
	err := fs.WalkDir(migrationFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(filepath.Base(path), "0011_") {
			return err
		}
		b, err := migrationFS.ReadFile(path)
		old[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	withMigrations(t, old)
	path := filepath.Join(t.TempDir(), "korpus.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range [][2]string{
		{"Der Vertrag über Freundschaft.", "The treaty of friendship."},
		{"Ein anderer Satz.", "Another sentence."},
	} {
		if _, err := db.db.Exec(`INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed) VALUES ('de', 'en', ?, '', ?, '', '')`, u[0], u[1]); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.IndexUnits(ctx); err != nil || n != 2 {
		t.Fatalf("old index: indexed %d, %v", n, err)
	}
	var n int
	if err := db.db.QueryRow(`SELECT count(*) FROM units_fts WHERE units_fts MATCH 'src_text: "vertrag"'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("old index with positions: %d rows, %v", n, err)
	}
	db.Close()

	testMigrations = nil
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if mark, err := db.UnitsIndexed(ctx); err != nil || mark != 0 {
		t.Fatalf("watermark after migration = %d, %v; want 0", mark, err)
	}
	if err := db.db.QueryRow(`SELECT count(*) FROM units_fts WHERE units_fts MATCH '"vertrag"'`).Scan(&n); err == nil {
		t.Errorf("a phrase query works after migration 0011 (%d rows): the index still keeps positions", n)
	}
	var hashsize int
	if err := db.db.QueryRow(`SELECT v FROM units_fts_config WHERE k = 'hashsize'`).Scan(&hashsize); err != nil || hashsize != 32<<20 {
		t.Errorf("hashsize = %d, %v; want 32 MB for bulk builds", hashsize, err)
	}
	hits, err := db.Concordance(ctx, "Vertrag über", ConcordanceOptions{})
	if err != nil || len(hits) != 1 || hits[0].Unit.Source.Plain() != "Der Vertrag über Freundschaft." {
		t.Fatalf("concordance after migration: %+v, %v", hits, err)
	}
	// Concordance is a reader: it found the unit above the watermark
	// without indexing it; the next writer does.
	if mark, err := db.UnitsIndexed(ctx); err != nil || mark != 0 {
		t.Errorf("watermark after concordance = %d, %v; want 0", mark, err)
	}
	if n, err := db.IndexUnits(ctx); err != nil || n != 2 {
		t.Errorf("reindex after migration: %d units, %v; want 2", n, err)
	}
}
