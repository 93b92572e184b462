package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

func decodePenalties(s sql.NullString) (map[string]int, error) {
	m := map[string]int{}
	if !s.Valid || s.String == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s.String), &m); err != nil {
		return nil, &tm.Error{Code: tm.EINTERNAL, Message: "memory penalties", Err: err}
	}
	return m, nil
}

func checkMemoryName(name string) error { return tm.CheckMemoryName(name) }

func checkPenalty(p int) error {
	if err := match.CheckPenalty(p); err != nil {
		return &tm.Error{Code: tm.EINVALID, Err: err}
	}
	return nil
}

// CreateMemory creates an empty memory with the default origin and status
// penalties (match.DefaultOriginPenalties, DefaultStatusPenalties). A name
// already taken is ECONFLICT.
func (db *DB) CreateMemory(ctx context.Context, name, description string, penalty int) (Memory, error) {
	if err := checkMemoryName(name); err != nil {
		return Memory{}, err
	}
	if err := checkPenalty(penalty); err != nil {
		return Memory{}, err
	}
	now := formatTime(db.Now())
	var m Memory
	err := db.update(ctx, func(tx *sql.Tx) error {
		if _, err := memoryID(ctx, tx, name); err == nil {
			return tm.Errorf(tm.ECONFLICT, "memory %q already exists", name)
		} else if tm.ErrorCode(err) != tm.ENOTFOUND {
			return err
		}
		op, _ := json.Marshal(match.DefaultOriginPenalties)
		sp, _ := json.Marshal(match.DefaultStatusPenalties)
		res, err := tx.ExecContext(ctx, `INSERT INTO memories(name, description, penalty, origin_penalty, status_penalty, created, changed)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, name, description, penalty, string(op), string(sp), now, now)
		if err != nil {
			return dbError(err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return dbError(err)
		}
		m = Memory{ID: id, Name: name, Description: description, Penalty: penalty,
			Origin: maps.Clone(match.DefaultOriginPenalties), Status: maps.Clone(match.DefaultStatusPenalties),
			Created: parseTime(now), Changed: parseTime(now)}
		return nil
	})
	return m, err
}

// memoryID returns the id of the named memory, ENOTFOUND if there is none.
func memoryID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM memories WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, tm.Errorf(tm.ENOTFOUND, "unknown memory %q (korpus memory list shows the memories)", name)
	}
	return id, dbError(err)
}

// Memories lists the memories by name with their unit counts and pairs.
func (db *DB) Memories(ctx context.Context) ([]Memory, error) {
	var out []Memory
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, description, penalty, origin_penalty, status_penalty, created, changed,
			(SELECT count(*) FROM units u WHERE u.memory_id = m.id AND u.deleted IS NULL)
			FROM memories m ORDER BY name`)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var m Memory
			var created, changed string
			var op, sp sql.NullString
			if err := rows.Scan(&m.ID, &m.Name, &m.Description, &m.Penalty, &op, &sp, &created, &changed, &m.Units); err != nil {
				return dbError(err)
			}
			if m.Origin, err = decodePenalties(op); err != nil {
				return err
			}
			if m.Status, err = decodePenalties(sp); err != nil {
				return err
			}
			m.Created, m.Changed = parseTime(created), parseTime(changed)
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		rows.Close()
		for i := range out {
			prs, err := tx.QueryContext(ctx, `SELECT DISTINCT src_lang, tgt_lang FROM units WHERE memory_id = ? AND deleted IS NULL ORDER BY 1, 2`, out[i].ID)
			if err != nil {
				return dbError(err)
			}
			for prs.Next() {
				var s, t string
				if err := prs.Scan(&s, &t); err != nil {
					prs.Close()
					return dbError(err)
				}
				out[i].Pairs = append(out[i].Pairs, s+"→"+t)
			}
			err = prs.Err()
			prs.Close()
			if err != nil {
				return dbError(err)
			}
		}
		return nil
	})
	return out, err
}

// GetMemory returns one memory by name.
func (db *DB) GetMemory(ctx context.Context, name string) (Memory, error) {
	ms, err := db.Memories(ctx)
	if err != nil {
		return Memory{}, err
	}
	for _, m := range ms {
		if m.Name == name {
			return m, nil
		}
	}
	return Memory{}, tm.Errorf(tm.ENOTFOUND, "unknown memory %q (korpus memory list shows the memories)", name)
}

// SetMemory changes a memory's penalty or description.
func (db *DB) SetMemory(ctx context.Context, name string, ch MemoryChange) error {
	if ch.Penalty != nil {
		if err := checkPenalty(*ch.Penalty); err != nil {
			return err
		}
	}
	for _, m := range []map[string]int{ch.Origin, ch.Status} {
		for _, n := range m {
			if err := checkPenalty(n); err != nil {
				return err
			}
		}
	}
	now := formatTime(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		id, err := memoryID(ctx, tx, name)
		if err != nil {
			return err
		}
		for _, c := range []struct {
			col string
			m   map[string]int
		}{{"origin_penalty", ch.Origin}, {"status_penalty", ch.Status}} {
			if len(c.m) == 0 {
				continue
			}
			var old sql.NullString
			if err := tx.QueryRowContext(ctx, `SELECT `+c.col+` FROM memories WHERE id = ?`, id).Scan(&old); err != nil {
				return dbError(err)
			}
			cur, err := decodePenalties(old)
			if err != nil {
				return err
			}
			for k, v := range c.m {
				cur[k] = v
			}
			b, err := json.Marshal(cur)
			if err != nil {
				return dbError(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE memories SET `+c.col+` = ?, changed = ? WHERE id = ?`, string(b), now, id); err != nil {
				return dbError(err)
			}
		}
		if ch.Penalty != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE memories SET penalty = ?, changed = ? WHERE id = ?`, *ch.Penalty, now, id); err != nil {
				return dbError(err)
			}
		}
		if ch.Description != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE memories SET description = ?, changed = ? WHERE id = ?`, *ch.Description, now, id); err != nil {
				return dbError(err)
			}
		}
		return nil
	})
}

// RenameMemory renames a memory; the new name must be free.
func (db *DB) RenameMemory(ctx context.Context, old, new string) error {
	if err := checkMemoryName(new); err != nil {
		return err
	}
	now := formatTime(db.Now())
	return db.update(ctx, func(tx *sql.Tx) error {
		id, err := memoryID(ctx, tx, old)
		if err != nil {
			return err
		}
		if _, err := memoryID(ctx, tx, new); err == nil {
			return tm.Errorf(tm.ECONFLICT, "memory %q already exists", new)
		} else if tm.ErrorCode(err) != tm.ENOTFOUND {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE memories SET name = ?, changed = ? WHERE id = ?`, new, now, id)
		return dbError(err)
	})
}

// DeleteMemory deletes a memory. A memory holding units is refused
// (ECONFLICT) unless force, which deletes its units too, in the same
// transaction. The memory `default` cannot be deleted.
func (db *DB) DeleteMemory(ctx context.Context, name string, force bool) (deletedUnits int, err error) {
	if name == DefaultMemory {
		return 0, tm.Errorf(tm.EINVALID, "memory %q cannot be deleted (units stored without --memory go there)", name)
	}
	err = db.update(ctx, func(tx *sql.Tx) error {
		id, err := memoryID(ctx, tx, name)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE memory_id = ? AND deleted IS NULL`, id).Scan(&deletedUnits); err != nil {
			return dbError(err)
		}
		if deletedUnits > 0 && !force {
			return tm.Errorf(tm.ECONFLICT, "memory %q holds %d units; use --force to delete them with it", name, deletedUnits)
		}
		// Also its deleted units, which could not be restored into a
		// memory that is gone.
		if err := deleteUnitsWhere(ctx, tx, `memory_id = ?`, id); err != nil {
			return err
		}
		// When the newest units went the match index was emptied
		// (afterPurge): rebuild it here, not in every lookup.
		if err := db.indexTx(ctx, tx, &IndexStats{}, nil); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM memories WHERE id = ?`, id)
		return dbError(err)
	})
	return deletedUnits, err
}

// deleteUnitsWhere removes the units matching where (an SQL condition on
// units with args) and their history for good inside tx, taking the live
// ones out of the full-text index first (deleted ones left it when they
// were deleted). The match index skips missing units when it reads
// candidates; afterPurge keeps new ids above the watermarks.
func deleteUnitsWhere(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	// Deleted units left units_fts when they were deleted.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM units WHERE deleted IS NULL AND (`+where+`)`, args...)
	if err != nil {
		return dbError(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return dbError(err)
		}
		ids = append(ids, id)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return dbError(err)
	}
	if err := ftsForget(ctx, tx, ids...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM unit_history WHERE unit_id IN (SELECT id FROM units WHERE `+where+`)`, args...); err != nil {
		return dbError(err)
	}
	if _, err = tx.ExecContext(ctx, `DELETE FROM units WHERE `+where, args...); err != nil {
		return dbError(err)
	}
	return afterPurge(ctx, tx)
}
