package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

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

// catchUp brings an index kept by units.id up to date in a transaction of
// its own (see catchUpTx). It returns what index counted.
func (db *DB) catchUp(ctx context.Context, key string, index func(tx *sql.Tx, mark, top int64) (int, error)) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = catchUpTx(ctx, tx, key, index)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// catchUpTx brings an index kept by units.id up to date inside tx: the
// meta row key holds its watermark (the highest id it covers); index is
// called with (mark, top], the ids added since, when there are any, and
// the watermark then moves to top.
func catchUpTx(ctx context.Context, tx *sql.Tx, key string, index func(tx *sql.Tx, mark, top int64) (int, error)) (int, error) {
	mark, err := metaInt(ctx, tx, key)
	if err != nil {
		return 0, err
	}
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM units`).Scan(&top); err != nil {
		return 0, dbError(err)
	}
	if top <= mark {
		return 0, nil
	}
	n, err := index(tx, mark, top)
	if err != nil {
		return 0, err
	}
	return n, setWatermark(ctx, tx, key, top)
}

// indexTx brings the full-text and the match index up to date inside tx,
// the transaction of the write that added units, so that the units and
// their index entries commit together or not at all: a command that fails
// in its index step has stored nothing, and one that succeeds leaves
// indexes that readers need not catch up.
//
// phase, when set, is called with "fts" and "match" as each index starts,
// and "commit" after both (benchmarks measure each phase).
func (db *DB) indexTx(ctx context.Context, tx *sql.Tx, st *IndexStats, phase func(string)) error {
	if phase == nil {
		phase = func(string) {}
	}
	phase("fts")
	t := time.Now()
	n, err := catchUpTx(ctx, tx, ftsWatermarkKey, db.ftsIndex(ctx))
	if err != nil {
		return err
	}
	st.FTS, st.FTSSeconds = n, time.Since(t).Seconds()
	phase("match")
	t = time.Now()
	if n, err = catchUpTx(ctx, tx, matchWatermarkKey, db.matchIndex(ctx)); err != nil {
		return err
	}
	st.Match, st.MatchSeconds = n, time.Since(t).Seconds()
	phase("commit")
	return nil
}

// setWatermark records that the index under key covers the units up to id.
func setWatermark(ctx context.Context, tx *sql.Tx, key string, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = ?`, strconv.FormatInt(id, 10), key)
	return dbError(err)
}
