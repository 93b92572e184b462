package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// AddVersionInput is a segmented text to store as a document version.
type AddVersionInput struct {
	Name       string  // document name
	Lang       tm.Lang // canonical source language
	SourceName string  // the file it was read from
	Encoding   string  // the input encoding asked for ("" when detected)
	Text       string  // decoded NFC text with "\n" line ends
	Segments   []tm.Segment
	Words      int // tm.CountWords(Text)
	Chars      int // tm.CountChars(Text)
	// Carry, when set and the document has a previous version, aligns the
	// previous version's stored segments (old) to the new ones and returns
	// the pairs whose translations carry over. It runs inside AddVersion's
	// transaction, so the new version and its carried translations are
	// stored together or not at all.
	Carry func(old, new []tm.Segment) []CarryPair
	// User is who adds the version (the carried units' history names them).
	User string
	// Memory, when set, is the memory carry-over reads translations from
	// and stores the copies in (CarryInput.Memory); it must exist.
	Memory string
}

// AddResult says what AddVersion did.
type AddResult struct {
	Doc     tm.Document // without Versions
	Version tm.Version  // the new version, or the identical latest one when Unchanged
	// Previous is the latest version before this one (nil for a new
	// document, and nil when Unchanged).
	Previous  *tm.Version
	Unchanged bool // the text equals the latest version: nothing stored
	Created   bool // the document is new
	// Carried counts what in.Carry carried over (zero without Carry).
	Carried CarryStats
}

// TextHash is the version hash of a decoded text: hex sha256 of its bytes.
func TextHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// CheckDocName fails with an EINVALID error when name cannot name a new
// document: empty, invalid UTF-8, a control character (tab, newline …) or
// white space at either end, any of which would break tables, reports and
// the scripts that read them; '@' (DOC@VERSION would be ambiguous); or an
// invisible format character (U+202E and other bidi controls).
func CheckDocName(name string) error {
	switch {
	case name == "":
		return tm.Errorf(tm.EINVALID, "empty document name")
	case !utf8.ValidString(name):
		return tm.Errorf(tm.EINVALID, "document name %q: not valid UTF-8", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return tm.Errorf(tm.EINVALID, "document name %q: must not contain control characters (tab, newline …)", name)
	case strings.TrimSpace(name) != name:
		return tm.Errorf(tm.EINVALID, "document name %q: must not start or end with white space", name)
	case strings.Contains(name, "@"):
		return tm.Errorf(tm.EINVALID, "document name %q: must not contain '@', which separates a name from its version (DOC@VERSION)", name)
	}
	if i := strings.IndexFunc(name, isFormatControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(name[i:])
		return tm.Errorf(tm.EINVALID, "document name %q: must not contain the invisible format character U+%04X (bidi controls and the like reorder or hide what a listing shows)", name, r)
	}
	return nil
}

// isFormatControl reports a Unicode format character (category Cf: bidi
// embeddings, overrides and isolates such as U+202E, zero-width space,
// byte-order mark, soft hyphen) other than the zero-width joiner and
// non-joiner, which Persian, Indic scripts and emoji need.
func isFormatControl(r rune) bool {
	return unicode.Is(unicode.Cf, r) && r != '\u200c' && r != '\u200d'
}

// AddVersion stores in.Text and its segments as the next version of the
// document in.Name, creating the document (version 1) when it is new. When
// the text is identical to the latest version nothing is stored and
// Unchanged is set. A document keeps its language: a different in.Lang is
// an ECONFLICT error. Segments must be numbered 0, 1, 2 … in order.
func (db *DB) AddVersion(ctx context.Context, in AddVersionInput) (AddResult, error) {
	var res AddResult
	if err := CheckDocName(in.Name); err != nil {
		return res, err
	}
	if in.Lang == "" {
		return res, tm.Errorf(tm.EINVALID, "document %q: no language", in.Name)
	}
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return res, dbError(err)
	}
	defer tx.Rollback()

	now := db.Now()
	hash := TextHash(in.Text)
	if in.Memory != "" {
		if _, err := memoryID(ctx, tx, in.Memory); err != nil {
			return res, err
		}
	}

	doc, found, err := findDocument(ctx, tx, in.Name)
	if err != nil {
		return res, err
	}
	if found && doc.Lang != in.Lang {
		return res, tm.Errorf(tm.ECONFLICT, "document %q is in %s, not %s; use --lang %s or another document name", in.Name, doc.Lang, in.Lang, doc.Lang)
	}
	if !found {
		r, err := tx.ExecContext(ctx, `INSERT INTO documents(name, lang, created) VALUES (?, ?, ?)`,
			in.Name, string(in.Lang), formatTime(now))
		if err != nil {
			if isConstraint(err) {
				return res, &tm.Error{Code: tm.ECONFLICT, Message: fmt.Sprintf("document %q", in.Name), Err: err}
			}
			return res, dbError(err)
		}
		doc = tm.Document{Name: in.Name, Lang: in.Lang, Created: parseTime(formatTime(now))}
		if doc.ID, err = r.LastInsertId(); err != nil {
			return res, dbError(err)
		}
		res.Created = true
	}
	res.Doc = doc

	number := 1
	if found {
		latest, ok, err := latestVersion(ctx, tx, doc.ID)
		if err != nil {
			return res, err
		}
		if ok {
			if latest.Hash == hash {
				res.Version = latest
				res.Unchanged = true
				return res, nil // nothing written; Rollback ends the transaction
			}
			number = latest.Number + 1
			prev := latest
			res.Previous = &prev
		}
	}

	paras := 0
	for i, s := range in.Segments {
		if s.Index != i {
			return res, tm.Errorf(tm.EINVALID, "document %q: segment %d has index %d", in.Name, i, s.Index)
		}
		if s.Para+1 > paras {
			paras = s.Para + 1
		}
	}
	v := tm.Version{
		DocID:    doc.ID,
		Number:   number,
		Hash:     hash,
		Lang:     in.Lang,
		Source:   in.SourceName,
		Created:  parseTime(formatTime(now)),
		Paras:    paras,
		Segments: len(in.Segments),
		Words:    in.Words,
		Chars:    in.Chars,
	}
	var enc any
	if in.Encoding != "" {
		enc = in.Encoding
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO versions(doc_id, number, hash, lang, source_name, encoding, text, paras, segments, words, chars, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.DocID, v.Number, v.Hash, string(v.Lang), v.Source, enc, in.Text, v.Paras, v.Segments, v.Words, v.Chars, formatTime(now))
	if err != nil {
		return res, dbError(err)
	}
	if v.ID, err = r.LastInsertId(); err != nil {
		return res, dbError(err)
	}
	if err := insertSegments(ctx, tx, v.ID, in.Segments); err != nil {
		return res, err
	}
	if res.Previous != nil && in.Carry != nil {
		old, err := versionSegments(ctx, tx, res.Previous.ID)
		if err != nil {
			return res, err
		}
		new, err := versionSegments(ctx, tx, v.ID)
		if err != nil {
			return res, err
		}
		ci := CarryInput{Old: old, New: new, Pairs: in.Carry(old, new), User: in.User, Memory: in.Memory}
		if res.Carried, err = carryOver(ctx, tx, ci, formatTime(now)); err != nil {
			return res, err
		}
		// The carried translations are units: index them in this
		// transaction, so that add is all-or-nothing with its index work.
		if res.Carried.Carried+res.Carried.Fuzzy > 0 {
			var ix IndexStats
			if err := db.indexTx(ctx, tx, &ix, nil); err != nil {
				return res, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return res, dbError(err)
	}
	res.Version = v
	return res, nil
}

func insertSegments(ctx context.Context, tx *sql.Tx, versionID int64, segs []tm.Segment) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO segments(version_id, idx, para, text, hash) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return dbError(err)
	}
	defer stmt.Close()
	for _, s := range segs {
		h := s.Hash
		if h == "" {
			h = tm.Hash(s.Text)
		}
		if _, err := stmt.ExecContext(ctx, versionID, s.Index, s.Para, s.Text, h); err != nil {
			if isConstraint(err) {
				return &tm.Error{Code: tm.EINVALID, Message: fmt.Sprintf("segment %d", s.Index), Err: err}
			}
			return dbError(err)
		}
	}
	return nil
}

func findDocument(ctx context.Context, tx *sql.Tx, name string) (tm.Document, bool, error) {
	var d tm.Document
	var lang, created string
	err := tx.QueryRowContext(ctx, `SELECT id, name, lang, created FROM documents WHERE name = ?`, name).
		Scan(&d.ID, &d.Name, &lang, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return d, false, nil
	}
	if err != nil {
		return d, false, dbError(err)
	}
	d.Lang, d.Created = tm.Lang(lang), parseTime(created)
	return d, true, nil
}

const versionColumns = `id, doc_id, number, hash, lang, source_name, paras, segments, words, chars, created`

type scanner interface{ Scan(...any) error }

func scanVersion(s scanner) (tm.Version, error) {
	var v tm.Version
	var lang, created string
	err := s.Scan(&v.ID, &v.DocID, &v.Number, &v.Hash, &lang, &v.Source, &v.Paras, &v.Segments, &v.Words, &v.Chars, &created)
	v.Lang, v.Created = tm.Lang(lang), parseTime(created)
	return v, err
}

func latestVersion(ctx context.Context, tx *sql.Tx, docID int64) (tm.Version, bool, error) {
	v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE doc_id = ? ORDER BY number DESC LIMIT 1`, docID))
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, dbError(err)
	}
	return v, true, nil
}

func listVersions(ctx context.Context, tx *sql.Tx, docID int64) ([]tm.Version, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+versionColumns+` FROM versions WHERE doc_id = ? ORDER BY number`, docID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []tm.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, dbError(err)
		}
		out = append(out, v)
	}
	return out, dbError(rows.Err())
}

// Documents returns every document, ordered by name, with its versions
// (oldest first, without segments).
func (db *DB) Documents(ctx context.Context) ([]tm.Document, error) {
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return nil, dbError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, name, lang, created FROM documents ORDER BY name`)
	if err != nil {
		return nil, dbError(err)
	}
	var docs []tm.Document
	for rows.Next() {
		var d tm.Document
		var lang, created string
		if err := rows.Scan(&d.ID, &d.Name, &lang, &created); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		d.Lang, d.Created = tm.Lang(lang), parseTime(created)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	for i := range docs {
		if docs[i].Versions, err = listVersions(ctx, tx, docs[i].ID); err != nil {
			return nil, err
		}
	}
	return docs, dbError(tx.Commit())
}

// Version returns a document (with all its versions listed), one version
// (number 0: the latest) and that version's segments in order. An unknown
// document or version is an ENOTFOUND error that says what exists.
func (db *DB) Version(ctx context.Context, name string, number int) (tm.Document, tm.Version, []tm.Segment, error) {
	var v tm.Version
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return tm.Document{}, v, nil, dbError(err)
	}
	defer tx.Rollback()
	doc, found, err := findDocument(ctx, tx, name)
	if err != nil {
		return doc, v, nil, err
	}
	if !found {
		return doc, v, nil, noDocument(ctx, tx, name)
	}
	if doc.Versions, err = listVersions(ctx, tx, doc.ID); err != nil {
		return doc, v, nil, err
	}
	if len(doc.Versions) == 0 {
		return doc, v, nil, tm.Errorf(tm.ENOTFOUND, "document %q has no versions", name)
	}
	switch {
	case number == 0:
		v = doc.Versions[len(doc.Versions)-1]
	default:
		ok := false
		for _, x := range doc.Versions {
			if x.Number == number {
				v, ok = x, true
				break
			}
		}
		if !ok {
			return doc, v, nil, tm.Errorf(tm.ENOTFOUND, "document %q has no version %d; it has %s", name, number, describeVersions(doc.Versions))
		}
	}
	segs, err := versionSegments(ctx, tx, v.ID)
	if err != nil {
		return doc, v, nil, err
	}
	return doc, v, segs, dbError(tx.Commit())
}

// VersionText returns the stored decoded text of a version (number 0: the
// latest).
func (db *DB) VersionText(ctx context.Context, name string, number int) (string, error) {
	_, v, _, err := db.Version(ctx, name, number)
	if err != nil {
		return "", err
	}
	var text string
	if err := db.db.QueryRowContext(ctx, `SELECT text FROM versions WHERE id = ?`, v.ID).Scan(&text); err != nil {
		return "", dbError(err)
	}
	return text, nil
}

// noDocument is the ENOTFOUND error for an unknown document name; it
// names the documents that exist when there are few.
func noDocument(ctx context.Context, tx *sql.Tx, name string) error {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM documents ORDER BY name LIMIT 6`)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return dbError(err)
		}
		names = append(names, strconv.Quote(n))
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	switch {
	case len(names) == 0:
		return tm.Errorf(tm.ENOTFOUND, "no document %q: the database has no documents yet", name)
	case len(names) <= 5:
		return tm.Errorf(tm.ENOTFOUND, "no document %q; there is %s", name, strings.Join(names, ", "))
	}
	return tm.Errorf(tm.ENOTFOUND, "no document %q (korpus docs lists them)", name)
}

// describeVersions says which version numbers exist: "version 1",
// "versions 1–3", "versions 1, 3".
func describeVersions(vs []tm.Version) string {
	if len(vs) == 1 {
		return fmt.Sprintf("only version %d", vs[0].Number)
	}
	contiguous := true
	for i := 1; i < len(vs); i++ {
		if vs[i].Number != vs[i-1].Number+1 {
			contiguous = false
		}
	}
	if contiguous {
		return fmt.Sprintf("versions %d–%d", vs[0].Number, vs[len(vs)-1].Number)
	}
	s := "versions "
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(v.Number)
	}
	return s
}

func versionSegments(ctx context.Context, tx *sql.Tx, versionID int64) ([]tm.Segment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, idx, para, text, hash FROM segments WHERE version_id = ? ORDER BY idx`, versionID)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []tm.Segment
	for rows.Next() {
		var s tm.Segment
		if err := rows.Scan(&s.ID, &s.Index, &s.Para, &s.Text, &s.Hash); err != nil {
			return nil, dbError(err)
		}
		out = append(out, s)
	}
	return out, dbError(rows.Err())
}
