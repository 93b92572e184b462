package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// lookupMemory is what a Matcher needs of a memory: its name and what it
// takes off its matches.
type lookupMemory struct {
	name string
	pen  match.Penalties
}

// loadLookupMemories reads the memories' names and penalties (not their
// unit counts, which Memories computes and a lookup does not need).
func loadLookupMemories(ctx context.Context, q *sql.DB) (map[int64]lookupMemory, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, penalty, origin_penalty, status_penalty FROM memories`)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[int64]lookupMemory{}
	for rows.Next() {
		var id int64
		var lm lookupMemory
		var op, sp sql.NullString
		if err := rows.Scan(&id, &lm.name, &lm.pen.Memory, &op, &sp); err != nil {
			return nil, dbError(err)
		}
		if lm.pen.Origin, err = decodePenalties(op); err != nil {
			return nil, err
		}
		if lm.pen.Status, err = decodePenalties(sp); err != nil {
			return nil, err
		}
		out[id] = lm
	}
	return out, dbError(rows.Err())
}

// restrict sets the memories the next lookups read (none: all) and the
// least penalty a match from them loses, which bounds the index pruning.
// An unknown name is ENOTFOUND.
func (m *Matcher) restrict(names []string) error {
	m.allow = nil
	if len(names) > 0 {
		m.allow = map[int64]bool{}
		for _, n := range names {
			found := false
			for id, lm := range m.memories {
				if lm.name == n {
					m.allow[id], found = true, true
				}
			}
			if !found {
				return tm.Errorf(tm.ENOTFOUND, "unknown memory %q (korpus memory list shows the memories)", n)
			}
		}
	}
	// Without a filter the bound is 0: a unit may sit in a memory created
	// after NewMatcher loaded them, whose penalty it does not know.
	m.minDed = 0
	first := true
	for id := range m.allow {
		if p := m.memories[id].pen.Memory; first || p < m.minDed {
			m.minDed, first = p, false
		}
	}
	return nil
}

// allowed reports whether a unit of memory id takes part in the lookup.
func (m *Matcher) allowed(id int64) bool { return m.allow == nil || m.allow[id] }

// deduction is the points a unit of memory id with that origin and status
// loses off a raw fuzzy score (below 100).
func (m *Matcher) deduction(id int64, origin, status string) int {
	lm := m.memories[id]
	sc, _ := lm.pen.Apply(99, lm.name, origin, status)
	return 99 - sc
}

// penalise makes the match of unit u with raw score raw: its score after
// the penalties of u's memory, origin and status (match.Penalties.Apply).
func (m *Matcher) penalise(raw int, kind match.Kind, u tm.Unit) match.Match {
	lm := m.memories[u.MemoryID]
	sc, ps := lm.pen.Apply(raw, lm.name, string(u.Origin), string(u.Status))
	return match.Match{Score: sc, Kind: kind, Unit: u, Memory: lm.name, RawScore: raw, Penalties: ps}
}

// MemoriesStamp returns a value that changes when a memory is created,
// changed, renamed or deleted (by any process): a Matcher kept across
// lookups loaded the memories' penalties once and is stale when the stamp
// it was made under differs.
func (db *DB) MemoriesStamp(ctx context.Context) (string, error) {
	var n, ids int64
	var changed string
	err := db.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(id), 0), coalesce(max(changed), '') FROM memories`).Scan(&n, &ids, &changed)
	return fmt.Sprintf("%d/%d/%s", n, ids, changed), dbError(err)
}
