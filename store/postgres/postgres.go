// Package postgres keeps korpus data in a PostgreSQL database: the second
// implementation of the storage contract of package tm, beside the SQLite
// store (package store). It speaks to the server through pgx with a
// connection pool, so one process serves many requests at once, and
// several processes (korpus serve behind a load balancer, importers) may
// share one database.
//
// Open applies the embedded migrations (migrations/NNNN_name.sql, in
// number order, one transaction each under an advisory lock, recorded in
// schema_migrations) and refuses a database a newer korpus has migrated.
// Every public method that writes is one transaction. Readers never wait
// for writers (PostgreSQL's MVCC); reads that must see one state (EachUnit)
// run in one REPEATABLE READ transaction.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/korpus/korpus/store/internal/migrate"
	"github.com/korpus/korpus/tm"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open korpus database on a PostgreSQL server.
type DB struct {
	pool *pgxpool.Pool
	name string // the DSN without its password, for messages
	// Now returns the current time; tests may replace it.
	Now func() time.Time

	migrations fs.FS
}

var _ tm.Store = (*DB)(nil)

// lockMigrate is the advisory lock key (two int4: 'KRPS', 1) that
// serialises migrations of one database by several processes.
const lockSpace = 0x4B525053

const (
	lockMigrate = 1
	// lockImport + memory id (as the second key, with lockSpace+1 as the
	// first) serialises imports into one memory.
	lockImportSpace = lockSpace + 1
)

// IsDSN reports whether s names a PostgreSQL database rather than an
// SQLite file: a postgres:// or postgresql:// URL, or a keyword string
// with host= or dbname=.
func IsDSN(s string) bool {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		return true
	}
	for _, f := range strings.Fields(s) {
		k, _, ok := strings.Cut(f, "=")
		if ok && (k == "host" || k == "dbname") {
			return true
		}
	}
	return false
}

// Open connects to the database dsn names (a postgres:// URL or a keyword
// string) and brings its schema up to date. A DSN that does not parse, a
// server that cannot be reached within 15 seconds, a role that may not
// create the tables, or a database migrated by a newer korpus is an
// EINVALID error naming the database without its password.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, migrationFS)
}

func open(ctx context.Context, dsn string, migrations fs.FS) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included.
		return nil, tm.Errorf(tm.EINVALID, "database: not a valid PostgreSQL connection string (postgres://user:pass@host:5432/dbname or host=… dbname=…)")
	}
	name := describe(cfg.ConnConfig)
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 15 * time.Second
	}
	// Times are read and written as UTC whatever the server's TimeZone.
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	// pgx prepares and caches statements; after five runs PostgreSQL may
	// switch one to a generic plan that ignores its arguments, and for
	// concordance's LIKE '%term%' the generic plan walks the id index
	// backwards whatever the term (BenchmarkBackends, 200k units: p95
	// 263 ms). Custom plans see the term and choose between that walk (a
	// frequent term) and the trigram index (a rare one).
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "database %s: %v", name, err)
	}
	db := &DB{pool: pool, name: name, Now: time.Now, migrations: migrations}
	pctx, cancel := context.WithTimeout(ctx, cfg.ConnConfig.ConnectTimeout)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, tm.Errorf(tm.EINVALID, "cannot connect to database %s: %v", name, connError(err))
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// describe names a database for messages: user@host:port/dbname.
func describe(c *pgx.ConnConfig) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// connError is the server's message without pgx's wrapping of the DSN.
func connError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return errors.New(pe.Message)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return ce.Unwrap()
	}
	return err
}

// Close closes the pool.
func (db *DB) Close() error {
	if db != nil && db.pool != nil {
		db.pool.Close()
	}
	return nil
}

// String names the database (without its password).
func (db *DB) String() string { return db.name }

// migration is one embedded schema change (store/internal/migrate).
type migration = migrate.Migration

// SchemaVersion returns the highest migration number this binary knows.
func SchemaVersion() int {
	ms, err := migrate.Read(migrationFS)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// migrate applies the migrations not yet recorded, each in its own
// transaction holding the migration advisory lock (so two processes
// opening a new database at once apply each migration once), and refuses
// a database with a migration this binary does not know.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrate.Read(db.migrations)
	if err != nil {
		return tm.Errorf(tm.EINTERNAL, "%v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	for i := -1; i < len(ms); i++ {
		err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockSpace, lockMigrate); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version integer PRIMARY KEY,
				name    text NOT NULL,
				applied timestamptz NOT NULL)`); err != nil {
				return err
			}
			var latest int
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&latest); err != nil {
				return err
			}
			if want := ms[len(ms)-1].Version; latest > want {
				return tm.Errorf(tm.EINVALID, "database %s was written by a newer korpus (schema migration %04d; this korpus knows up to %04d); upgrade korpus", db.name, latest, want)
			}
			if i < 0 {
				return nil // the check alone
			}
			m := ms[i]
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&done); err != nil || done {
				return err
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return tm.Errorf(tm.EINVALID, "database %s: migration %s: %v", db.name, m.Name, connError(err))
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)`, m.Version, m.Name, db.Now().UTC())
			return err
		})
		if err != nil {
			return dbError(err)
		}
	}
	return nil
}

// AppliedMigrations returns the recorded migration versions in order.
func (db *DB) AppliedMigrations(ctx context.Context) ([]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, dbError(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int])
	return out, dbError(err)
}

// update runs fn in one read-committed transaction and commits when fn
// returns nil; an error (or panic) rolls everything back.
func (db *DB) update(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return dbError(pgx.BeginFunc(ctx, db.pool, fn))
}

// view runs fn in one read-only REPEATABLE READ transaction: every query
// of fn sees the same snapshot, and it never waits for writers.
func (db *DB) view(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return dbError(pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn))
}

// dbError wraps an unexpected driver error as EINTERNAL (nil and domain
// errors stay as they are). Unique and check violations become ECONFLICT.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var te *tm.Error
	if errors.As(err, &te) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &tm.Error{Code: tm.EINTERNAL, Message: "database: interrupted", Err: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505" || pe.Code == "23514" || pe.Code == "23503":
			return &tm.Error{Code: tm.ECONFLICT, Message: "database constraint: " + pe.Message, Err: err}
		case pe.Code == "40001" || pe.Code == "40P01":
			return &tm.Error{Code: tm.EINTERNAL, Message: "database: transaction conflicted with another writer; try again", Err: err}
		}
		return &tm.Error{Code: tm.EINTERNAL, Message: "database: " + pe.Message, Err: err}
	}
	return &tm.Error{Code: tm.EINTERNAL, Message: "database", Err: err}
}
