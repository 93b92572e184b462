package store

import "context"

// ExecForTest runs one statement outside the store's methods, for tests
// that must put the database into states the API refuses to make.
func ExecForTest(db *DB, query string, args ...any) error {
	_, err := db.db.ExecContext(context.Background(), query, args...)
	return dbError(err)
}

// QueryRowForTest runs one query outside the store's methods.
func QueryRowForTest(db *DB, query string, args ...any) interface{ Scan(...any) error } {
	return db.db.QueryRowContext(context.Background(), query, args...)
}
