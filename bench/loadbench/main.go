// Command loadbench measures korpus on big memories, size by size, in one
// run so that every figure has a same-run baseline (the first size):
//
//   - import of a generated TMX (bench/tmxgen) with both indexes, in a
//     fresh child process per size, per phase: load (decode + store the
//     units), fts (concordance index), match (match index), commit — wall
//     seconds, CPU seconds (getrusage), units/s and the peak RSS of that
//     phase alone (Linux VmHWM, reset between phases through
//     /proc/self/clear_refs);
//   - lookup latency of a fresh process: -queries `korpus lookup` runs,
//     each a new process (start-up, open, first query: what a script or
//     CAT-tool bridge pays per call), p50/p95 wall and mean CPU; and the
//     same queries through one `korpus lookup -` process (per-query mean).
//
// Queries are sources of random stored units, half as stored (exact) and
// half with one word dropped (fuzzy).
//
//	go build -tags sqlite_fts5 -o /tmp/korpus ./cmd/korpus
//	go build -o /tmp/tmxgen ./bench/tmxgen
//	go build -tags sqlite_fts5 -o /tmp/loadbench ./bench/loadbench
//	/tmp/loadbench -korpus /tmp/korpus -tmxgen /tmp/tmxgen -sizes 100000,1000000 -dir /tmp/loadbench
//
// TMX files are generated once per size into -dir and reused; databases
// are made anew each run.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

func main() {
	child := flag.String("child-import", "", "internal: import this TMX into -db in this process and print the phases as JSON")
	inproc := flag.String("lookups-in-process", "", "profiling: run the queries of this `FILE` (one a line) on -db in this process, each with its own store.Open and Matcher as a fresh korpus lookup would, and print the stage times")
	db := flag.String("db", "", "internal: the database of -child-import")
	korpus := flag.String("korpus", "/tmp/korpus", "korpus binary (built with -tags sqlite_fts5)")
	tmxgen := flag.String("tmxgen", "/tmp/tmxgen", "tmxgen binary (go build -o /tmp/tmxgen ./bench/tmxgen), run with the working directory of loadbench")
	sizes := flag.String("sizes", "100000,1000000", "memory sizes in units, comma-separated; the first is the baseline")
	dir := flag.String("dir", "/tmp/loadbench", "directory for the TMX files and databases (outside the repository)")
	nq := flag.Int("queries", 100, "lookups per size")
	seed := flag.Int64("seed", 1, "random seed of the queries")
	keep := flag.Bool("keep", false, "keep the databases")
	before := flag.String("korpus-before", "", "a second korpus binary (e.g. built from an older commit) whose lookups are timed on the same databases, for a before/after in one run")
	prof := flag.String("cpuprofile", "", "with -child-import: write a CPU profile of the import to `FILE`")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadbench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var err error
	if *child != "" {
		err = childImport(*child, *db)
	} else if *inproc != "" {
		err = lookupsInProcess(*inproc, *db)
	} else {
		err = run(*korpus, *before, *tmxgen, *sizes, *dir, *nq, *seed, *keep)
	}
	if err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// phase is what one import phase cost.
type phase struct {
	Name    string  `json:"name"`
	Wall    float64 `json:"wall"`
	CPU     float64 `json:"cpu"`
	PeakRSS int64   `json:"peak_rss_kb"`
}

// childImport imports file into dbPath with both indexes and prints the
// phases as JSON on stdout.
func childImport(file, dbPath string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := store.Open(dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var out struct {
		Units  int     `json:"units"`
		Phases []phase `json:"phases"`
	}
	cur := "load"
	resetPeak()
	t0, c0 := time.Now(), cpuSeconds()
	next := func(name string) {
		t, c := time.Now(), cpuSeconds()
		out.Phases = append(out.Phases, phase{Name: cur, Wall: t.Sub(t0).Seconds(), CPU: c - c0, PeakRSS: peakRSS()})
		resetPeak()
		cur, t0, c0 = name, t, c
	}
	var ix store.IndexStats
	stats, err := db.ImportUnits(context.Background(), tmx.NewDecoder(bufio.NewReaderSize(f, 1<<20), file),
		store.ImportOptions{Index: &ix, Phase: next})
	if err != nil {
		return err
	}
	next("")
	out.Units = stats.Added
	return json.NewEncoder(os.Stdout).Encode(out)
}

// lookupsInProcess runs each query of file like one korpus lookup
// process (open, matcher, lookup, close), timing the three stages.
func lookupsInProcess(file, dbPath string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ctx := context.Background()
	var open, matcher, lookup []float64
	var st store.LookupStats
	for _, q := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		t0 := time.Now()
		db, err := store.OpenExisting(dbPath)
		if err != nil {
			return err
		}
		t1 := time.Now()
		m, err := db.NewMatcher(ctx, "de", "en")
		if err != nil {
			return err
		}
		t2 := time.Now()
		if _, err := m.Lookup(ctx, tm.Text(q), store.LookupOptions{}); err != nil {
			return err
		}
		t3 := time.Now()
		st.Terms += m.Stats.Terms
		st.Candidates += m.Stats.Candidates
		st.Verified += m.Stats.Verified
		st.Decoded += m.Stats.Decoded
		m.Close()
		db.Close()
		open = append(open, t1.Sub(t0).Seconds())
		matcher = append(matcher, t2.Sub(t1).Seconds())
		lookup = append(lookup, t3.Sub(t2).Seconds())
	}
	n := len(open)
	fmt.Printf("%d queries: open p50 %.1f ms, NewMatcher p50 %.1f ms, Lookup p50 %.1f ms p95 %.1f ms; per query %d terms, %d candidates, %d verified, %d postings decoded\n",
		n, 1000*quantile(open, .5), 1000*quantile(matcher, .5), 1000*quantile(lookup, .5), 1000*quantile(lookup, .95),
		st.Terms/n, st.Candidates/n, st.Verified/n, st.Decoded/n)
	return nil
}

// cpuSeconds is the user + system CPU time of this process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// resetPeak resets the process's peak RSS (VmHWM) to its current RSS.
func resetPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM in KiB (since the last resetPeak).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// result is one size's figures.
type result struct {
	size          int
	units         int
	phases        []phase
	importWall    float64
	importCPU     float64
	fresh         []float64 // wall seconds per fresh-process lookup
	freshCPU      float64   // mean CPU seconds per fresh-process lookup
	batchPerQuery float64   // wall seconds per query through one lookup -
	dbBytes       int64
	label         string  // "before" for the lookups of -korpus-before
	before        *result // the same size's lookups with -korpus-before
}

func run(korpus, before, tmxgen, sizeList, dir string, nq int, seed int64, keep bool) error {
	var sizes []int
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-sizes: %q is not a number of units", s)
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var results []result
	for _, n := range sizes {
		file := filepath.Join(dir, fmt.Sprintf("%d.tmx", n))
		if _, err := os.Stat(file); err != nil {
			fmt.Fprintf(os.Stderr, "generating %s …\n", file)
			if out, err := exec.Command(tmxgen, "-n", strconv.Itoa(n), "-o", file).CombinedOutput(); err != nil {
				return fmt.Errorf("tmxgen: %v: %s", err, out)
			}
		}
		dbPath := filepath.Join(dir, fmt.Sprintf("%d.db", n))
		for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
			os.Remove(p)
		}
		fmt.Fprintf(os.Stderr, "importing %d units …\n", n)
		cmd := exec.Command(self, "-child-import", file, "-db", dbPath)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("import of %s: %v", file, err)
		}
		r := result{size: n, importWall: time.Since(t0).Seconds(), importCPU: procCPU(cmd.ProcessState)}
		var rep struct {
			Units  int
			Phases []phase
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			return fmt.Errorf("import report: %v: %s", err, out.String())
		}
		r.units, r.phases = rep.Units, rep.Phases
		if r.dbBytes, err = fileSize(dbPath); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "lookups on %d units …\n", n)
		queries, err := sampleQueries(korpus, dbPath, r.units, nq, seed)
		if err != nil {
			return err
		}
		if before != "" {
			b := r
			b.label = "before"
			if err := lookups(before, dbPath, queries, &b); err != nil {
				return err
			}
			r.before = &b
		}
		if err := lookups(korpus, dbPath, queries, &r); err != nil {
			return err
		}
		results = append(results, r)
		if !keep {
			for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
				os.Remove(p)
			}
		}
	}
	report(os.Stdout, results, nq)
	return nil
}

func fileSize(dbPath string) (int64, error) {
	var n int64
	for _, p := range []string{dbPath, dbPath + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n, nil
}

func procCPU(ps *os.ProcessState) float64 { return (ps.UserTime() + ps.SystemTime()).Seconds() }

// sampleQueries samples nq sources of stored units (every other one with
// a word dropped), read through korpus units show.
func sampleQueries(korpus, dbPath string, units, nq int, seed int64) ([]string, error) {
	rng := rand.New(rand.NewSource(seed))
	var queries []string
	for tries := 0; len(queries) < nq; tries++ {
		if tries > 20*nq {
			return nil, fmt.Errorf("could not sample %d queries from %s", nq, dbPath)
		}
		id := 1 + rng.Intn(units)
		out, err := exec.Command(korpus, "--db", dbPath, "units", "show", "--json", strconv.Itoa(id)).Output()
		if err != nil {
			continue // a merged duplicate's id
		}
		var u struct {
			Source string `json:"source"`
		}
		if json.Unmarshal(out, &u) != nil || strings.ContainsAny(u.Source, "\n") || len(strings.Fields(u.Source)) < 4 {
			continue
		}
		q := u.Source
		if len(queries)%2 == 1 {
			w := strings.Fields(q)
			k := rng.Intn(len(w))
			q = strings.Join(append(w[:k:k], w[k+1:]...), " ")
		}
		queries = append(queries, q)
	}
	return queries, nil
}

// lookups times queries as fresh processes and through one lookup -.
func lookups(korpus, dbPath string, queries []string, r *result) error {
	r.fresh = nil
	var cpu float64
	for _, q := range queries {
		cmd := exec.Command(korpus, "--db", dbPath, "lookup", "--from", "de", "--to", "en", "--json", "--", q)
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("lookup %q: %v: %s", q, err, out)
		}
		r.fresh = append(r.fresh, time.Since(t0).Seconds())
		cpu += procCPU(cmd.ProcessState)
	}
	r.freshCPU = cpu / float64(len(queries))
	cmd := exec.Command(korpus, "--db", dbPath, "lookup", "--from", "de", "--to", "en", "-")
	cmd.Stdin = strings.NewReader(strings.Join(queries, "\n") + "\n")
	t0 := time.Now()
	if out, err := cmd.Output(); err != nil {
		return fmt.Errorf("lookup -: %v: %s", err, out)
	}
	r.batchPerQuery = time.Since(t0).Seconds() / float64(len(queries))
	return nil
}

func quantile(xs []float64, q float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

func report(w *os.File, rs []result, nq int) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(w, "import (one child process per size; CPU = getrusage user+sys; RSS = VmHWM of the phase alone)\n")
	fmt.Fprintf(w, "%9s %-7s %8s %8s %10s %9s\n", "units", "phase", "wall s", "CPU s", "units/s", "peak MiB")
	for _, r := range rs {
		for _, p := range r.phases {
			ups := ""
			if p.Name == "load" && p.Wall > 0 {
				ups = fmt.Sprintf("%.0f", float64(r.units)/p.Wall)
			}
			fmt.Fprintf(w, "%9d %-7s %8.1f %8.1f %10s %9.0f\n", r.size, p.Name, p.Wall, p.CPU, ups, float64(p.PeakRSS)/1024)
		}
		fmt.Fprintf(w, "%9d %-7s %8.1f %8.1f %10.0f %9s   (process; database %.0f MiB)\n", r.size, "all", r.importWall, r.importCPU,
			float64(r.units)/r.importWall, "", float64(r.dbBytes)/(1<<20))
	}
	fmt.Fprintf(w, "\nlookup: %d queries per size (half exact, half a word dropped), each a new `korpus lookup` process; batch = the same through one `korpus lookup -`\n", nq)
	fmt.Fprintf(w, "%9s %-7s %9s %9s %11s %12s\n", "units", "binary", "p50 ms", "p95 ms", "CPU ms/q", "batch ms/q")
	for _, r := range rs {
		for _, x := range []*result{r.before, &r} {
			if x == nil {
				continue
			}
			label := x.label
			if label == "" {
				label = "korpus"
			}
			fmt.Fprintf(w, "%9d %-7s %9.1f %9.1f %11.1f %12.2f\n", x.size, label, 1000*quantile(x.fresh, .5), 1000*quantile(x.fresh, .95), 1000*x.freshCPU, 1000*x.batchPerQuery)
		}
	}
	b := rs[0]
	fmt.Fprintf(w, "\nratios against %d units (same run)\n", b.size)
	fmt.Fprintf(w, "%9s %8s %12s %14s %10s %10s %12s\n", "units", "size ×", "import CPU ×", "CPU/unit ×", "lookup p50 ×", "p95 ×", "lookup CPU ×")
	for _, r := range rs {
		fmt.Fprintf(w, "%9d %8.1f %12.2f %14.2f %10.2f %10.2f %12.2f\n", r.size, float64(r.size)/float64(b.size), r.importCPU/b.importCPU,
			(r.importCPU/float64(r.units))/(b.importCPU/float64(b.units)),
			quantile(r.fresh, .5)/quantile(b.fresh, .5), quantile(r.fresh, .95)/quantile(b.fresh, .95), r.freshCPU/b.freshCPU)
	}
}
