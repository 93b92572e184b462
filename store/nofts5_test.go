//go:build !sqlite_fts5

package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
)

// TestWithoutFTS5 runs only in a build without the sqlite_fts5 tag: Open
// must say how to rebuild, and touch no file.
func TestWithoutFTS5(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	_, err := store.Open(path)
	if err == nil || !strings.Contains(err.Error(), "-tags sqlite_fts5") {
		t.Fatalf("err = %v, want a hint to build with -tags sqlite_fts5", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the database file was created")
	}
}
