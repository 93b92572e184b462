package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/korpus/korpus/tm"
)

// SegmentTranslation is a segment of a document version with its
// translation into one language, if any.
type SegmentTranslation struct {
	Segment tm.Segment
	// Unit is the translation: the newest unit linked to the segment with
	// the target language, or (with TranslationOptions.Exact) the newest
	// unit of the memory whose normalised source equals the segment's.
	// nil when there is none.
	Unit *tm.Unit
	// Exact is set when Unit came from the memory by source hash rather
	// than from a link to the segment.
	Exact bool
}

// TranslationOptions tune VersionTranslations.
type TranslationOptions struct {
	// Exact fills segments without a linked translation with an exact
	// match from the memory (same normalised source, same languages).
	Exact bool
}

// VersionTranslations returns a document, one of its versions (number 0:
// the latest) and that version's segments, each with its translation into
// lang, from one consistent snapshot. The translation of a segment is the
// newest unit with that segment_id and tgt_lang = lang.
func (db *DB) VersionTranslations(ctx context.Context, name string, number int, lang tm.Lang, opts TranslationOptions) (tm.Document, tm.Version, []SegmentTranslation, error) {
	var doc tm.Document
	var ver tm.Version
	var out []SegmentTranslation
	err := db.view(ctx, func(tx *sql.Tx) error {
		var segs []tm.Segment
		var err error
		doc, ver, segs, err = versionIn(ctx, tx, name, number)
		if err != nil {
			return err
		}
		out = make([]SegmentTranslation, len(segs))
		byID := make(map[int64]int, len(segs))
		for i, s := range segs {
			out[i].Segment = s
			byID[s.ID] = i
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+unitColumns+`, notes FROM units
			WHERE segment_id IN (SELECT id FROM segments WHERE version_id = ?) AND tgt_lang = ? AND deleted IS NULL
			ORDER BY changed, id`, ver.ID, string(lang))
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var notes sql.NullString
			u, err := scanUnit(&extraScanner{rows: rows, extra: []any{&notes}})
			if err != nil {
				return dbError(err)
			}
			if notes.Valid && notes.String != "" {
				_ = json.Unmarshal([]byte(notes.String), &u.Notes)
			}
			if i, ok := byID[u.SegmentID]; ok {
				out[i].Unit = &u // later rows are newer
			}
		}
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		if !opts.Exact {
			return nil
		}
		var args []any
		srcClause := langClause("src_lang", doc.Lang, &args)
		stmt, err := tx.PrepareContext(ctx, `SELECT `+unitColumns+` FROM units
			WHERE `+srcClause+` AND tgt_lang = ? AND src_hash = ? AND deleted IS NULL
			ORDER BY changed DESC, id DESC LIMIT 1`)
		if err != nil {
			return dbError(err)
		}
		defer stmt.Close()
		for i := range out {
			if out[i].Unit != nil {
				continue
			}
			u, err := scanUnit(stmt.QueryRowContext(ctx, append(args, string(lang), out[i].Segment.Hash)...))
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return dbError(err)
			default:
				out[i].Unit, out[i].Exact = &u, true
			}
		}
		return nil
	})
	return doc, ver, out, err
}

// versionIn is (*DB).Version inside a transaction.
func versionIn(ctx context.Context, tx *sql.Tx, name string, number int) (tm.Document, tm.Version, []tm.Segment, error) {
	var v tm.Version
	doc, found, err := findDocument(ctx, tx, name)
	if err != nil {
		return doc, v, nil, err
	}
	if !found {
		return doc, v, nil, tm.Errorf(tm.ENOTFOUND, "no document %q (korpus docs lists them)", name)
	}
	if doc.Versions, err = listVersions(ctx, tx, doc.ID); err != nil {
		return doc, v, nil, err
	}
	if len(doc.Versions) == 0 {
		return doc, v, nil, tm.Errorf(tm.ENOTFOUND, "document %q has no versions", name)
	}
	if number == 0 {
		v = doc.Versions[len(doc.Versions)-1]
	} else {
		ok := false
		for _, x := range doc.Versions {
			if x.Number == number {
				v, ok = x, true
			}
		}
		if !ok {
			return doc, v, nil, tm.Errorf(tm.ENOTFOUND, "document %q has no version %d; it has %s", name, number, describeVersions(doc.Versions))
		}
	}
	segs, err := versionSegments(ctx, tx, v.ID)
	return doc, v, segs, err
}

// TranslationInput is one translated segment of an exported document.
type TranslationInput struct {
	Index  int    // segment index in the exported version
	Source string // the source text as the file carries it
	Target tm.Content
	Status tm.Status
	Notes  []tm.Note
}

// StoreTranslationsInput are the translations of one exported document
// version (a translated XLIFF).
type StoreTranslationsInput struct {
	Document string
	Version  int     // the version the file was exported from
	Hash     string  // that version's hash as the file records it ("": unchecked)
	Lang     tm.Lang // target language
	// SourceLang, when set, must have the document's base language.
	SourceLang tm.Lang
	Origin     tm.Origin
	Changer    string
	Items      []TranslationInput
}

// StoreTranslationsResult says what StoreTranslations did.
type StoreTranslationsResult struct {
	Stats tm.ImportStats
	// Into is the version the translations were stored for: the latest.
	Into tm.Version
	// From is the version the file was exported from.
	From tm.Version
	// Mapped counts translations carried from From to Into because their
	// source is unchanged (0 when From is Into).
	Mapped int
}

// Skip reasons of StoreTranslations.
const (
	SkipNoTarget      = "no target"
	SkipUntranslated  = "target is an untranslated copy of the source"
	SkipNoSegment     = "no such segment in the exported version"
	SkipSourceEdited  = "source differs from the exported version"
	SkipSourceChanged = "source changed in the latest version"
)

// StoreOptions tune StoreTranslations.
type StoreOptions struct {
	// DryRun does all the work, counts included, and rolls it back.
	DryRun bool
	// Memory names the memory the translations are stored in ("" is
	// DefaultMemory); it must exist. A segment's translation to update is
	// looked for in that memory only.
	Memory string
	// Index, when not nil, brings both indexes up to date in the same
	// transaction (see ImportOptions.Index).
	Index *IndexStats
}

// StoreTranslations stores translated segments of exported document
// versions (one input per document of the file) as the translations of
// the latest version of each document, all in one transaction (none with
// DryRun): an error leaves the database as it was.
//
// Every item's source must equal (by tm.Hash) the segment it names in the
// exported version, else it is skipped. When the exported version is not
// the latest, each item is carried to the latest version's segment with
// the same normalised source (the k-th occurrence of a text to the k-th
// occurrence); an item whose source no longer exists is skipped. A
// translation is never stored onto a different source text.
//
// A segment without a translation gets a new unit (added); one whose
// newest translation has the same target and status is unchanged; else that
// unit's target, status, notes, changer and changed time are updated in
// place (updated). The new units are indexed in the same transaction when
// opts.Index is set.
func (db *DB) StoreTranslations(ctx context.Context, ins []StoreTranslationsInput, opts StoreOptions) ([]StoreTranslationsResult, error) {
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	now := formatTime(db.Now())
	mem := opts.Memory
	if mem == "" {
		mem = DefaultMemory
	}
	memID, err := memoryID(ctx, tx, mem)
	if err != nil {
		return nil, err
	}
	w, err := newTranslationWriter(ctx, tx, memID)
	if err != nil {
		return nil, err
	}
	defer w.close()
	var out []StoreTranslationsResult
	var restore []int64
	for _, in := range ins {
		res, err := storeTranslations(ctx, tx, w, now, in, &restore)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	if err := ftsRestore(ctx, tx, restore...); err != nil {
		return out, err
	}
	if opts.DryRun {
		return out, nil
	}
	if opts.Index != nil {
		if err := db.indexTx(ctx, tx, opts.Index, nil); err != nil {
			return out, err
		}
	}
	return out, dbError(tx.Commit())
}

func storeTranslations(ctx context.Context, tx *sql.Tx, w *translationWriter, now string, in StoreTranslationsInput, restore *[]int64) (StoreTranslationsResult, error) {
	var res StoreTranslationsResult
	if in.Lang == "" {
		return res, tm.Errorf(tm.EINVALID, "%s: no target language", in.Document)
	}
	doc, from, fromSegs, err := versionIn(ctx, tx, in.Document, in.Version)
	if err != nil {
		return res, err
	}
	if in.Hash != "" && !strings.HasPrefix(from.Hash, in.Hash) {
		return res, tm.Errorf(tm.ECONFLICT, "%s@%d: the file was exported from a different text (version hash %s, stored %s)", doc.Name, from.Number, in.Hash, from.Hash)
	}
	if in.Lang.Base() == doc.Lang.Base() {
		return res, tm.Errorf(tm.EINVALID, "%s: target language %s is the document's language", doc.Name, in.Lang)
	}
	if in.SourceLang != "" && in.SourceLang.Base() != doc.Lang.Base() {
		return res, tm.Errorf(tm.EINVALID, "%s: the file's source language %s is not the document's language %s", doc.Name, in.SourceLang, doc.Lang)
	}
	into, intoSegs := from, fromSegs
	latest := doc.Versions[len(doc.Versions)-1]
	if latest.Number != from.Number {
		_, into, intoSegs, err = versionIn(ctx, tx, in.Document, latest.Number)
		if err != nil {
			return res, err
		}
	}
	res.From, res.Into = from, into
	// occurrence rank of each exported segment's text, and where the k-th
	// occurrence of a text is in the latest version
	rank := make([]int, len(fromSegs))
	seen := map[string]int{}
	for i, s := range fromSegs {
		rank[i] = seen[s.Hash]
		seen[s.Hash]++
	}
	where := map[string][]int{}
	for i, s := range intoSegs {
		where[s.Hash] = append(where[s.Hash], i)
	}

	for _, it := range in.Items {
		res.Stats.Read++
		it.Target = nfc(it.Target)
		if len(it.Target) == 0 || strings.TrimSpace(it.Target.Plain()) == "" && !it.Target.HasCodes() {
			res.Stats.Skip(SkipNoTarget)
			continue
		}
		if untranslatedCopy(it.Status, tm.Text(it.Source), it.Target) {
			res.Stats.Skip(SkipUntranslated)
			continue
		}
		if it.Index < 0 || it.Index >= len(fromSegs) {
			res.Stats.Skip(SkipNoSegment)
			continue
		}
		src := fromSegs[it.Index]
		if tm.Hash(it.Source) != src.Hash {
			res.Stats.Skip(SkipSourceEdited)
			continue
		}
		seg := src
		if into.ID != from.ID {
			at := where[src.Hash]
			if rank[it.Index] >= len(at) {
				res.Stats.Skip(SkipSourceChanged)
				continue
			}
			seg = intoSegs[at[rank[it.Index]]]
			res.Mapped++
		}
		status := it.Status
		if status == "" || status == tm.StatusNew {
			status = tm.StatusTranslated
		}
		tgtCodes := jsonOrNil(it.Target, !it.Target.HasCodes())
		notes := jsonOrNil(it.Notes, len(it.Notes) == 0)
		old, err := w.current(seg.ID, in.Lang)
		if err != nil {
			return res, err
		}
		if old != nil {
			if old.Target.Plain() == it.Target.Plain() && sameContent(old.Target, it.Target) && old.Status == status {
				res.Stats.Unchanged++
				continue
			}
			if err := ftsForget(ctx, tx, old.ID); err != nil {
				return res, err
			}
			if _, err := w.update.ExecContext(ctx, it.Target.Plain(), tgtCodes, string(status), notes, in.Changer, now, string(in.Origin), old.ID); err != nil {
				return res, dbError(err)
			}
			*restore = append(*restore, old.ID)
			if err := recordChange(ctx, tx, histChange{unit: old.ID, oldText: old.Target.Plain(), oldCodes: codesJSON(old.Target),
				oldStatus: string(old.Status), newText: it.Target.Plain(), newCodes: tgtCodes, newStatus: string(status),
				user: in.Changer, via: ViaImport, when: now, note: fmt.Sprintf("XLIFF of %s version %d", in.Document, in.Version)}); err != nil {
				return res, err
			}
			res.Stats.Updated++
			continue
		}
		var prev, next string
		if seg.Index > 0 {
			prev = intoSegs[seg.Index-1].Text
		}
		if seg.Index+1 < len(intoSegs) {
			next = intoSegs[seg.Index+1].Text
		}
		var prevHash, nextHash string
		var prevText, nextText any
		if prev != "" {
			prevHash, prevText = tm.Hash(prev), prev
		}
		if next != "" {
			nextHash, nextText = tm.Hash(next), next
		}
		if _, err := w.insert.ExecContext(ctx, string(doc.Lang), string(in.Lang), seg.Text, seg.Hash, it.Target.Plain(),
			tgtCodes, string(status), string(in.Origin), in.Changer, in.Changer, now, now,
			prevHash, nextHash, prevText, nextText, seg.ID, notes, w.memory); err != nil {
			return res, dbError(err)
		}
		res.Stats.Added++
	}
	return res, nil
}

func sameContent(a, b tm.Content) bool {
	if !a.HasCodes() && !b.HasCodes() {
		return a.Plain() == b.Plain()
	}
	return reflect.DeepEqual(a, b)
}

type translationWriter struct {
	ctx                  context.Context
	find, insert, update *sql.Stmt
	memory               int64 // memories.id the translations go to
}

func newTranslationWriter(ctx context.Context, tx *sql.Tx, memory int64) (*translationWriter, error) {
	w := &translationWriter{ctx: ctx, memory: memory}
	var err error
	if w.find, err = tx.PrepareContext(ctx, `SELECT `+unitColumns+` FROM units
		WHERE segment_id = ? AND tgt_lang = ? AND memory_id = ? AND deleted IS NULL ORDER BY changed DESC, id DESC LIMIT 1`); err != nil {
		return nil, dbError(err)
	}
	if w.insert, err = tx.PrepareContext(ctx, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text,
		tgt_codes, status, origin, creator, changer, created, changed,
		prev_hash, next_hash, prev_text, next_text, segment_id, notes, memory_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, dbError(err)
	}
	if w.update, err = tx.PrepareContext(ctx, `UPDATE units SET tgt_text = ?, tgt_codes = ?, status = ?,
		notes = coalesce(?, notes), changer = ?, changed = ?, origin = ? WHERE id = ?`); err != nil {
		w.close()
		return nil, dbError(err)
	}
	return w, nil
}

// current returns the newest translation of a segment, or nil.
func (w *translationWriter) current(segID int64, lang tm.Lang) (*tm.Unit, error) {
	u, err := scanUnit(w.find.QueryRowContext(w.ctx, segID, string(lang), w.memory))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	return &u, nil
}

func (w *translationWriter) close() {
	for _, s := range []*sql.Stmt{w.find, w.insert, w.update} {
		if s != nil {
			s.Close()
		}
	}
}

// String summarises a result in one line, e.g. "12 mapped to version 2".
func (r StoreTranslationsResult) String() string {
	if r.From.Number == r.Into.Number {
		return fmt.Sprintf("version %d", r.Into.Number)
	}
	return fmt.Sprintf("%d mapped from version %d to version %d", r.Mapped, r.From.Number, r.Into.Number)
}

// untranslatedCopy reports whether a target is no translation: the file
// marks it new or needing translation (XLIFF 1.2 state new or
// needs-translation) and it is the source copied. CAT tools such as OmegaT
// fill the targets they have not translated so, and may leave the state of
// the ones they have translated unchanged, so a different target under
// such a state counts as a translation.
func untranslatedCopy(status tm.Status, source, target tm.Content) bool {
	return status == tm.StatusNew && tm.Normalize(source.Plain()) == tm.Normalize(target.Plain())
}
