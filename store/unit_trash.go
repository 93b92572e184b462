package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/korpus/korpus/tm"
)

// What a unit's deletion and restoration are in its history.
const (
	ViaDelete   = "delete"
	ViaUndelete = "undelete"
)

// DeleteUnitsAs deletes live units by id in ONE transaction, restorably
// until GC: each is marked deleted (migration 0081), which every reader
// (lookup, concordance, pretranslate, analyze, export-tm, units list,
// dedupe, conflicts, carry-over) leaves out; it leaves the full-text index
// in the same transaction, the match index skips it, and its history gains
// the deletion (via delete, by user). Any unknown or already deleted id is
// ENOTFOUND and deletes nothing. dryRun checks and counts without deleting.
func (db *DB) DeleteUnitsAs(ctx context.Context, ids []int64, dryRun bool, user string) ([]StoredUnit, error) {
	var out []StoredUnit
	err := db.update(ctx, func(tx *sql.Tx) error {
		seen := map[int64]bool{}
		var live []int64
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			u, err := getUnit(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, u)
			live = append(live, id)
		}
		if dryRun {
			return errUnitsDryRun
		}
		if err := ftsForget(ctx, tx, live...); err != nil {
			return err
		}
		now := formatTime(db.Now())
		for i, u := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE units SET deleted = ? WHERE id = ?`, now, u.ID); err != nil {
				return dbError(err)
			}
			if err := recordUnitEvent(ctx, tx, u, ViaDelete, user, now); err != nil {
				return err
			}
			out[i].Deleted = parseTime(now)
		}
		return nil
	})
	if errors.Is(err, errUnitsDryRun) {
		err = nil
	}
	return out, err
}

// recordUnitEvent adds an entry without a change of target or status (a
// deletion, a restoration) to u's history.
func recordUnitEvent(ctx context.Context, tx *sql.Tx, u StoredUnit, via, user, when string) error {
	codes := codesJSON(u.Target)
	return recordChange(ctx, tx, histChange{unit: u.ID, oldText: u.Target.Plain(), oldCodes: codes, oldStatus: string(u.Status),
		newText: u.Target.Plain(), newCodes: codes, newStatus: string(u.Status), user: user, via: via, when: when})
}

// UndeleteUnit brings a deleted unit back, in one transaction: it is live
// again with its id, target, status and history (which gains the
// restoration, via undelete, by user), and re-enters the full-text index.
// An unknown id (or one GC removed) is ENOTFOUND; a live unit is ECONFLICT.
func (db *DB) UndeleteUnit(ctx context.Context, id int64, user string) (StoredUnit, error) {
	var su StoredUnit
	err := db.update(ctx, func(tx *sql.Tx) error {
		u, err := getAnyUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.Deleted.IsZero() {
			return tm.Errorf(tm.ECONFLICT, "unit %d is not deleted (korpus units restore %d --to-change N undoes one of its changes)", id, id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET deleted = NULL WHERE id = ?`, id); err != nil {
			return dbError(err)
		}
		if err := ftsRestore(ctx, tx, id); err != nil {
			return err
		}
		if err := recordUnitEvent(ctx, tx, u, ViaUndelete, user, formatTime(db.Now())); err != nil {
			return err
		}
		su, err = getUnit(ctx, tx, id)
		return err
	})
	return su, err
}

// GCResult says what GC removed (or, dry, would remove).
type GCResult struct {
	Units   int // deleted units removed for good
	History int // their history entries
	IDs     []int64
}

// GC removes the deleted units and their history for good, in ONE
// transaction; they can no longer be restored. When the newest units go,
// the indexes are brought back in step in the same transaction (see
// afterPurge). dryRun counts without removing.
func (db *DB) GC(ctx context.Context, dryRun bool) (GCResult, error) {
	var res GCResult
	err := db.update(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM units WHERE deleted IS NOT NULL ORDER BY id`)
		if err != nil {
			return dbError(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return dbError(err)
			}
			res.IDs = append(res.IDs, id)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return dbError(err)
		}
		res.Units = len(res.IDs)
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unit_history
			WHERE unit_id IN (SELECT id FROM units WHERE deleted IS NOT NULL)`).Scan(&res.History); err != nil {
			return dbError(err)
		}
		if dryRun || res.Units == 0 {
			return errUnitsDryRun
		}
		if err := deleteUnitsWhere(ctx, tx, `deleted IS NOT NULL`); err != nil {
			return err
		}
		return db.indexTx(ctx, tx, &IndexStats{}, nil)
	})
	if errors.Is(err, errUnitsDryRun) {
		err = nil
	}
	return res, err
}

// afterPurge keeps the indexes' watermarks honest after rows left units
// for good. SQLite gives a new row max(id)+1, so when the highest ids go, a
// new unit would get an id at or below the watermarks and never be indexed.
// The full-text index holds no removed row (live ones are taken out before
// they go, deleted ones were when they were deleted), so its watermark
// simply comes down to max(id). The match index still holds the removed
// units' postings, which a reused id would inherit, so it is emptied, and
// the caller builds it again in the same transaction (indexTx): lookups
// never write, and would otherwise index every unit in memory until the
// next import.
func afterPurge(ctx context.Context, tx *sql.Tx) error {
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM units`).Scan(&top); err != nil {
		return dbError(err)
	}
	fts, err := metaInt(ctx, tx, ftsWatermarkKey)
	if err != nil {
		return err
	}
	if fts > top {
		if err := setWatermark(ctx, tx, ftsWatermarkKey, top); err != nil {
			return err
		}
	}
	mark, err := metaInt(ctx, tx, matchWatermarkKey)
	if err != nil {
		return err
	}
	if mark <= top {
		return nil
	}
	for _, q := range []string{`DELETE FROM match_terms`, `DELETE FROM match_langs`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return dbError(err)
		}
	}
	return setWatermark(ctx, tx, matchWatermarkKey, 0)
}
