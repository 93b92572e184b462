package store_test

import (
	"path/filepath"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/store/storetest"
	"github.com/korpus/korpus/tm"
)

// TestConformance runs the storage contract's suite on SQLite; the
// PostgreSQL store runs the same one (store/postgres).
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tm.Store {
		db, err := store.Open(filepath.Join(t.TempDir(), "korpus.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
