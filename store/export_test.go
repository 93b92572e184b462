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

// PragmasForTest reads foreign_keys, busy_timeout, synchronous and
// journal_mode on n connections of the pool held open at the same time.
func PragmasForTest(db *DB, n int) ([][4]string, error) {
	ctx := context.Background()
	var out [][4]string
	for i := 0; i < n; i++ {
		c, err := db.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		var p [4]string
		for j, name := range []string{"foreign_keys", "busy_timeout", "synchronous", "journal_mode"} {
			if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&p[j]); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}
