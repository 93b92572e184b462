package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/korpus/korpus/store/internal/migrate"
)

// withMigrations makes Open use fsys instead of the embedded migrations
// for the rest of the test.
func withMigrations(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	testMigrations = fsys
	t.Cleanup(func() { testMigrations = nil })
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, sql := range files {
		m["migrations/"+name] = &fstest.MapFile{Data: []byte(sql)}
	}
	return m
}

func TestMigrationRunner(t *testing.T) {
	ctx := context.Background()
	init, err := migrationFS.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "k.db")

	t.Run("LexicalOrderAndPickedUp", func(t *testing.T) {
		withMigrations(t, mapFS(map[string]string{
			"0001_init.sql":  string(init),
			"0020_b.sql":     `UPDATE meta SET value = value || ',20' WHERE key = 'order';`,
			"0010_a.sql":     `INSERT INTO meta(key, value) VALUES ('order', '10');`,
			"0030_c.sql":     `UPDATE meta SET value = value || ',30' WHERE key = 'order';`,
			"README.txt.bak": `not a migration`,
		}))
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		got, err := db.AppliedMigrations(ctx)
		if err != nil || len(got) != 4 || got[0] != 1 || got[1] != 10 || got[2] != 20 || got[3] != 30 {
			t.Fatalf("applied %v, %v", got, err)
		}
		var order string
		db.db.QueryRow(`SELECT value FROM meta WHERE key = 'order'`).Scan(&order)
		if order != "10,20,30" {
			t.Fatalf("migrations ran out of order: %q", order)
		}
	})

	t.Run("FailingMigrationRollsBack", func(t *testing.T) {
		withMigrations(t, mapFS(map[string]string{
			"0001_init.sql": string(init),
			"0010_a.sql":    `INSERT INTO meta(key, value) VALUES ('order', '10');`,
			"0020_b.sql":    `INSERT INTO meta(key, value) VALUES ('order', '10');`,
			"0030_c.sql":    `UPDATE meta SET value = value || ',30' WHERE key = 'order';`,
			"0040_bad.sql":  `CREATE TABLE half(x INTEGER); INSERT INTO nosuchtable VALUES (1);`,
		}))
		_, err := Open(path)
		if err == nil || !strings.Contains(err.Error(), "0040_bad.sql") {
			t.Fatalf("err = %v, want the failing migration named", err)
		}
		raw, err := sql.Open("sqlite3", path)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var half, recorded int
		raw.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half'`).Scan(&half)
		raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = 40`).Scan(&recorded)
		if half != 0 || recorded != 0 {
			t.Fatalf("a failed migration left table half (%d) or its record (%d)", half, recorded)
		}

		// The embedded set lacks 0010-0030 applied above: that is a newer
		// database for this binary, which must say so.
		testMigrations = nil
		if db, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer korpus") {
			if db != nil {
				db.Close()
			}
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("BadNames", func(t *testing.T) {
		for _, files := range []map[string]string{
			{"init.sql": ""},
			{"0001_a.sql": "", "1_b.sql": ""},
		} {
			if _, err := migrate.Read(mapFS(files)); err == nil {
				t.Errorf("%v: no error", files)
			}
		}
	})
}
