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
	src, tgt := benchTexts(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := align.Sentences(src, tgt, align.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchTexts(tb testing.TB, n int) (src, tgt []string) {
	dir := testutil.SharedDir(tb, "corpus", "alignment")
	de := readLines(tb, dir+"/dev.de")
	fr := readLines(tb, dir+"/dev.fr")
	var pool []align.Bead
	for _, g := range readGold(tb, dir+"/dev.defr") {
		if len(g.Src) > 0 && len(g.Tgt) > 0 {
			pool = append(pool, g)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for len(src) < n {
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
	return src, tgt
}
