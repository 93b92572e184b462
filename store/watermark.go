package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/korpus/korpus/tm"
)

// The full-text index (units_fts) and the match index (match_terms) are
// built after imports, not by triggers: each keeps a watermark in meta, the
// highest units.id it covers, and catchUp indexes the units above it.

// metaInt reads an integer meta value (0 when the row is absent).
func metaInt(ctx context.Context, tx *sql.Tx, key string) (int64, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&s)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, dbError(err)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, tm.Errorf(tm.EINTERNAL, "meta %s: %q is not a number", key, s)
	}
	return n, nil
}

// catchUp brings an index kept by units.id up to date, in one
// transaction: the meta row key holds its watermark (the highest id it
// covers); index is called with (mark, top], the ids added since, when
// there are any, and the watermark then moves to top. It returns what index
// counted.
func (db *DB) catchUp(ctx context.Context, key string, index func(tx *sql.Tx, mark, top int64) (int, error)) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *sql.Tx) error {
		mark, err := metaInt(ctx, tx, key)
		if err != nil {
			return err
		}
		var top int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM units`).Scan(&top); err != nil {
			return dbError(err)
		}
		if top <= mark {
			return nil
		}
		if n, err = index(tx, mark, top); err != nil {
			return err
		}
		return setWatermark(ctx, tx, key, top)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// setWatermark records that the index under key covers the units up to id.
func setWatermark(ctx context.Context, tx *sql.Tx, key string, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = ?`, strconv.FormatInt(id, 10), key)
	return dbError(err)
}
