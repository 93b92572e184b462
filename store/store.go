// Package store keeps korpus data in an SQLite database: documents and
// their versions, segments, translation units and a full-text index. It is
// the only package of korpus that speaks SQL.
//
// Open applies the embedded migrations (migrations/NNNN_name.sql, in
// version order, one transaction each, recorded in schema_migrations), so a
// database is always at the schema of the binary that opens it. Every
// public method that writes is one transaction: an error leaves the
// database as it was.
//
// The package needs SQLite's FTS5 extension: build and test with
// `-tags sqlite_fts5`.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/korpus/korpus/store/internal/migrate"
	"github.com/korpus/korpus/tm"
	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open korpus database.
type DB struct {
	db   *sql.DB
	path string
	// Now returns the current time; tests may replace it.
	Now func() time.Time

	migrations fs.FS // holds migrations/*.sql
	readOnly   bool  // opened by openReadOnly: nothing is written
	opts       Options
	// rdb is a second pool whose transactions are BEGIN DEFERRED: view's
	// snapshots never take the write lock, so readers never wait for (or
	// hold up) writers. It is db for a read-only database.
	rdb *sql.DB
}

// Options change how Open waits for other writers.
type Options struct {
	// Wait bounds how long a write waits for another writer (another
	// korpus process or connection holding SQLite's write lock) before it
	// fails with a "database is busy" error; 0 waits as long as it takes.
	Wait time.Duration
	// OnWait, when set, is called once per write that has to wait, with a
	// sentence saying what it waits for (a terminal shows it).
	OnWait func(msg string)
	// MaxSegment is the longest source text (bytes) the match index
	// takes; longer units are stored but not indexed, so that one huge
	// unit cannot make an index build or a lookup hang. 0 is
	// tm.DefaultMaxSegment.
	MaxSegment int
}

// maxSegment is Options.MaxSegment or its default.
func (db *DB) maxSegment() int {
	if db.opts.MaxSegment > 0 {
		return db.opts.MaxSegment
	}
	return tm.DefaultMaxSegment
}

// OpenWith is Open (create true) or OpenExisting (create false) with
// options.
func OpenWith(path string, create bool, o Options) (*DB, error) {
	return openOpts(path, create, o)
}

// testMigrations replaces the embedded migrations in tests of the runner.
var testMigrations fs.FS

// dsnParams are set on every pooled connection: foreign keys on, let
// SQLite's busy handler wait up to 1 s for another writer at a time (begin
// waits longer, in rounds of that, as Options say), write-ahead log, BEGIN IMMEDIATE for every
// transaction (no deadlock upgrading a read to a write), and
// synchronous=NORMAL, which in WAL mode never corrupts the database and
// makes bulk imports much faster (a power cut may lose the last commits).
const dsnParams = "_foreign_keys=1&_busy_timeout=1000&_journal_mode=WAL&_txlock=immediate&_synchronous=NORMAL"

// Open opens (creating it if needed) the korpus database at path and brings
// its schema up to date. It fails with a one-line EINVALID error when path
// is a directory, its directory is missing or unwritable, the file is not a
// korpus database, or the database was written by a newer korpus; and with
// EINTERNAL when the binary was built without FTS5.
func Open(path string) (*DB, error) {
	return open(path, true)
}

// OpenExisting is Open for commands that only read: a missing file is an
// ENOTFOUND error instead of a new empty database.
func OpenExisting(path string) (*DB, error) {
	return open(path, false)
}

func open(path string, create bool) (*DB, error) {
	return openOpts(path, create, Options{})
}

func openOpts(path string, create bool, o Options) (*DB, error) {
	if path == "" {
		return nil, tm.Errorf(tm.EINVALID, "empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, tm.Errorf(tm.EINVALID, "database path %q: must not contain '?' or '#'", path)
	}
	if path == ":memory:" {
		return nil, tm.Errorf(tm.EINVALID, "database path %q: korpus needs a file", path)
	}
	if err := checkFTS5(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, tm.Errorf(tm.EINVALID, "database %s: is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		return nil, tm.Errorf(tm.EINVALID, "database %s: not a regular file", path)
	case errors.Is(err, fs.ErrNotExist):
		if !create {
			return nil, tm.Errorf(tm.ENOTFOUND, "no korpus database at %s (add a document first, or point --db or KORPUS_DB at one)", path)
		}
		dir := filepath.Dir(path)
		di, derr := os.Stat(dir)
		if derr != nil || !di.IsDir() {
			return nil, tm.Errorf(tm.EINVALID, "cannot create database %s: directory %s does not exist", path, dir)
		}
		// Create the (empty) file here: SQLite would report an unwritable
		// directory as "unable to open database file: no such file or
		// directory".
		f, cerr := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if cerr != nil && !errors.Is(cerr, fs.ErrExist) {
			return nil, tm.Errorf(tm.EINVALID, "cannot create database %s: %v", path, unwrapPathError(cerr))
		}
		if f != nil {
			f.Close()
		}
	case errors.Is(err, syscall.ENOTDIR):
		return nil, tm.Errorf(tm.EINVALID, "cannot create database %s: a parent of it is a file, not a directory", path)
	case err != nil:
		return nil, tm.Errorf(tm.EINVALID, "database %s: %v", path, unwrapPathError(err))
	}

	if err := checkForeign(path); err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite3", path+"?"+dsnParams)
	if err != nil {
		return nil, tm.Errorf(tm.EINTERNAL, "database %s: %v", path, err)
	}
	db := &DB{db: sqldb, path: path, Now: time.Now, migrations: migrationFS, opts: o}
	if testMigrations != nil {
		db.migrations = testMigrations
	}
	if err := db.init(); err != nil {
		sqldb.Close()
		if !create && isReadOnlyError(err) {
			return openReadOnly(path, false, o)
		}
		return nil, err
	}
	rdb, err := sql.Open("sqlite3", path+"?"+strings.Replace(dsnParams, "_txlock=immediate", "_txlock=deferred", 1))
	if err != nil {
		sqldb.Close()
		return nil, tm.Errorf(tm.EINTERNAL, "database %s: %v", path, err)
	}
	db.rdb = rdb
	return db, nil
}

// isReadOnlyError reports whether opening failed because the file or its
// directory cannot be written (the write-ahead log's -shm file cannot be
// created, or the file is read-only).
func isReadOnlyError(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
		return true
	}
	return false
}

// openReadOnly opens an existing database that cannot be written (a shared
// memory on a read-only mount, a file of another user) for reading only:
// SQLite's mode=ro, or, when even the write-ahead log's index cannot be
// created next to it (a read-only directory), immutable=1, which reads the
// file without locks; immutable is forced by the caller in tests. Nothing
// is migrated: a database older than this korpus is an error asking to open
// it once where it can be written. Every write fails.
func openReadOnly(path string, immutable bool, o Options) (*DB, error) {
	uri := "file:" + strings.ReplaceAll(path, "%", "%25") + "?mode=ro&_foreign_keys=1&_busy_timeout=5000"
	if immutable {
		uri += "&immutable=1"
	}
	sqldb, err := sql.Open("sqlite3", uri)
	if err != nil {
		return nil, tm.Errorf(tm.EINTERNAL, "database %s: %v", path, err)
	}
	db := &DB{db: sqldb, path: path, Now: time.Now, migrations: migrationFS, readOnly: true, opts: o}
	db.rdb = sqldb
	if testMigrations != nil {
		db.migrations = testMigrations
	}
	if err := db.init(); err != nil {
		sqldb.Close()
		if !immutable && isReadOnlyError(err) {
			return openReadOnly(path, true, o)
		}
		return nil, err
	}
	return db, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Close closes the database; the last connection checkpoints the WAL.
func (db *DB) Close() error {
	if db == nil || db.db == nil {
		return nil
	}
	if db.rdb != nil && db.rdb != db.db {
		db.rdb.Close()
	}
	return db.db.Close()
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// firstConn opens the first connection. Opening runs the DSN pragmas, and
// switching a new file to WAL can fail at once with SQLITE_BUSY while
// another process does the same (SQLite does not call the busy handler
// there), so a busy open is tried again for up to the busy timeout.
func (db *DB) firstConn(ctx context.Context) (*sql.Conn, error) {
	deadline := time.Now().Add(5 * time.Second)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		conn, err := db.db.Conn(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return conn, err
		}
		time.Sleep(wait)
	}
}

// init checks the connection, FTS5 and the schema, then migrates.
func (db *DB) init() error {
	ctx := context.Background()
	conn, err := db.firstConn(ctx)
	if err != nil {
		return db.openError(err)
	}
	defer conn.Close()
	// The file header is read lazily: touch the schema to find out whether
	// this is a database at all.
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		return db.openError(err)
	}
	var hasMigrations int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&hasMigrations); err != nil {
		return db.openError(err)
	}
	if hasMigrations == 0 && n > 0 {
		return tm.Errorf(tm.EINVALID, "not a korpus database: %s (an SQLite database without korpus tables)", db.path)
	}
	return db.migrate(ctx, conn)
}

var (
	fts5Once sync.Once
	fts5Err  error
)

// checkFTS5 fails when the linked SQLite lacks FTS5 (a build without the
// sqlite_fts5 tag), before any file is touched.
func checkFTS5() error {
	fts5Once.Do(func() {
		mem, err := sql.Open("sqlite3", ":memory:")
		if err != nil {
			fts5Err = tm.Errorf(tm.EINTERNAL, "sqlite: %v", err)
			return
		}
		defer mem.Close()
		var used int
		if err := mem.QueryRow(`SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&used); err != nil {
			fts5Err = tm.Errorf(tm.EINTERNAL, "sqlite: %v", err)
			return
		}
		if used != 1 {
			fts5Err = tm.Errorf(tm.EINTERNAL, "this korpus was built without SQLite FTS5; rebuild with: go build -tags sqlite_fts5 ./cmd/korpus")
		}
	})
	return fts5Err
}

// openError turns a driver error at open time into a one-line message.
func (db *DB) openError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return tm.Errorf(tm.EINVALID, "not a korpus database: %s: %v", db.path, se.Code)
		case sqlite3.ErrReadonly:
			return &tm.Error{Code: tm.EINVALID, Message: "cannot write database " + db.path + " (the file or its directory is read-only)", Err: se}
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrAuth:
			// Keep the driver error in the chain: open retries a read-only
			// file for reading only (isReadOnlyError).
			return &tm.Error{Code: tm.EINVALID, Message: "cannot open database " + db.path, Err: se}
		}
	}
	return tm.Errorf(tm.EINVALID, "cannot open database %s: %v", db.path, err)
}

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

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, and refuses a database that has migrations this binary does
// not know (written by a newer korpus).
func (db *DB) migrate(ctx context.Context, conn *sql.Conn) error {
	ms, err := migrate.Read(db.migrations)
	if err != nil {
		return tm.Errorf(tm.EINTERNAL, "%v", err)
	}
	if db.readOnly {
		return db.checkMigrated(ctx, conn, ms)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name    TEXT NOT NULL,
		applied TEXT NOT NULL
	)`); err != nil {
		return db.openError(err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return db.openError(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return db.openError(err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.openError(err)
	}
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	var unknown []int
	for v := range applied {
		if !known[v] {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		sort.Ints(unknown)
		return tm.Errorf(tm.EINVALID, "database %s was written by a newer korpus (schema migration %04d; this korpus knows up to %04d); upgrade korpus", db.path, unknown[len(unknown)-1], ms[len(ms)-1].Version)
	}
	for _, m := range ms {
		if applied[m.Version] {
			continue
		}
		if err := db.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// checkMigrated is migrate for a database opened read-only: it fails
// unless every embedded migration, and no unknown one, is recorded.
func (db *DB) checkMigrated(ctx context.Context, conn *sql.Conn, ms []migration) error {
	latest := 0
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&latest); err != nil {
		return db.openError(err)
	}
	want := ms[len(ms)-1].Version
	switch {
	case latest > want:
		return tm.Errorf(tm.EINVALID, "database %s was written by a newer korpus (schema migration %04d; this korpus knows up to %04d); upgrade korpus", db.path, latest, want)
	case latest < want:
		return tm.Errorf(tm.EINVALID, "database %s is read-only and has an older schema (migration %04d; this korpus needs %04d): open it once with write access to upgrade it", db.path, latest, want)
	}
	return nil
}

func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := db.begin(ctx, conn)
	if err != nil {
		return db.openError(err)
	}
	defer tx.Rollback()
	// Another korpus may have applied it while this one waited for the
	// write lock (BEGIN IMMEDIATE): check again under the lock.
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&done); err != nil {
		return db.openError(err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return tm.Errorf(tm.EINTERNAL, "database %s: migration %s: %v", db.path, m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied) VALUES (?, ?, ?)`,
		m.Version, m.Name, formatTime(db.Now())); err != nil {
		return tm.Errorf(tm.EINTERNAL, "database %s: migration %s: %v", db.path, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return db.openError(err)
	}
	return nil
}

// AppliedMigrations returns the recorded migration versions in order.
func (db *DB) AppliedMigrations(ctx context.Context) ([]int, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, dbError(err)
		}
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}

// update runs fn in one transaction and commits when fn returns nil; any
// error (or panic) rolls everything back. Public methods that write are
// one call of update (or the same BeginTx/defer Rollback/Commit shape).
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return dbError(tx.Commit())
}

// view runs fn in one transaction (a consistent snapshot) that is rolled
// back afterwards.
func (db *DB) view(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.rdb.BeginTx(ctx, nil)
	if err != nil {
		return dbError(err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// timeLayout is how times are stored: UTC, RFC 3339, milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// dbError wraps an unexpected driver error as EINTERNAL (nil stays nil).
// Constraint violations become ECONFLICT.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var te *tm.Error
	if errors.As(err, &te) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrConstraint:
			return &tm.Error{Code: tm.ECONFLICT, Message: "database constraint", Err: err}
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return &tm.Error{Code: tm.EINTERNAL, Message: "database is busy (another korpus is writing); try again", Err: err}
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrIoErr, sqlite3.ErrFull:
			return &tm.Error{Code: tm.EINTERNAL, Message: "cannot write the database", Err: err}
		}
	}
	return &tm.Error{Code: tm.EINTERNAL, Message: "database", Err: err}
}

// isConstraint reports whether err is an SQLite constraint violation.
func isConstraint(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint
}

// appID is korpus's SQLite application_id ('KRPS'), set by migration 0030.
const appID = 0x4B525053

// checkForeign refuses a file that is not a korpus database before anything
// touches it: opening with the DSN pragmas would switch it to WAL and
// migrating would add tables. It reads the 100-byte SQLite header itself: a
// file with korpus's application_id is accepted; another non-zero id, or a
// file that is not SQLite, is refused. With id 0 (a korpus database from
// before 0030, or one whose header page is still only in the write-ahead
// log) the schema is read through a read-only connection: an empty
// database, or one whose schema_migrations has korpus's columns, is
// accepted.
func checkForeign(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // open reports it
	}
	hdr := make([]byte, 100)
	n, _ := io.ReadFull(f, hdr)
	f.Close()
	if n == 0 {
		return nil // a new (or not yet checkpointed) database
	}
	if n < 100 || string(hdr[:16]) != "SQLite format 3\x00" {
		return tm.Errorf(tm.EINVALID, "not a korpus database: %s (not an SQLite file); korpus left it unchanged", path)
	}
	switch id := binary.BigEndian.Uint32(hdr[68:72]); id {
	case appID:
		return nil
	case 0:
	default:
		return tm.Errorf(tm.EINVALID, "not a korpus database: %s (an SQLite file of another program, application_id 0x%08x); korpus left it unchanged", path, id)
	}
	ro, err := sql.Open("sqlite3", "file:"+strings.ReplaceAll(path, "%", "%25")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return tm.Errorf(tm.EINTERNAL, "database %s: %v", path, err)
	}
	defer ro.Close()
	var tables int
	if err := ro.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil {
		if isReadOnlyError(err) {
			return nil // cannot even read-lock it here: open decides
		}
		return tm.Errorf(tm.EINVALID, "not a korpus database: %s: %v", path, err)
	}
	if tables == 0 {
		return nil
	}
	rows, err := ro.Query(`SELECT version, name, applied FROM schema_migrations LIMIT 0`)
	if err != nil {
		return tm.Errorf(tm.EINVALID, "not a korpus database: %s (an SQLite database without korpus tables); korpus left it unchanged", path)
	}
	rows.Close()
	return nil
}

// begin starts a write transaction (BEGIN IMMEDIATE, from the DSN) on conn,
// or on a pooled connection when conn is nil. When another writer holds
// the write lock it waits its turn, in rounds of the busy timeout, for as
// long as Options.Wait allows (0: as long as it takes), telling OnWait once
// that it waits; ctx cancels the wait.
func (db *DB) begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	start := time.Now()
	told := false
	for {
		var tx *sql.Tx
		var err error
		if conn != nil {
			tx, err = conn.BeginTx(ctx, nil)
		} else {
			tx, err = db.db.BeginTx(ctx, nil)
		}
		if err == nil || !isBusy(err) || ctx.Err() != nil {
			return tx, err
		}
		waited := time.Since(start)
		if db.opts.Wait > 0 && waited >= db.opts.Wait {
			return nil, &tm.Error{Code: tm.EINTERNAL, Message: fmt.Sprintf("database is busy: waited %s for another korpus writing to %s (--wait)", waited.Round(time.Second), db.path), Err: err}
		}
		if !told && db.opts.OnWait != nil {
			told = true
			db.opts.OnWait(fmt.Sprintf("waiting for another korpus writing to %s …", db.path))
		}
	}
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
