package postgres

import (
	"context"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestMigrations: a new database gets every migration once, even when
// several processes open it at the same moment; a database a newer korpus
// migrated is refused and left as it is.
func TestMigrations(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(ctx, dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent Open of a new database: %v", err)
		}
	}
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.AppliedMigrations(ctx)
	if err != nil || len(got) != SchemaVersion() || got[len(got)-1] != SchemaVersion() {
		t.Fatalf("applied %v, %v; want 1 … %d once each", got, err, SchemaVersion())
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (9999, '9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, dsn)
	if tm.ErrorCode(err) != tm.EINVALID || !strings.Contains(err.Error(), "newer korpus") {
		t.Errorf("Open of a database from a newer korpus: %v; want EINVALID naming a newer korpus", err)
	}
}

// TestOpenErrors: a bad DSN or an unreachable server is a one-line
// EINVALID error that does not show the password.
func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	port := freePort(t)
	for _, dsn := range []string{
		"postgres://korpus:s3cret@127.0.0.1:" + port + "/x?sslmode=disable&connect_timeout=2",
		"postgres://korpus:s3cret@127.0.0.1:notaport/x",
	} {
		_, err := Open(ctx, dsn)
		if tm.ErrorCode(err) != tm.EINVALID || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%q): %v; want one-line EINVALID without the password", dsn, err)
		}
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func TestIsDSN(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://u@h/db":            true,
		"postgresql://u@h/db":          true,
		"host=localhost dbname=korpus": true,
		"dbname=korpus":                true,
		"korpus.db":                    false,
		"file:korpus.db":               false,
		"/srv/tm/host=x.db":            false,
		"./postgres.db":                false,
	} {
		if got := IsDSN(s); got != want {
			t.Errorf("IsDSN(%q) = %v; want %v", s, got, want)
		}
	}
}
