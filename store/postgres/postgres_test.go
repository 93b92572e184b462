package postgres

import (
	"context"
	"os"
	"testing"

	"github.com/korpus/korpus/internal/pgtest"
	"github.com/korpus/korpus/store/storetest"
	"github.com/korpus/korpus/tm"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openTest opens a store on a new database of the test server.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestConformance runs the storage contract's suite, the one the SQLite
// store runs, on PostgreSQL.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tm.Store { return openTest(t) })
}
