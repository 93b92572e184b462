package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
)

// ListUnits returns the units f selects, by id; an unknown memory is
// ENOTFOUND.
func (db *DB) ListUnits(ctx context.Context, f UnitListFilter) ([]StoredUnit, error) {
	where, args := filterConds(f.UnitFilter)
	if f.Deleted {
		where = append([]string{`deleted IS NOT NULL`}, where...)
	} else {
		where = append([]string{`deleted IS NULL`}, where...)
	}
	if f.After > 0 {
		where = append(where, `id > ?`)
		args = append(args, f.After)
	}
	q := `SELECT ` + storedUnitColumns + ` FROM units WHERE ` + strings.Join(where, ` AND `)
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	var out []StoredUnit
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := checkFilter(ctx, tx, f.UnitFilter); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanStoredUnit(rows)
			if err != nil {
				return dbError(err)
			}
			out = append(out, u)
		}
		return dbError(rows.Err())
	})
	return out, err
}

// likeEscape escapes LIKE's wildcards (ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// storedUnitColumns are the columns scanStoredUnit reads: unitColumns and
// the memory name, props, notes and deletion time.
const storedUnitColumns = unitColumns + `, coalesce((SELECT name FROM memories m WHERE m.id = units.memory_id), ''), props, notes, deleted`

// scanStoredUnit reads a row of storedUnitColumns.
func scanStoredUnit(s scanner) (StoredUnit, error) {
	var su StoredUnit
	var props, notes, deleted sql.NullString
	u, err := scanUnit(&extraCols{s: s, dest: []any{&su.Memory, &props, &notes, &deleted}})
	if err != nil {
		return su, err
	}
	su.Unit = u
	if deleted.Valid {
		su.Deleted = parseTime(deleted.String)
	}
	if props.Valid {
		_ = json.Unmarshal([]byte(props.String), &su.Props)
	}
	if notes.Valid {
		_ = json.Unmarshal([]byte(notes.String), &su.Notes)
	}
	return su, nil
}

// extraCols lets scanUnit read a row that has more columns after
// unitColumns: they go to dest.
type extraCols struct {
	dest []any
	s    scanner
}

func (e *extraCols) Scan(dest ...any) error { return e.s.Scan(append(dest, e.dest...)...) }

// GetUnit returns one live unit; an unknown or deleted id is ENOTFOUND.
func (db *DB) GetUnit(ctx context.Context, id int64) (StoredUnit, error) {
	var su StoredUnit
	err := db.view(ctx, func(tx *sql.Tx) error {
		var err error
		su, err = getUnit(ctx, tx, id)
		return err
	})
	return su, err
}

// getUnit returns a live unit: a deleted one is ENOTFOUND, saying how to
// restore it.
func getUnit(ctx context.Context, tx *sql.Tx, id int64) (StoredUnit, error) {
	su, err := getAnyUnit(ctx, tx, id)
	if err == nil && !su.Deleted.IsZero() {
		return su, tm.Errorf(tm.ENOTFOUND, "unit %d was deleted on %s (korpus units restore %d brings it back)",
			id, su.Deleted.UTC().Format(time.RFC3339), id)
	}
	return su, err
}

// getAnyUnit returns a unit, live or deleted.
func getAnyUnit(ctx context.Context, tx *sql.Tx, id int64) (StoredUnit, error) {
	row := tx.QueryRowContext(ctx, `SELECT `+storedUnitColumns+` FROM units WHERE id = ?`, id)
	su, err := scanStoredUnit(row)
	if errors.Is(err, sql.ErrNoRows) {
		return su, unitNotFound(id)
	}
	return su, dbError(err)
}

func unitNotFound(id int64) error {
	return tm.Errorf(tm.ENOTFOUND, "unknown unit %d (korpus units list shows the units)", id)
}

// UnitEdit says what EditUnit changes; nil fields stay as they are.
type UnitEdit struct {
	Target *string    // new plain target text (inline codes of the old target are dropped)
	Status *tm.Status // must be Valid
	Note   string     // added to the unit's notes and kept with the change
	User   string     // who makes the change
}

// UnitChange is one entry of a unit's history: the values before and
// after a change of its target or status.
type UnitChange struct {
	Number    int
	OldTarget tm.Content
	OldStatus tm.Status
	NewTarget tm.Content
	NewStatus tm.Status
	Note      string
	User      string
	Time      time.Time
	Via       string // ViaEdit, ViaRestore, ViaImport, ViaCarryOver ("" before migration 0080)
}

// EditUnit changes a unit's target, status or notes in one transaction,
// records a change of target or status in the unit's history and keeps the
// full-text index in step (the match index holds only sources, which never
// change). It returns the unit as it is afterwards and whether anything
// changed. An unknown id is ENOTFOUND, an invalid status EINVALID.
func (db *DB) EditUnit(ctx context.Context, id int64, e UnitEdit) (StoredUnit, bool, error) {
	if e.Status != nil && !e.Status.Valid() {
		return StoredUnit{}, false, tm.Errorf(tm.EINVALID, "status %q: want one of new, draft, needs-review, translated, reviewed, final", *e.Status)
	}
	if e.Target != nil && strings.TrimSpace(*e.Target) == "" {
		return StoredUnit{}, false, tm.Errorf(tm.EINVALID, "the target must not be empty (delete the unit with korpus units delete)")
	}
	var su StoredUnit
	var changed bool
	err := db.update(ctx, func(tx *sql.Tx) error {
		old, err := getUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		target, status := old.Target, old.Status
		if e.Target != nil {
			t := nfc(tm.Content{{Text: *e.Target}})
			if t.Plain() != old.Target.Plain() || len(old.Target.Codes()) > 0 {
				target = t
			}
		}
		if e.Status != nil {
			status = *e.Status
		}
		changed, err = changeUnit(ctx, tx, db.Now(), old, target, status, e.Note, e.User, ViaEdit)
		if err != nil {
			return err
		}
		su, err = getUnit(ctx, tx, id)
		return err
	})
	return su, changed, err
}

// changeUnit sets a unit's target and status (and adds note), records the
// change in unit_history and updates units_fts, inside tx.
func changeUnit(ctx context.Context, tx *sql.Tx, now time.Time, old StoredUnit, target tm.Content, status tm.Status, note, user, via string) (bool, error) {
	textChanged := target.Plain() != old.Target.Plain() || !sameContent(target, old.Target)
	statusChanged := status != old.Status
	if !textChanged && !statusChanged && note == "" {
		return false, nil
	}
	when := formatTime(now)
	if note != "" {
		notes := append(old.Notes, tm.Note{From: user, Text: note})
		b, _ := json.Marshal(notes)
		if _, err := tx.ExecContext(ctx, `UPDATE units SET notes = ?, changed = ?, changer = ? WHERE id = ?`, string(b), when, user, old.ID); err != nil {
			return false, dbError(err)
		}
	}
	if !textChanged && !statusChanged {
		return true, nil
	}
	if textChanged {
		if err := ftsForget(ctx, tx, old.ID); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET tgt_text = ?, tgt_codes = ?, status = ?, changed = ?, changer = ? WHERE id = ?`,
		target.Plain(), codesJSON(target), string(status), when, user, old.ID); err != nil {
		return false, dbError(err)
	}
	if textChanged {
		if err := ftsRestore(ctx, tx, old.ID); err != nil {
			return false, err
		}
	}
	return true, recordChange(ctx, tx, histChange{unit: old.ID, oldText: old.Target.Plain(), oldCodes: codesJSON(old.Target),
		oldStatus: string(old.Status), newText: target.Plain(), newCodes: codesJSON(target), newStatus: string(status),
		note: note, user: user, via: via, when: when})
}

// codesJSON is the tgt_codes column for c: its JSON when it has inline
// codes, NULL for plain text.
func codesJSON(c tm.Content) any {
	if len(c.Codes()) == 0 {
		return nil
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// UnitHistory returns a unit's changes, oldest first, also of a deleted
// unit (its deletion is the last); an unknown id is ENOTFOUND.
func (db *DB) UnitHistory(ctx context.Context, id int64) ([]UnitChange, error) {
	var out []UnitChange
	err := db.view(ctx, func(tx *sql.Tx) error {
		if _, err := getAnyUnit(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = unitHistory(ctx, tx, id)
		return err
	})
	return out, err
}

func unitHistory(ctx context.Context, tx *sql.Tx, id int64) ([]UnitChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT change_no, old_target, old_codes, old_status, new_target, new_codes, new_status,
		note, changer, changed, via FROM unit_history WHERE unit_id = ? ORDER BY change_no`, id)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []UnitChange
	for rows.Next() {
		var c UnitChange
		var ot, os, nt, ns, when string
		var oc, nc sql.NullString
		if err := rows.Scan(&c.Number, &ot, &oc, &os, &nt, &nc, &ns, &c.Note, &c.User, &when, &c.Via); err != nil {
			return nil, dbError(err)
		}
		c.OldTarget, c.NewTarget = contentOf(ot, oc), contentOf(nt, nc)
		c.OldStatus, c.NewStatus = tm.Status(os), tm.Status(ns)
		c.Time = parseTime(when)
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// RestoreUnit gives a unit back the target and status it had before its
// change number n, as a new change (so a restore can itself be undone).
// An unknown unit or change is ENOTFOUND.
func (db *DB) RestoreUnit(ctx context.Context, id int64, n int, user string) (StoredUnit, bool, error) {
	var su StoredUnit
	var changed bool
	err := db.update(ctx, func(tx *sql.Tx) error {
		old, err := getUnit(ctx, tx, id)
		if err != nil {
			return err
		}
		hist, err := unitHistory(ctx, tx, id)
		if err != nil {
			return err
		}
		var ch *UnitChange
		for i := range hist {
			if hist[i].Number == n {
				ch = &hist[i]
			}
		}
		if ch == nil {
			return tm.Errorf(tm.ENOTFOUND, "unit %d has no change %d (it has %d; korpus units history %d lists them)", id, n, len(hist), id)
		}
		changed, err = changeUnit(ctx, tx, db.Now(), old, ch.OldTarget, ch.OldStatus, "", user, ViaRestore)
		if err != nil {
			return err
		}
		su, err = getUnit(ctx, tx, id)
		return err
	})
	return su, changed, err
}

// DeleteUnits is DeleteUnitsAs by nobody in particular.
func (db *DB) DeleteUnits(ctx context.Context, ids []int64, dryRun bool) ([]StoredUnit, error) {
	return db.DeleteUnitsAs(ctx, ids, dryRun, "")
}

// errUnitsDryRun rolls back a dry run's transaction.
var errUnitsDryRun = errors.New("dry run")
