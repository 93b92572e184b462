package align_test

import (
	"math/rand/v2"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
)

// BenchmarkSentences10k aligns two texts of about 10,000 sentences drawn
// from the gold beads of ../shared/corpus/alignment, with 3 % untranslated
// sentences inserted on each side (bench/alignbench does the same and
// reports peak memory).
func BenchmarkSentences10k(b *testing.B) {
	dir := testutil.SharedDir(b, "corpus", "alignment")
	de := readLines(b, dir+"/dev.de")
	fr := readLines(b, dir+"/dev.fr")
	var pool []align.Bead
	for _, g := range readGold(b, dir+"/dev.defr") {
		if len(g.Src) > 0 && len(g.Tgt) > 0 {
			pool = append(pool, g)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var src, tgt []string
	for len(src) < 10000 {
		switch r := rng.Float64(); {
		case r < 0.03:
			src = append(src, de[rng.IntN(len(de))])
		case r < 0.06:
			tgt = append(tgt, fr[rng.IntN(len(fr))])
		default:
			g := pool[rng.IntN(len(pool))]
			for _, i := range g.Src {
				src = append(src, de[i])
			}
			for _, j := range g.Tgt {
				tgt = append(tgt, fr[j])
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := align.Sentences(src, tgt, align.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
