package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"math"
	"sort"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// matchWatermarkKey is the meta key holding the highest units.id already in
// match_terms.
const matchWatermarkKey = "match_units_rowid"

// IndexMatches brings the fuzzy-match candidate index (match_terms) up to
// date with the units added since the last call (by rowid), in one
// transaction, and returns how many units it indexed. It is a bulk step
// that runs after imports (Lookup and NewMatcher call it too, so a stale
// index only costs the first lookup the catch-up): the postings of all new
// units are gathered in memory and appended to each term's row with one
// upsert per term, so imports themselves pay nothing for the index.
//
// Units keep their source for life (an import that meets a known source
// updates the target), so appended postings never go stale; a deleted
// unit's postings are skipped when candidates are read.
func (db *DB) IndexMatches(ctx context.Context) (int, error) {
	return db.catchUp(ctx, matchWatermarkKey, db.matchIndex(ctx))
}

// matchIndex adds the units with mark < id <= top to match_terms.
func (db *DB) matchIndex(ctx context.Context) func(tx *sql.Tx, mark, top int64) (int, error) {
	return func(tx *sql.Tx, mark, top int64) (int, error) {
		salts := map[[2]string]uint64{}
		n := 0
		// Windows of indexBatch ids bound the memory a big first build needs.
		for lo := mark; lo < top; lo += indexBatch {
			hi := lo + indexBatch
			if hi > top {
				hi = top
			}
			k, err := indexWindow(ctx, tx, lo, hi, mark == 0 && lo == mark, salts, db.maxSegment())
			if err != nil {
				return 0, err
			}
			n += k
		}
		for pair := range salts {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO match_langs(src_lang, tgt_lang) VALUES (?, ?)`, pair[0], pair[1]); err != nil {
				return 0, dbError(err)
			}
		}
		return n, nil
	}
}

// RebuildMatchIndex drops the candidate index and builds it again from all
// units; a repair tool.
func (db *DB) RebuildMatchIndex(ctx context.Context) (int, error) {
	tx, err := db.begin(ctx, nil)
	if err != nil {
		return 0, dbError(err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM match_terms`, `DELETE FROM match_langs`, `UPDATE meta SET value = '0' WHERE key = '` + matchWatermarkKey + `'`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, dbError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, dbError(err)
	}
	return db.IndexMatches(ctx)
}

// pairSalt separates the index terms of language pairs. It uses the base
// languages: a "de-DE" unit answers a "de" query and a "de-AT" one.
func pairSalt(from, to tm.Lang) uint64 {
	return match.LangSalt(from.Base(), to.Base())
}

// unitColumns are the columns scanUnit reads, in order.
const unitColumns = `id, src_lang, tgt_lang, src_text, src_codes, tgt_text, tgt_codes, status, origin,
	creator, changer, created, changed, coalesce(prev_text, ''), coalesce(next_text, ''),
	coalesce(segment_id, 0), score, usage, memory_id`

// scanUnit reads one row of unitColumns.
func scanUnit(s scanner) (tm.Unit, error) {
	var u tm.Unit
	var src, tgt, status, origin, created, changed string
	var srcCodes, tgtCodes sql.NullString
	var srcText, tgtText string
	if err := s.Scan(&u.ID, &src, &tgt, &srcText, &srcCodes, &tgtText, &tgtCodes, &status, &origin,
		&u.Creator, &u.Changer, &created, &changed, &u.Prev, &u.Next, &u.SegmentID, &u.Score, &u.Usage, &u.MemoryID); err != nil {
		return u, err
	}
	u.SourceLang, u.TargetLang = tm.Lang(src), tm.Lang(tgt)
	u.Status, u.Origin = tm.Status(status), tm.Origin(origin)
	u.Created, u.Changed = parseTime(created), parseTime(changed)
	u.Source = contentOf(srcText, srcCodes)
	u.Target = contentOf(tgtText, tgtCodes)
	return u, nil
}

// contentOf rebuilds content from its plain text and codes JSON.
func contentOf(text string, codes sql.NullString) tm.Content {
	if codes.Valid && codes.String != "" {
		var c tm.Content
		if json.Unmarshal([]byte(codes.String), &c) == nil && len(c) > 0 {
			return c
		}
	}
	return tm.Text(text)
}

// indexBatch is how many unit ids one pass of IndexMatches holds in memory.
var indexBatch int64 = 1 << 20

// indexWindow indexes the units with lo < id ≤ hi: postings are gathered
// in memory, then written with one statement per term, a plain insert on
// a first build (fresh) and an append otherwise.
//
// Units whose source is longer than maxSeg bytes are left out (a length test in SQL, before any of
// their text reaches Go): a 200 MB
// source would take the tokeniser and every later lookup for ever. The
// watermark still passes them, so an old database that holds one is
// repaired by its next build.
func indexWindow(ctx context.Context, tx *sql.Tx, lo, hi int64, fresh bool, salts map[[2]string]uint64, maxSeg int) (int, error) {
	if hi > math.MaxUint32 {
		return 0, tm.Errorf(tm.EINTERNAL, "the match index holds unit ids up to %d", uint32(math.MaxUint32))
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, src_lang, tgt_lang, src_text FROM units WHERE id > ? AND id <= ? AND length(CAST(src_text AS BLOB)) <= ? ORDER BY id`, lo, hi, maxSeg)
	if err != nil {
		return 0, dbError(err)
	}
	type plist struct {
		last int64
		df   int64
		buf  []byte
	}
	terms := make(map[uint64]*plist, 1<<16)
	n := 0
	var src, tgt, text string
	var id int64
	var tmp [3 * binary.MaxVarintLen64]byte
	for rows.Next() {
		if err := rows.Scan(&id, &src, &tgt, &text); err != nil {
			rows.Close()
			return 0, dbError(err)
		}
		n++
		pair := [2]string{src, tgt}
		salt, ok := salts[pair]
		if !ok {
			salt = pairSalt(tm.Lang(src), tm.Lang(tgt))
			salts[pair] = salt
		}
		p := match.PrepareString(text)
		words := uint64(p.Len())
		// The folded keys, then the exact values of the numbers (their own
		// key space), which let a lookup bound the cost of changed numbers.
		for _, t := range append(p.Terms(salt), p.NumberTerms(salt)...) {
			pl := terms[t]
			if pl == nil {
				pl = &plist{}
				terms[t] = pl
			}
			k := 0
			if pl.last == 0 {
				k = binary.PutUvarint(tmp[:], 0)
				k += binary.PutUvarint(tmp[k:], uint64(id))
			} else {
				k = binary.PutUvarint(tmp[:], uint64(id-pl.last))
			}
			k += binary.PutUvarint(tmp[k:], words)
			pl.buf = append(pl.buf, tmp[:k]...)
			pl.last = id
			pl.df++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, dbError(err)
	}
	var stmt *sql.Stmt
	if fresh {
		// A first build: every term is new, a plain insert is faster.
		stmt, err = tx.PrepareContext(ctx, `INSERT INTO match_terms(term, df, postings) VALUES (?, ?, ?)`)
	} else {
		stmt, err = tx.PrepareContext(ctx, `INSERT INTO match_terms(term, df, postings) VALUES (?, ?, ?)
			ON CONFLICT(term) DO UPDATE SET df = df + excluded.df, postings = postings || excluded.postings`)
	}
	if err != nil {
		return 0, dbError(err)
	}
	defer stmt.Close()
	// Insert in key order: B-tree appends instead of random page splits.
	keys := make([]uint64, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, t := range keys {
		pl := terms[t]
		if _, err := stmt.ExecContext(ctx, int64(t), pl.df, pl.buf); err != nil {
			return 0, dbError(err)
		}
	}
	return n, nil
}
