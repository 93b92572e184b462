package store

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/store/internal/concord"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// Concordance returns the units, newest first, whose source (or target)
// contains term, a word or phrase. Terms with a word of three characters
// or more are found through the trigram full-text index (units_fts, and
// the units above its watermark read from the table, without writing),
// others by a scan (with Fold, of every unit);
// whitespace runs compare as one space. Every hit is checked against the
// exact (or, with Fold, the folded) text of the searched side, so neither
// the index's own case and diacritic folding nor its lack of positions
// and columns (it returns units holding all the term's trigrams anywhere
// in source or target) ever lets a wrong hit through. An empty term is an
// EINVALID error.
func (db *DB) Concordance(ctx context.Context, term string, opts ConcordanceOptions) ([]Hit, error) {
	term = tm.Normalize(term)
	if term == "" {
		return nil, tm.Errorf(tm.EINVALID, "empty search term")
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultConcordanceLimit
	}
	mems, err := loadLookupMemories(ctx, db.db)
	if err != nil {
		return nil, err
	}
	var allow map[int64]bool
	for _, n := range opts.Memories {
		id, err := memoryID(ctx, db.db, n)
		if err != nil {
			return nil, err
		}
		if allow == nil {
			allow = map[int64]bool{}
		}
		allow[id] = true
	}
	col := "src_text"
	if opts.Target {
		col = "tgt_text"
	}
	var expr string
	if utf8.RuneCountInString(term) >= 3 {
		expr = trigramQuery(term, nil)
		if opts.Fold {
			// The index folds case and diacritics but not "ß" to "ss",
			// and a text may mix both spellings ("Schloss Straße"): ask
			// only for the trigrams that touch no "ss".
			f := []rune(match.Fold(term))
			var ss []bool
			for i := 0; i+1 < len(f); i++ {
				if f[i] == 's' && f[i+1] == 's' {
					if ss == nil {
						ss = make([]bool, len(f))
					}
					ss[i], ss[i+1] = true, true
				}
			}
			if ss != nil {
				expr = trigramQuery(string(f), ss)
			}
		}
	}
	// Each query yields candidates newest first; together they cover
	// every unit once.
	type query struct {
		q    string
		args []any
	}
	var qs []query
	if expr != "" {
		// The index covers the units up to its watermark; the newer ones
		// (an import with --no-index, or one committing right now) are
		// read from the table, newer than any indexed one. Concordance
		// never writes: a reader must not wait for the write lock.
		var mark int64
		if err := db.db.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)`, ftsWatermarkKey).Scan(&mark); err != nil {
			return nil, dbError(err)
		}
		qs = append(qs,
			query{`SELECT id, src_lang, tgt_lang, ` + col + ` FROM units WHERE id > ? AND deleted IS NULL ORDER BY id DESC`, []any{mark}},
			// f.rowid <= mark: units indexed since the watermark was read
			// came from the first query.
			query{`SELECT u.id, u.src_lang, u.tgt_lang, u.` + col + ` FROM units_fts f JOIN units u ON u.id = f.rowid
			WHERE units_fts MATCH ? AND f.rowid <= ? AND u.deleted IS NULL ORDER BY f.rowid DESC`, []any{expr, mark}})
	} else if opts.Fold {
		// No word of three characters; LIKE folds ASCII case only, and
		// "ol" must find "Öl": every unit is a candidate.
		qs = append(qs, query{`SELECT id, src_lang, tgt_lang, ` + col + ` FROM units WHERE deleted IS NULL ORDER BY id DESC`, nil})
	} else {
		// No word of three characters: scan.
		qs = append(qs, query{`SELECT id, src_lang, tgt_lang, ` + col + ` FROM units WHERE ` + col + ` LIKE ? ESCAPE '\' AND deleted IS NULL ORDER BY id DESC`,
			[]any{likePattern(term)}})
	}
	unitStmt, err := db.db.PrepareContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ? AND deleted IS NULL`)
	if err != nil {
		return nil, dbError(err)
	}
	defer unitStmt.Close()
	finder := concord.NewFinder(term, opts.Fold)
	// Candidates are checked on the languages and the stored plain text
	// (src_text and tgt_text hold Content.Plain) before the unit is read
	// whole: without positions the index proposes many units that do not
	// hold the term, and reading each would cost more than the search.
	var out []Hit
	for _, q := range qs {
		if len(out) >= limit {
			break
		}
		rows, err := db.db.QueryContext(ctx, q.q, q.args...)
		if err != nil {
			return nil, dbError(err)
		}
		for rows.Next() && len(out) < limit {
			var id int64
			var src, tgt tm.Lang
			var text string
			if err := rows.Scan(&id, &src, &tgt, &text); err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			if opts.From != "" && src.Base() != opts.From.Base() {
				continue
			}
			if opts.To != "" && tgt.Base() != opts.To.Base() {
				continue
			}
			if !opts.Fold && !strings.Contains(text, term) && !hasWideSpace(text) {
				continue // the quick test for the common case, before find
			}
			spans := finder.Find(text)
			if len(spans) == 0 {
				continue
			}
			u, err := scanUnit(unitStmt.QueryRowContext(ctx, id))
			if err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			if allow != nil && !allow[u.MemoryID] {
				continue
			}
			out = append(out, Hit{Unit: u, Spans: spans, Memory: mems[u.MemoryID].name})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, dbError(err)
		}
	}
	return out, nil
}

// trigramQuery returns an FTS5 query for the units whose indexed text
// holds every trigram of term: one quoted string per distinct
// three-character window inside a word, joined by AND ("" when no word
// has three characters). Windows across a space are left out: the text
// may have a tab, a no-break space or a run of spaces there, which
// Concordance compares as one space but the index holds as it is. The
// index keeps no positions (detail=none, migration 0011), so it cannot
// match a phrase nor filter by column: the trigrams may occur anywhere in
// the source or target, and Concordance checks each hit against the text.
//
// Windows touching a rune whose index is set in skip (nil: none) are left
// out too.
func trigramQuery(term string, skip []bool) string {
	rs := []rune(term)
	seen := map[string]bool{}
	var b strings.Builder
	for i := 0; i+3 <= len(rs); i++ {
		t := string(rs[i : i+3])
		if seen[t] || strings.ContainsFunc(t, unicode.IsSpace) || skip != nil && (skip[i] || skip[i+1] || skip[i+2]) {
			continue
		}
		seen[t] = true
		if b.Len() > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString(`"` + strings.ReplaceAll(t, `"`, `""`) + `"`)
	}
	return b.String()
}

// hasWideSpace reports whether text has whitespace that concord.Finder would
// compare as one space: a tab, line break, no-break or other Unicode space,
// or a run of spaces. Without it, text holds the (normalized) term exactly
// when it contains its bytes.
func hasWideSpace(text string) bool {
	return strings.Contains(text, "  ") || strings.ContainsFunc(text, func(r rune) bool {
		return r != ' ' && unicode.IsSpace(r)
	})
}

// likePattern returns a LIKE pattern (escape character \) for the texts
// holding the words of the normalized term in order, whatever whitespace
// separates them.
func likePattern(term string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.Join(strings.Fields(r.Replace(term)), "%") + "%"
}
