package store

import (
	"context"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// DocMatchOptions tune MatchDocument.
type DocMatchOptions struct {
	Min   int // lowest fuzzy score kept (0: DefaultMin)
	Limit int // matches kept per segment (0: 1)
}

// SegmentMatches is one segment of a document with its best matches.
type SegmentMatches struct {
	Segment tm.Segment
	Matches []match.Match // best first; empty when none reaches Min
	// Repetition is set when the same normalised text occurs earlier in
	// the document.
	Repetition bool
}

// DocMatches is a document version looked up segment by segment.
type DocMatches struct {
	Doc      tm.Document
	Version  tm.Version
	Segments []SegmentMatches
	// Pairs is false when the memory holds no unit of the language pair.
	Pairs bool
}

// MatchDocument looks up every segment of a document version (number 0:
// the latest) against the units from the document's language to to, with
// the previous and next segments as context (so a unit stored with the
// same neighbours is a 101 in-context match). An unknown document or
// version is an ENOTFOUND error.
func (db *DB) MatchDocument(ctx context.Context, name string, number int, to tm.Lang, opts DocMatchOptions) (DocMatches, error) {
	var res DocMatches
	doc, ver, segs, err := db.Version(ctx, name, number)
	if err != nil {
		return res, err
	}
	res.Doc, res.Version = doc, ver
	m, err := db.NewMatcher(ctx, doc.Lang, to)
	if err != nil {
		return res, err
	}
	defer m.Close()
	res.Pairs = len(m.pairs) > 0
	limit := opts.Limit
	if limit <= 0 {
		limit = 1
	}
	seen := map[string]bool{}
	res.Segments = make([]SegmentMatches, len(segs))
	for i, s := range segs {
		sm := SegmentMatches{Segment: s, Repetition: seen[s.Hash]}
		seen[s.Hash] = true
		if res.Pairs && tm.Normalize(s.Text) != "" {
			lo := LookupOptions{Min: opts.Min, Limit: limit, Context: true, NoDiff: true}
			if i > 0 {
				lo.Prev = segs[i-1].Text
			}
			if i+1 < len(segs) {
				lo.Next = segs[i+1].Text
			}
			ms, err := m.Lookup(ctx, tm.Text(s.Text), lo)
			if err != nil {
				return res, err
			}
			sm.Matches = ms
		}
		res.Segments[i] = sm
	}
	return res, nil
}

// Pairs returns the stored language pairs the matcher searches.
func (m *Matcher) Pairs() [][2]string { return m.pairs }
