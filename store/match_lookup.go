package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"sort"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// LookupOptions tune a lookup.
type LookupOptions struct {
	// Min is the lowest fuzzy score returned (0–100; 0 means DefaultMin).
	Min int
	// Limit is the most matches returned (0 means DefaultLimit).
	Limit int
	// Context, when set, makes an exact match whose unit has the same
	// previous and next source segment (Prev, Next; "" at a document
	// boundary) an in-context match scoring 101.
	Context    bool
	Prev, Next string
	// NoDiff skips the word diff of each match (pretranslate and analyze
	// have no use for it).
	NoDiff bool
}

// Lookup defaults.
const (
	DefaultMin   = 70
	DefaultLimit = 5
	// scanBudget caps the postings decoded only to tighten candidate
	// counts (not to find candidates): above it, verifying is cheaper.
	scanBudget = 2_000_000
)

// Matcher answers many lookups for one language pair with prepared
// statements; the way `lookup -`, pretranslate and analyze query in bulk.
// It is not safe for concurrent use.
type Matcher struct {
	db       *DB
	from, to tm.Lang
	salt     uint64
	pairs    [][2]string // stored language tags with the query's bases
	termStmt *sql.Stmt
	unitStmt *sql.Stmt
	exact    *sql.Stmt
	scorer   match.Scorer
	// Stats of the last Lookup, for benchmarks.
	Stats LookupStats
}

// LookupStats tells what the last lookup did.
type LookupStats struct {
	Terms      int // query terms
	Candidates int // units sharing a prefix term and passing the length filter
	Verified   int // units read and scored
	Decoded    int // postings decoded
}

// NewMatcher brings the candidate index up to date (IndexMatches) and
// prepares lookups from one language to another.
func (db *DB) NewMatcher(ctx context.Context, from, to tm.Lang) (*Matcher, error) {
	if from == "" || to == "" {
		return nil, tm.Errorf(tm.EINVALID, "lookup needs a source and a target language")
	}
	if _, err := db.IndexMatches(ctx); err != nil {
		return nil, err
	}
	m := &Matcher{db: db, from: from, to: to, salt: pairSalt(from, to)}
	rows, err := db.db.QueryContext(ctx, `SELECT src_lang, tgt_lang FROM match_langs`)
	if err != nil {
		return nil, dbError(err)
	}
	for rows.Next() {
		var s, t string
		if err := rows.Scan(&s, &t); err != nil {
			rows.Close()
			return nil, dbError(err)
		}
		if tm.Lang(s).Base() == from.Base() && tm.Lang(t).Base() == to.Base() {
			m.pairs = append(m.pairs, [2]string{s, t})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, dbError(err)
	}
	for _, p := range []struct {
		s **sql.Stmt
		q string
	}{
		{&m.termStmt, `SELECT df, postings FROM match_terms WHERE term = ?`},
		{&m.unitStmt, `SELECT ` + unitColumns + ` FROM units WHERE id = ?`},
		{&m.exact, `SELECT ` + unitColumns + `, prev_hash, next_hash FROM units WHERE src_lang = ? AND tgt_lang = ? AND src_hash = ?`},
	} {
		if *p.s, err = db.db.PrepareContext(ctx, p.q); err != nil {
			m.Close()
			return nil, dbError(err)
		}
	}
	return m, nil
}

// Close releases the prepared statements.
func (m *Matcher) Close() error {
	for _, s := range []*sql.Stmt{m.termStmt, m.unitStmt, m.exact} {
		if s != nil {
			s.Close()
		}
	}
	return nil
}

// Lookup is NewMatcher and one Matcher.Lookup.
func (db *DB) Lookup(ctx context.Context, query tm.Content, from, to tm.Lang, opts LookupOptions) ([]match.Match, error) {
	m, err := db.NewMatcher(ctx, from, to)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	return m.Lookup(ctx, query, opts)
}

// contextHash is the stored form of a context segment: "" for none.
func contextHash(text string) string {
	if tm.Normalize(text) == "" {
		return ""
	}
	return tm.Hash(text)
}

// Lookup returns the best matches for query, best first (match.Better):
// in-context and exact matches from the units_exact index, then fuzzy
// matches ≥ opts.Min found through the candidate index and scored exactly.
// An empty query is an EINVALID error.
func (m *Matcher) Lookup(ctx context.Context, query tm.Content, opts LookupOptions) ([]match.Match, error) {
	plain := query.Plain()
	if tm.Normalize(plain) == "" {
		return nil, tm.Errorf(tm.EINVALID, "empty query")
	}
	if opts.Min < 0 || opts.Min > 100 {
		return nil, tm.Errorf(tm.EINVALID, "minimum score %d: must be between 0 and 100", opts.Min)
	}
	min := opts.Min
	if min == 0 {
		min = DefaultMin
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	m.Stats = LookupStats{}
	q := match.Prepare(query)
	var out []match.Match
	seen := map[int64]bool{}

	// Exact and in-context matches.
	hash := tm.Hash(plain)
	prev, next := contextHash(opts.Prev), contextHash(opts.Next)
	for _, p := range m.pairs {
		rows, err := m.exact.QueryContext(ctx, p[0], p[1], hash)
		if err != nil {
			return nil, dbError(err)
		}
		for rows.Next() {
			var ph, nh string
			u, err := scanUnitExtra(rows, &ph, &nh)
			if err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			seen[u.ID] = true
			sc, _ := m.scorer.Score(q, match.Prepare(u.Source), 0)
			if sc < match.ScoreExact {
				// Same normalised text, different codes.
				if sc >= min {
					out = append(out, match.Match{Score: sc, Kind: match.Fuzzy, Unit: u})
				}
				continue
			}
			sc = match.ScoreExact
			if opts.Context && ph == prev && nh == next && (ph != "" || nh != "") {
				sc = match.ScoreContext
			}
			out = append(out, match.Match{Score: sc, Kind: match.KindOf(sc), Unit: u})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, dbError(err)
		}
	}
	match.Sort(out)
	exact := 0
	for _, x := range out {
		if x.Score >= match.ScoreExact {
			exact++
		}
	}
	if exact < limit && q.Len() > 0 {
		fuzzy, err := m.fuzzy(ctx, q, min, limit, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, fuzzy...)
		match.Sort(out)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	if !opts.NoDiff {
		for i := range out {
			out[i].Diff = match.Diff(plain, out[i].Unit.Source.Plain())
		}
	}
	return out, nil
}

func scanUnitExtra(rows *sql.Rows, prev, next *string) (tm.Unit, error) {
	var u tm.Unit
	ex := &extraScanner{rows: rows, extra: []any{prev, next}}
	u, err := scanUnit(ex)
	return u, err
}

type extraScanner struct {
	rows  *sql.Rows
	extra []any
}

func (e *extraScanner) Scan(dest ...any) error {
	return e.rows.Scan(append(dest, e.extra...)...)
}

// candidate is a unit found through the index.
type candidate struct {
	id    int64
	words int32
	count int32 // query terms it shares (exact once all lists are read)
	ub    int32 // best score it can reach
}

// term is one query term with its document frequency.
type term struct {
	hash uint64
	df   int64
	post []byte
}

// fuzzy finds the units scoring ≥ min against q, best first, at most limit
// (plus ties), without scanning the memory:
//
//  1. Each query term's df is read; terms are taken rarest first.
//  2. A unit of m words scoring ≥ min shares ≥ ⌈n·min/100⌉ terms with the
//     n-term query (match.MinOverlap), so it shares at least one of the
//     first n − ⌈n·min/100⌉ + 1 terms (the prefix filter). Only the
//     postings of those terms make candidates, and only units whose word
//     count lies in match.LengthBounds.
//  3. The other terms' postings, rarest first, only raise the counts of
//     known candidates, while decoding them is cheaper than verifying the
//     candidates they could rule out. A candidate's count (plus the terms
//     not read) bounds its score (match.UpperBound).
//  4. Candidates are verified in order of that bound: read, tokenized and
//     scored with a banded edit distance whose limit is the current k-th
//     best score; verifying stops when the bound drops below it.
//
// Every step is lossless for the score, so the result equals a scan of the
// whole memory.
func (m *Matcher) fuzzy(ctx context.Context, q *match.Prepared, min, limit int, seen map[int64]bool) ([]match.Match, error) {
	n := q.Len()
	hashes := q.Terms(m.salt)
	terms := make([]term, len(hashes))
	for i, h := range hashes {
		terms[i].hash = h
		err := m.termStmt.QueryRowContext(ctx, int64(h)).Scan(&terms[i].df, &terms[i].post)
		if err != nil && err != sql.ErrNoRows {
			return nil, dbError(err)
		}
	}
	sort.SliceStable(terms, func(i, j int) bool { return terms[i].df < terms[j].df })
	m.Stats.Terms = n
	lo, hi := match.LengthBounds(n, min)
	need := (n*min + 99) / 100
	if need < 1 {
		need = 1
	}
	prefix := n - need + 1

	cands := map[int64]*candidate{}
	decoded := 0
	for i := 0; i < prefix; i++ {
		decoded += decodePostings(terms[i].post, func(id int64, words int) {
			if words < lo || words > hi {
				return
			}
			c := cands[id]
			if c == nil {
				c = &candidate{id: id, words: int32(words)}
				cands[id] = c
			}
			c.count++
		})
	}
	m.Stats.Candidates = len(cands)
	unread := 0
	for i := prefix; i < len(terms); i++ {
		if len(cands) == 0 {
			break
		}
		if decoded+int(terms[i].df) > scanBudget || terms[i].df > 1000*int64(len(cands)) {
			unread = len(terms) - i
			break
		}
		decoded += decodePostings(terms[i].post, func(id int64, words int) {
			if c := cands[id]; c != nil {
				c.count++
			}
		})
	}
	m.Stats.Decoded = decoded
	list := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		if seen[c.id] {
			continue
		}
		cnt := int(c.count) + unread
		if cnt < match.MinOverlap(n, int(c.words), min) {
			continue
		}
		c.ub = int32(match.UpperBound(n, int(c.words), cnt))
		if c.ub > 99 {
			c.ub = 99
		}
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].ub != list[j].ub {
			return list[i].ub > list[j].ub
		}
		return list[i].id > list[j].id
	})

	var out []match.Match
	floor := min // the score a new match needs to enter the top limit
	for _, c := range list {
		if int(c.ub) < floor {
			break
		}
		u, err := scanUnit(m.unitStmt.QueryRowContext(ctx, c.id))
		if err == sql.ErrNoRows {
			continue // deleted since it was indexed
		}
		if err != nil {
			return nil, dbError(err)
		}
		m.Stats.Verified++
		if u.SourceLang.Base() != m.from.Base() || u.TargetLang.Base() != m.to.Base() {
			continue
		}
		sc, ok := m.scorer.Score(q, match.Prepare(u.Source), floor)
		if !ok {
			continue
		}
		if sc > 99 {
			sc = 99
		}
		out = append(out, match.Match{Score: sc, Kind: match.Fuzzy, Unit: u})
		if len(out) >= limit {
			match.Sort(out)
			out = out[:limit]
			// Ties with the k-th score may still win on recency.
			floor = out[limit-1].Score
		}
	}
	return out, nil
}

// decodePostings calls fn for each (unit id, word count) of a postings
// blob and returns how many it decoded.
func decodePostings(b []byte, fn func(id int64, words int)) int {
	var id int64
	n := 0
	for len(b) > 0 {
		d, k := binary.Uvarint(b)
		if k <= 0 {
			return n
		}
		b = b[k:]
		if d == 0 { // a chunk starts: an absolute id follows
			a, k := binary.Uvarint(b)
			if k <= 0 {
				return n
			}
			b = b[k:]
			id = int64(a)
		} else {
			id += int64(d)
		}
		w, k := binary.Uvarint(b)
		if k <= 0 {
			return n
		}
		b = b[k:]
		fn(id, int(w))
		n++
	}
	return n
}
