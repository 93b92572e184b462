package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"sort"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"golang.org/x/text/unicode/norm"
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
	// ContextUnits are units that are in context whatever their stored
	// neighbours: translations of the same segment at the same position of
	// the document (MatchDocument fills it).
	ContextUnits map[int64]bool
	// NoDiff skips the word diff of each match (pretranslate and analyze
	// have no use for it).
	NoDiff bool
	// Memories, when not empty, restricts the lookup to the memories of
	// these names; an unknown name is ENOTFOUND.
	Memories []string
}

// Lookup defaults.
const (
	DefaultMin   = 70
	DefaultLimit = 5
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
	srcStmt  *sql.Stmt
	exact    *sql.Stmt
	scorer   match.Scorer
	cache    map[uint64]*postings   // decoded posting lists by term
	cached   int                    // postings in cache
	memories map[int64]lookupMemory // by id, loaded once
	allow    map[int64]bool         // the memories of this lookup (nil: all)
	minDed   int                    // least points a match of this lookup loses
	// The match index covers the units up to mark; tail holds the posting
	// lists of this pair's units in (mark, top], built in memory by
	// refresh, and tailPairs their stored language tags.
	mark, top int64
	tail      map[uint64]*postings
	tailPairs [][2]string
	// Stats of the last Lookup, for benchmarks.
	Stats LookupStats
}

// LookupStats tells what the last lookup did.
type LookupStats struct {
	Terms      int // query terms
	Candidates int // units sharing a prefix term and passing the length filter
	Verified   int // units read and scored
	Decoded    int // postings read from the database (not from the cache)
}

// NewMatcher prepares lookups from one language to another. It never
// writes: units added since the match index was last built (by an import
// with --no-index, or one still running in another process) are indexed
// in memory for this matcher (see refresh), so a lookup is complete
// without the write lock and never waits for a writer.
func (db *DB) NewMatcher(ctx context.Context, from, to tm.Lang) (*Matcher, error) {
	if from == "" || to == "" {
		return nil, tm.Errorf(tm.EINVALID, "lookup needs a source and a target language")
	}
	m := &Matcher{db: db, from: from, to: to, salt: pairSalt(from, to), cache: map[uint64]*postings{}}
	var err error
	if m.memories, err = loadLookupMemories(ctx, db.db); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		s **sql.Stmt
		q string
	}{
		{&m.termStmt, `SELECT df, postings FROM match_terms WHERE term = ?`},
		{&m.unitStmt, `SELECT ` + unitColumns + ` FROM units WHERE id = ? AND deleted IS NULL`},
		{&m.srcStmt, `SELECT src_lang, tgt_lang, src_text, src_codes, created, changed, usage, memory_id, status, origin FROM units WHERE id = ? AND deleted IS NULL`},
		{&m.exact, `SELECT ` + unitColumns + `, prev_hash, next_hash FROM units WHERE src_lang = ? AND tgt_lang = ? AND src_hash = ? AND deleted IS NULL`},
	} {
		if *p.s, err = db.db.PrepareContext(ctx, p.q); err != nil {
			m.Close()
			return nil, dbError(err)
		}
	}
	if err := m.refresh(ctx); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// refresh brings the matcher up to the last committed state: the match
// index covers the units up to its watermark (mark); the units above it,
// up to the highest id (top), are the tail, tokenized here into in-memory
// posting lists that list appends to the stored ones. A matcher that
// lives long (lookup -) calls it before every lookup, which costs one
// query when nothing changed and reads only the units added since.
func (m *Matcher) refresh(ctx context.Context) error {
	var top, mark int64
	if err := m.db.db.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM units), 0),
		coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)`, matchWatermarkKey).Scan(&top, &mark); err != nil {
		return dbError(err)
	}
	if mark > top {
		mark = top // the newest units were deleted
	}
	if m.tail != nil && top == m.top && mark == m.mark {
		return nil
	}
	start := m.top
	if m.tail == nil || mark != m.mark || top < m.top {
		m.tail, m.tailPairs, start = map[uint64]*postings{}, nil, mark
	}
	if top > start {
		if err := m.indexTail(ctx, start, top); err != nil {
			return err
		}
	}
	m.mark, m.top = mark, top
	// The decoded lists hold the old tail: drop them.
	m.cache, m.cached = map[uint64]*postings{}, 0
	return m.loadPairs(ctx)
}

// indexTail adds the units with lo < id ≤ hi of the matcher's language
// pair to the in-memory tail, as indexWindow would add them to the index
// (the same terms, the same length limit).
func (m *Matcher) indexTail(ctx context.Context, lo, hi int64) error {
	rows, err := m.db.db.QueryContext(ctx, `SELECT id, src_lang, tgt_lang, src_text FROM units
		WHERE id > ? AND id <= ? AND length(CAST(src_text AS BLOB)) <= ? ORDER BY id`, lo, hi, m.db.maxSegment())
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	seen := map[[2]string]bool{}
	for _, p := range m.tailPairs {
		seen[p] = true
	}
	for rows.Next() {
		var id int64
		var src, tgt, text string
		if err := rows.Scan(&id, &src, &tgt, &text); err != nil {
			return dbError(err)
		}
		if tm.Lang(src).Base() != m.from.Base() || tm.Lang(tgt).Base() != m.to.Base() {
			continue
		}
		if pair := [2]string{src, tgt}; !seen[pair] {
			seen[pair] = true
			m.tailPairs = append(m.tailPairs, pair)
		}
		p := match.PrepareString(text)
		words := p.Len()
		if words > 65535 {
			words = 65535
		}
		for _, t := range append(p.Terms(m.salt), p.NumberTerms(m.salt)...) {
			pl := m.tail[t]
			if pl == nil {
				pl = &postings{}
				m.tail[t] = pl
			}
			pl.ids = append(pl.ids, uint32(id))
			pl.words = append(pl.words, uint16(words))
		}
	}
	return dbError(rows.Err())
}

// loadPairs reads the stored language tags of the matcher's pair: those
// the match index knows and those of the tail.
func (m *Matcher) loadPairs(ctx context.Context) error {
	rows, err := m.db.db.QueryContext(ctx, `SELECT src_lang, tgt_lang FROM match_langs`)
	if err != nil {
		return dbError(err)
	}
	defer rows.Close()
	m.pairs = m.pairs[:0]
	seen := map[[2]string]bool{}
	for rows.Next() {
		var s, t string
		if err := rows.Scan(&s, &t); err != nil {
			return dbError(err)
		}
		if tm.Lang(s).Base() == m.from.Base() && tm.Lang(t).Base() == m.to.Base() {
			m.pairs = append(m.pairs, [2]string{s, t})
			seen[[2]string{s, t}] = true
		}
	}
	if err := rows.Err(); err != nil {
		return dbError(err)
	}
	for _, p := range m.tailPairs {
		if !seen[p] {
			m.pairs = append(m.pairs, p)
		}
	}
	return nil
}

// Close releases the prepared statements.
func (m *Matcher) Close() error {
	for _, s := range []*sql.Stmt{m.termStmt, m.unitStmt, m.srcStmt, m.exact} {
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
	if err := m.restrict(opts.Memories); err != nil {
		return nil, err
	}
	if err := m.refresh(ctx); err != nil {
		return nil, err
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
			if !m.allowed(u.MemoryID) {
				continue
			}
			sc, _ := m.scorer.Score(q, match.Prepare(u.Source), 0)
			if sc < match.ScoreExact {
				// Same normalised text, different codes.
				if x := m.penalise(sc, match.Fuzzy, u); x.Score >= min {
					out = addDistinct(out, x)
				}
				continue
			}
			sc = match.ScoreExact
			if opts.Context && ph == prev && nh == next && (ph != "" || nh != "") || opts.ContextUnits[u.ID] {
				sc = match.ScoreContext
			}
			out = addDistinct(out, m.penalise(sc, match.KindOf(sc), u))
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
		// Stored text is NFC; a query typed on macOS may be NFD.
		nfcPlain := norm.NFC.String(plain)
		for i := range out {
			out[i].Diff = match.Diff(nfcPlain, out[i].Unit.Source.Plain())
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
	id    uint32
	words uint16
	count uint16 // query terms it shares
	nums  uint16 // of those, number keys (all numbers share one key)
	exact uint16 // query numbers it shares as written (NumberTerms)
	ub    int8   // best score it can reach
}

// postings is one term's decoded posting list: unit ids ascending, with
// each unit's word count (capped at 65535).
type postings struct {
	ids   []uint32
	words []uint16
}

// maxCached is how many postings a Matcher keeps decoded between lookups
// (6 bytes each): bulk lookups read the lists of frequent words once.
const maxCached = 40_000_000

// list returns the postings of a term, from the cache or else the
// database's (the units up to mark) followed by the tail's (nil when the
// term is unknown).
func (m *Matcher) list(ctx context.Context, term uint64) (*postings, error) {
	if p, ok := m.cache[term]; ok {
		return p, nil
	}
	var df int64
	var blob []byte
	err := m.termStmt.QueryRowContext(ctx, int64(term)).Scan(&df, &blob)
	if err == sql.ErrNoRows {
		p := m.tail[term]
		m.cache[term] = p
		return p, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	tail := m.tail[term]
	var nt int
	if tail != nil {
		nt = len(tail.ids)
	}
	p := &postings{ids: make([]uint32, 0, int(df)+nt), words: make([]uint16, 0, int(df)+nt)}
	decodePostings(blob, func(id int64, words int) {
		// An index built since refresh read the watermark may hold units
		// of the tail too: they come from the tail, once.
		if id > m.mark {
			return
		}
		if words > 65535 {
			words = 65535
		}
		p.ids = append(p.ids, uint32(id))
		p.words = append(p.words, uint16(words))
	})
	if tail != nil {
		p.ids = append(p.ids, tail.ids...)
		p.words = append(p.words, tail.words...)
	}
	if m.cached+len(p.ids) > maxCached {
		m.cache = map[uint64]*postings{}
		m.cached = 0
	}
	m.cache[term] = p
	m.cached += len(p.ids)
	m.Stats.Decoded += len(p.ids)
	return p, nil
}

// fuzzy finds the units scoring ≥ min against q, best first, at most limit
// (plus ties), without scanning the memory:
//
//  1. The query's terms are sorted rarest first (by posting-list length).
//  2. A unit of m words scoring ≥ min shares ≥ ⌈max(n,m)·min/100⌉ terms
//     with the n-term query (match.MinOverlap), so it shares at least one
//     of the first n − ⌈n·min/100⌉ + 1 terms (the prefix filter). Only the
//     postings of those terms make candidates, and only units whose word
//     count lies in match.LengthBounds; they are merged in id order.
//  3. Every other term's sorted list is intersected with the candidates
//     by galloping search (cost ~ candidates × log(list/candidates), not
//     the list's length), counting shared terms exactly; a candidate that
//     can no longer reach its overlap bound is dropped at once.
//  4. The query's numbers are looked up by exact value (NumberTerms) in
//     the candidates, so the bound can charge 0.25 for each shared number
//     key no equal number can fill (match.UpperBoundNumbers).
//  5. Candidates are verified in order of the score their overlap allows
//     (match.UpperBoundNumbers): the source is read, tokenized and scored with a
//     banded edit distance whose limit is the current k-th best score;
//     verifying stops when the bound drops below it.
//
// Every step is lossless for the score, so the result equals a scan of the
// whole memory (tested against brute force).
func (m *Matcher) fuzzy(ctx context.Context, q *match.Prepared, min, limit int, seen map[int64]bool) ([]match.Match, error) {
	n := q.Len()
	hashes := q.Terms(m.salt)
	type qterm struct {
		p   *postings
		df  int
		num bool
	}
	terms := make([]qterm, len(hashes))
	for i, h := range hashes {
		p, err := m.list(ctx, h)
		if err != nil {
			return nil, err
		}
		terms[i].p = p
		terms[i].num = q.IsNumber(i)
		if p != nil {
			terms[i].df = len(p.ids)
		}
	}
	sort.SliceStable(terms, func(i, j int) bool { return terms[i].df < terms[j].df })
	m.Stats.Terms = n
	// The index prunes on raw scores: a match keeps min after penalties
	// only if its raw score is at least min plus the least penalty in play.
	pmin := min + m.minDed
	if pmin > 99 {
		return nil, nil // no fuzzy match can keep min
	}
	lo, hi := match.LengthBounds(n, pmin)
	if hi > 65535 {
		hi = 65535
	}
	need := (n*pmin + 99) / 100
	if need < 1 {
		need = 1
	}
	prefix := n - need + 1

	// 2. Candidates from the prefix lists, merged in id order.
	var cands, next []candidate
	for i := 0; i < prefix; i++ {
		p := terms[i].p
		if p == nil {
			continue
		}
		var num uint16
		if terms[i].num {
			num = 1
		}
		next = next[:0]
		a := 0
		for j, id := range p.ids {
			w := int(p.words[j])
			if w < lo || w > hi {
				continue
			}
			for a < len(cands) && cands[a].id < id {
				next = append(next, cands[a])
				a++
			}
			if a < len(cands) && cands[a].id == id {
				c := cands[a]
				c.count++
				c.nums += num
				next = append(next, c)
				a++
				continue
			}
			next = append(next, candidate{id: id, words: uint16(w), count: 1, nums: num})
		}
		next = append(next, cands[a:]...)
		cands, next = next, cands
	}
	m.Stats.Candidates = len(cands)

	// 3. Exact counts from the other lists, pruning as we go.
	for i := prefix; i < len(terms) && len(cands) > 0; i++ {
		if p := terms[i].p; p != nil {
			num := terms[i].num
			pos := 0
			for k := range cands {
				pos = gallop(p.ids, pos, cands[k].id)
				if pos == len(p.ids) {
					break
				}
				if p.ids[pos] == cands[k].id {
					cands[k].count++
					if num {
						cands[k].nums++
					}
				}
			}
		}
		left := n - i - 1
		kept := cands[:0]
		for _, c := range cands {
			if int(c.count)+left >= match.MinOverlap(n, int(c.words), pmin) {
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	list := cands[:0]
	for _, c := range cands {
		if seen[int64(c.id)] || int(c.count) < match.MinOverlap(n, int(c.words), pmin) {
			continue
		}
		list = append(list, c)
	}
	// 3b. Count the query's numbers each candidate has as written: a number
	// key shared with a different number still costs 0.25, so on texts
	// that differ only in numbers (templates) the bound then tells the
	// candidates apart instead of tying them all.
	if len(list) > 0 {
		for _, h := range q.NumberTerms(m.salt) {
			p, err := m.list(ctx, h)
			if err != nil {
				return nil, err
			}
			if p == nil {
				continue
			}
			pos := 0
			for k := range list {
				if list[k].nums == 0 {
					continue
				}
				pos = gallop(p.ids, pos, list[k].id)
				if pos == len(p.ids) {
					break
				}
				if p.ids[pos] == list[k].id {
					list[k].exact++
				}
			}
		}
	}
	kept := list[:0]
	for _, c := range list {
		ub := match.UpperBoundNumbers(n, int(c.words), int(c.count), int(c.nums), int(c.exact))
		if ub < pmin {
			continue
		}
		if ub > 99 {
			ub = 99
		}
		c.ub = int8(ub)
		kept = append(kept, c)
	}
	list = kept
	sort.Slice(list, func(i, j int) bool {
		if list[i].ub != list[j].ub {
			return list[i].ub > list[j].ub
		}
		return list[i].id > list[j].id
	})

	// 5. Verify.
	var out []match.Match
	floor := min // the (penalised) score a new match needs to enter the top limit
	for _, c := range list {
		if int(c.ub)-m.minDed < floor {
			break
		}
		// Score from the source alone; read the whole unit only for a match.
		var src, tgt, text, created, changed, status, origin string
		var codes sql.NullString
		var usage int
		var memID int64
		err := m.srcStmt.QueryRowContext(ctx, int64(c.id)).Scan(&src, &tgt, &text, &codes, &created, &changed, &usage, &memID, &status, &origin)
		if err == sql.ErrNoRows {
			continue // deleted since it was indexed
		}
		if err != nil {
			return nil, dbError(err)
		}
		m.Stats.Verified++
		if tm.Lang(src).Base() != m.from.Base() || tm.Lang(tgt).Base() != m.to.Base() || !m.allowed(memID) {
			continue
		}
		// This unit's penalties are known before scoring: its best score
		// after them is ub - ded, and it needs a raw floor + ded. (Fuzzy
		// raw scores are at most 99, so Apply is a plain subtraction.)
		ded := m.deduction(memID, origin, status)
		ub := int(c.ub) - ded
		if ub < floor {
			continue
		}
		// A candidate that can at best tie with the k-th kept match (the
		// worst: out is sorted) enters only if it ranks before it by
		// recency, usage and id; then it ranks before no other kept match
		// either, so addDistinct could not use it. On template memories
		// most candidates tie: this skips scoring them and reading each
		// whole unit.
		full := len(out) >= limit
		tieLoses := func() bool {
			tie := match.Match{Score: floor, Unit: tm.Unit{ID: int64(c.id), Created: parseTime(created), Changed: parseTime(changed), Usage: usage}}
			return !match.Better(&tie, &out[limit-1])
		}
		if full && ub == floor && tieLoses() {
			continue
		}
		raw, ok := m.scorer.Score(q, match.Prepare(contentOf(text, codes)), floor+ded)
		if !ok {
			continue
		}
		if raw > 99 {
			raw = 99
		}
		if sc := raw - ded; sc < floor || full && sc == floor && ub > floor && tieLoses() {
			continue
		}
		u, err := scanUnit(m.unitStmt.QueryRowContext(ctx, int64(c.id)))
		if err != nil {
			return nil, dbError(err)
		}
		out = addDistinct(out, m.penalise(raw, match.Fuzzy, u))
		if len(out) >= limit {
			// Sorted after every change, replacements by addDistinct
			// included, so out[limit-1] is always the worst kept.
			match.Sort(out)
			out = out[:limit]
			// Ties with the k-th score may still win on recency.
			floor = out[limit-1].Score
		}
	}
	return out, nil
}

// addDistinct appends m to ms unless ms holds a match with the same
// source and target (the same translation stored twice, e.g. under de-DE
// and de): one suggestion must not take two places of the limit. Of the
// two, the better (match.Better: higher score, then newer) is kept.
func addDistinct(ms []match.Match, m match.Match) []match.Match {
	for i := range ms {
		if sameContent(ms[i].Unit.Source, m.Unit.Source) && sameContent(ms[i].Unit.Target, m.Unit.Target) {
			if match.Better(&m, &ms[i]) {
				ms[i] = m
			}
			return ms
		}
	}
	return append(ms, m)
}

// gallop returns the first index ≥ from of ids (ascending) whose value is
// ≥ id, by exponential then binary search.
func gallop(ids []uint32, from int, id uint32) int {
	if from >= len(ids) || ids[from] >= id {
		return from
	}
	step := 1
	lo, hi := from, from+1
	for hi < len(ids) && ids[hi] < id {
		lo = hi
		step <<= 1
		hi = from + step
	}
	if hi > len(ids) {
		hi = len(ids)
	}
	// ids[lo] < id; the answer is in (lo, hi].
	return lo + 1 + sort.Search(hi-lo-1, func(k int) bool { return ids[lo+1+k] >= id })
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
