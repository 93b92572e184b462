package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/korpus/korpus/store/internal/concord"
	"github.com/korpus/korpus/store/internal/unitrow"
	"github.com/korpus/korpus/tm"
)

// importBatch is how many units the reader hands to the writer at a time,
// and how many one INSERT … SELECT FROM unnest(…) writes.
const importBatch = 512

// progressStep is how often ImportUnits reports progress.
const progressStep = 2000

// row is a unit ready to write: unitrow's columns and the folded texts
// concordance searches.
type row struct {
	*unitrow.Row
	srcFold, tgtFold string
}

// ImportUnits stores the units r yields in ONE transaction: an error from
// r or the database leaves the database as it was. The rules are the SQLite
// store's (tm.UnitImporter): an equal unit of the memory is unchanged, or
// updated when newer with other props or notes; an equal unit read earlier
// from the same input is merged.
//
// Concurrent imports: every unit has its identity key (unitrow.Key),
// unique per memory, and new units are inserted with ON CONFLICT DO
// NOTHING, so two imports of overlapping files can never store a unit
// twice. Imports into one memory also take that memory's advisory lock
// for their transaction, so they run one after the other (as on SQLite)
// instead of deadlocking on each other's keys; imports into different
// memories, and every reader, run alongside.
//
// r is read on its own goroutine while the units are written.
func (db *DB) ImportUnits(ctx context.Context, r tm.UnitReader, opts tm.ImportOptions) (tm.ImportStats, error) {
	var stats tm.ImportStats
	if opts.Existing != "" && opts.Existing != tm.ExistingAdd {
		return stats, tm.Errorf(tm.EINVALID, "import --existing %s: not available on PostgreSQL yet (only add)", opts.Existing)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*row, 4)
	readErr := make(chan error, 1)
	// Whole seconds, as on SQLite: the date survives a trip through TMX.
	now := db.Now().Truncate(time.Second)
	go func() {
		defer close(batches)
		readErr <- readRows(ctx, r, &opts, now, batches)
	}()
	defer func() {
		cancel()
		for range batches {
		}
	}()
	memName := opts.Memory
	if memName == "" {
		memName = tm.DefaultMemory
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return stats, dbError(err)
	}
	defer tx.Rollback(context.Background())
	memID, err := memoryID(ctx, tx, memName)
	if err != nil {
		return stats, err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockImportSpace, int32(memID)); err != nil {
		return stats, dbError(err)
	}
	// The memory may have been deleted while this import waited.
	if _, err := memoryID(ctx, tx, memName); err != nil {
		return stats, err
	}
	w := &unitWriter{ctx: ctx, tx: tx, memory: memID, added: map[[32]byte]bool{}, stored: map[[32]byte]*storedState{}}
	pending := 0
	for batch := range batches {
		stats.Read += len(batch)
		pending += len(batch)
		if err := w.write(batch, &stats); err != nil {
			return stats, err
		}
		if opts.Progress != nil && pending >= progressStep {
			opts.Progress(pending)
			pending = 0
		}
	}
	if err := <-readErr; err != nil {
		return stats, err
	}
	if opts.Progress != nil && pending > 0 {
		opts.Progress(pending)
	}
	if opts.Index != nil {
		// Nothing to catch up: the concordance columns are written with
		// the units, and the match index is not on PostgreSQL yet.
		*opts.Index = tm.IndexStats{}
	}
	if opts.DryRun {
		return stats, nil
	}
	return stats, dbError(tx.Commit(ctx))
}

func readRows(ctx context.Context, r tm.UnitReader, opts *tm.ImportOptions, now time.Time, out chan<- []*row) error {
	batch := make([]*row, 0, importBatch)
	send := func() error {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		batch = make([]*row, 0, importBatch)
		return nil
	}
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		ur := unitrow.Prepare(u, opts, now)
		rw := &row{Row: ur}
		if ur.Skip == "" {
			rw.srcFold, rw.tgtFold = concord.FoldForm(ur.SrcText), concord.FoldForm(ur.TgtText)
		}
		batch = append(batch, rw)
		if len(batch) == importBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		return send()
	}
	return nil
}

// storedState is what an import needs to know of a unit stored before it.
type storedState struct {
	id           int64
	changed      time.Time
	props, notes *string
}

// unitWriter writes the batches of one import.
type unitWriter struct {
	ctx    context.Context
	tx     pgx.Tx
	memory int64
	// added holds the keys of the units this import inserted: an equal
	// unit read later is merged.
	added map[[32]byte]bool
	// stored caches the units found stored before this import, updated
	// as the import updates them.
	stored map[[32]byte]*storedState
}

func (w *unitWriter) write(batch []*row, stats *tm.ImportStats) error {
	// Look up, in one query, the keys neither added nor known yet.
	var ask [][]byte
	asked := map[[32]byte]bool{}
	for _, r := range batch {
		if r.Skip != "" || w.added[r.Key] || w.stored[r.Key] != nil || asked[r.Key] {
			continue
		}
		asked[r.Key] = true
		ask = append(ask, r.Key[:])
	}
	if len(ask) > 0 {
		rows, err := w.tx.Query(w.ctx, `SELECT dup_key, id, changed, props, notes FROM units WHERE memory_id = $1 AND dup_key = ANY($2)`, w.memory, ask)
		if err != nil {
			return dbError(err)
		}
		for rows.Next() {
			var key []byte
			st := &storedState{}
			if err := rows.Scan(&key, &st.id, &st.changed, &st.props, &st.notes); err != nil {
				rows.Close()
				return dbError(err)
			}
			w.stored[[32]byte(key)] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
	}
	var ins []*row
	for _, r := range batch {
		switch {
		case r.Skip != "":
			stats.Skip(r.Skip)
		case w.added[r.Key]:
			stats.Merged++
		case w.stored[r.Key] != nil:
			st := w.stored[r.Key]
			// A unit without dates is not newer: its date is the import
			// time, and its lack of props must not wipe the stored ones.
			if !r.Undated && r.Changed.After(st.changed) && (!unitrow.SameJSON(st.props, r.Props) || !unitrow.SameJSON(st.notes, r.Notes)) {
				if _, err := w.tx.Exec(w.ctx, `UPDATE units SET props = $1, notes = $2, changed = $3, changer = $4 WHERE id = $5`,
					r.Props, r.Notes, r.Changed, r.U.Changer, st.id); err != nil {
					return dbError(err)
				}
				st.props, st.notes, st.changed = r.Props, r.Notes, r.Changed
				stats.Updated++
				continue
			}
			stats.Unchanged++
		default:
			w.added[r.Key] = true
			ins = append(ins, r)
		}
	}
	if len(ins) == 0 {
		return nil
	}
	n, err := w.insert(ins)
	if err != nil {
		return err
	}
	// Rows another writer (not holding the import lock) stored first
	// were not inserted: they are that writer's units now.
	stats.Added += n
	stats.Unchanged += len(ins) - n
	return nil
}

// insert writes rows with one statement, in order, and returns how many
// were new.
func (w *unitWriter) insert(rows []*row) (int, error) {
	n := len(rows)
	var (
		srcLang, tgtLang, srcText, srcHash, tgtText = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		srcCodes, tgtCodes, props, notes            = make([]*string, n), make([]*string, n), make([]*string, n), make([]*string, n)
		status, origin, creator, changer            = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		created, changed                            = make([]time.Time, n), make([]time.Time, n)
		usage, segment                              = make([]int64, n), make([]*int64, n)
		prevHash, nextHash                          = make([]string, n), make([]string, n)
		prevText, nextText                          = make([]*string, n), make([]*string, n)
		score                                       = make([]float64, n)
		key                                         = make([][]byte, n)
		srcFold, tgtFold                            = make([]string, n), make([]string, n)
	)
	for i, r := range rows {
		u := r.U
		srcLang[i], tgtLang[i], srcText[i], srcHash[i], tgtText[i] = string(u.SourceLang), string(u.TargetLang), r.SrcText, r.SrcHash, r.TgtText
		srcCodes[i], tgtCodes[i], props[i], notes[i] = r.SrcCodes, r.TgtCodes, r.Props, r.Notes
		status[i], origin[i], creator[i], changer[i] = r.Status, r.Origin, u.Creator, u.Changer
		created[i], changed[i] = r.Created, r.Changed
		usage[i] = int64(u.Usage)
		if u.SegmentID != 0 {
			id := u.SegmentID
			segment[i] = &id
		}
		prevHash[i], nextHash[i], prevText[i], nextText[i] = r.PrevHash, r.NextHash, r.PrevText, r.NextText
		score[i] = u.Score
		key[i] = r.Key[:]
		srcFold[i], tgtFold[i] = r.srcFold, r.tgtFold
	}
	tag, err := w.tx.Exec(w.ctx, `INSERT INTO units (memory_id, src_lang, tgt_lang, src_text, src_hash, tgt_text, src_codes, tgt_codes,
			status, origin, creator, changer, created, changed, usage, props, notes,
			prev_hash, next_hash, prev_text, next_text, segment_id, score, dup_key, src_fold, tgt_fold)
		SELECT $1, `+insertCols+` FROM unnest(`+insertArrays+`)
			WITH ORDINALITY AS t(`+insertCols+`, ord) ORDER BY ord
		ON CONFLICT (memory_id, dup_key) DO NOTHING`,
		w.memory, srcLang, tgtLang, srcText, srcHash, tgtText, srcCodes, tgtCodes,
		status, origin, creator, changer, created, changed, usage, props, notes,
		prevHash, nextHash, prevText, nextText, segment, score, key, srcFold, tgtFold)
	if err != nil {
		return 0, dbError(err)
	}
	return int(tag.RowsAffected()), nil
}

// insertTypes are the array types of the columns insert writes after
// memory_id; insertCols names them c2, c3, … and insertArrays binds them to
// $2, $3, ….
var insertTypes = strings.Fields(`text text text text text text text text text text text timestamptz timestamptz bigint text text
	text text text text bigint float8 bytea text text`)

var insertCols, insertArrays = func() (string, string) {
	var cols, arrays []string
	for i, t := range insertTypes {
		n := strconv.Itoa(i + 2)
		cols = append(cols, "c"+n)
		arrays = append(arrays, "$"+n+"::"+t+"[]")
	}
	return strings.Join(cols, ", "), strings.Join(arrays, ", ")
}()

// unitColumns are the columns scanUnit reads, in order.
const unitColumns = `u.id, u.src_lang, u.tgt_lang, u.src_text, u.src_codes, u.tgt_text, u.tgt_codes, u.status, u.origin,
	u.creator, u.changer, u.created, u.changed, coalesce(u.prev_text, ''), coalesce(u.next_text, ''),
	coalesce(u.segment_id, 0), u.score, u.usage, u.memory_id, u.props, u.notes`

// storedColumns are unitColumns and the memory's name.
const storedColumns = unitColumns + `, coalesce((SELECT m.name FROM memories m WHERE m.id = u.memory_id), '')`

// scanUnit reads one row of unitColumns, then extra.
func scanUnit(s pgx.Row, extra ...any) (tm.Unit, error) {
	var u tm.Unit
	var src, tgt, status, origin, srcText, tgtText string
	var srcCodes, tgtCodes, props, notes *string
	dest := []any{&u.ID, &src, &tgt, &srcText, &srcCodes, &tgtText, &tgtCodes, &status, &origin,
		&u.Creator, &u.Changer, &u.Created, &u.Changed, &u.Prev, &u.Next, &u.SegmentID, &u.Score, &u.Usage, &u.MemoryID, &props, &notes}
	if err := s.Scan(append(dest, extra...)...); err != nil {
		return u, err
	}
	u.SourceLang, u.TargetLang = tm.Lang(src), tm.Lang(tgt)
	u.Status, u.Origin = tm.Status(status), tm.Origin(origin)
	u.Created, u.Changed = u.Created.UTC(), u.Changed.UTC()
	u.Source, u.Target = unitrow.Content(srcText, srcCodes), unitrow.Content(tgtText, tgtCodes)
	if props != nil && *props != "" {
		if err := json.Unmarshal([]byte(*props), &u.Props); err != nil {
			return u, tm.Errorf(tm.EINTERNAL, "unit %d: props: %v", u.ID, err)
		}
	}
	if notes != nil && *notes != "" {
		if err := json.Unmarshal([]byte(*notes), &u.Notes); err != nil {
			return u, tm.Errorf(tm.EINTERNAL, "unit %d: notes: %v", u.ID, err)
		}
	}
	return u, nil
}

// conds gathers the conditions and arguments of a WHERE clause.
type conds struct {
	list []string
	args []any
}

func (c *conds) add(cond string, args ...any) {
	for _, a := range args {
		c.args = append(c.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(c.args)), 1)
	}
	c.list = append(c.list, cond)
}

func (c *conds) where() string {
	if len(c.list) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.list, " AND ")
}

// lang matches column col against l or, when l has no region, its
// variants — with the SQLite store's LIKE, which ignores ASCII case.
func (c *conds) lang(col string, l tm.Lang) {
	if strings.Contains(string(l), "-") {
		c.add(col+" = ?", string(l))
		return
	}
	c.add("("+col+" = ? OR "+asciiLower(col)+" LIKE ?)", string(l), asciiLowerString(string(l))+"-%")
}

// asciiLower folds the ASCII letters of an SQL text expression, as
// SQLite's LIKE compares them.
func asciiLower(expr string) string {
	return "translate(" + expr + ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
}

func asciiLowerString(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// filterConds returns the conditions selecting f, as the SQLite store
// reads each field.
func filterConds(f tm.UnitFilter) *conds {
	c := &conds{}
	if f.SourceLang != "" {
		c.lang("u.src_lang", f.SourceLang)
	}
	if f.TargetLang != "" {
		c.lang("u.tgt_lang", f.TargetLang)
	}
	if f.Origin != "" {
		c.add("u.origin = ?", string(f.Origin))
	}
	if len(f.Memories) > 0 {
		c.add(`u.memory_id IN (SELECT id FROM memories WHERE name = ANY(?))`, f.Memories)
	}
	if f.Status != "" {
		c.add(`u.status = ?`, string(f.Status))
	}
	if f.Creator != "" {
		c.add(`u.creator = ?`, f.Creator)
	}
	// Both inclusive, to the millisecond a store keeps.
	if !f.Since.IsZero() {
		c.add(`u.changed >= ?`, unitrow.Millis(f.Since))
	}
	if !f.Until.IsZero() {
		c.add(`u.changed <= ?`, unitrow.Millis(f.Until))
	}
	// Substrings as SQLite's LIKE finds them: ASCII case ignored, other
	// letters compared as they are.
	if f.Source != "" {
		c.add(asciiLower("u.src_text")+` LIKE ?`, "%"+likeEscape(asciiLowerString(f.Source))+"%")
	}
	if f.Target != "" {
		c.add(asciiLower("u.tgt_text")+` LIKE ?`, "%"+likeEscape(asciiLowerString(f.Target))+"%")
	}
	return c
}

// checkFilter returns ENOTFOUND for an unknown memory name of f.
func checkFilter(ctx context.Context, tx pgx.Tx, f tm.UnitFilter) error {
	for _, m := range f.Memories {
		if _, err := memoryID(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// CountUnits returns how many units f selects.
func (db *DB) CountUnits(ctx context.Context, f tm.UnitFilter) (int, error) {
	c := filterConds(f)
	var n int
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := checkFilter(ctx, tx, f); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM units u`+c.where(), c.args...).Scan(&n)
	})
	return n, err
}

// EachUnit calls fn for every unit f selects, in id order, streaming from
// one snapshot. An error from fn stops the walk and is returned.
func (db *DB) EachUnit(ctx context.Context, f tm.UnitFilter, fn func(*tm.Unit) error) error {
	c := filterConds(f)
	return db.view(ctx, func(tx pgx.Tx) error {
		if err := checkFilter(ctx, tx, f); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+unitColumns+` FROM units u`+c.where()+` ORDER BY u.id`, c.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUnit(rows)
			if err != nil {
				return err
			}
			if err := fn(&u); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// likeEscape escapes LIKE's wildcards (PostgreSQL's default escape \).
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ListUnits returns the units f selects, by id, a page of Limit after
// the id After.
func (db *DB) ListUnits(ctx context.Context, f tm.UnitListFilter) ([]tm.StoredUnit, error) {
	if f.Deleted {
		return nil, nil // deletes here are final: nothing to restore
	}
	c := filterConds(f.UnitFilter)
	if f.After > 0 {
		c.add(`u.id > ?`, f.After)
	}
	q := `SELECT ` + storedColumns + ` FROM units u` + c.where() + ` ORDER BY u.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	var out []tm.StoredUnit
	err := db.view(ctx, func(tx pgx.Tx) error {
		if err := checkFilter(ctx, tx, f.UnitFilter); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, q, c.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var su tm.StoredUnit
			if su.Unit, err = scanUnit(rows, &su.Memory); err != nil {
				return err
			}
			out = append(out, su)
		}
		return rows.Err()
	})
	return out, err
}

// GetUnit returns one unit; an unknown id is ENOTFOUND.
func (db *DB) GetUnit(ctx context.Context, id int64) (tm.StoredUnit, error) {
	var su tm.StoredUnit
	var err error
	su.Unit, err = scanUnit(db.pool.QueryRow(ctx, `SELECT `+storedColumns+` FROM units u WHERE u.id = $1`, id), &su.Memory)
	if errors.Is(err, pgx.ErrNoRows) {
		return su, tm.Errorf(tm.ENOTFOUND, "unknown unit %d (korpus units list shows the units)", id)
	}
	return su, dbError(err)
}
