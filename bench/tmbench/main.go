// Command tmbench measures korpus's translation-memory lookups on a large
// generated memory: it builds a German→English memory from the UD German
// GSD sentences (mutated: recombined halves, swapped words, new compounds,
// changed numbers), imports it through the store API into a database
// outside the repository, builds the indexes, then runs queries (1/3 exact,
// 1/3 light edits, 1/3 unrelated sentences of the seed article) and
// reports lookup latency, recall@1 against scoring every unit, index build
// time and database size. With -templates it also adds numbered template
// sentences that differ only in numbers, and queries for them. With -doc
// it also adds a document of the queries for timing `korpus analyze` and
// `korpus pretranslate`.
//
// Run it from the repository root:
//
//	go run -tags sqlite_fts5 ./bench/tmbench -units 1000000 -db /tmp/tmbench.db
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/segment"
)

var errEOF = io.EOF

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tmbench:", err)
		os.Exit(1)
	}
}

type query struct {
	kind string // exact, edit, unrelated, template
	text string
}

func run() error {
	dbPath := flag.String("db", "/tmp/tmbench.db", "database to create (outside the repository); reused when it exists")
	units := flag.Int("units", 1_000_000, "units to generate")
	nq := flag.Int("queries", 1000, "queries to run")
	seed := flag.Int64("seed", 1, "random seed")
	brute := flag.Bool("brute", true, "compute recall@1 against scoring every unit")
	cold := flag.Int("cold", 100, "queries also run each with a fresh Matcher (empty cache), as one `korpus lookup` would")
	rebuild := flag.Bool("rebuild", false, "rebuild the match index of a reused database and time it")
	doc := flag.Int("doc", 1000, "segments of the document added for analyze/pretranslate (0: none)")
	udFile := flag.String("ud", filepath.Join("..", "shared", "corpus", "segmentation", "ud-de-gsd-dev.jsonl"), "UD German sentences (JSON lines) seeding the generator")
	templates := flag.Int("templates", 0, "numbered template units added to the memory (\"Satz Nummer N über Dinge M.\", differing only in numbers), with a third as many template queries (0: none)")
	articleFile := flag.String("article", filepath.Join("testdata", "korea-in-der-welt.de.txt"), "text whose sentences are the unrelated queries")
	flag.Parse()
	ctx := context.Background()
	g, err := newGenerator(*udFile, *seed)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(*dbPath)
	reuse := statErr == nil
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	r := &unitReader{g: g, n: *units, seen: map[string]bool{}, templates: *templates}
	if reuse {
		// Regenerate the same sources (the generator is deterministic) for
		// the queries and the brute force, without importing them again.
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
		fmt.Printf("reusing %s (%d units regenerated in memory)\n", *dbPath, len(r.sources))
	} else {
		t0 := time.Now()
		stats, err := importUnits(ctx, db, r)
		if err != nil {
			return err
		}
		fmt.Printf("import: %d units in %.1fs (%+v)\n", len(r.sources), time.Since(t0).Seconds(), stats)
		t0 = time.Now()
		if _, err := db.IndexUnits(ctx); err != nil {
			return err
		}
		fmt.Printf("full-text index (IndexUnits): %.1fs\n", time.Since(t0).Seconds())
	}
	if *rebuild {
		t := time.Now()
		n, err := db.RebuildMatchIndex(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("match index rebuilt (RebuildMatchIndex): %d units in %.1fs\n", n, time.Since(t).Seconds())
	}
	t0 := time.Now()
	n, err := db.IndexMatches(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Printf("match index (IndexMatches): %d units in %.1fs\n", n, time.Since(t0).Seconds())
	}
	if sz, err := dirSize(*dbPath); err == nil {
		fmt.Printf("database size: %.0f MiB\n", float64(sz)/(1<<20))
	}

	// Queries: a third exact, a third light edits, a third unrelated.
	qr := rand.New(rand.NewSource(*seed + 1))
	article, err := os.ReadFile(*articleFile)
	if err != nil {
		return err
	}
	seg, _ := segment.New("de")
	var unrelated []string
	for _, p := range segment.Paragraphs(string(article)) {
		for _, s := range seg.Split(p) {
			if len(strings.Fields(s)) >= 4 {
				unrelated = append(unrelated, s)
			}
		}
	}
	var qs []query
	for i := 0; i < *nq; i++ {
		src := r.sources[qr.Intn(len(r.sources))]
		switch i % 3 {
		case 0:
			qs = append(qs, query{"exact", src})
		case 1:
			qs = append(qs, query{"edit", g.lightEdit(src)})
		default:
			qs = append(qs, query{"unrelated", unrelated[qr.Intn(len(unrelated))]})
		}
	}
	for i := 0; i < *templates && i < *nq/3; i++ {
		// Numbers a unit may or may not have: most candidates tie.
		qs = append(qs, query{"template", fmt.Sprintf("Satz Nummer %d über Dinge %d.", qr.Intn(2**templates), qr.Intn(120))})
	}

	m, err := db.NewMatcher(ctx, "de", "en")
	if err != nil {
		return err
	}
	defer m.Close()
	lat := map[string][]time.Duration{}
	top := make([]int, len(qs))
	var verified, cands, decoded []int
	for i, q := range qs {
		t := time.Now()
		ms, err := m.Lookup(ctx, tm.Text(q.text), store.LookupOptions{Min: 70, Limit: 5})
		d := time.Since(t)
		if err != nil {
			return fmt.Errorf("query %q: %v", q.text, err)
		}
		lat[q.kind] = append(lat[q.kind], d)
		lat["all"] = append(lat["all"], d)
		if len(ms) > 0 {
			top[i] = ms[0].Score
		}
		verified = append(verified, m.Stats.Verified)
		cands = append(cands, m.Stats.Candidates)
		decoded = append(decoded, m.Stats.Decoded)
	}
	fmt.Printf("lookup latency, %d queries, min 70, limit 5, one process, one goroutine:\n", len(qs))
	for _, k := range []string{"all", "exact", "edit", "unrelated", "template"} {
		if len(lat[k]) == 0 {
			continue
		}
		p := percentiles(lat[k])
		fmt.Printf("  %-9s n=%4d  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", k, len(lat[k]), p[0], p[1], p[2], p[3])
	}
	fmt.Printf("  per query: candidates p50 %d p95 %d; verified p50 %d p95 %d; postings decoded p50 %d p95 %d\n",
		pct(cands, 50), pct(cands, 95), pct(verified, 50), pct(verified, 95), pct(decoded, 50), pct(decoded, 95))

	if *cold > 0 {
		var cl []time.Duration
		for i := 0; i < *cold && i < len(qs); i++ {
			t := time.Now()
			cm, err := db.NewMatcher(ctx, "de", "en")
			if err != nil {
				return err
			}
			if _, err := cm.Lookup(ctx, tm.Text(qs[i].text), store.LookupOptions{Min: 70, Limit: 5}); err != nil {
				return err
			}
			cm.Close()
			cl = append(cl, time.Since(t))
		}
		p := percentiles(cl)
		fmt.Printf("  cold (fresh Matcher per query, n=%d): p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", len(cl), p[0], p[1], p[2], p[3])
	}
	if *brute {
		t := time.Now()
		if err := recall(qs, top, r.sources); err != nil {
			return err
		}
		fmt.Printf("  (brute force took %.0fs)\n", time.Since(t).Seconds())
	}
	if *doc > 0 {
		if err := addDoc(ctx, db, g, r.sources, *doc, qr); err != nil {
			return err
		}
	}
	return nil
}

// recall scores every unit for every query (on all cores) and compares the
// best score with the index's top match.
func recall(qs []query, top []int, sources []string) error {
	fmt.Printf("recall@1 against brute force (%d units × %d queries)…\n", len(sources), len(qs))
	prep := make([]*match.Prepared, len(sources))
	for i, s := range sources {
		prep[i] = match.PrepareString(s)
	}
	best := make([]int, len(qs))
	workers := 2
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func(w int) {
			var sc match.Scorer
			for i := w; i < len(qs); i += workers {
				q := match.PrepareString(qs[i].text)
				b := 0
				for _, p := range prep {
					min := b
					if min < 70 {
						min = 70
					}
					if v, ok := sc.Score(q, p, min); ok && v > b {
						b = v
					}
				}
				best[i] = b
			}
			done <- struct{}{}
		}(w)
	}
	for w := 0; w < workers; w++ {
		<-done
	}
	hits, total := 0, 0
	byKind := map[string][2]int{}
	for i, q := range qs {
		if best[i] < 70 {
			continue
		}
		total++
		got := top[i]
		if got > 100 {
			got = 100
		}
		k := byKind[q.kind]
		k[1]++
		if got == best[i] {
			hits++
			k[0]++
		} else {
			fmt.Printf("  miss: %q index %d brute %d\n", q.text, got, best[i])
		}
		byKind[q.kind] = k
	}
	if total == 0 {
		return errors.New("no query has a match ≥ 70")
	}
	fmt.Printf("  recall@1 = %d/%d = %.4f", hits, total, float64(hits)/float64(total))
	for _, k := range []string{"exact", "edit", "unrelated", "template"} {
		if k == "template" && byKind[k][1] == 0 {
			continue
		}
		fmt.Printf("  %s %d/%d", k, byKind[k][0], byKind[k][1])
	}
	fmt.Println()
	return nil
}

// addDoc stores a document of n segments (a third memory sentences, a
// third light edits, a third new sentences, some repeated) for timing
// analyze and pretranslate.
func addDoc(ctx context.Context, db *store.DB, g *generator, sources []string, n int, rng *rand.Rand) error {
	var segs []tm.Segment
	var b strings.Builder
	for i := 0; i < n; i++ {
		var s string
		switch {
		case i%10 == 9 && i > 0:
			s = segs[rng.Intn(len(segs))].Text
		case i%3 == 0:
			s = sources[rng.Intn(len(sources))]
		case i%3 == 1:
			s = g.lightEdit(sources[rng.Intn(len(sources))])
		default:
			s = g.sentence()
		}
		segs = append(segs, tm.Segment{Para: i, Index: i, Text: s, Hash: tm.Hash(s)})
		b.WriteString(s + "\n\n")
	}
	text := b.String()
	res, err := db.AddVersion(ctx, store.AddVersionInput{Name: "bench-doc", Lang: "de", SourceName: "bench-doc.txt", Text: text, Segments: segs, Words: tm.CountWords(text), Chars: len([]rune(text))})
	if err != nil {
		return err
	}
	fmt.Printf("document bench-doc@%d: %d segments; time with:\n  time korpus --db %s analyze bench-doc --to en\n  time korpus --db %s pretranslate bench-doc --to en --format xliff -o /tmp/bench-doc.xlf\n", res.Version.Number, n, db.Path(), db.Path())
	return nil
}

func percentiles(ds []time.Duration) [4]float64 {
	if len(ds) == 0 {
		return [4]float64{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) float64 {
		i := int(p / 100 * float64(len(s)-1))
		return float64(s[i].Microseconds()) / 1000
	}
	return [4]float64{at(50), at(95), at(99), at(100)}
}

func pct(v []int, p int) int {
	if len(v) == 0 {
		return 0
	}
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[p*(len(s)-1)/100]
}

func dirSize(dbPath string) (int64, error) {
	var total int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(dbPath + suffix); err == nil {
			total += fi.Size()
		}
	}
	return total, nil
}
