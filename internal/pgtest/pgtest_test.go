package pgtest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestNewDatabase: each test gets its own empty database on a server that
// listens on loopback only.
func TestNewDatabase(t *testing.T) {
	a, b := NewDatabase(t), NewDatabase(t)
	if a == b {
		t.Fatalf("two databases share one DSN %s", a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("tables in a new database: %d, %v; want 1 (the one just made)", n, err)
	}
	if os.Getenv(EnvDSN) == "" {
		var listen, fsync string
		if err := conn.QueryRow(ctx, `SELECT current_setting('listen_addresses'), current_setting('fsync')`).Scan(&listen, &fsync); err != nil {
			t.Fatal(err)
		}
		if listen != "127.0.0.1" || fsync != "off" {
			t.Errorf("throwaway cluster: listen_addresses=%q fsync=%q; want 127.0.0.1, off", listen, fsync)
		}
	}
	conn2, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	if err := conn2.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("second database sees %d tables, %v; want 0", n, err)
	}
}
