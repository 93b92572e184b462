package store_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
)

// Other programs' SQLite files are refused before korpus writes anything:
// no WAL switch, no schema_migrations table, no -wal/-shm left, the file
// byte-identical afterwards, whether it is read (OpenExisting) or would be
// written (Open).
func TestOpenForeignSQLiteUnchanged(t *testing.T) {
	cases := map[string][]string{
		"rails": {
			`CREATE TABLE schema_migrations (version varchar NOT NULL PRIMARY KEY)`,
			`CREATE TABLE ar_internal_metadata (key varchar NOT NULL PRIMARY KEY, value varchar)`,
			`INSERT INTO schema_migrations VALUES ('20240101000000')`,
		},
		"golang-migrate": {
			`CREATE TABLE schema_migrations (version uint64, dirty bool)`,
			`INSERT INTO schema_migrations VALUES (3, 0)`,
			`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)`,
		},
		"app-id": {
			`PRAGMA application_id = 1234`,
			`CREATE TABLE t (x)`,
		},
	}
	for name, stmts := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name+".sqlite3")
			raw := rawDB(t, path)
			for _, s := range stmts {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			raw.Close()
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, open := range []func(string) (*store.DB, error){store.Open, store.OpenExisting} {
				db, err := open(path)
				if err == nil {
					db.Close()
					t.Fatal("a foreign SQLite file was opened")
				}
				if !strings.Contains(err.Error(), "not a korpus database") || strings.Contains(err.Error(), "newer korpus") {
					t.Fatalf("err = %v, want not a korpus database", err)
				}
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Fatal("the foreign file was changed")
			}
			for _, suffix := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + suffix); err == nil {
					t.Fatalf("%s left behind", suffix)
				}
			}
		})
	}
}

// A korpus database carries korpus's application_id in its header once
// the write-ahead log is checkpointed (on close).
func TestOpenSetsApplicationID(t *testing.T) {
	db := MustOpenDB(t)
	path := db.Path()
	db.Close()
	hdr, err := os.ReadFile(path)
	if err != nil || len(hdr) < 100 {
		t.Fatalf("read %s: %v", path, err)
	}
	if got := string(hdr[68:72]); got != "KRPS" {
		t.Fatalf("application_id bytes = %q, want KRPS", got)
	}
	db2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}
