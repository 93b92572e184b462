// Command serveload measures `korpus serve` under load: C concurrent
// clients send lookups (as Weblate's tmserver client does: GET
// /tmserver/de/en/unit/{text}) to a memory of N units, first alone (the
// baseline), then while one more client imports M units through POST
// /api/v1/import. It reports requests per second, latency percentiles,
// errors and the process's CPU seconds for each phase.
//
//	go build -tags sqlite_fts5 -o /tmp/serveload ./bench/serveload
//	/tmp/serveload -db /tmp/serveload.db -units 1000000 -import 100000
//
// Everything runs in this process on 127.0.0.1 (server and clients share
// the machine's cores), every loop is bounded by count and time, and the
// database, outside the repository, is reused when it already holds the
// units. Units are generated from the sentences of the seed article
// (testdata/) and, with -ud, of the UD German corpus: each a sentence with
// two words swapped for random ones, so that sources are nearly unique and
// every query has many fuzzy candidates. Queries are stored sources with
// one word changed (three in four) or unchanged (exact matches).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
)

type config struct {
	db                string
	units, importN    int
	clients           int
	baseline, timeout time.Duration
	maxRequests       int
	seed              int64
	article, ud       string
	jsonOut           bool
	memory            string // the import's memory
}

func main() {
	var c config
	flag.StringVar(&c.db, "db", "/tmp/serveload.db", "database `FILE` (outside the repository; reused when it holds -units units)")
	flag.IntVar(&c.units, "units", 1_000_000, "units in the memory before the import")
	flag.IntVar(&c.importN, "import", 100_000, "units the importing client sends during the second phase")
	flag.IntVar(&c.clients, "clients", 16, "concurrent lookup clients")
	flag.DurationVar(&c.baseline, "baseline", 30*time.Second, "length of the lookup-only phase")
	flag.DurationVar(&c.timeout, "timeout", 10*time.Minute, "longest the import phase may run")
	flag.IntVar(&c.maxRequests, "max-requests", 2_000_000, "most lookups per phase")
	flag.Int64Var(&c.seed, "seed", 1, "random seed")
	flag.StringVar(&c.article, "article", filepath.Join("testdata", "korea-in-der-welt.de.txt"), "German text whose sentences seed the units")
	flag.StringVar(&c.ud, "ud", "", "UD German JSONL `FILE` adding more seed sentences (for example ../shared/corpus/segmentation/ud-de-gsd-dev.jsonl)")
	flag.BoolVar(&c.jsonOut, "json", false, "print the report as JSON")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of both phases to `FILE`")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "serveload:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(c); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

// generator makes German-like units from seed sentences, deterministically.
type generator struct {
	sents [][]string
	vocab []string
	rng   *rand.Rand
	n     int // units made
	limit int
	tag   string // makes the sources of a second generator differ
}

func newGenerator(sents [][]string, seed int64, limit int, tag string) *generator {
	g := &generator{sents: sents, rng: rand.New(rand.NewSource(seed)), limit: limit, tag: tag}
	for _, s := range sents {
		g.vocab = append(g.vocab, s...)
	}
	return g
}

func (g *generator) source() []string {
	w := slices.Clone(g.sents[g.rng.Intn(len(g.sents))])
	for k := 0; k < 2; k++ {
		w[g.rng.Intn(len(w))] = g.vocab[g.rng.Intn(len(g.vocab))]
	}
	if g.tag != "" {
		w = append(w, g.tag)
	}
	return w
}

// Next is tm.UnitReader's.
func (g *generator) Next() (*tm.Unit, error) {
	if g.n >= g.limit {
		return nil, io.EOF
	}
	g.n++
	src := g.source()
	rev := make([]string, len(src))
	for i, w := range src {
		rev[len(src)-1-i] = strings.ToLower(w)
	}
	t := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.n) * time.Minute)
	return &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(strings.Join(src, " ")),
		Target: tm.Text(strings.Join(rev, " ") + " (en)"), Origin: tm.OriginTMX, Created: t, Changed: t}, nil
}

func seedSentences(c config) ([][]string, error) {
	b, err := os.ReadFile(c.article)
	if err != nil {
		return nil, fmt.Errorf("%v (run from the repository root or give -article)", err)
	}
	seg, err := segment.New("de")
	if err != nil {
		return nil, err
	}
	var texts []string
	for _, para := range strings.Split(string(b), "\n\n") {
		texts = append(texts, seg.Split(para)...)
	}
	if c.ud != "" {
		gold, err := segment.LoadGold(c.ud)
		if err != nil {
			return nil, err
		}
		for _, g := range gold {
			texts = append(texts, g.Sentences...)
		}
	}
	var out [][]string
	for _, t := range texts {
		if w := strings.Fields(t); len(w) >= 4 && len(w) <= 40 {
			out = append(out, w)
		}
	}
	if len(out) < 10 {
		return nil, errors.New("fewer than 10 seed sentences")
	}
	return out, nil
}

type phase struct {
	Name        string             `json:"name"`
	Seconds     float64            `json:"seconds"`
	Requests    int                `json:"requests"`
	Errors      int                `json:"errors"`
	PerSecond   float64            `json:"requests_per_second"`
	P50, P95    float64            `json:"-"`
	P99, Max    float64            `json:"-"`
	Millis      map[string]float64 `json:"latency_ms"`
	CPUSeconds  float64            `json:"cpu_seconds"`
	FirstError  string             `json:"first_error,omitempty"`
	ImportUnits int                `json:"import_units,omitempty"`
	ImportSecs  float64            `json:"import_seconds,omitempty"`
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func run(c config) error {
	ctx := context.Background()
	sents, err := seedSentences(c)
	if err != nil {
		return err
	}
	db, err := store.Open(c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	have, err := db.CountUnits(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	if have > 0 {
		fmt.Fprintf(os.Stderr, "serveload: reusing the %d units of %s (-units applies to a new database)\n", have, c.db)
	} else {
		fmt.Fprintf(os.Stderr, "serveload: generating and importing %d units into %s …\n", c.units, c.db)
		t := time.Now()
		var ix store.IndexStats
		st, err := db.ImportUnits(ctx, newGenerator(sents, c.seed, c.units, ""), store.ImportOptions{Index: &ix})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "serveload: %d added (%d unchanged) in %.1fs (index %.1fs + %.1fs)\n",
			st.Added, st.Unchanged, time.Since(t).Seconds(), ix.FTSSeconds, ix.MatchSeconds)
		if have, err = db.CountUnits(ctx, store.UnitFilter{}); err != nil {
			return err
		}
	}
	// Queries: the generator's first sources again (it is deterministic).
	qg := newGenerator(sents, c.seed, 4000, "")
	rng := rand.New(rand.NewSource(c.seed + 7))
	var queries []string
	for i := 0; i < 4000; i++ {
		w := qg.source()
		if i%4 != 0 {
			w[rng.Intn(len(w))] = qg.vocab[rng.Intn(len(qg.vocab))]
		}
		queries = append(queries, strings.Join(w, " "))
	}
	stamp := fmt.Sprint(time.Now().UnixNano())
	// The import goes into a memory of its own, deleted at the end, so that
	// the database can be reused with the same size.
	importMem := "serveload-" + stamp
	if _, err := db.CreateMemory(ctx, importMem, "serveload's import phase", 0); err != nil {
		return err
	}
	defer db.DeleteMemory(ctx, importMem, true)
	c.memory = importMem
	readTok, err := db.CreateToken(ctx, "serveload-read-"+stamp, store.RoleRead, nil)
	if err != nil {
		return err
	}
	writeTok, err := db.CreateToken(ctx, "serveload-write-"+stamp, store.RoleWrite, nil)
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	addrc := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- server.Run(sctx, server.New(db, server.Options{}), server.RunOptions{Addr: "127.0.0.1:0", Grace: 10 * time.Second,
			Listening: func(a string) { addrc <- a }})
	}()
	var base string
	select {
	case base = <-addrc:
	case err := <-served:
		return err
	}
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c.clients + 2}}

	p1 := load(client, base, readTok, queries, c, c.baseline, nil)
	p1.Name = "lookups only"
	// Phase 2: the same, while one client imports.
	importDone := make(chan importResult, 1)
	importClient := &http.Client{Timeout: c.timeout}
	go func() { importDone <- importUnits(importClient, base, writeTok, sents, c) }()
	var imp importResult
	p2 := load(client, base, readTok, queries, c, c.timeout, func() bool {
		select {
		case imp = <-importDone:
			return true
		default:
			return false
		}
	})
	p2.Name = fmt.Sprintf("lookups while importing %d units", c.importN)
	if imp.err == nil && imp.seconds == 0 {
		imp = <-importDone // the timeout ended the phase first
	}
	p2.ImportUnits, p2.ImportSecs = imp.added, imp.seconds
	stop()
	if err := <-served; err != nil {
		return err
	}
	after, _ := db.CountUnits(ctx, store.UnitFilter{})
	rep := map[string]any{"units_before": have, "units_after": after, "clients": c.clients, "phases": []phase{p1, p2}}
	if c.jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Printf("memory: %d units before, %d after; %d lookup clients on 127.0.0.1\n", have, after, c.clients)
	fmt.Printf("%-40s %8s %8s %7s %8s %8s %8s %8s %8s %7s\n", "phase", "seconds", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "CPU s")
	for _, p := range []phase{p1, p2} {
		fmt.Printf("%-40s %8.1f %8d %7d %8.1f %8.2f %8.2f %8.2f %8.1f %7.1f\n", p.Name, p.Seconds, p.Requests, p.Errors, p.PerSecond, p.P50, p.P95, p.P99, p.Max, p.CPUSeconds)
	}
	fmt.Printf("import: %d units added in %.1f s (%.0f units/s)", imp.added, imp.seconds, float64(imp.added)/imp.seconds)
	if imp.err != nil {
		fmt.Printf(", FAILED: %v", imp.err)
	}
	fmt.Println()
	fmt.Printf("while importing / alone: req/s ×%.2f, p50 ×%.2f, p99 ×%.2f\n", p2.PerSecond/p1.PerSecond, p2.P50/p1.P50, p2.P99/p1.P99)
	if p1.FirstError != "" || p2.FirstError != "" {
		fmt.Printf("first errors: %q %q\n", p1.FirstError, p2.FirstError)
	}
	if p1.Errors+p2.Errors > 0 || imp.err != nil {
		return errors.New("errors under load")
	}
	return nil
}

// load runs c.clients lookup loops until max passes, c.maxRequests are
// sent, or done (when not nil) reports true.
func load(client *http.Client, base, tok string, queries []string, c config, max time.Duration, done func() bool) phase {
	var (
		mu       sync.Mutex
		lat      []time.Duration
		errs     int
		firstErr string
		sent     atomic.Int64
		stopped  atomic.Bool
	)
	cpu0, t0 := cpuSeconds(), time.Now()
	deadline := t0.Add(max)
	var wg sync.WaitGroup
	for i := 0; i < c.clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(i) + c.seed*100))
			var mine []time.Duration
			for !stopped.Load() && time.Now().Before(deadline) && sent.Add(1) <= int64(c.maxRequests) {
				q := queries[rng.Intn(len(queries))]
				req, _ := http.NewRequest("GET", base+"/tmserver/de/en/unit/"+url.PathEscape(q)+"?max_candidates=5", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				s := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					var ms []struct{ Quality float64 }
					err = json.NewDecoder(resp.Body).Decode(&ms)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != 200 {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				d := time.Since(s)
				if err != nil {
					mu.Lock()
					if errs == 0 {
						firstErr = err.Error()
					}
					errs++
					mu.Unlock()
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(i)
	}
	if done != nil {
		for !stopped.Load() && time.Now().Before(deadline) {
			if done() {
				stopped.Store(true)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		stopped.Store(true)
	}
	wg.Wait()
	p := phase{Seconds: time.Since(t0).Seconds(), Requests: len(lat) + errs, Errors: errs, FirstError: firstErr, CPUSeconds: cpuSeconds() - cpu0}
	p.PerSecond = float64(p.Requests) / p.Seconds
	slices.Sort(lat)
	at := func(q float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
	}
	p.P50, p.P95, p.P99 = at(0.50), at(0.95), at(0.99)
	if len(lat) > 0 {
		p.Max = float64(lat[len(lat)-1].Microseconds()) / 1000
	}
	p.Millis = map[string]float64{"p50": p.P50, "p95": p.P95, "p99": p.P99, "max": p.Max}
	return p
}

type importResult struct {
	added   int
	seconds float64
	err     error
}

// importUnits streams c.importN new units as TSV into POST /api/v1/import.
func importUnits(client *http.Client, base, tok string, sents [][]string, c config) importResult {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		bw.WriteString("source_lang\ttarget_lang\tsource\ttarget\n")
		g := newGenerator(sents, c.seed+1, c.importN, "(neu)")
		for {
			u, err := g.Next()
			if err != nil {
				break
			}
			fmt.Fprintf(bw, "de\ten\t%s\t%s\n", u.Source.Plain(), u.Target.Plain())
		}
		pw.CloseWithError(bw.Flush())
	}()
	req, _ := http.NewRequest("POST", base+"/api/v1/import?memory="+url.QueryEscape(c.memory), pr)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "text/tab-separated-values")
	t := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return importResult{err: err, seconds: time.Since(t).Seconds()}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	secs := time.Since(t).Seconds()
	if resp.StatusCode != 200 {
		return importResult{err: fmt.Errorf("status %d: %s", resp.StatusCode, b), seconds: secs}
	}
	var rep struct {
		Added int `json:"added"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return importResult{err: err, seconds: secs}
	}
	return importResult{added: rep.Added, seconds: secs}
}
