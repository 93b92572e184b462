package store

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/korpus/korpus/tm"
)

// ConflictOptions select what Conflicts looks at.
type ConflictOptions struct {
	Memories []string // only these memories (none: all); an unknown name is ENOTFOUND
	From     tm.Lang  // source language: the tag or any tag under it ("de" finds "de-AT")
	To       tm.Lang  // target language, the same way
}

// Conflict is a source that one memory translates in more than one way
// into one target language.
type Conflict struct {
	Memory     string
	SourceLang tm.Lang
	TargetLang tm.Lang
	Source     string // the source text of the lowest unit id
	Units      int    // units holding the source
	Targets    []ConflictTarget
}

// ConflictTarget is one of a conflict's targets with the units that hold
// it. Targets that differ only in whitespace or inline codes are one
// target; Target is the text of its most recently changed unit.
type ConflictTarget struct {
	Target   string
	IDs      []int64   // by id
	Usage    int       // summed usage counts
	Created  time.Time // the oldest creation date
	Changed  time.Time // the newest change date
	Creators []string  // distinct, sorted ("" left out)
	Statuses []string  // distinct, sorted
	Origins  []string  // distinct, sorted ("" left out)
}

// Conflicts returns the sources that a memory holds with more than one
// distinct target (compared as tm.Normalize does: whitespace runs are one
// space; inline codes are ignored) for the same language pair, from one
// snapshot. Conflicts come by memory name, language pair and source text;
// a conflict's targets by number of units (most first), then newest change,
// then text. Sources are told apart by tm.Hash, as exact lookups do.
func (db *DB) Conflicts(ctx context.Context, o ConflictOptions) ([]Conflict, error) {
	var out []Conflict
	err := db.view(ctx, func(tx *sql.Tx) error {
		where, args, err := memoryWhere(ctx, tx, o.Memories)
		if err != nil {
			return err
		}
		if o.From != "" {
			where += ` AND ` + langClause("src_lang", o.From, &args)
		}
		if o.To != "" {
			where += ` AND ` + langClause("tgt_lang", o.To, &args)
		}
		// count(DISTINCT tgt_text) finds the candidates in SQL; Go then
		// folds whitespace and drops sources left with one target.
		q := `WITH c AS (SELECT memory_id, src_lang, tgt_lang, src_hash FROM units WHERE deleted IS NULL AND ` + where + `
				GROUP BY memory_id, src_lang, tgt_lang, src_hash HAVING count(DISTINCT tgt_text) > 1)
			SELECT ` + unitColumns + `, coalesce((SELECT name FROM memories m WHERE m.id = units.memory_id), ''), src_hash
			FROM units JOIN c USING (memory_id, src_lang, tgt_lang, src_hash)
			WHERE units.deleted IS NULL
			ORDER BY memory_id, src_lang, tgt_lang, src_hash, id`
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		type key struct {
			memory           int64
			srcLang, tgtLang tm.Lang
			hash             string
		}
		var cur key
		var group []StoredUnit
		flush := func() {
			if c, ok := conflictOf(group); ok {
				out = append(out, c)
			}
			group = group[:0]
		}
		for rows.Next() {
			var su StoredUnit
			var hash string
			u, err := scanUnit(&extraCols{s: rows, dest: []any{&su.Memory, &hash}})
			if err != nil {
				return dbError(err)
			}
			su.Unit = u
			k := key{u.MemoryID, u.SourceLang, u.TargetLang, hash}
			if k != cur && len(group) > 0 {
				flush()
			}
			cur = k
			group = append(group, su)
		}
		if err := rows.Err(); err != nil {
			return dbError(err)
		}
		flush()
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Memory != b.Memory {
			return a.Memory < b.Memory
		}
		if a.SourceLang != b.SourceLang {
			return a.SourceLang < b.SourceLang
		}
		if a.TargetLang != b.TargetLang {
			return a.TargetLang < b.TargetLang
		}
		return a.Source < b.Source
	})
	return out, err
}

// conflictOf builds the conflict of the units of one source (by id), or
// reports false when they have only one target.
func conflictOf(us []StoredUnit) (Conflict, bool) {
	if len(us) < 2 {
		return Conflict{}, false
	}
	byTarget := map[string]int{}
	var ts []ConflictTarget
	var newest []time.Time
	sets := []map[string]map[string]bool{}
	for _, u := range us {
		norm := tm.Normalize(u.Target.Plain())
		i, ok := byTarget[norm]
		if !ok {
			i = len(ts)
			byTarget[norm] = i
			ts = append(ts, ConflictTarget{Target: u.Target.Plain(), Created: u.Created, Changed: u.Changed})
			newest = append(newest, u.Changed)
			sets = append(sets, map[string]map[string]bool{"creator": {}, "status": {}, "origin": {}})
		}
		t := &ts[i]
		t.IDs = append(t.IDs, u.ID)
		t.Usage += u.Usage
		if u.Created.Before(t.Created) {
			t.Created = u.Created
		}
		if u.Changed.After(t.Changed) {
			t.Changed = u.Changed
		}
		if u.Changed.After(newest[i]) {
			newest[i] = u.Changed
			t.Target = u.Target.Plain()
		}
		sets[i]["creator"][u.Creator] = true
		sets[i]["status"][string(u.Status)] = true
		sets[i]["origin"][string(u.Origin)] = true
	}
	if len(ts) < 2 {
		return Conflict{}, false
	}
	for i := range ts {
		ts[i].Creators = sortedSet(sets[i]["creator"])
		ts[i].Statuses = sortedSet(sets[i]["status"])
		ts[i].Origins = sortedSet(sets[i]["origin"])
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if len(a.IDs) != len(b.IDs) {
			return len(a.IDs) > len(b.IDs)
		}
		if !a.Changed.Equal(b.Changed) {
			return a.Changed.After(b.Changed)
		}
		return a.Target < b.Target
	})
	first := us[0]
	return Conflict{Memory: first.Memory, SourceLang: first.SourceLang, TargetLang: first.TargetLang,
		Source: first.Source.Plain(), Units: len(us), Targets: ts}, true
}

// sortedSet returns the non-empty members of set, sorted.
func sortedSet(set map[string]bool) []string {
	out := []string{}
	for s := range set {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
