package postgres

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/korpus/korpus/store/internal/concord"
	"github.com/korpus/korpus/tm"
)

// maxConcordancePage bounds how many candidates one query of Concordance
// reads; the first page is a little more than the limit (a frequent term
// needs no more), each next one twice the one before.
const maxConcordancePage = 1024

// Concordance returns the units, newest first, whose source (or target)
// contains term, with the SQLite store's answers (tm.ConcordanceService).
//
// Candidates come from the folded form of the searched side (src_fold or
// tgt_fold, concord.FoldForm, kept by the import) with LIKE '%…%', which
// pg_trgm's GIN index answers from the term's trigrams and PostgreSQL
// rechecks: with Fold that is exactly the units holding the folded term;
// without it, a superset that concord.Finder narrows to the units holding
// the term as written. Terms shorter than three characters scan, as on
// SQLite. Pages of candidates are read newest first until limit hits are
// found, so a frequent term reads about limit units, a rare one what the
// index finds.
func (db *DB) Concordance(ctx context.Context, term string, opts tm.ConcordanceOptions) ([]tm.ConcordanceHit, error) {
	term = tm.Normalize(term)
	if term == "" {
		return nil, tm.Errorf(tm.EINVALID, "empty search term")
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = tm.DefaultConcordanceLimit
	}
	finder := concord.NewFinder(term, opts.Fold)
	pattern := finder.Needle()
	if !opts.Fold {
		pattern = concord.FoldForm(term)
	}
	side, fold := "u.src_text", "u.src_fold"
	if opts.Target {
		side, fold = "u.tgt_text", "u.tgt_fold"
	}
	var out []tm.ConcordanceHit
	err := db.view(ctx, func(tx pgx.Tx) error {
		c := &conds{}
		c.add(fold+` LIKE ?`, concord.LikePattern(pattern))
		if len(opts.Memories) > 0 {
			var ids []int64
			for _, n := range opts.Memories {
				id, err := memoryID(ctx, tx, n)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			c.add(`u.memory_id = ANY(?)`, ids)
		}
		c.add(`u.id < ?`, int64(1<<62))
		cursor := len(c.args) // the argument the next page moves
		q := `SELECT ` + side + `, ` + storedColumns + ` FROM units u` + c.where() + ` ORDER BY u.id DESC LIMIT `
		for page := min(2*limit+8, maxConcordancePage); len(out) < limit; page = min(2*page, maxConcordancePage) {
			rows, err := tx.Query(ctx, q+strconv.Itoa(page), c.args...)
			if err != nil {
				return err
			}
			n := 0
			var last int64
			for rows.Next() {
				n++
				var text string
				var h tm.ConcordanceHit
				if h.Unit, err = scanUnitAfter(rows, &text, &h.Memory); err != nil {
					rows.Close()
					return err
				}
				last = h.Unit.ID
				if len(out) >= limit {
					continue
				}
				if opts.From != "" && h.Unit.SourceLang.Base() != opts.From.Base() {
					continue
				}
				if opts.To != "" && h.Unit.TargetLang.Base() != opts.To.Base() {
					continue
				}
				if h.Spans = finder.Find(text); len(h.Spans) > 0 {
					// Hits carry no props or notes, on either backend:
					// a concordance line shows none.
					h.Unit.Props, h.Unit.Notes = nil, nil
					out = append(out, h)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if n < page {
				break
			}
			c.args[cursor-1] = last
		}
		return nil
	})
	return out, err
}

// scanUnitAfter scans a row whose first column is text, then storedColumns.
func scanUnitAfter(rows pgx.Rows, text *string, memory *string) (tm.Unit, error) {
	return scanUnit(&firstColumn{rows: rows, first: text}, memory)
}

// firstColumn lets scanUnit read a row with one more column in front.
type firstColumn struct {
	rows  pgx.Rows
	first any
}

func (f *firstColumn) Scan(dest ...any) error {
	return f.rows.Scan(append([]any{f.first}, dest...)...)
}
