package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
)

// DedupeOptions tune Dedupe.
type DedupeOptions struct {
	Memories []string // only these memories (none: all); an unknown name is ENOTFOUND
	DryRun   bool     // find and report the groups, change nothing
	User     string   // who merges (recorded in the survivor's history)
}

// DedupeGroup is one set of identical units merged into one.
type DedupeGroup struct {
	Memory     string
	SourceLang tm.Lang
	TargetLang tm.Lang
	Source     string
	Target     string
	Kept       int64   // the surviving unit: the most recently changed one (lowest id on a tie)
	Merged     []int64 // the units merged into it and removed, by id
	Usage      int     // the survivor's usage count afterwards: the sum of the group's
	Created    time.Time
	Changed    time.Time
}

// DedupeResult says what Dedupe did (or, dry, would do).
type DedupeResult struct {
	Groups  []DedupeGroup
	Units   int // units in the groups
	Removed int // units merged away (Units - len(Groups))
}

// dedupeKey is the SQL list of columns that make units identical: the
// columns the importer compares (languages, normalised source, target
// text, inline codes of both sides, memory), plus the context and the
// document segment link. Units that differ only in context are not merged,
// because each gives in-context matches for its own neighbours; units
// linked to different document segments are not merged, because each is
// the stored translation of its segment.
const dedupeKey = `memory_id, src_lang, tgt_lang, src_hash, tgt_text, src_codes, tgt_codes, prev_hash, next_hash, segment_id`

// Dedupe merges identical units (see dedupeKey) of each memory into one,
// in ONE transaction: the survivor is the most recently changed unit of the
// group (lowest id on a tie), so its status, origin, changer and change date
// stand; it gets the summed usage counts, the oldest creation date and its
// creator, the union of the group's props and notes, and the history rows of
// the merged units (renumbered by time), followed by one row noting the
// merge. The merged units are deleted and leave the full-text index in the
// same transaction; the match index holds only sources, which the survivor
// shares, and skips deleted ids. A dry run only reads.
func (db *DB) Dedupe(ctx context.Context, o DedupeOptions) (DedupeResult, error) {
	var res DedupeResult
	run := db.update
	if o.DryRun {
		run = db.view
	}
	err := run(ctx, func(tx *sql.Tx) error {
		where, args, err := memoryWhere(ctx, tx, o.Memories)
		if err != nil {
			return err
		}
		groups, err := dedupeGroups(ctx, tx, where, args)
		if err != nil {
			return err
		}
		var m *merger
		if !o.DryRun {
			if m, err = newMerger(ctx, tx, db.Now(), o.User); err != nil {
				return err
			}
			defer m.close()
		}
		for _, g := range groups {
			res.Units += len(g)
			res.Removed += len(g) - 1
			dg := mergeGroup(g)
			if m != nil {
				if err := m.merge(g, dg); err != nil {
					return err
				}
			}
			res.Groups = append(res.Groups, dg)
		}
		if m != nil {
			if err := m.deleteMerged(); err != nil {
				return err
			}
			// When the newest unit was merged away the match index was
			// emptied (afterPurge): rebuild it here, not in every lookup.
			return db.indexTx(ctx, tx, &IndexStats{}, nil)
		}
		return nil
	})
	return res, err
}

// memoryWhere resolves memory names (none: all) to an SQL condition on
// units.memory_id; an unknown name is ENOTFOUND.
func memoryWhere(ctx context.Context, tx *sql.Tx, names []string) (string, []any, error) {
	if len(names) == 0 {
		return "1", nil, nil
	}
	var args []any
	seen := map[int64]bool{}
	for _, n := range names {
		id, err := memoryID(ctx, tx, n)
		if err != nil {
			return "", nil, err
		}
		if !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	return `memory_id IN (` + placeholders(len(args)) + `)`, args, nil
}

// dupUnit is one unit of a duplicate group with the columns a merge needs.
type dupUnit struct {
	StoredUnit
	key          dupKey
	props, notes sql.NullString
}

// dupKey holds the stored columns of dedupeKey that StoredUnit does not
// keep verbatim.
type dupKey struct {
	memory, segment                        int64
	srcLang, tgtLang, srcHash, tgtText     string
	srcCodes, tgtCodes, prevHash, nextHash sql.NullString
}

// dedupeGroups returns the groups of two or more identical units, each by
// id, the groups in order of their first unit.
func dedupeGroups(ctx context.Context, tx *sql.Tx, where string, args []any) ([][]dupUnit, error) {
	// The window count keeps the rows that reach Go to the duplicates.
	// PARTITION BY and ORDER BY treat NULLs (no codes, no segment) as
	// equal, as the grouping below does.
	q := `SELECT ` + unitColumns + `, coalesce((SELECT name FROM memories m WHERE m.id = d.memory_id), ''), props, notes,
		src_hash, tgt_text, src_codes, tgt_codes, prev_hash, next_hash
		FROM (SELECT *, count(*) OVER (PARTITION BY ` + dedupeKey + `) AS n FROM units WHERE deleted IS NULL AND ` + where + `) AS d
		WHERE n > 1 ORDER BY ` + dedupeKey + `, id`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var groups [][]dupUnit
	for rows.Next() {
		var d dupUnit
		k := &d.key
		u, err := scanUnit(&extraCols{s: rows, dest: []any{&d.Memory, &d.props, &d.notes,
			&k.srcHash, &k.tgtText, &k.srcCodes, &k.tgtCodes, &k.prevHash, &k.nextHash}})
		if err != nil {
			return nil, dbError(err)
		}
		d.Unit = u
		k.memory, k.segment, k.srcLang, k.tgtLang = u.MemoryID, u.SegmentID, string(u.SourceLang), string(u.TargetLang)
		if n := len(groups); n > 0 && groups[n-1][0].key == d.key {
			groups[n-1] = append(groups[n-1], d)
		} else {
			groups = append(groups, []dupUnit{d})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i][0].ID < groups[j][0].ID })
	return groups, nil
}

// mergeGroup decides the survivor and its merged values.
func mergeGroup(g []dupUnit) DedupeGroup {
	kept := g[0]
	first := g[0]
	usage := 0
	for _, d := range g {
		usage += d.Usage
		if d.Changed.After(kept.Changed) {
			kept = d
		}
		if d.Created.Before(first.Created) {
			first = d
		}
	}
	dg := DedupeGroup{Memory: kept.Memory, SourceLang: kept.SourceLang, TargetLang: kept.TargetLang,
		Source: kept.Source.Plain(), Target: kept.Target.Plain(), Kept: kept.ID, Usage: usage,
		Created: first.Created, Changed: kept.Changed}
	for _, d := range g {
		if d.ID != kept.ID {
			dg.Merged = append(dg.Merged, d.ID)
		}
	}
	return dg
}

// merger writes merges inside one transaction with statements prepared
// once: a merge of 50,000 groups would otherwise spend most of its time
// preparing the same few statements again.
type merger struct {
	ctx     context.Context
	tx      *sql.Tx
	when    string
	user    string
	upd     *sql.Stmt // the survivor's merged columns
	note    *sql.Stmt // the history row recording a merge
	hasHist map[int64]bool
	merged  []any // ids to delete at the end
}

func newMerger(ctx context.Context, tx *sql.Tx, now time.Time, user string) (*merger, error) {
	m := &merger{ctx: ctx, tx: tx, when: formatTime(now), user: user, hasHist: map[int64]bool{}}
	var err error
	if m.upd, err = tx.PrepareContext(ctx, `UPDATE units SET usage = ?, created = ?, creator = ?, props = ?, notes = ? WHERE id = ?`); err != nil {
		return nil, dbError(err)
	}
	if m.note, err = tx.PrepareContext(ctx, `INSERT INTO unit_history(unit_id, change_no, old_target, old_codes, old_status,
		new_target, new_codes, new_status, note, changer, changed, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		m.close()
		return nil, dbError(err)
	}
	// Which units have a history at all (few do): the others need no
	// history rows moved.
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT unit_id FROM unit_history`)
	if err != nil {
		m.close()
		return nil, dbError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			m.close()
			return nil, dbError(err)
		}
		m.hasHist[id] = true
	}
	if err := rows.Err(); err != nil {
		m.close()
		return nil, dbError(err)
	}
	return m, nil
}

func (m *merger) close() {
	for _, s := range []*sql.Stmt{m.upd, m.note} {
		if s != nil {
			s.Close()
		}
	}
}

// merge writes one group's merge; its merged units are deleted by
// deleteMerged.
func (m *merger) merge(g []dupUnit, dg DedupeGroup) error {
	var kept, first dupUnit
	var props []tm.Prop
	var notes []tm.Note
	seenProp := map[tm.Prop]bool{}
	seenNote := map[tm.Note]bool{}
	for _, d := range g {
		if d.ID == dg.Kept {
			kept = d
		}
		if first.ID == 0 || d.Created.Before(first.Created) {
			first = d
		}
	}
	// The survivor's props and notes first, then the others' in id order.
	for _, d := range append([]dupUnit{kept}, g...) {
		for _, p := range decodeList[tm.Prop](d.props) {
			if !seenProp[p] {
				seenProp[p] = true
				props = append(props, p)
			}
		}
		for _, n := range decodeList[tm.Note](d.notes) {
			if !seenNote[n] {
				seenNote[n] = true
				notes = append(notes, n)
			}
		}
	}
	if _, err := m.upd.ExecContext(m.ctx, dg.Usage, formatTime(first.Created), first.Creator,
		jsonOrNil(props, len(props) == 0), jsonOrNil(notes, len(notes) == 0), kept.ID); err != nil {
		return dbError(err)
	}
	n, err := m.moveHistory(g, dg.Kept)
	if err != nil {
		return err
	}
	merged := make([]string, len(dg.Merged))
	for i, id := range dg.Merged {
		merged[i] = fmt.Sprint(id)
		m.merged = append(m.merged, id)
	}
	note := "dedupe: merged identical unit(s) " + strings.Join(merged, ", ") + " into this one"
	_, err = m.note.ExecContext(m.ctx, kept.ID, n+1, kept.Target.Plain(), codesJSON(kept.Target), string(kept.Status),
		kept.Target.Plain(), codesJSON(kept.Target), string(kept.Status), note, m.user, m.when, ViaDedupe)
	return dbError(err)
}

// deleteMerged deletes the merged units, a few hundred ids a statement.
func (m *merger) deleteMerged() error {
	const chunk = 500
	for lo := 0; lo < len(m.merged); lo += chunk {
		ids := m.merged[lo:min(lo+chunk, len(m.merged))]
		if err := deleteUnitsWhere(m.ctx, m.tx, `id IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
			return err
		}
	}
	return nil
}

func decodeList[T any](s sql.NullString) []T {
	var out []T
	if s.Valid && s.String != "" {
		_ = json.Unmarshal([]byte(s.String), &out)
	}
	return out
}

// moveHistory moves the history rows of a group onto the survivor kept,
// numbered 1, 2, 3 … by time (then by unit and change number), and
// returns how many there are.
func (m *merger) moveHistory(g []dupUnit, kept int64) (int, error) {
	ids := make([]any, 0, len(g))
	for _, d := range g {
		if m.hasHist[d.ID] {
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	ctx, tx := m.ctx, m.tx
	in := `(` + placeholders(len(ids)) + `)`
	rows, err := tx.QueryContext(ctx, `SELECT id FROM unit_history WHERE unit_id IN `+in+` ORDER BY changed, unit_id, change_no`, ids...)
	if err != nil {
		return 0, dbError(err)
	}
	var hist []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, dbError(err)
		}
		hist = append(hist, id)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return 0, dbError(err)
	}
	// Two steps, so that UNIQUE (unit_id, change_no) holds after each
	// statement: first numbers no unit uses, then the final ones.
	const offset = 1 << 40
	if _, err := tx.ExecContext(ctx, `UPDATE unit_history SET change_no = change_no + ? WHERE unit_id IN `+in, append([]any{int64(offset)}, ids...)...); err != nil {
		return 0, dbError(err)
	}
	for i, h := range hist {
		if _, err := tx.ExecContext(ctx, `UPDATE unit_history SET unit_id = ?, change_no = ? WHERE id = ?`, kept, i+1, h); err != nil {
			return 0, dbError(err)
		}
	}
	m.hasHist[kept] = true
	return len(hist), nil
}

// placeholders returns n comma-separated SQL parameters: "?, ?, ?".
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
