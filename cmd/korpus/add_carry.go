package main

import (
	"context"
	"fmt"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

func init() { carryOverHook = carryOver }

// carryOver aligns a new version to the previous one and carries the
// translations over: unchanged and moved segments keep theirs, modified
// ones get the old translation for review.
func carryOver(ctx context.Context, db *store.DB, res store.AddResult) (*carryOverResult, error) {
	_, _, old, err := db.Version(ctx, res.Doc.Name, res.Previous.Number)
	if err != nil {
		return nil, err
	}
	_, _, new, err := db.Version(ctx, res.Doc.Name, res.Version.Number)
	if err != nil {
		return nil, err
	}
	va := align.Versions(old, new)
	st, err := db.CarryOver(ctx, carryInput(old, new, va))
	if err != nil {
		return nil, err
	}
	if st.Carried+st.Fuzzy > 0 {
		if _, err := db.IndexUnits(ctx); err != nil {
			return nil, err
		}
		if _, err := db.IndexMatches(ctx); err != nil {
			return nil, err
		}
	}
	s := va.Summary
	carried := "no translations to carry over"
	if n := st.Carried + st.Fuzzy; n > 0 {
		carried = fmt.Sprintf("%s carried over (%d to review)", plural(n, "translation", "translations"), st.Fuzzy)
	}
	return &carryOverResult{
		Carried: st.Carried + st.Fuzzy,
		Changes: s,
		Summary: fmt.Sprintf("compared with version %d: %d unchanged, %d modified, %d moved, %d new, %d deleted; %s",
			res.Previous.Number, s.Unchanged, s.Modified, s.Moved, s.Inserted, s.Deleted, carried),
	}, nil
}

// carryInput turns a version alignment into the pairs whose translations
// carry over.
func carryInput(old, new []tm.Segment, va align.VersionAlignment) store.CarryInput {
	in := store.CarryInput{Old: old, New: new}
	for _, p := range va.Pairs {
		switch p.Change {
		case align.Unchanged:
			in.Pairs = append(in.Pairs, store.CarryPair{Old: p.Old, New: p.New, Exact: true, InContext: true, Similarity: 100})
		case align.Moved:
			in.Pairs = append(in.Pairs, store.CarryPair{Old: p.Old, New: p.New, Exact: true, Similarity: 100})
		case align.Modified:
			in.Pairs = append(in.Pairs, store.CarryPair{Old: p.Old, New: p.New, Similarity: p.Score})
		}
	}
	return in
}
