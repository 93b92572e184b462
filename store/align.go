package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/korpus/korpus/tm"
)

// CarryPair pairs a segment of an old version with its counterpart in a
// new version, as a version alignment found them. Old and New index the
// segment slices of CarryInput.
type CarryPair struct {
	Old, New int
	// Exact: the two segments have the same normalised text (unchanged or
	// moved). InContext: unchanged and in order, so its translation is an
	// in-context match.
	Exact, InContext bool
	// Similarity of a modified pair, 0–100.
	Similarity int
}

// CarryInput is what CarryOver needs: both versions' stored segments (with
// their IDs, as Version returns them) and the pairs.
type CarryInput struct {
	Old, New []tm.Segment
	Pairs    []CarryPair
	// User is who carries over: the changer of each carried unit's first
	// history entry (the translation it was copied from, with that unit's
	// target and status).
	User string
	// Memory, when set, names the memory carry-over reads the old
	// translations from and stores the copies in (ENOTFOUND when there is
	// none); "" reads every memory and keeps each copy in the memory of
	// the translation it copies.
	Memory string
}

// CarryStats counts what CarryOver stored.
type CarryStats struct {
	// Carried: translations of unchanged or moved segments, copied with
	// their status. Fuzzy: old translations of modified segments, stored
	// for review.
	Carried int `json:"carried"`
	Fuzzy   int `json:"fuzzy"`
	// Existing: translations the new segment already had (not stored
	// again).
	Existing int `json:"existing"`
}

// Scores given to carried translations, on the 0–101 match scale.
const (
	ScoreInContext = 101 // unchanged segment, same place
	ScoreExact     = 100 // same text, moved
)

// CarryOver copies the translations (units linked to a segment, any target
// language) of the old segments to their new counterparts, in ONE
// transaction. A translation of an unchanged or moved segment keeps its
// status (score 101 in context, 100 moved); one of a modified segment is
// stored with status needs-review and the pair's similarity as its score,
// as a fuzzy candidate: it keeps the old source text it translates, so
// neither an exact lookup of the new text nor the analysis takes it for a
// translation of the new text. All get origin carry-over, a link to the new
// segment and its context; carried exact ones take the new segment's text
// (equal but for whitespace). A new segment that already has the same translation is
// left alone, so CarryOver can run again safely. Each carried unit's
// history starts with its carry-over (via carry-over, by in.User): the
// target and status of the unit it was copied from, so units history shows
// where it came from and units restore --to-change 1 takes back the
// needs-review a modified segment's translation was given.
func (db *DB) CarryOver(ctx context.Context, in CarryInput) (CarryStats, error) {
	var st CarryStats
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = carryOver(ctx, tx, in, formatTime(db.Now()))
		return err
	})
	return st, err
}

// carryOver is CarryOver inside tx; AddVersion calls it too.
func carryOver(ctx context.Context, tx *sql.Tx, in CarryInput, now string) (CarryStats, error) {
	var st CarryStats
	for _, p := range in.Pairs {
		if p.Old < 0 || p.Old >= len(in.Old) || p.New < 0 || p.New >= len(in.New) {
			return st, tm.Errorf(tm.EINVALID, "carry-over pair %d→%d out of range", p.Old, p.New)
		}
		if in.Old[p.Old].ID == 0 || in.New[p.New].ID == 0 {
			return st, tm.Errorf(tm.EINVALID, "carry-over needs stored segments (with IDs)")
		}
	}
	var mem int64 // 0: every memory, each copy in its unit's
	if in.Memory != "" {
		var err error
		if mem, err = memoryID(ctx, tx, in.Memory); err != nil {
			return st, err
		}
	}
	sel, err := tx.PrepareContext(ctx, `SELECT `+unitColumns+` FROM units WHERE segment_id = ?1 AND (?2 = 0 OR memory_id = ?2) AND deleted IS NULL ORDER BY id`)
	if err != nil {
		return st, dbError(err)
	}
	defer sel.Close()
	exists, err := tx.PrepareContext(ctx, `SELECT 1 FROM units WHERE segment_id = ? AND tgt_lang = ? AND tgt_text = ? AND memory_id = ? AND deleted IS NULL LIMIT 1`)
	if err != nil {
		return st, dbError(err)
	}
	defer exists.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text,
		src_codes, tgt_codes, status, origin, creator, changer, created, changed,
		prev_hash, next_hash, prev_text, next_text, segment_id, score, usage, props, notes, memory_id)
		SELECT src_lang, tgt_lang, CASE WHEN ?1 THEN ?2 ELSE src_text END, CASE WHEN ?1 THEN ?3 ELSE src_hash END, tgt_text,
		src_codes, tgt_codes, ?4, ?5, creator, changer, ?6, ?7,
		?8, ?9, ?10, ?11, ?12, ?13, 0, props, notes, memory_id
		FROM units WHERE id = ?14`)
	if err != nil {
		return st, dbError(err)
	}
	defer ins.Close()
	for _, p := range in.Pairs {
		units, err := segmentUnits(ctx, sel, in.Old[p.Old].ID, mem)
		if err != nil {
			return st, err
		}
		seg := in.New[p.New]
		prevHash, nextHash := "", ""
		var prevText, nextText any
		if p.New > 0 {
			prevText = in.New[p.New-1].Text
			prevHash = tm.Hash(in.New[p.New-1].Text)
		}
		if p.New+1 < len(in.New) {
			nextText = in.New[p.New+1].Text
			nextHash = tm.Hash(in.New[p.New+1].Text)
		}
		for _, u := range units {
			var one int
			err := exists.QueryRowContext(ctx, seg.ID, string(u.TargetLang), u.Target.Plain(), u.MemoryID).Scan(&one)
			if err == nil {
				st.Existing++
				continue
			}
			if err != sql.ErrNoRows {
				return st, dbError(err)
			}
			status, score := u.Status, float64(ScoreExact)
			switch {
			case p.InContext:
				score = ScoreInContext
			case !p.Exact:
				status, score = tm.StatusNeedsReview, float64(p.Similarity)
			}
			r, err := ins.ExecContext(ctx, p.Exact, seg.Text, tm.Hash(seg.Text), string(status), string(tm.OriginCarryOver),
				now, now, prevHash, nextHash, prevText, nextText, seg.ID, score, u.ID)
			if err != nil {
				return st, dbError(err)
			}
			id, err := r.LastInsertId()
			if err != nil {
				return st, dbError(err)
			}
			codes := codesJSON(u.Target)
			if err := recordChange(ctx, tx, histChange{unit: id, oldText: u.Target.Plain(), oldCodes: codes, oldStatus: string(u.Status),
				newText: u.Target.Plain(), newCodes: codes, newStatus: string(status), user: in.User, via: ViaCarryOver, when: now,
				note: fmt.Sprintf("carried over from unit %d", u.ID)}); err != nil {
				return st, err
			}
			if p.Exact {
				st.Carried++
			} else {
				st.Fuzzy++
			}
		}
	}
	return st, nil
}

func segmentUnits(ctx context.Context, sel *sql.Stmt, segID, memory int64) ([]tm.Unit, error) {
	rows, err := sel.QueryContext(ctx, segID, memory)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []tm.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, dbError(err)
		}
		out = append(out, u)
	}
	return out, dbError(rows.Err())
}

// Translations returns, for each given segment that has one, its
// translation into lang (a language without a region also matches its
// regional variants): the most trusted status first, then the most
// recently changed. The map is keyed by segment ID.
func (db *DB) Translations(ctx context.Context, segIDs []int64, lang tm.Lang) (map[int64]tm.Unit, error) {
	out := map[int64]tm.Unit{}
	err := db.view(ctx, func(tx *sql.Tx) error {
		var args []any
		cond := langClause("tgt_lang", lang, &args)
		stmt, err := tx.PrepareContext(ctx, `SELECT `+unitColumns+` FROM units WHERE segment_id = ? AND deleted IS NULL AND `+cond+`
			ORDER BY CASE status WHEN 'final' THEN 0 WHEN 'reviewed' THEN 1 WHEN 'translated' THEN 2
			WHEN 'needs-review' THEN 3 WHEN 'draft' THEN 4 ELSE 5 END, changed DESC, id DESC LIMIT 1`)
		if err != nil {
			return dbError(err)
		}
		defer stmt.Close()
		for _, id := range segIDs {
			u, err := scanUnit(stmt.QueryRowContext(ctx, append([]any{id}, args...)...))
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return dbError(err)
			}
			out[id] = u
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("translations into %s: %w", lang, err)
	}
	return out, nil
}
