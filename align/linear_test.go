package align_test

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
)

// ownTexts builds a long text pair of about n source sentences from the
// hand-written gold of testdata/align (so the test needs no ../shared):
// gold beads drawn at random, with 3 % untranslated sentences inserted on
// each side, as bench/alignbench does with the dev corpus, and an
// untranslated passage of n/25 target sentences a quarter of the way in
// (a translator's preface), which takes the path away from the diagonal
// in proportion to the length of the texts.
func ownTexts(tb testing.TB, n int) (src, tgt []string) {
	tb.Helper()
	type pool struct {
		de, fr []string
		gold   []align.Bead
	}
	var ps []pool
	golds, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(), "testdata", "align", "*.defr"))
	for _, g := range golds {
		base := strings.TrimSuffix(g, ".defr")
		p := pool{de: readLines(tb, base+".de.txt"), fr: readLines(tb, base+".fr.txt")}
		for _, b := range readGold(tb, g) {
			if len(b.Src) > 0 && len(b.Tgt) > 0 {
				p.gold = append(p.gold, b)
			}
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		tb.Fatal("no testdata/align/*.defr")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	preface := false
	for len(src) < n {
		p := ps[rng.IntN(len(ps))]
		if !preface && len(src) >= n/4 {
			preface = true
			for k := 0; k < n/25; k++ {
				tgt = append(tgt, p.fr[rng.IntN(len(p.fr))])
			}
		}
		switch r := rng.Float64(); {
		case r < 0.03:
			src = append(src, p.de[rng.IntN(len(p.de))])
		case r < 0.06:
			tgt = append(tgt, p.fr[rng.IntN(len(p.fr))])
		default:
			b := p.gold[rng.IntN(len(p.gold))]
			for _, i := range b.Src {
				src = append(src, p.de[i])
			}
			for _, j := range b.Tgt {
				tgt = append(tgt, p.fr[j])
			}
		}
	}
	return src, tgt
}

// TestSentencesLinearCells guards the linear search: the dynamic-
// programming cells searched (a count, not a time, so the test does not
// depend on the machine) must grow in proportion to the texts, and stay a
// few hundred a source sentence. Before the coarse-to-fine search the band
// had to widen with the path's drift, so doubling the texts more than
// doubled the cells; and until the guide covered runs of untranslated
// sentences (see guide in sentence.go), the one untranslated passage of
// these texts made every band double to ±1024: 4,531 cells a sentence at
// 20k, 273 s.
func TestSentencesLinearCells(t *testing.T) {
	cells := map[int]int64{}
	for _, n := range []int{10000, 20000} {
		src, tgt := ownTexts(t, n)
		var st align.Stats
		if _, err := align.Sentences(src, tgt, align.Options{Stats: &st}); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d × %d sentences: %d DP cells (%.1f a source sentence), %d pairs scored", len(src), len(tgt), st.Cells, float64(st.Cells)/float64(len(src)), st.PairCells)
		cells[n] = st.Cells
		if st.Cells == 0 {
			t.Fatal("no cells counted")
		}
		// Two passes, each ±26–40 around its guide, plus the blocks:
		// 125–250 a sentence.
		if per := float64(st.Cells) / float64(len(src)); per > 600 {
			t.Errorf("%.0f DP cells a source sentence, want at most 600", per)
		}
	}
	if r := float64(cells[20000]) / float64(cells[10000]); r >= 2.5 {
		t.Errorf("cells(20k)/cells(10k) = %.2f, want < 2.5 (linear: 2)", r)
	} else {
		t.Logf("cells(20k)/cells(10k) = %.2f", r)
	}
}
