package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// MustOpenDB opens a new database file under t.TempDir and closes it at
// the end of the test.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "korpus.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// rawDB opens the file with database/sql directly, to look behind the store.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("MigrationsApplyOnce", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "k.db")
		for i := 0; i < 3; i++ {
			db, err := store.Open(path)
			if err != nil {
				t.Fatalf("open %d: %v", i, err)
			}
			got, err := db.AppliedMigrations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0] != 1 || got[len(got)-1] != store.SchemaVersion() {
				t.Fatalf("open %d: applied %v, want 1…%d", i, got, store.SchemaVersion())
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = 1`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("migration 1 recorded %d times (%v)", n, err)
		}
	})

	t.Run("PragmasOnEveryConnection", func(t *testing.T) {
		db := MustOpenDB(t)
		got, err := store.PragmasForTest(db, 3)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range got {
			// synchronous 1 = NORMAL
			if p != [4]string{"1", "1000", "1", "wal"} {
				t.Errorf("connection %d: foreign_keys, busy_timeout, synchronous, journal_mode = %v", i, p)
			}
		}
	})

	t.Run("ForeignKeysOn", func(t *testing.T) {
		db := MustOpenDB(t)
		// A segment of a version that does not exist must be refused, and a
		// unit's segment link to a missing segment too.
		err := store.ExecForTest(db, `INSERT INTO segments(version_id, idx, para, text, hash) VALUES (999, 0, 0, 'x', 'h')`)
		if err == nil || tm.ErrorCode(err) != tm.ECONFLICT {
			t.Fatalf("insert with dangling FK: err = %v, want a conflict", err)
		}
	})

	t.Run("ErrNotADatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "garbage.db")
		garbage := []byte(strings.Repeat("this is not an SQLite file\x00\x01\x02", 200))
		if err := os.WriteFile(path, garbage, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(path)
		if err == nil || !strings.Contains(err.Error(), "not a korpus database") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("err = %v, want one line saying not a korpus database", err)
		}
		after, _ := os.ReadFile(path)
		if string(after) != string(garbage) {
			t.Fatal("the file was changed")
		}
		if _, err := os.Stat(path + "-wal"); err == nil {
			t.Fatal("a -wal file was left behind")
		}
	})

	t.Run("ErrForeignSQLiteDatabase", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		raw := rawDB(t, path)
		if _, err := raw.Exec(`CREATE TABLE contacts(name TEXT)`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		_, err := store.Open(path)
		if err == nil || !strings.Contains(err.Error(), "not a korpus database") {
			t.Fatalf("err = %v, want not a korpus database", err)
		}
	})

	t.Run("ErrNewerKorpus", func(t *testing.T) {
		db := MustOpenDB(t)
		path := db.Path()
		if err := store.ExecForTest(db, `INSERT INTO schema_migrations(version, name, applied) VALUES (9999, '9999_future.sql', '')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		_, err := store.Open(path)
		if err == nil || !strings.Contains(err.Error(), "newer korpus") {
			t.Fatalf("err = %v, want newer korpus", err)
		}
	})

	t.Run("ErrMissingDirectory", func(t *testing.T) {
		_, err := store.Open(filepath.Join(t.TempDir(), "no", "such", "k.db"))
		if err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ErrParentIsAFile", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "plain")
		if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(filepath.Join(file, "k.db"))
		if err == nil || !strings.Contains(err.Error(), "cannot create database") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ErrIsDirectory", func(t *testing.T) {
		_, err := store.Open(t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "is a directory") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ErrUnwritableDirectory", func(t *testing.T) {
		dir := "/proc" // root may write anywhere else
		if os.Geteuid() != 0 {
			dir = t.TempDir()
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		} else if _, err := os.Stat("/proc/self"); err != nil {
			t.Skip("running as root without /proc")
		}
		_, err := store.Open(filepath.Join(dir, "k.db"))
		if err == nil || !strings.Contains(err.Error(), "cannot create database") || !strings.Contains(err.Error(), "k.db") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("err = %v, want a one-line error naming the file", err)
		}
		if os.Geteuid() != 0 && !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("err = %v, want the cause, permission denied (not SQLite's \"no such file\")", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "k.db")); err == nil {
			t.Fatal("the file was created")
		}
	})

	t.Run("OpenExistingMissing", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "k.db")
		_, err := store.OpenExisting(path)
		if tm.ErrorCode(err) != tm.ENOTFOUND {
			t.Fatalf("err = %v, want not found", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Fatal("OpenExisting created the file")
		}
	})
}

// TestConcurrentOpen opens a new database from several goroutines at once,
// as parallel korpus processes might: every Open succeeds and the schema
// is applied once.
func TestConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	const n = 4
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			db, err := store.Open(path)
			if err == nil {
				err = db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	var count int
	if err := rawDB(t, path).QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = 1`).Scan(&count); err != nil || count != 1 {
		t.Fatalf("migration 1 recorded %d times (%v)", count, err)
	}
}
