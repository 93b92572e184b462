package store

import (
	"context"
	"database/sql"
)

// ftsWatermarkKey is the meta key holding the highest units.id already in
// units_fts.
const ftsWatermarkKey = "fts_units_rowid"

// IndexUnits brings the full-text index units_fts up to date with the units
// added since the last call (by rowid), in one transaction, and returns how
// many units it indexed. The index holds the trigrams of source and target
// without positions (migration 0011): it proposes candidates, Concordance
// checks them. Importers call it after their own transaction
// commits; the index has no triggers because they would make bulk imports
// about ten times slower.
//
// Units changed or deleted after they were indexed must be taken out of
// the index inside the transaction that changes them: ftsForget before the
// change (the old text is needed to remove a row from an external-content
// FTS5 table), and ftsRestore after an update.
func (db *DB) IndexUnits(ctx context.Context) (int, error) {
	return db.catchUp(ctx, ftsWatermarkKey, db.ftsIndex(ctx))
}

// ftsIndex adds the live units with mark < id <= top to units_fts (a
// deleted unit enters it when it is restored: ftsRestore).
func (db *DB) ftsIndex(ctx context.Context) func(tx *sql.Tx, mark, top int64) (int, error) {
	return func(tx *sql.Tx, mark, top int64) (int, error) {
		r, err := tx.ExecContext(ctx, `INSERT INTO units_fts(rowid, src_text, tgt_text)
			SELECT id, src_text, tgt_text FROM units WHERE id > ? AND id <= ? AND deleted IS NULL ORDER BY id`, mark, top)
		if err != nil {
			return 0, dbError(err)
		}
		n, _ := r.RowsAffected()
		return int(n), nil
	}
}

// RebuildIndex rebuilds units_fts from scratch (FTS5 'rebuild') and resets
// the watermark; a repair tool for an index that went out of step.
func (db *DB) RebuildIndex(ctx context.Context) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO units_fts(units_fts) VALUES ('rebuild')`); err != nil {
			return dbError(err)
		}
		// 'rebuild' reads every row of units; deleted ones must not be found.
		if _, err := tx.ExecContext(ctx, `INSERT INTO units_fts(units_fts, rowid, src_text, tgt_text)
			SELECT 'delete', id, src_text, tgt_text FROM units WHERE deleted IS NOT NULL`); err != nil {
			return dbError(err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE meta SET value = (SELECT coalesce(max(id), 0) FROM units) WHERE key = ?`, ftsWatermarkKey)
		return dbError(err)
	})
}

// UnitsIndexed returns the highest units.id in the full-text index.
func (db *DB) UnitsIndexed(ctx context.Context) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = ftsWatermark(ctx, tx)
		return err
	})
	return n, err
}

func ftsWatermark(ctx context.Context, tx *sql.Tx) (int64, error) {
	return metaInt(ctx, tx, ftsWatermarkKey)
}

// ftsForget removes already indexed units from units_fts. Call it inside
// the transaction that updates or deletes those units, before the change
// (it reads their current text). Units above the watermark are not in the
// index yet and are skipped; IndexUnits picks up their new text later.
func ftsForget(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	return ftsEachIndexed(ctx, tx, `INSERT INTO units_fts(units_fts, rowid, src_text, tgt_text)
		SELECT 'delete', id, src_text, tgt_text FROM units WHERE id = ?`, ids)
}

// ftsRestore puts already indexed units back into units_fts with their
// current text. Call it inside the transaction that updated them, after
// the update, for the same ids given to ftsForget.
func ftsRestore(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	return ftsEachIndexed(ctx, tx, `INSERT INTO units_fts(rowid, src_text, tgt_text)
		SELECT id, src_text, tgt_text FROM units WHERE id = ?`, ids)
}

// ftsEachIndexed runs query (one parameter: the unit id) for each of ids
// at or below the watermark, the units already in units_fts.
func ftsEachIndexed(ctx context.Context, tx *sql.Tx, query string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	mark, err := ftsWatermark(ctx, tx)
	if err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return dbError(err)
	}
	defer stmt.Close()
	for _, id := range ids {
		if id > mark {
			continue
		}
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return dbError(err)
		}
	}
	return nil
}
