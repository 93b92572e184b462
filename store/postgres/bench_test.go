package postgres

import (
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/korpus/korpus/internal/pgtest"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func serverCPU() time.Duration {
	d, _ := pgtest.ServerCPU()
	return d
}

// BenchmarkBackends compares the two stores in one run on a TMX made by
// bench/tmxgen (path in $KORPUS_BENCH_TMX): import (wall, this process's
// CPU, and the PostgreSQL server's CPU), then concordance latency p50/p95
// on SQLite, on PostgreSQL with the pg_trgm GIN indexes and without them,
// each search's hits compared between the backends.
//
//	go run ./bench/tmxgen -n 200000 -o /tmp/pg200k.tmx
//	KORPUS_BENCH_TMX=/tmp/pg200k.tmx go test -tags sqlite_fts5 -run '^$' -bench Backends -benchtime 1x -timeout 60m ./store/postgres
func BenchmarkBackends(b *testing.B) {
	path := os.Getenv("KORPUS_BENCH_TMX")
	if path == "" {
		b.Skip("set KORPUS_BENCH_TMX to a TMX file (go run ./bench/tmxgen -n 200000 -o FILE)")
	}
	ctx := context.Background()
	lite, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	pg, err := Open(ctx, pgtest.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	imp := func(name string, s tm.Store, opts tm.ImportOptions) {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		w, c, sc := time.Now(), cpuNow(), serverCPU()
		st, err := s.ImportUnits(ctx, tmx.NewDecoder(f, path), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("import %s: %d units added in %.1f s wall, %.1f s CPU here, %.1f s server CPU", name, st.Added,
			time.Since(w).Seconds(), (cpuNow() - c).Seconds(), (serverCPU() - sc).Seconds())
	}
	imp("SQLite (with its FTS and match indexes)", lite, tm.ImportOptions{Index: &tm.IndexStats{}})
	imp("PostgreSQL (with pg_trgm GIN on the folded texts)", pg, tm.ImportOptions{})
	if _, err := pg.pool.Exec(ctx, `VACUUM ANALYZE units`); err != nil {
		b.Fatal(err)
	}
	var size int64
	pg.pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&size)
	fi, _ := os.Stat(lite.Path())
	b.Logf("size: SQLite file %d MB, PostgreSQL database %d MB", fi.Size()>>20, size>>20)

	// Terms: words of four or more letters and two-word phrases of
	// stored sources, half searched folded.
	var srcs []string
	pg.EachUnit(ctx, tm.UnitFilter{}, func(u *tm.Unit) error {
		if len(srcs) < 5000 {
			srcs = append(srcs, u.Source.Plain())
		}
		return nil
	})
	rng := rand.New(rand.NewSource(1))
	var terms []string
	for len(terms) < 200 {
		ws := strings.FieldsFunc(srcs[rng.Intn(len(srcs))], func(r rune) bool { return !unicode.IsLetter(r) })
		if len(ws) < 2 {
			continue
		}
		i := rng.Intn(len(ws) - 1)
		if len(terms)%3 == 2 {
			terms = append(terms, ws[i]+" "+ws[i+1])
		} else if len([]rune(ws[i])) >= 4 {
			terms = append(terms, ws[i])
		}
	}
	run := func(name string, s tm.Store) [][]hitKey {
		var lat []time.Duration
		var out [][]hitKey
		c, sc := cpuNow(), serverCPU()
		for i, term := range terms {
			t0 := time.Now()
			hs, err := s.Concordance(ctx, term, tm.ConcordanceOptions{Fold: i%2 == 1, Limit: 20})
			if err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			out = append(out, hitKeys(hs))
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.Logf("concordance %s: %d searches, p50 %v, p95 %v, %.2f s CPU here, %.2f s server CPU", name, len(terms),
			lat[len(lat)/2].Round(10*time.Microsecond), lat[len(lat)*95/100].Round(10*time.Microsecond),
			(cpuNow() - c).Seconds(), (serverCPU() - sc).Seconds())
		return out
	}
	// Warm both first.
	for _, term := range terms[:20] {
		lite.Concordance(ctx, term, tm.ConcordanceOptions{})
		pg.Concordance(ctx, term, tm.ConcordanceOptions{})
	}
	hl := run("SQLite (FTS5 trigram)", lite)
	hp := run("PostgreSQL (pg_trgm GIN)", pg)
	if _, err := pg.pool.Exec(ctx, `DROP INDEX units_src_fold, units_tgt_fold`); err != nil {
		b.Fatal(err)
	}
	hn := run("PostgreSQL (no trigram index)", pg)
	differ := 0
	for i := range terms {
		if !reflect.DeepEqual(hl[i], hp[i]) || !reflect.DeepEqual(hp[i], hn[i]) {
			differ++
			if differ < 4 {
				b.Errorf("%q: hits differ: sqlite %d, pg %d, pg without index %d", terms[i], len(hl[i]), len(hp[i]), len(hn[i]))
			}
		}
	}
	b.Logf("hits equal on both backends for %d of %d searches", len(terms)-differ, len(terms))
}
