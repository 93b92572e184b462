package store_test

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/worddiff"
)

// addUnit inserts a de→en unit the way an import stores it.
func addUnit(tb testing.TB, db *store.DB, src, tgt, prev, next, created string) {
	tb.Helper()
	ph, nh := "", ""
	if prev != "" {
		ph = tm.Hash(prev)
	}
	if next != "" {
		nh = tm.Hash(next)
	}
	if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed, prev_hash, next_hash, origin)
		VALUES ('de', 'en', ?, ?, ?, ?, ?, ?, ?, 'tmx')`, src, tm.Hash(src), tgt, created, created, ph, nh); err != nil {
		tb.Fatal(err)
	}
}

const (
	sentence = "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	prevSeg  = "Das Ministerium hat die Regeln geändert."
	nextSeg  = "Sie gilt für alle Betriebe."
)

func smallMemory(t *testing.T) *store.DB {
	db := MustOpenDB(t)
	addUnit(t, db, sentence, "The new rule takes effect on 19 June.", prevSeg, nextSeg, "2026-01-01T00:00:00.000Z")
	addUnit(t, db, "Die alte Regelung tritt am 19. Juni in ganz Kraft.", "The old rule takes effect on 19 June.", "", "", "2026-01-02T00:00:00.000Z")
	addUnit(t, db, "Manasse ist ein einzigartiger Parfümeur mit vielen Seminaren.", "Manasse is a unique perfumer.", "", "", "2026-01-03T00:00:00.000Z")
	addUnit(t, db, "Ich hatte Gelegenheit, eines seiner Seminare zu besuchen.", "I had the chance to attend one of his seminars.", "", "", "2026-01-03T00:00:00.000Z")
	return db
}

func TestLookup(t *testing.T) {
	ctx := context.Background()
	db := smallMemory(t)
	de, en := tm.MustLang("de"), tm.MustLang("en")
	look := func(t *testing.T, q string, opts store.LookupOptions) []match.Match {
		t.Helper()
		ms, err := db.Lookup(ctx, tm.Text(q), de, en, opts)
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	t.Run("Exact", func(t *testing.T) {
		ms := look(t, "Die neue  Regelung tritt am 19. Juni in ganz Kraft.", store.LookupOptions{})
		if len(ms) == 0 || ms[0].Score != 100 || ms[0].Kind != match.Exact {
			t.Fatalf("matches = %+v, want an exact 100 first", ms)
		}
		if ms[0].Unit.Target.Plain() != "The new rule takes effect on 19 June." {
			t.Errorf("target = %q", ms[0].Unit.Target.Plain())
		}
	})
	t.Run("InContext", func(t *testing.T) {
		ms := look(t, sentence, store.LookupOptions{Context: true, Prev: prevSeg, Next: nextSeg})
		if len(ms) == 0 || ms[0].Score != 101 || ms[0].Kind != match.InContext {
			t.Fatalf("matches = %+v, want 101 first", ms)
		}
		ms = look(t, sentence, store.LookupOptions{Context: true, Prev: "Etwas anderes.", Next: nextSeg})
		if ms[0].Score != 100 {
			t.Errorf("other context: score %d, want 100", ms[0].Score)
		}
	})
	// A query typed on macOS may be NFD: the match is exact and the diff
	// shows no change where only the normal form differs.
	t.Run("NFDQuery", func(t *testing.T) {
		ms := look(t, "Manasse ist ein einzigartiger Parfu\u0308meur mit vielen Seminaren.", store.LookupOptions{})
		if len(ms) == 0 || ms[0].Score != 100 {
			t.Fatalf("matches = %+v, want an exact 100 first", ms)
		}
		for _, op := range ms[0].Diff {
			if op.Kind != worddiff.Equal {
				t.Errorf("diff has %s %q", op.Kind, op.Text)
			}
		}
	})
	t.Run("NumberChange", func(t *testing.T) {
		ms := look(t, "Die neue Regelung tritt am 20. Juni in ganz Kraft.", store.LookupOptions{})
		if len(ms) == 0 || ms[0].Score < 95 || ms[0].Score > 99 || ms[0].Kind != match.Fuzzy {
			t.Fatalf("matches = %+v, want a fuzzy ≥ 95 first", ms)
		}
		var del []string
		for _, op := range ms[0].Diff {
			if op.Kind == worddiff.Delete {
				del = append(del, op.Text)
			}
		}
		if strings.Join(del, "|") != "20" {
			t.Errorf("diff deletes %q, want 20", del)
		}
	})
	t.Run("OneWordChange", func(t *testing.T) {
		ms := look(t, "Die neue Regelung tritt am 19. Juni in ganz Europa.", store.LookupOptions{})
		if len(ms) < 2 || ms[0].Score < 85 || ms[0].Score > 94 {
			t.Fatalf("matches = %+v, want 85–94", ms)
		}
		if ms[0].Unit.Source.Plain() != sentence {
			t.Errorf("best = %q, want %q", ms[0].Unit.Source.Plain(), sentence)
		}
	})
	t.Run("Unrelated", func(t *testing.T) {
		for _, m := range look(t, "Morgen regnet es wahrscheinlich im ganzen Norden des Landes.", store.LookupOptions{Min: 1}) {
			if m.Score >= 50 {
				t.Errorf("unrelated text scored %d against %q", m.Score, m.Unit.Source.Plain())
			}
		}
	})
	t.Run("MinAndLimit", func(t *testing.T) {
		if ms := look(t, "Die alte Regelung tritt am 19. Juni in ganz Kraft.", store.LookupOptions{Limit: 1}); len(ms) != 1 || ms[0].Score != 100 {
			t.Errorf("limit 1: %+v", ms)
		}
		if ms := look(t, "Die alte Regelung tritt am 20. Juni in Kraft.", store.LookupOptions{Min: 99}); len(ms) != 0 {
			t.Errorf("min 99: %+v", ms)
		}
	})
	t.Run("TiesPreferNewer", func(t *testing.T) {
		ms := look(t, "Die mittlere Regelung tritt am 19. Juni in ganz Kraft.", store.LookupOptions{})
		if len(ms) < 2 || ms[0].Score != ms[1].Score || ms[0].Unit.Source.Plain() != "Die alte Regelung tritt am 19. Juni in ganz Kraft." {
			t.Errorf("matches = %+v, want the newer of two ties first", ms)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := db.Lookup(ctx, tm.Text("  "), de, en, store.LookupOptions{}); tm.ErrorCode(err) != tm.EINVALID {
			t.Errorf("empty query: %v", err)
		}
		if _, err := db.Lookup(ctx, tm.Text("x"), de, en, store.LookupOptions{Min: 101}); tm.ErrorCode(err) != tm.EINVALID {
			t.Errorf("min 101: %v", err)
		}
	})
	t.Run("OtherPair", func(t *testing.T) {
		ms, err := db.Lookup(ctx, tm.Text(sentence), de, tm.MustLang("fr"), store.LookupOptions{})
		if err != nil || len(ms) != 0 {
			t.Errorf("de→fr: %+v, %v", ms, err)
		}
		ms, err = db.Lookup(ctx, tm.Text(sentence), tm.MustLang("de-AT"), tm.MustLang("en-GB"), store.LookupOptions{})
		if err != nil || len(ms) == 0 || ms[0].Score != 100 {
			t.Errorf("de-AT→en-GB: %+v, %v", ms, err)
		}
	})
}

func TestIndexMatchesIncremental(t *testing.T) {
	ctx := context.Background()
	db := smallMemory(t)
	if n, err := db.IndexMatches(ctx); err != nil || n != 4 {
		t.Fatalf("IndexMatches = %d, %v; want 4", n, err)
	}
	if n, err := db.IndexMatches(ctx); err != nil || n != 0 {
		t.Fatalf("second IndexMatches = %d, %v; want 0", n, err)
	}
	addUnit(t, db, "Die neue Regelung tritt am 19. Juni in halb Kraft.", "x", "", "", "2026-02-01T00:00:00.000Z")
	ms, err := db.Lookup(ctx, tm.Text("Die neue Regelung tritt am 19. Juni in halb Kraft!"), "de", "en", store.LookupOptions{})
	if err != nil || len(ms) == 0 || ms[0].Score != 99 {
		t.Fatalf("after an append: %+v, %v", ms, err)
	}
	if n, err := db.RebuildMatchIndex(ctx); err != nil || n != 5 {
		t.Fatalf("RebuildMatchIndex = %d, %v", n, err)
	}
	ms2, err := db.Lookup(ctx, tm.Text("Die neue Regelung tritt am 19. Juni in halb Kraft!"), "de", "en", store.LookupOptions{})
	if err != nil || len(ms2) != len(ms) || ms2[0].Unit.ID != ms[0].Unit.ID {
		t.Fatalf("after rebuild: %+v, %v", ms2, err)
	}
}

// TestLookupRecall compares the index against scoring every unit.
func TestLookupRecall(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	rng := rand.New(rand.NewSource(1))
	vocab := strings.Fields("der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man Regierung Vertrag Jahr Stadt Haus Land Freund Schule Arbeit Wasser")
	size := 3000
	if testing.Short() {
		size = 800
	}
	var texts []string
	for i := 0; i < size; i++ {
		n := 3 + rng.Intn(15)
		w := make([]string, n)
		for j := range w {
			w[j] = vocab[rng.Intn(len(vocab))]
			if rng.Intn(12) == 0 {
				w[j] = fmt.Sprint(rng.Intn(100))
			}
		}
		s := strings.Join(w, " ") + "."
		texts = append(texts, s)
		addUnit(t, db, s, "t", "", "", "2026-01-01T00:00:00.000Z")
	}
	m, err := db.NewMatcher(ctx, "de", "en")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var sc match.Scorer
	misses, found := 0, 0
	for k := 0; k < 200; k++ {
		w := strings.Fields(strings.TrimSuffix(texts[rng.Intn(len(texts))], "."))
		w[rng.Intn(len(w))] = vocab[rng.Intn(len(vocab))]
		if rng.Intn(2) == 0 && len(w) > 3 {
			w = w[1:]
		}
		q := strings.Join(w, " ") + "."
		qp := match.PrepareString(q)
		best := 0
		for _, s := range texts {
			if v, ok := sc.Score(qp, match.PrepareString(s), 70); ok && v > best {
				best = v
			}
		}
		ms, err := m.Lookup(ctx, tm.Text(q), store.LookupOptions{Min: 70, Limit: 1, NoDiff: true})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if len(ms) > 0 {
			got = ms[0].Score
		}
		if best > 0 {
			found++
		}
		if got != best {
			misses++
			t.Errorf("%q: index found %d, brute force %d", q, got, best)
		}
	}
	if found < 50 {
		t.Errorf("only %d of 200 queries have a match ≥ 70: the test does not exercise the index", found)
	}
	t.Logf("%d queries with a match ≥ 70, %d misses", found, misses)
}

// The same translation stored twice (imported under de-DE/en-US and under
// de/en, or from two files) is one suggestion: it must not fill two of the
// --limit places, in exact or fuzzy matches; the newer copy is shown.
func TestLookupDistinctSuggestions(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	add := func(src, tgt, sl, tl, created string) {
		t.Helper()
		if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed, origin)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'tmx')`, sl, tl, src, tm.Hash(src), tgt, created, created); err != nil {
			t.Fatal(err)
		}
	}
	add(sentence, "The new rule takes effect on 19 June.", "de-DE", "en-US", "2026-01-01T00:00:00.000Z")
	add(sentence, "The new rule takes effect on 19 June.", "de", "en", "2026-01-02T00:00:00.000Z")
	add(sentence, "The new rule enters into force on 19 June.", "de", "en", "2025-12-01T00:00:00.000Z")
	old := "Die alte Regelung tritt am 19. Juni in ganz Kraft."
	add(old, "The old rule takes effect on 19 June.", "de-DE", "en-US", "2026-01-01T00:00:00.000Z")
	add(old, "The old rule takes effect on 19 June.", "de", "en", "2026-01-03T00:00:00.000Z")
	add(old, "The former rule takes effect on 19 June.", "de", "en", "2025-12-01T00:00:00.000Z")
	for _, q := range []string{sentence, "Die alte Regelung tritt am 20. Juni in ganz Kraft."} {
		ms, err := db.Lookup(ctx, tm.Text(q), "de", "en", store.LookupOptions{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 || ms[0].Unit.Target.Plain() == ms[1].Unit.Target.Plain() {
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%d %s %s", m.Score, m.Unit.SourceLang, m.Unit.Target.Plain()))
			}
			t.Errorf("%q: matches %q, want two different translations", q, got)
			continue
		}
		if ms[0].Unit.SourceLang != "de" {
			t.Errorf("%q: the older copy (%s) was kept", q, ms[0].Unit.SourceLang)
		}
	}
}

// TestLookupRecallNumberedTemplates checks lookups on a memory of template
// sentences that differ only in their numbers, where every unit shares all
// folded keys with the query and only the exact values of the numbers tell
// the candidates apart: the whole top list (scores, then the tie-breaks by
// recency and id) must equal that of scoring every unit.
func TestLookupRecallNumberedTemplates(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	rng := rand.New(rand.NewSource(7))
	size := 2000
	if testing.Short() {
		size = 600
	}
	type unit struct {
		id      int64
		src     string
		created string // the later of created and changed
	}
	var units []unit
	for i := 0; i < size; i++ {
		var s string
		switch i % 4 {
		case 0, 1:
			s = fmt.Sprintf("Satz Nummer %d über Dinge %d.", i, i%13)
		case 2:
			s = fmt.Sprintf("Seite %d von %d, Kapitel %d.", i, i%7, i%5)
		default:
			s = fmt.Sprintf("Am %d.%d. wurden %d Stück für %d,%d Euro geliefert.", 1+i%28, 1+i%12, i, i%100, i%10)
		}
		created := fmt.Sprintf("2026-01-%02dT00:00:00.000Z", 1+rng.Intn(3))
		addUnit(t, db, s, "t", "", "", created)
		units = append(units, unit{int64(i + 1), s, created})
	}
	// Ties are broken by recency (the later of created and changed), then
	// usage, then id: vary all three.
	if err := store.ExecForTest(db, `UPDATE units SET usage = id % 3`); err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, `UPDATE units SET changed = '2026-02-01T00:00:00.000Z' WHERE id % 11 = 0`); err != nil {
		t.Fatal(err)
	}
	for i := range units {
		if units[i].id%11 == 0 {
			units[i].created = "2026-02-01T00:00:00.000Z"
		}
	}
	m, err := db.NewMatcher(ctx, "de", "en")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	queries := []string{"Satz Nummer 99999 über Dinge 500.", "Seite 1 von 2, Kapitel 3."}
	for i := 0; i < 40; i++ {
		j := rng.Intn(size)
		switch j % 4 {
		case 0, 1:
			queries = append(queries, fmt.Sprintf("Satz Nummer %d über Dinge %d.", j*37, rng.Intn(15)))
		case 2:
			queries = append(queries, fmt.Sprintf("Seite %d von %d, Kapitel %d.", rng.Intn(size), j%7, rng.Intn(6)))
		default:
			queries = append(queries, fmt.Sprintf("Am %d.%d. wurden %d Stück für %d,%d Euro geliefert.", 1+j%28, 1+rng.Intn(12), j, j%100, rng.Intn(10)))
		}
	}
	var sc match.Scorer
	const limit = 5
	for _, q := range queries {
		qp := match.PrepareString(q)
		type hit struct {
			score   int
			id      int64
			created string
		}
		var want []hit
		for _, u := range units {
			if v, ok := sc.Score(qp, match.PrepareString(u.src), 70); ok {
				want = append(want, hit{v, u.id, u.created})
			}
		}
		sort.Slice(want, func(a, b int) bool {
			x, y := want[a], want[b]
			if x.score != y.score {
				return x.score > y.score
			}
			if x.created != y.created {
				return x.created > y.created
			}
			if x.id%3 != y.id%3 { // usage
				return x.id%3 > y.id%3
			}
			return x.id > y.id
		})
		if len(want) > limit {
			want = want[:limit]
		}
		ms, err := m.Lookup(ctx, tm.Text(q), store.LookupOptions{Min: 70, Limit: limit, NoDiff: true})
		if err != nil {
			t.Fatal(err)
		}
		var got, exp []string
		for _, x := range ms {
			got = append(got, fmt.Sprintf("%d:%d", x.Unit.ID, x.Score))
		}
		for _, x := range want {
			exp = append(exp, fmt.Sprintf("%d:%d", x.id, x.score))
		}
		if strings.Join(got, " ") != strings.Join(exp, " ") {
			t.Errorf("%q:\n index       %v\n brute force %v", q, got, exp)
		}
	}
}

// Penalties rank in Go after the raw score, and the index pruning that
// relies on a penalty bound finds what a brute-force scan with penalties
// finds, with and without a memory filter (issue 10).
func TestLookupPenaltiesBruteForce(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	rng := rand.New(rand.NewSource(11))
	size := 600
	type unit struct {
		id      int64
		src     string
		created string
		legacy  bool
		aligned bool
	}
	var units []unit
	for i := 0; i < size; i++ {
		s := fmt.Sprintf("Satz Nummer %d über Dinge %d und %d.", i%40, i%13, i%7)
		if i%5 == 0 {
			s = fmt.Sprintf("Seite %d von %d.", i%9, i%4)
		}
		created := fmt.Sprintf("2026-01-%02dT00:00:00.000Z", 1+rng.Intn(3))
		addUnit(t, db, s, fmt.Sprintf("t%d", i), "", "", created)
		units = append(units, unit{id: int64(i + 1), src: s, created: created, legacy: i%3 == 0, aligned: i%4 == 0})
	}
	lg, err := db.CreateMemory(ctx, "legacy", "", 7) // origin alignment=1 by default
	if err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, fmt.Sprintf(`UPDATE units SET memory_id = %d WHERE (id - 1) %% 3 = 0`, lg.ID)); err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, `UPDATE units SET origin = 'alignment' WHERE (id - 1) % 4 = 0`); err != nil {
		t.Fatal(err)
	}
	m, err := db.NewMatcher(ctx, "de", "en")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var sc match.Scorer
	const limit, min = 5, 75
	for qi := 0; qi < 30; qi++ {
		q := fmt.Sprintf("Satz Nummer %d über Dinge %d und %d.", rng.Intn(45), rng.Intn(15), rng.Intn(8))
		if qi%6 == 0 {
			q = fmt.Sprintf("Seite %d von %d.", rng.Intn(10), rng.Intn(5))
		}
		for _, filter := range [][]string{nil, {"legacy"}, {"default"}} {
			qp := match.PrepareString(q)
			type hit struct {
				score   int
				id      int64
				created string
			}
			var want []hit
			for _, u := range units {
				if filter != nil && (filter[0] == "legacy") != u.legacy {
					continue
				}
				v, _ := sc.Score(qp, match.PrepareString(u.src), 0)
				if v >= 100 {
					v = 100
				}
				raw := v
				if u.legacy {
					v -= 7
					if u.aligned {
						v--
					}
					if raw == 100 && v > 99 {
						v = 99
					}
				}
				if v >= min || raw == 100 {
					want = append(want, hit{v, u.id, u.created})
				}
			}
			sort.Slice(want, func(a, b int) bool {
				x, y := want[a], want[b]
				if x.score != y.score {
					return x.score > y.score
				}
				if x.created != y.created {
					return x.created > y.created
				}
				return x.id > y.id
			})
			if len(want) > limit {
				want = want[:limit]
			}
			ms, err := m.Lookup(ctx, tm.Text(q), store.LookupOptions{Min: min, Limit: limit, NoDiff: true, Memories: filter})
			if err != nil {
				t.Fatal(err)
			}
			var got, exp []string
			for _, x := range ms {
				got = append(got, fmt.Sprintf("%d:%d", x.Unit.ID, x.Score))
			}
			for _, x := range want {
				exp = append(exp, fmt.Sprintf("%d:%d", x.id, x.score))
			}
			if strings.Join(got, " ") != strings.Join(exp, " ") {
				t.Errorf("%q %v:\n index       %v\n brute force %v", q, filter, got, exp)
			}
		}
	}
	if _, err := m.Lookup(ctx, tm.Text("Seite 1 von 2."), store.LookupOptions{Memories: []string{"nosuch"}}); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Errorf("unknown memory: %v", err)
	}
}
