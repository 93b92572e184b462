package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// readOnlyFixture writes a database with one document and returns its
// path and bytes after a clean close (the WAL checkpointed into the file).
func readOnlyFixture(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	in := input("a.txt", "Erster Satz. Zweiter Satz.", segs([]string{"Erster Satz.", "Zweiter Satz."}))
	if _, err := db.AddVersion(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// TestOpenReadOnly checks that a database that cannot be written (a shared
// memory on a read-only mount or in another user's directory) can still be
// read by the commands that only read, that nothing is written to it, and
// that writes fail.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	for _, immutable := range []bool{false, true} {
		name := "ModeRO"
		if immutable {
			name = "Immutable"
		}
		t.Run(name, func(t *testing.T) {
			path, before := readOnlyFixture(t)
			db, err := store.OpenReadOnlyForTest(path, immutable)
			if err != nil {
				t.Fatal(err)
			}
			docs, err := db.Documents(ctx)
			if err != nil || len(docs) != 1 || docs[0].Name != "a.txt" {
				t.Fatalf("Documents = %v, %v", docs, err)
			}
			_, _, got, err := db.Version(ctx, "a.txt", 1)
			if err != nil || len(got) != 2 {
				t.Fatalf("Version = %d segments, %v", len(got), err)
			}
			in := input("b.txt", "Neu.", segs([]string{"Neu."}))
			if _, err := db.AddVersion(ctx, in); err == nil {
				t.Error("AddVersion on a read-only database succeeded")
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the database file changed")
			}
			if immutable {
				for _, ext := range []string{"-wal", "-shm"} {
					if _, err := os.Stat(path + ext); err == nil {
						t.Errorf("immutable open created %s", path+ext)
					}
				}
			}
		})
	}

	t.Run("OlderSchema", func(t *testing.T) {
		path, _ := readOnlyFixture(t)
		raw := rawDB(t, path)
		if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, store.SchemaVersion()); err != nil {
			t.Fatal(err)
		}
		raw.Close() // checkpoints the WAL, which an immutable open does not read
		_, err := store.OpenReadOnlyForTest(path, true)
		if tm.ErrorCode(err) != tm.EINVALID || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), "write access") {
			t.Fatalf("err = %v, want EINVALID asking for write access", err)
		}
	})

	t.Run("ReadOnlyDirectory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write a directory of mode 0555")
		}
		path, before := readOnlyFixture(t)
		dir := filepath.Dir(path)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		db, err := store.OpenExisting(path)
		if err != nil {
			t.Fatal(err)
		}
		if docs, err := db.Documents(ctx); err != nil || len(docs) != 1 {
			t.Fatalf("Documents = %v, %v", docs, err)
		}
		db.Close()
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Error("the database file changed")
		}
		if _, err := store.Open(path); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("Open (for writing) of a database in a read-only directory: %v, want a read-only error", err)
		}
		_, err = store.Open(filepath.Join(dir, "new.db"))
		if tm.ErrorCode(err) != tm.EINVALID || !strings.Contains(err.Error(), "cannot create database") || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("Open of a new database in a read-only directory: %v, want permission denied", err)
		}
	})
}
