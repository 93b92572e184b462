package main

import (
	"context"
	"fmt"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// versionCarry aligns a new version to the previous one for
// store.AddVersionInput.Carry: unchanged and moved segments keep their
// translations, modified ones get the old translation for review. It
// remembers the alignment so the report can summarise it.
type versionCarry struct {
	va *align.VersionAlignment
}

// pairs is the store.AddVersionInput.Carry function.
func (c *versionCarry) pairs(old, new []tm.Segment) []store.CarryPair {
	va := align.Versions(old, new)
	c.va = &va
	var out []store.CarryPair
	for _, p := range va.Pairs {
		switch p.Change {
		case align.Unchanged:
			out = append(out, store.CarryPair{Old: p.Old, New: p.New, Exact: true, InContext: true, Similarity: 100})
		case align.Moved:
			out = append(out, store.CarryPair{Old: p.Old, New: p.New, Exact: true, Similarity: 100})
		case align.Modified:
			out = append(out, store.CarryPair{Old: p.Old, New: p.New, Similarity: p.Score})
		}
	}
	return out
}

// report brings the indexes up to date with the carried translations and
// summarises what changed; nil when no previous version was compared.
func (c *versionCarry) report(ctx context.Context, db *store.DB, res store.AddResult) (*carryOverResult, error) {
	if c.va == nil || res.Previous == nil {
		return nil, nil
	}
	// AddVersion indexed the carried translations in its transaction.
	st := res.Carried
	s := c.va.Summary
	carried := "no translations to carry over"
	if n := st.Carried + st.Fuzzy; n > 0 {
		carried = fmt.Sprintf("%s carried over (%d to review)", plural(n, "translation", "translations"), st.Fuzzy)
	}
	return &carryOverResult{
		Carried:  st.Carried + st.Fuzzy,
		ToReview: st.Fuzzy,
		Changes:  s,
		Summary: fmt.Sprintf("compared with version %d: %d unchanged, %d modified, %d moved, %d new, %d deleted; %s",
			res.Previous.Number, s.Unchanged, s.Modified, s.Moved, s.Inserted, s.Deleted, carried),
	}, nil
}
