package store

import (
	"context"
	"database/sql"
)

// What made a change in a unit's history (unit_history.via, migration
// 0080). Rows written before that migration have "" (edit or restore).
const (
	ViaEdit      = "edit"
	ViaRestore   = "restore"
	ViaImport    = "import"
	ViaCarryOver = "carry-over"
	ViaDedupe    = "dedupe" // the merge of identical units (no change of target or status)
)

// SkipOlder is the skip reason of an import --existing newer unit that is
// not newer than the stored translation of its source.
const SkipOlder = "older than the stored translation of its source (--existing newer)"

// histChange is one row of unit_history to write: the target (plain text
// and codes JSON or nil) and status before and after.
type histChange struct {
	unit                 int64
	oldText, newText     string
	oldCodes, newCodes   any
	oldStatus, newStatus string
	note, user, via      string
	when                 string // formatTime of the change
}

// recordChange appends c to its unit's history as the next change number,
// inside the transaction that makes the change.
func recordChange(ctx context.Context, tx *sql.Tx, c histChange) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(change_no), 0) + 1 FROM unit_history WHERE unit_id = ?`, c.unit).Scan(&n); err != nil {
		return dbError(err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO unit_history(unit_id, change_no, old_target, old_codes, old_status,
		new_target, new_codes, new_status, note, changer, changed, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.unit, n, c.oldText, c.oldCodes, c.oldStatus, c.newText, c.newCodes, c.newStatus, c.note, c.user, c.when, c.via)
	return dbError(err)
}

// importReplace is an import's change of a stored unit: its target (text
// and codes JSON) and status become the file's, changed and changer the
// file's (or the import's), props and notes the file's when it has any.
// The old values go to the unit's history (user and when: who imported it
// and when, note: the file), and units_fts follows the new target, all in
// the import's transaction. It reports whether target or status changed.
func (w *unitWriter) importReplace(id int64, row *unitRow, status string) (bool, error) {
	ctx, tx := w.ctx, w.tx
	old, err := getUnit(ctx, tx, id)
	if err != nil {
		return false, err
	}
	oldCodes := codesJSON(old.Target)
	oc, _ := oldCodes.(string)
	nc, _ := row.tgtCodes.(string)
	textChanged := old.Target.Plain() != row.tgtText || oc != nc
	statusChanged := string(old.Status) != status
	if !textChanged && !statusChanged {
		return false, nil
	}
	if textChanged {
		if err := ftsForget(ctx, tx, id); err != nil {
			return false, err
		}
	}
	changer := row.u.Changer
	if changer == "" {
		changer = w.user
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET tgt_text = ?, tgt_codes = ?, status = ?, changed = ?, changer = ?,
		props = coalesce(?, props), notes = coalesce(?, notes) WHERE id = ?`,
		row.tgtText, row.tgtCodes, status, row.changed, changer, row.props, row.notes, id); err != nil {
		return false, dbError(err)
	}
	if textChanged {
		if err := ftsRestore(ctx, tx, id); err != nil {
			return false, err
		}
	}
	return true, recordChange(ctx, tx, histChange{unit: id, oldText: old.Target.Plain(), oldCodes: oldCodes, oldStatus: string(old.Status),
		newText: row.tgtText, newCodes: row.tgtCodes, newStatus: status, note: w.note, user: changer, via: ViaImport, when: w.now})
}
