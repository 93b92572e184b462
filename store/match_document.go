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
	// Memories, when not empty, restricts to these memories (ENOTFOUND
	// for an unknown name).
	Memories []string
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
// the previous and next segments as context: a unit stored with the same
// neighbours, or stored as the translation of a segment with the same text
// at the same index of this or an earlier version of the document, is a
// 101 in-context match. An unknown document or version is an ENOTFOUND
// error.
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
	byPos, err := db.positionUnits(ctx, doc.ID, ver.Number, to)
	if err != nil {
		return res, err
	}
	seen := map[string]bool{}
	res.Segments = make([]SegmentMatches, len(segs))
	for i, s := range segs {
		sm := SegmentMatches{Segment: s, Repetition: seen[s.Hash]}
		seen[s.Hash] = true
		if res.Pairs && tm.Normalize(s.Text) != "" {
			lo := LookupOptions{Min: opts.Min, Limit: limit, Context: true, NoDiff: true, ContextUnits: byPos[position{s.Index, s.Hash}], Memories: opts.Memories}
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

// position is a segment's place in a document and its text hash.
type position struct {
	idx  int
	hash string
}

// positionUnits returns the units translating into to's language the
// segments of versions 1…number of a document, by segment position.
func (db *DB) positionUnits(ctx context.Context, docID int64, number int, to tm.Lang) (map[position]map[int64]bool, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT u.id, u.tgt_lang, s.idx, s.hash
		FROM versions v JOIN segments s ON s.version_id = v.id JOIN units u ON u.segment_id = s.id
		WHERE v.doc_id = ? AND v.number <= ? AND u.deleted IS NULL`, docID, number)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[position]map[int64]bool{}
	for rows.Next() {
		var id int64
		var tgt string
		var p position
		if err := rows.Scan(&id, &tgt, &p.idx, &p.hash); err != nil {
			return nil, dbError(err)
		}
		if tm.Lang(tgt).Base() != to.Base() {
			continue
		}
		if out[p] == nil {
			out[p] = map[int64]bool{}
		}
		out[p][id] = true
	}
	return out, dbError(rows.Err())
}
