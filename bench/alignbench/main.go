// Command alignbench measures the bilingual sentence aligner on two long
// texts made from the German–French gold of ../shared/corpus/alignment:
// gold beads drawn at random (with replacement) until the source has -n
// sentences, with untranslated sentences inserted on either side. It
// prints the time, the Go heap high-water mark and strict/lax F1 against
// the known alignment, and the dynamic-programming cells searched (a count
// that does not depend on the machine: it should grow linearly with -n).
// Run it under /usr/bin/time -v for the peak RSS.
//
//	go run ./bench/alignbench -n 10000
//
// With -eval it measures accuracy instead: strict F1 on the dev document,
// on its k-fold parts aligned one by one, on perturbed versions of it
// (sentences dropped, merged, inserted, a paragraph moved) and on the
// hand-written documents of testdata/align (NAME.de.txt, NAME.fr.txt,
// NAME.defr), each without and, with -dict FILE, with a dictionary:
//
//	go run ./bench/dictdtsv /usr/share/dictd/freedict-deu-fra.dict.dz > /tmp/deu-fra.tsv
//	go run ./bench/alignbench -eval -dict /tmp/deu-fra.tsv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/korpus/korpus/align"
)

func main() {
	dir := flag.String("data", filepath.Join("..", "shared", "corpus", "alignment"), "folder of dev.de, dev.fr, dev.defr")
	n := flag.Int("n", 10000, "source sentences")
	ins := flag.Float64("ins", 0.03, "share of untranslated sentences inserted on each side")
	seed := flag.Uint64("seed", 1, "random seed")
	prof := flag.String("cpuprofile", "", "write a CPU profile to this file")
	eval := flag.Bool("eval", false, "measure accuracy on the dev document, its folds, perturbed versions and testdata/align")
	testdata := flag.String("testdata", filepath.Join("testdata", "align"), "with -eval, folder of hand-written NAME.de.txt, NAME.fr.txt, NAME.defr")
	dict := flag.String("dict", "", "with -eval, also score with this dictionary (TSV or hunalign)")
	seeds := flag.Int("seeds", 3, "with -eval, random perturbations of each kind")
	flag.Parse()
	if *eval {
		if err := evaluation(*dir, *testdata, *dict, *seeds); err != nil {
			fmt.Fprintln(os.Stderr, "alignbench:", err)
			os.Exit(1)
		}
		return
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "alignbench:", err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "alignbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*dir, *n, *ins, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "alignbench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func lines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, strings.TrimSpace(sc.Text()))
	}
	return out, sc.Err()
}

func run(dir string, n int, ins float64, seed uint64) error {
	de, err := lines(filepath.Join(dir, "dev.de"))
	if err != nil {
		return err
	}
	fr, err := lines(filepath.Join(dir, "dev.fr"))
	if err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(dir, "dev.defr"))
	if err != nil {
		return err
	}
	gold, err := align.ReadBeads(f)
	f.Close()
	if err != nil {
		return err
	}
	var pool []align.Bead
	for _, b := range gold {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			pool = append(pool, b)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	var src, tgt []string
	var truth []align.Bead
	idx := func(from, k int) []int {
		out := make([]int, k)
		for i := range out {
			out[i] = from + i
		}
		return out
	}
	for len(src) < n {
		switch r := rng.Float64(); {
		case r < ins:
			truth = append(truth, align.Bead{Src: idx(len(src), 1)})
			src = append(src, de[rng.IntN(len(de))])
		case r < 2*ins:
			truth = append(truth, align.Bead{Tgt: idx(len(tgt), 1)})
			tgt = append(tgt, fr[rng.IntN(len(fr))])
		default:
			b := pool[rng.IntN(len(pool))]
			truth = append(truth, align.Bead{Src: idx(len(src), len(b.Src)), Tgt: idx(len(tgt), len(b.Tgt))})
			for _, i := range b.Src {
				src = append(src, de[i])
			}
			for _, j := range b.Tgt {
				tgt = append(tgt, fr[j])
			}
		}
	}
	runtime.GC()
	start := time.Now()
	var stats align.Stats
	beads, err := align.Sentences(src, tgt, align.Options{Stats: &stats})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	strict, lax := align.Evaluate(beads, truth)
	fmt.Printf("%d × %d sentences: %v, heap sys %.0f MB, total alloc %.0f MB\n", len(src), len(tgt), elapsed.Round(time.Millisecond), float64(ms.HeapSys)/(1<<20), float64(ms.TotalAlloc)/(1<<20))
	fmt.Printf("DP cells %d (%.1f per source sentence), sentence pairs scored %d\n", stats.Cells, float64(stats.Cells)/float64(len(src)), stats.PairCells)
	fmt.Printf("strict %v\nlax    %v\n", strict, lax)
	return nil
}
