package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"hash/maphash"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// Skip reasons of ImportUnits besides "empty source", "empty target" and
// "source and target language are the same".
const (
	SkipNoSourceLang = "no source language (name it with import --source-lang)"
	SkipNoTargetLang = "no target language (name it with import --target-lang)"
	SkipOnlyCodes    = "source is only inline codes, no text"
)

// progressStep is how often ImportUnits reports progress.
const progressStep = 2000

// importBatch is how many units the reader hands to the writer at a time.
const importBatch = 512

// ImportUnits stores the units r yields, in ONE transaction: an error from
// r or the database leaves the database exactly as it was.
//
// Deduplication: a unit whose languages, normalised source (tm.Hash) and
// target text equal a stored unit's is not stored again. It counts as
// "unchanged", or as "updated" when it is newer (it has a date, and its
// Changed time is later) and brings different props or notes, which then
// replace the stored ones together with changed/changer, or another status
// (or any other status with ExistingOverwrite), which replaces the stored
// one and is recorded in the unit's history. The same source with a
// different target is added as another unit (a memory may hold alternative
// translations), unless opts.Existing says to replace the target of the
// stored unit with the same source and context (the most recently changed
// one when there are several): then the old target and status go to that
// unit's history, in this transaction.
//
// Skipped (with the reason in ImportStats.Reasons): an empty source, an
// empty target, the same source and target language.
//
// Units without dates get the import time (whole seconds) as created and
// changed; a unit with only a change date gets it as its creation date. The
// full-text and fuzzy-match indexes are built in the same transaction when
// opts.Index is set, after all units are written, so that a bulk import
// pays for them once.
//
// r is read on its own goroutine while the units are written, so decoding
// and SQLite use two cores.
func (db *DB) ImportUnits(ctx context.Context, r tm.UnitReader, opts ImportOptions) (tm.ImportStats, error) {
	var stats tm.ImportStats
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*unitRow, 4)
	readErr := make(chan error, 1)
	// Whole seconds, so that the date survives a trip through TMX.
	now := formatTime(db.Now().Truncate(time.Second))
	go func() {
		defer close(batches)
		readErr <- readUnits(ctx, r, &opts, now, batches)
	}()
	// On any early return, stop the reader and wait for it.
	defer func() {
		cancel()
		for range batches {
		}
	}()

	// One connection of the pool for the whole import, with a page cache
	// big enough for the units_exact index: its inserts land on random
	// pages, and with SQLite's default 2 MB cache a bulk import spends
	// most of its time spilling and re-reading them.
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return stats, dbError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
		return stats, dbError(err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA cache_size = -2000`)
	tx, err := db.begin(ctx, conn)
	if err != nil {
		return stats, dbError(err)
	}
	defer tx.Rollback()
	memName := opts.Memory
	if memName == "" {
		memName = DefaultMemory
	}
	memID, err := memoryID(ctx, tx, memName)
	if err != nil {
		return stats, err
	}
	if !opts.Existing.Valid() {
		return stats, tm.Errorf(tm.EINVALID, "existing-unit mode %q: want add, newer or overwrite", opts.Existing)
	}
	w, err := newUnitWriter(ctx, tx, memID)
	if err != nil {
		return stats, err
	}
	defer w.close()
	w.mode, w.user, w.note, w.now = opts.Existing, opts.User, opts.File, formatTime(db.Now())
	if w.mode == "" {
		w.mode = ExistingAdd
	}
	pending := 0
	for batch := range batches {
		for _, row := range batch {
			stats.Read++
			pending++
			if err := w.write(row, &stats); err != nil {
				return stats, err
			}
		}
		if opts.Progress != nil && pending >= progressStep {
			opts.Progress(pending)
			pending = 0
		}
	}
	if err := <-readErr; err != nil {
		return stats, err
	}
	if err := w.flush(); err != nil {
		return stats, err
	}
	if opts.Progress != nil && pending > 0 {
		opts.Progress(pending)
	}
	if opts.DryRun {
		return stats, nil
	}
	if opts.Index != nil {
		if err := db.indexTx(ctx, tx, opts.Index, opts.Phase); err != nil {
			return stats, err
		}
	}
	return stats, dbError(tx.Commit())
}

// unitRow is a unit with the derived columns, computed on the reader's
// goroutine.
type unitRow struct {
	u                  *tm.Unit
	skip               string // reason, when the unit is not stored
	srcText, tgtText   string
	srcHash            string
	srcCodes, tgtCodes any // JSON string or nil
	props, notes       any // JSON string or nil
	prevHash, nextHash string
	prevText, nextText any
	created, changed   string
	undated            bool // created and changed are the import time
	origin, status     string
	segmentID          any
	key                uint64 // hash of (languages, srcHash, tgtText)
}

var rowSeed = maphash.MakeSeed()

func readUnits(ctx context.Context, r tm.UnitReader, opts *ImportOptions, now string, out chan<- []*unitRow) error {
	batch := make([]*unitRow, 0, importBatch)
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		batch = append(batch, prepareRow(u, opts, now))
		if len(batch) == importBatch {
			select {
			case out <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]*unitRow, 0, importBatch)
		}
	}
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func jsonOrNil(v any, empty bool) any {
	if empty {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

// nfc returns c with its text in NFC, as korpus stores all text: a file
// written on macOS may hold NFD, which concordance (comparing the stored
// text with an NFC term) would never find.
func nfc(c tm.Content) tm.Content {
	for i, r := range c {
		if r.Code == nil && !norm.NFC.IsNormalString(r.Text) {
			c[i].Text = norm.NFC.String(r.Text)
		}
	}
	return c
}

func prepareRow(u *tm.Unit, opts *ImportOptions, now string) *unitRow {
	row := &unitRow{u: u}
	if l, ok := opts.LangMap[u.SourceLang]; ok {
		u.SourceLang = l
	}
	if l, ok := opts.LangMap[u.TargetLang]; ok {
		u.TargetLang = l
	}
	if opts.Origin != "" {
		u.Origin = opts.Origin
	}
	u.Source, u.Target = nfc(u.Source), nfc(u.Target)
	row.srcText, row.tgtText = u.Source.Plain(), u.Target.Plain()
	switch {
	case u.SourceLang == "":
		row.skip = SkipNoSourceLang
		return row
	case u.TargetLang == "":
		row.skip = SkipNoTargetLang
		return row
	case u.SourceLang == u.TargetLang:
		row.skip = "source and target language are the same"
		return row
	case strings.TrimSpace(row.srcText) == "" && u.Source.HasCodes():
		// An image, a field, a tag on its own: nothing to translate
		// and nothing a lookup could ever match on.
		row.skip = SkipOnlyCodes
		return row
	case strings.TrimSpace(row.srcText) == "":
		row.skip = "empty source"
		return row
	case strings.TrimSpace(row.tgtText) == "":
		// Blank targets (an empty SDLXLIFF segment, codes and
		// indentation only) are no translation.
		row.skip = "empty target"
		return row
	case untranslatedCopy(u.Status, u.Source, u.Target):
		row.skip = SkipUntranslated
		return row
	}
	row.srcHash = tm.Hash(row.srcText)
	row.srcCodes = jsonOrNil(u.Source, !u.Source.HasCodes())
	row.tgtCodes = jsonOrNil(u.Target, !u.Target.HasCodes())
	row.props = jsonOrNil(u.Props, len(u.Props) == 0)
	row.notes = jsonOrNil(u.Notes, len(u.Notes) == 0)
	if u.Prev != "" {
		row.prevHash, row.prevText = tm.Hash(u.Prev), u.Prev
	}
	if u.Next != "" {
		row.nextHash, row.nextText = tm.Hash(u.Next), u.Next
	}
	row.created, row.changed = now, now
	row.undated = u.Created.IsZero() && u.Changed.IsZero()
	if !u.Created.IsZero() {
		row.created = formatTime(u.Created)
		row.changed = row.created
	}
	if !u.Changed.IsZero() {
		row.changed = formatTime(u.Changed)
		if u.Created.IsZero() {
			row.created = row.changed
		}
	}
	row.origin = string(u.Origin)
	row.status = string(u.Status)
	if u.Status == "" || u.Status == tm.StatusNew {
		row.status = string(tm.StatusTranslated)
	}
	if u.SegmentID != 0 {
		row.segmentID = u.SegmentID
	}
	var h maphash.Hash
	h.SetSeed(rowSeed)
	h.WriteString(string(u.SourceLang))
	h.WriteByte(0)
	h.WriteString(string(u.TargetLang))
	h.WriteByte(0)
	h.WriteString(row.srcHash)
	h.WriteString(row.tgtText)
	if c, ok := row.srcCodes.(string); ok {
		h.WriteByte(1)
		h.WriteString(c)
	}
	if c, ok := row.tgtCodes.(string); ok {
		h.WriteByte(2)
		h.WriteString(c)
	}
	row.key = h.Sum64()
	return row
}

// insertColumns are the units columns an import writes, in order.
const insertColumns = `src_lang, tgt_lang, src_text, src_hash, tgt_text, src_codes, tgt_codes, status, origin,
	creator, changer, created, changed, usage, props, notes, memory_id,
	prev_hash, next_hash, prev_text, next_text, segment_id, score`

// leanColumns is how many of insertColumns most rows need: the context,
// segment and score columns that follow keep their defaults for units
// from files, and binding them costs a cgo call each.
const leanColumns = 17

// insertBatch is how many lean rows one INSERT statement writes.
const insertBatch = 32

// unitWriter holds the prepared statements of one import. Lean rows are
// buffered and written insertBatch at a time with one multi-row INSERT;
// any other statement flushes the buffer first, so ids follow input order.
type unitWriter struct {
	ctx    context.Context
	tx     *sql.Tx
	insert *sql.Stmt // one full row
	batch  *sql.Stmt // insertBatch lean rows
	lean   *sql.Stmt // one lean row
	find   *sql.Stmt
	update *sql.Stmt
	// findSrc finds the stored unit with a row's source and context
	// (for modes other than ExistingAdd).
	findSrc *sql.Stmt
	memory  int64 // memories.id the units go to
	// mode, user and note (the file name) as ImportOptions say; now is
	// the import's time for the history.
	mode            ExistingMode
	user, note, now string
	buf             []any // arguments of the buffered lean rows
	nbuf            int
	// fresh caches, per language pair, whether the pair had no units when
	// the import began; then only units of this import can be duplicates,
	// and seen (keys of the rows written) says which need a lookup.
	fresh    map[[2]tm.Lang]bool
	lastPair [2]tm.Lang
	lastNew  bool
	seen     map[uint64]struct{}
	// before is the largest unit id when the import began: a duplicate
	// found above it came from this import.
	before int64
}

func valuesList(n, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

func newUnitWriter(ctx context.Context, tx *sql.Tx, memory int64) (*unitWriter, error) {
	w := &unitWriter{ctx: ctx, tx: tx, memory: memory, fresh: map[[2]tm.Lang]bool{}, seen: map[uint64]struct{}{},
		buf: make([]any, 0, insertBatch*leanColumns)}
	leanCols := strings.Join(strings.Split(insertColumns, ",")[:leanColumns], ",")
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&w.insert, `INSERT INTO units(` + insertColumns + `) VALUES ` + valuesList(1, 23)},
		{&w.batch, `INSERT INTO units(` + leanCols + `) VALUES ` + valuesList(insertBatch, leanColumns)},
		{&w.lean, `INSERT INTO units(` + leanCols + `) VALUES ` + valuesList(1, leanColumns)},
		// Units that differ in inline codes are different units: the
		// same text with other formatting is not a duplicate.
		{&w.find, `SELECT id, changed, props, notes, status FROM units
			WHERE src_lang = ? AND tgt_lang = ? AND src_hash = ? AND tgt_text = ?
			AND src_codes IS ? AND tgt_codes IS ? AND memory_id = ? AND deleted IS NULL ORDER BY id LIMIT 1`},
		{&w.update, `UPDATE units SET props = ?, notes = ?, changed = ?, changer = ? WHERE id = ?`},
		{&w.findSrc, `SELECT id, changed FROM units
			WHERE src_lang = ? AND tgt_lang = ? AND src_hash = ? AND src_codes IS ? AND memory_id = ?
			AND prev_hash = ? AND next_hash = ? AND deleted IS NULL ORDER BY changed DESC, id DESC LIMIT 1`},
	} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, dbError(err)
		}
		*p.stmt = st
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM units`).Scan(&w.before); err != nil {
		w.close()
		return nil, dbError(err)
	}
	return w, nil
}

func (w *unitWriter) close() {
	for _, s := range []*sql.Stmt{w.insert, w.batch, w.lean, w.find, w.update, w.findSrc} {
		if s != nil {
			s.Close()
		}
	}
}

// flush writes the buffered lean rows.
func (w *unitWriter) flush() error {
	if w.nbuf == 0 {
		return nil
	}
	var err error
	if w.nbuf == insertBatch {
		_, err = w.batch.ExecContext(w.ctx, w.buf...)
	} else {
		for i := 0; i < w.nbuf && err == nil; i++ {
			_, err = w.lean.ExecContext(w.ctx, w.buf[i*leanColumns:(i+1)*leanColumns]...)
		}
	}
	w.buf, w.nbuf = w.buf[:0], 0
	return dbError(err)
}

// isFresh reports whether the pair had no units before this import.
func (w *unitWriter) isFresh(src, tgt tm.Lang) (bool, error) {
	k := [2]tm.Lang{src, tgt}
	if k == w.lastPair {
		return w.lastNew, nil
	}
	f, ok := w.fresh[k]
	if !ok {
		if err := w.flush(); err != nil {
			return false, err
		}
		var one int
		err := w.tx.QueryRowContext(w.ctx, `SELECT 1 FROM units WHERE src_lang = ? AND tgt_lang = ? AND memory_id = ? AND deleted IS NULL LIMIT 1`, src, tgt, w.memory).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f = true
		case err != nil:
			return false, dbError(err)
		}
		w.fresh[k] = f
	}
	w.lastPair, w.lastNew = k, f
	return f, nil
}

func (w *unitWriter) write(row *unitRow, stats *tm.ImportStats) error {
	if row.skip != "" {
		stats.Skip(row.skip)
		return nil
	}
	u := row.u
	fresh, err := w.isFresh(u.SourceLang, u.TargetLang)
	if err != nil {
		return err
	}
	if w.mode != ExistingAdd {
		fresh = false // any unit may replace one stored before it
	}
	_, maybeDup := w.seen[row.key]
	if !fresh || maybeDup {
		if err := w.flush(); err != nil {
			return err
		}
		var id int64
		var changed, status string
		var props, notes sql.NullString
		err := w.find.QueryRowContext(w.ctx, u.SourceLang, u.TargetLang, row.srcHash, row.tgtText, row.srcCodes, row.tgtCodes, w.memory).Scan(&id, &changed, &props, &notes, &status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if w.mode != ExistingAdd {
				done, err := w.replaceSource(row, stats)
				if done || err != nil {
					return err
				}
			}
		case err != nil:
			return dbError(err)
		case id > w.before:
			// A duplicate within this file (another tuid, the same
			// text and codes): one unit, and the report says so.
			stats.Merged++
			return nil
		default:
			// A unit without dates is not newer: its date is the import
			// time, and its lack of props must not wipe the stored ones.
			newer := !row.undated && row.changed > changed
			updated := false
			if st, ok := statedStatus(u); ok && st != status && (newer || w.mode == ExistingOverwrite) {
				if updated, err = w.importReplace(id, row, st); err != nil {
					return err
				}
			}
			if newer && (!sameJSON(props, row.props) || !sameJSON(notes, row.notes)) {
				if _, err := w.update.ExecContext(w.ctx, row.props, row.notes, row.changed, u.Changer, id); err != nil {
					return dbError(err)
				}
				updated = true
			}
			if updated {
				stats.Updated++
			} else {
				stats.Unchanged++
			}
			return nil
		}
	}
	if fresh {
		w.seen[row.key] = struct{}{}
	}
	stats.Added++
	args := []any{string(u.SourceLang), string(u.TargetLang), row.srcText, row.srcHash, row.tgtText,
		row.srcCodes, row.tgtCodes, row.status, row.origin, u.Creator, u.Changer, row.created, row.changed,
		int64(u.Usage), row.props, row.notes, w.memory}
	if row.prevHash != "" || row.nextHash != "" || row.segmentID != nil || u.Score != 0 {
		if err := w.flush(); err != nil {
			return err
		}
		args = append(args, row.prevHash, row.nextHash, row.prevText, row.nextText, row.segmentID, u.Score)
		_, err := w.insert.ExecContext(w.ctx, args...)
		return dbError(err)
	}
	w.buf = append(w.buf, args...)
	w.nbuf++
	if w.nbuf == insertBatch {
		return w.flush()
	}
	return nil
}

// statedStatus is the status a file states for u: none when it has no
// status or "new" (which import stores as translated).
func statedStatus(u *tm.Unit) (string, bool) {
	if u.Status == "" || u.Status == tm.StatusNew {
		return "", false
	}
	return string(u.Status), true
}

// replaceSource applies w.mode to a row whose target no stored unit has:
// when the memory holds its source and context, the most recently changed
// such unit takes the row's target (ExistingOverwrite, or ExistingNewer
// and the row is newer), or the row is skipped as older. done says the row
// is dealt with; otherwise it is a new unit.
func (w *unitWriter) replaceSource(row *unitRow, stats *tm.ImportStats) (done bool, err error) {
	u := row.u
	var id int64
	var changed string
	err = w.findSrc.QueryRowContext(w.ctx, u.SourceLang, u.TargetLang, row.srcHash, row.srcCodes, w.memory, row.prevHash, row.nextHash).Scan(&id, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, dbError(err)
	}
	if w.mode == ExistingNewer && (row.undated || row.changed <= changed) {
		stats.Skip(SkipOlder)
		return true, nil
	}
	status, ok := statedStatus(u)
	if !ok {
		// The file says nothing about the status: a new translation
		// is translated (as import stores it), whatever it replaces.
		status = row.status
	}
	if _, err := w.importReplace(id, row, status); err != nil {
		return true, err
	}
	stats.Updated++
	return true, nil
}

// sameJSON compares a stored JSON column with a new value (string or nil)
// by meaning, not by bytes.
func sameJSON(stored sql.NullString, v any) bool {
	s, _ := v.(string)
	if !stored.Valid || stored.String == "" || s == "" {
		return (stored.String == "") == (s == "")
	}
	if stored.String == s {
		return true
	}
	var a, b any
	if json.Unmarshal([]byte(stored.String), &a) != nil || json.Unmarshal([]byte(s), &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}

// memoriesClause returns SQL selecting units of the named memories.
func memoriesClause(names []string, args *[]any) string {
	for _, n := range names {
		*args = append(*args, n)
	}
	return `memory_id IN (SELECT id FROM memories WHERE name IN (` + placeholders(len(names)) + `))`
}

// langClause returns SQL matching column against l (or its variants).
func langClause(col string, l tm.Lang, args *[]any) string {
	if strings.Contains(string(l), "-") {
		*args = append(*args, string(l))
		return col + " = ?"
	}
	*args = append(*args, string(l), string(l)+"-%")
	return "(" + col + " = ? OR " + col + " LIKE ?)"
}

// CountUnits returns how many units f selects.
func (db *DB) CountUnits(ctx context.Context, f UnitFilter) (int, error) {
	where, args := filterWhere(f)
	var n int
	err := db.view(ctx, func(tx *sql.Tx) error {
		if err := checkFilter(ctx, tx, f); err != nil {
			return err
		}
		return dbError(tx.QueryRowContext(ctx, `SELECT count(*) FROM units`+where, args...).Scan(&n))
	})
	return n, err
}

// filterWhere returns the WHERE clause and arguments selecting f; it never
// selects deleted units.
func filterWhere(f UnitFilter) (string, []any) {
	conds, args := filterConds(f)
	return " WHERE " + strings.Join(append([]string{"deleted IS NULL"}, conds...), " AND "), args
}

// filterConds returns the SQL conditions on units (to AND) and their
// arguments; they select deleted units too (filterWhere leaves them out).
func filterConds(f UnitFilter) ([]string, []any) {
	var conds []string
	var args []any
	if f.SourceLang != "" {
		conds = append(conds, langClause("src_lang", f.SourceLang, &args))
	}
	if f.TargetLang != "" {
		conds = append(conds, langClause("tgt_lang", f.TargetLang, &args))
	}
	if f.Origin != "" {
		conds = append(conds, "origin = ?")
		args = append(args, string(f.Origin))
	}
	if len(f.Memories) > 0 {
		conds = append(conds, memoriesClause(f.Memories, &args))
	}
	if f.Status != "" {
		conds = append(conds, `status = ?`)
		args = append(args, string(f.Status))
	}
	if f.Creator != "" {
		conds = append(conds, `creator = ?`)
		args = append(args, f.Creator)
	}
	// Stored times are UTC RFC 3339 with milliseconds: they compare as text.
	if !f.Since.IsZero() {
		conds = append(conds, `changed >= ?`)
		args = append(args, formatTime(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, `changed <= ?`)
		args = append(args, formatTime(f.Until))
	}
	if f.Source != "" {
		conds = append(conds, `src_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(f.Source)+"%")
	}
	if f.Target != "" {
		conds = append(conds, `tgt_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(f.Target)+"%")
	}
	return conds, args
}

// checkFilter returns ENOTFOUND for an unknown memory name of f.
func checkFilter(ctx context.Context, tx *sql.Tx, f UnitFilter) error {
	for _, m := range f.Memories {
		if _, err := memoryID(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// EachUnit calls fn for every unit f selects, in id order, streaming from
// one read transaction (a consistent snapshot). An error from fn stops the
// walk and is returned.
func (db *DB) EachUnit(ctx context.Context, f UnitFilter, fn func(*tm.Unit) error) error {
	where, args := filterWhere(f)
	return db.view(ctx, func(tx *sql.Tx) error {
		if err := checkFilter(ctx, tx, f); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+unitColumns+`, props, notes FROM units`+where+` ORDER BY id`, args...)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var props, notes sql.NullString
			u, err := scanUnit(&extraScanner{rows: rows, extra: []any{&props, &notes}})
			if err != nil {
				return dbError(err)
			}
			if props.Valid && props.String != "" {
				if err := json.Unmarshal([]byte(props.String), &u.Props); err != nil {
					return tm.Errorf(tm.EINTERNAL, "unit %d: props: %v", u.ID, err)
				}
			}
			if notes.Valid && notes.String != "" {
				if err := json.Unmarshal([]byte(notes.String), &u.Notes); err != nil {
					return tm.Errorf(tm.EINTERNAL, "unit %d: notes: %v", u.ID, err)
				}
			}
			if err := fn(&u); err != nil {
				return err
			}
		}
		return dbError(rows.Err())
	})
}
