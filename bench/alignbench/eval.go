package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/korpus/korpus/align"
)

// doc is a text, its translation and their gold alignment.
type doc struct {
	name     string
	src, tgt []string
	gold     []align.Bead
}

func readDoc(name, de, fr, defr string) (doc, error) {
	d := doc{name: name}
	var err error
	if d.src, err = lines(de); err != nil {
		return d, err
	}
	if d.tgt, err = lines(fr); err != nil {
		return d, err
	}
	f, err := os.Open(defr)
	if err != nil {
		return d, err
	}
	defer f.Close()
	if d.gold, err = align.ReadBeads(f); err != nil {
		return d, fmt.Errorf("%s: %v", defr, err)
	}
	return d, nil
}

// score aligns d and scores strict and lax F1 against its gold.
func (d doc) score(opts align.Options) (strict, lax align.PRF) {
	beads, err := align.Sentences(d.src, d.tgt, opts)
	if err != nil {
		panic(err)
	}
	return align.Evaluate(beads, d.gold)
}

// folds splits d at gold bead boundaries into k parts of about the same
// number of beads; each part holds the sentences of its beads (and any
// sentence the gold leaves out that lies between them).
func (d doc) folds(k int) []doc {
	var out []doc
	n := len(d.gold)
	si, ti := 0, 0 // first sentences of the next part
	for f := 0; f < k; f++ {
		lo, hi := f*n/k, (f+1)*n/k
		se, te := si, ti
		for _, b := range d.gold[lo:hi] {
			if len(b.Src) > 0 {
				se = max(se, b.Src[len(b.Src)-1]+1)
			}
			if len(b.Tgt) > 0 {
				te = max(te, b.Tgt[len(b.Tgt)-1]+1)
			}
		}
		if f == k-1 {
			se, te = len(d.src), len(d.tgt)
		}
		part := doc{name: fmt.Sprintf("%s fold %d/%d", d.name, f+1, k), src: d.src[si:se], tgt: d.tgt[ti:te]}
		for _, b := range d.gold[lo:hi] {
			part.gold = append(part.gold, align.Bead{Src: shift(b.Src, -si), Tgt: shift(b.Tgt, -ti)})
		}
		out = append(out, part)
		si, ti = se, te
	}
	return out
}

func shift(xs []int, by int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x+by)
	}
	return out
}

// side is one text of a doc: 0 the source, 1 the target.
func (d *doc) side(s int) *[]string {
	if s == 0 {
		return &d.src
	}
	return &d.tgt
}

func beadSide(b *align.Bead, s int) *[]int {
	if s == 0 {
		return &b.Src
	}
	return &b.Tgt
}

// remap renumbers side s of d: sentence i becomes keep[i] (-1: dropped);
// gold beads that then share a sentence are merged, with the beads
// between them, so that the gold stays a monotonic alignment.
func (d doc) remap(s int, sents []string, newIdx []int) doc {
	out := doc{name: d.name, src: d.src, tgt: d.tgt}
	*out.side(s) = sents
	for _, b := range d.gold {
		nb := align.Bead{Src: slices.Clone(b.Src), Tgt: slices.Clone(b.Tgt)}
		p := beadSide(&nb, s)
		var m []int
		for _, i := range *p {
			if newIdx[i] >= 0 {
				m = append(m, newIdx[i])
			}
		}
		*p = slices.Compact(m)
		if len(nb.Src) == 0 && len(nb.Tgt) == 0 {
			continue
		}
		at := -1
		for k := len(out.gold) - 1; k >= 0 && k >= len(out.gold)-4; k-- {
			if overlap(*beadSide(&out.gold[k], s), *p) {
				at = k
				break
			}
		}
		if at < 0 {
			out.gold = append(out.gold, nb)
			continue
		}
		merged := align.Bead{}
		for _, g := range append(out.gold[at:], nb) {
			merged.Src = append(merged.Src, g.Src...)
			merged.Tgt = append(merged.Tgt, g.Tgt...)
		}
		slices.Sort(merged.Src)
		slices.Sort(merged.Tgt)
		merged.Src, merged.Tgt = slices.Compact(merged.Src), slices.Compact(merged.Tgt)
		out.gold = append(out.gold[:at], merged)
	}
	return out
}

func overlap(a, b []int) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// drop removes a share frac of the sentences of side s, as when a
// translator leaves sentences out (or the text extraction loses them).
func (d doc) drop(s int, frac float64, rng *rand.Rand) doc {
	sents := *d.side(s)
	newIdx := make([]int, len(sents))
	var kept []string
	for i, t := range sents {
		if rng.Float64() < frac {
			newIdx[i] = -1
			continue
		}
		newIdx[i] = len(kept)
		kept = append(kept, t)
	}
	return d.remap(s, kept, newIdx)
}

// merge joins a share frac of the sentences of side s with the next one,
// as when a translator joins two sentences (or a segmenter misses a
// boundary).
func (d doc) merge(s int, frac float64, rng *rand.Rand) doc {
	sents := *d.side(s)
	newIdx := make([]int, len(sents))
	var out []string
	for i := 0; i < len(sents); i++ {
		newIdx[i] = len(out)
		t := sents[i]
		if i+1 < len(sents) && rng.Float64() < frac {
			i++
			newIdx[i] = len(out)
			t += " " + sents[i]
		}
		out = append(out, t)
	}
	return d.remap(s, out, newIdx)
}

// insert adds unrelated sentences (taken from far away in the same text)
// at a share frac of the positions of side s: untranslated notes, captions,
// page furniture.
func (d doc) insert(s int, frac float64, rng *rand.Rand) doc {
	sents := *d.side(s)
	out := doc{name: d.name, src: d.src, tgt: d.tgt}
	newIdx := make([]int, len(sents))
	var res []string
	var added []int
	for i, t := range sents {
		if rng.Float64() < frac {
			far := (i + len(sents)/2 + rng.IntN(max(1, len(sents)/4))) % len(sents)
			added = append(added, len(res))
			res = append(res, sents[far])
		}
		newIdx[i] = len(res)
		res = append(res, t)
	}
	out = d.remap(s, res, newIdx)
	// The inserted sentences translate nothing: 1-0 or 0-1 beads in
	// the gold, which scoring leaves out.
	for _, a := range added {
		b := align.Bead{}
		*beadSide(&b, s) = []int{a}
		out.gold = append(out.gold, b)
	}
	return out
}

// reorder moves the target sentences of a run of gold beads (a
// paragraph) to a later place in the target text. The gold is then not
// monotonic; a monotonic aligner can at best leave the moved paragraph
// out, so this measures how far the damage spreads.
func (d doc) reorder(beads, every int, rng *rand.Rand) doc {
	out := doc{name: d.name, src: d.src}
	// Blocks of bead indices [a, a+beads) whose target sentences move
	// after bead a+beads+gap.
	order := make([]int, len(d.gold)) // positions of beads in target order
	for k := range order {
		order[k] = k
	}
	for a := rng.IntN(every); a+beads*3 < len(order); a += every {
		gap := beads + rng.IntN(beads)
		block := slices.Clone(order[a : a+beads])
		rest := slices.Delete(slices.Clone(order), a, a+beads)
		at := a + gap
		order = slices.Insert(rest, at, block...)
	}
	newIdx := make([]int, len(d.tgt))
	for i := range newIdx {
		newIdx[i] = -1
	}
	for _, k := range order {
		for _, j := range d.gold[k].Tgt {
			newIdx[j] = len(out.tgt)
			out.tgt = append(out.tgt, d.tgt[j])
		}
	}
	for j, t := range d.tgt { // sentences in no gold bead stay at the end
		if newIdx[j] < 0 {
			newIdx[j] = len(out.tgt)
			out.tgt = append(out.tgt, t)
		}
	}
	for _, b := range d.gold {
		out.gold = append(out.gold, align.Bead{Src: b.Src, Tgt: mapAll(b.Tgt, newIdx)})
	}
	return out
}

func mapAll(xs, m []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, m[x])
	}
	return out
}

// concat pools docs into one (indices shifted), so that one F1 counts
// every bead of them.
func concat(name string, ds []doc) doc {
	out := doc{name: name}
	for _, d := range ds {
		for _, b := range d.gold {
			out.gold = append(out.gold, align.Bead{Src: shift(b.Src, len(out.src)), Tgt: shift(b.Tgt, len(out.tgt))})
		}
		out.src = append(out.src, d.src...)
		out.tgt = append(out.tgt, d.tgt...)
	}
	return out
}

// evaluation prints strict F1 (and lax F1) for the dev document, its
// k-fold parts, perturbed versions of it and the hand-written documents
// of testdata/align, without and with the dictionary dictPath.
func evaluation(dataDir, testdata, dictPath string, seeds int) error {
	dev, err := readDoc("dev", filepath.Join(dataDir, "dev.de"), filepath.Join(dataDir, "dev.fr"), filepath.Join(dataDir, "dev.defr"))
	if err != nil {
		return err
	}
	var own []doc
	matches, _ := filepath.Glob(filepath.Join(testdata, "*.defr"))
	for _, g := range matches {
		base := strings.TrimSuffix(g, ".defr")
		d, err := readDoc(filepath.Base(base), base+".de.txt", base+".fr.txt", g)
		if err != nil {
			return err
		}
		own = append(own, d)
	}
	settings := []setting{{"no dict", align.Options{}}}
	if dictPath != "" {
		f, err := os.Open(dictPath)
		if err != nil {
			return err
		}
		dict, err := align.ReadDict(f, dictPath)
		f.Close()
		if err != nil {
			return err
		}
		settings = append(settings, setting{"--dict", align.Options{Dict: dict}})
	}
	type row struct {
		name  string
		beads int // scored, over all texts, or per text when per
		f1    []string
	}
	var rows []row
	add := func(name string, per bool, ds []doc) {
		r := row{name: name}
		for _, d := range ds {
			r.beads += len(nonEmpty(d.gold))
		}
		if per {
			r.beads /= len(ds)
		}
		for _, s := range settings {
			// Mean and spread of strict F1 over ds (folds, seeds);
			// lax F1 of the pooled beads.
			var f1s []float64
			for _, d := range ds {
				st, _ := d.score(s.opts)
				f1s = append(f1s, st.F1)
			}
			m, sd := meanSD(f1s)
			if len(ds) == 1 {
				r.f1 = append(r.f1, fmt.Sprintf("%.3f", m))
			} else {
				r.f1 = append(r.f1, fmt.Sprintf("%.3f ± %.3f", m, sd))
			}
		}
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "%s done\n", name)
	}
	add("dev, whole (468 × 554)", false, []doc{dev})
	add("dev, 3-fold parts, each aligned alone", false, dev.folds(3))
	add("dev, 6-fold parts, each aligned alone", false, dev.folds(6))
	type perturbation struct {
		name string
		f    func(d doc, rng *rand.Rand) doc
	}
	perts := []perturbation{
		{"dev, 5 % of German sentences dropped", func(d doc, r *rand.Rand) doc { return d.drop(0, 0.05, r) }},
		{"dev, 10 % of German sentences dropped", func(d doc, r *rand.Rand) doc { return d.drop(0, 0.10, r) }},
		{"dev, 5 % of French sentences dropped", func(d doc, r *rand.Rand) doc { return d.drop(1, 0.05, r) }},
		{"dev, 10 % of French sentences dropped", func(d doc, r *rand.Rand) doc { return d.drop(1, 0.10, r) }},
		{"dev, 5 % of German sentences merged with the next", func(d doc, r *rand.Rand) doc { return d.merge(0, 0.05, r) }},
		{"dev, 5 % of French sentences merged with the next", func(d doc, r *rand.Rand) doc { return d.merge(1, 0.05, r) }},
		{"dev, a paragraph (6 beads) moved every 100 beads", func(d doc, r *rand.Rand) doc { return d.reorder(6, 100, r) }},
		{"dev, 5 % unrelated sentences inserted on each side", func(d doc, r *rand.Rand) doc { return d.insert(1, 0.05, r).insert(0, 0.05, r) }},
	}
	for _, p := range perts {
		var ds []doc
		for s := 1; s <= seeds; s++ {
			ds = append(ds, p.f(dev, rand.New(rand.NewPCG(uint64(s), 7))))
		}
		add(fmt.Sprintf("%s (%d seeds)", p.name, seeds), true, ds)
	}
	for _, d := range own {
		add("hand-written "+d.name+fmt.Sprintf(" (%d × %d)", len(d.src), len(d.tgt)), false, []doc{d})
	}
	if len(own) > 0 {
		add("hand-written, all pooled", false, []doc{concat("all", own)})
	}
	fmt.Printf("| text | gold beads | %s |\n| --- | --- |%s\n", strings.Join(names(settings), " | "), strings.Repeat(" --- |", len(settings)))
	for _, r := range rows {
		fmt.Printf("| %s | %d | %s |\n", r.name, r.beads, strings.Join(r.f1, " | "))
	}
	return nil
}

// setting is one way of running the aligner.
type setting struct {
	name string
	opts align.Options
}

func names(s []setting) []string {
	var out []string
	for _, x := range s {
		out = append(out, "strict F1, "+x.name)
	}
	return out
}

func nonEmpty(bs []align.Bead) []align.Bead {
	var out []align.Bead
	for _, b := range bs {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			out = append(out, b)
		}
	}
	return out
}

func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	if len(xs) > 1 {
		v /= float64(len(xs) - 1)
	}
	return m, math.Sqrt(v)
}
