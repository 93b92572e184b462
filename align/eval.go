package align

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
)

// ReadBeads reads alignments in the "[src indices]:[tgt indices]" form of
// the Bleualign and Vecalign gold files, one a line (a third ":cost" field
// is read as the score). Errors name the line.
func ReadBeads(r io.Reader) ([]Bead, error) {
	var out []Bead
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		parts := strings.Split(s, ":")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, tm.Errorf(tm.EINVALID, "line %d: want [i, …]:[j, …], got %q", line, s)
		}
		var b Bead
		var err error
		if b.Src, err = parseIndexList(parts[0]); err == nil {
			b.Tgt, err = parseIndexList(parts[1])
		}
		if err == nil && len(parts) == 3 {
			b.Score, err = strconv.ParseFloat(strings.TrimSpace(parts[2]), 64)
		}
		if err != nil {
			return nil, tm.Errorf(tm.EINVALID, "line %d: %v", line, err)
		}
		out = append(out, b)
	}
	return out, sc.Err()
}

func parseIndexList(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, fmt.Errorf("want a bracketed list, got %q", s)
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad index %q", strings.TrimSpace(f))
		}
		out = append(out, n)
	}
	return out, nil
}

// PRF is precision, recall and F1.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (p PRF) String() string {
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f", p.Precision, p.Recall, p.F1)
}

// Evaluate scores hypothesis beads against gold ones the way the Bleualign
// and Vecalign papers do (Sennrich & Volk, after Tiedemann). Strict: a bead
// is right only if the same (src, tgt) bead is in the other list. Lax: a
// bead is right if one of its target sentences is aligned to one of its
// source sentences in the other list. Precision is over hypothesis beads
// with both sides non-empty, recall over such gold beads.
func Evaluate(hyp, gold []Bead) (strict, lax PRF) {
	hyp, gold = nonEmpty(hyp), nonEmpty(gold)
	key := func(b Bead) string { return fmt.Sprint(b.Src, b.Tgt) }
	links := func(bs []Bead) map[[2]int]bool {
		m := map[[2]int]bool{}
		for _, b := range bs {
			for _, i := range b.Src {
				for _, j := range b.Tgt {
					m[[2]int{i, j}] = true
				}
			}
		}
		return m
	}
	count := func(a, b []Bead) (strictHits, laxHits int) {
		keys := map[string]bool{}
		for _, x := range b {
			keys[key(x)] = true
		}
		l := links(b)
		for _, x := range a {
			if keys[key(x)] {
				strictHits++
			}
			hit := false
			for _, i := range x.Src {
				for _, j := range x.Tgt {
					hit = hit || l[[2]int{i, j}]
				}
			}
			if hit {
				laxHits++
			}
		}
		return
	}
	hs, hl := count(hyp, gold)
	gs, gl := count(gold, hyp)
	return prf(hs, len(hyp), gs, len(gold)), prf(hl, len(hyp), gl, len(gold))
}

func nonEmpty(bs []Bead) []Bead {
	var out []Bead
	for _, b := range bs {
		if len(b.Src) > 0 && len(b.Tgt) > 0 {
			out = append(out, Bead{Src: slices.Clone(b.Src), Tgt: slices.Clone(b.Tgt)})
		}
	}
	return out
}

func prf(pHits, pN, rHits, rN int) PRF {
	var p PRF
	if pN > 0 {
		p.Precision = float64(pHits) / float64(pN)
	}
	if rN > 0 {
		p.Recall = float64(rHits) / float64(rN)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
	return p
}
