package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"maps"

	"github.com/jackc/pgx/v5"
	"github.com/korpus/korpus/store/internal/unitrow"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

func checkPenalty(p int) error {
	if err := match.CheckPenalty(p); err != nil {
		return &tm.Error{Code: tm.EINVALID, Err: err}
	}
	return nil
}

func unknownMemory(name string) error {
	return tm.Errorf(tm.ENOTFOUND, "unknown memory %q (korpus memory list shows the memories)", name)
}

// querier is what pgx.Tx and *pgxpool.Pool share.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// memoryID returns the id of the named memory, ENOTFOUND if there is none.
func memoryID(ctx context.Context, q querier, name string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM memories WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, unknownMemory(name)
	}
	return id, dbError(err)
}

func decodePenalties(s *string) (map[string]int, error) {
	m := map[string]int{}
	if s == nil || *s == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(*s), &m); err != nil {
		return nil, &tm.Error{Code: tm.EINTERNAL, Message: "memory penalties", Err: err}
	}
	return m, nil
}

// CreateMemory creates an empty memory with the default origin and status
// penalties. A name already taken is ECONFLICT, also when another process
// creates it at the same moment (the unique index decides).
func (db *DB) CreateMemory(ctx context.Context, name, description string, penalty int) (tm.Memory, error) {
	if err := tm.CheckMemoryName(name); err != nil {
		return tm.Memory{}, err
	}
	if err := checkPenalty(penalty); err != nil {
		return tm.Memory{}, err
	}
	now := unitrow.Millis(db.Now())
	op, _ := json.Marshal(match.DefaultOriginPenalties)
	sp, _ := json.Marshal(match.DefaultStatusPenalties)
	var m tm.Memory
	err := db.update(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO memories (name, description, penalty, origin_penalty, status_penalty, created, changed)
			VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (name) DO NOTHING RETURNING id`,
			name, description, penalty, string(op), string(sp), now).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return tm.Errorf(tm.ECONFLICT, "memory %q already exists", name)
		}
		if err != nil {
			return err
		}
		m = tm.Memory{ID: id, Name: name, Description: description, Penalty: penalty,
			Origin: maps.Clone(match.DefaultOriginPenalties), Status: maps.Clone(match.DefaultStatusPenalties),
			Created: now, Changed: now}
		return nil
	})
	return m, err
}

// Memories lists the memories by name with their unit counts and pairs.
func (db *DB) Memories(ctx context.Context) ([]tm.Memory, error) {
	return db.memories(ctx, "")
}

// memories lists all memories, or the one named only.
func (db *DB) memories(ctx context.Context, only string) ([]tm.Memory, error) {
	var out []tm.Memory
	err := db.view(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT m.id, m.name, m.description, m.penalty, m.origin_penalty, m.status_penalty, m.created, m.changed,
				(SELECT count(*) FROM units u WHERE u.memory_id = m.id),
				coalesce((SELECT array_agg(s || '→' || t ORDER BY s COLLATE "C", t COLLATE "C") FROM
					(SELECT DISTINCT u.src_lang AS s, u.tgt_lang AS t FROM units u WHERE u.memory_id = m.id) AS pairs), '{}')
			FROM memories m WHERE $1 = '' OR m.name = $1 ORDER BY m.name COLLATE "C"`, only)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m tm.Memory
			var op, sp *string
			if err := rows.Scan(&m.ID, &m.Name, &m.Description, &m.Penalty, &op, &sp, &m.Created, &m.Changed, &m.Units, &m.Pairs); err != nil {
				return err
			}
			if m.Origin, err = decodePenalties(op); err != nil {
				return err
			}
			if m.Status, err = decodePenalties(sp); err != nil {
				return err
			}
			if len(m.Pairs) == 0 {
				m.Pairs = nil
			}
			m.Created, m.Changed = m.Created.UTC(), m.Changed.UTC()
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// GetMemory returns one memory by name.
func (db *DB) GetMemory(ctx context.Context, name string) (tm.Memory, error) {
	ms, err := db.memories(ctx, name)
	if err != nil {
		return tm.Memory{}, err
	}
	if len(ms) == 0 || name == "" {
		return tm.Memory{}, unknownMemory(name)
	}
	return ms[0], nil
}

// SetMemory changes a memory's penalties or description.
func (db *DB) SetMemory(ctx context.Context, name string, ch tm.MemoryChange) error {
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
	now := unitrow.Millis(db.Now())
	return db.update(ctx, func(tx pgx.Tx) error {
		var id int64
		var op, sp *string
		// FOR UPDATE: two processes merging penalties at once must not
		// lose one's change.
		err := tx.QueryRow(ctx, `SELECT id, origin_penalty, status_penalty FROM memories WHERE name = $1 FOR UPDATE`, name).Scan(&id, &op, &sp)
		if errors.Is(err, pgx.ErrNoRows) {
			return unknownMemory(name)
		}
		if err != nil {
			return err
		}
		for _, c := range []struct {
			col string
			old *string
			m   map[string]int
		}{{"origin_penalty", op, ch.Origin}, {"status_penalty", sp, ch.Status}} {
			if len(c.m) == 0 {
				continue
			}
			cur, err := decodePenalties(c.old)
			if err != nil {
				return err
			}
			maps.Copy(cur, c.m)
			b, err := json.Marshal(cur)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE memories SET `+c.col+` = $1, changed = $2 WHERE id = $3`, string(b), now, id); err != nil {
				return err
			}
		}
		if ch.Penalty != nil {
			if _, err := tx.Exec(ctx, `UPDATE memories SET penalty = $1, changed = $2 WHERE id = $3`, *ch.Penalty, now, id); err != nil {
				return err
			}
		}
		if ch.Description != nil {
			if _, err := tx.Exec(ctx, `UPDATE memories SET description = $1, changed = $2 WHERE id = $3`, *ch.Description, now, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// RenameMemory renames a memory; the new name must be free.
func (db *DB) RenameMemory(ctx context.Context, old, new string) error {
	if err := tm.CheckMemoryName(new); err != nil {
		return err
	}
	now := unitrow.Millis(db.Now())
	return db.update(ctx, func(tx pgx.Tx) error {
		id, err := memoryID(ctx, tx, old)
		if err != nil {
			return err
		}
		if _, err := memoryID(ctx, tx, new); err == nil {
			return tm.Errorf(tm.ECONFLICT, "memory %q already exists", new)
		} else if tm.ErrorCode(err) != tm.ENOTFOUND {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE memories SET name = $1, changed = $2 WHERE id = $3`, new, now, id)
		return err
	})
}

// DeleteMemory deletes a memory; one holding units is refused (ECONFLICT)
// unless force, which deletes them (and their history) in the same
// transaction. The memory `default` cannot be deleted.
func (db *DB) DeleteMemory(ctx context.Context, name string, force bool) (deletedUnits int, err error) {
	if name == tm.DefaultMemory {
		return 0, tm.Errorf(tm.EINVALID, "memory %q cannot be deleted (units stored without --memory go there)", name)
	}
	err = db.update(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM memories WHERE name = $1 FOR UPDATE`, name).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return unknownMemory(name)
		}
		if err != nil {
			return err
		}
		// An import into this memory holds its lock until it commits:
		// wait for it, so that no unit arrives after the count.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockImportSpace, int32(id)); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM units WHERE memory_id = $1`, id).Scan(&deletedUnits); err != nil {
			return err
		}
		if deletedUnits > 0 && !force {
			return tm.Errorf(tm.ECONFLICT, "memory %q holds %d units; use --force to delete them with it", name, deletedUnits)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM unit_history WHERE unit_id IN (SELECT id FROM units WHERE memory_id = $1)`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM units WHERE memory_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM memories WHERE id = $1`, id)
		return err
	})
	return deletedUnits, err
}
