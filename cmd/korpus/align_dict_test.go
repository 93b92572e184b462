package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
)

// tiere is a hand-written German–French pair with no cognates: the French
// leaves out the German sentence about the bird (2) and says more about
// the horse (3), so lengths alone pair the bird with the horse and glue
// the horse to the cow. Gold: [0]:[0] [1]:[1] [2]:[] [3]:[2] [4]:[3] [5]:[4].
func tiere() (de, fr, dict string) {
	return testutil.Testdata("align/tiere.de.txt"), testutil.Testdata("align/tiere.fr.txt"), testutil.Testdata("align/tiere.de-fr.tsv")
}

var tiereGold = []align.Bead{
	{Src: []int{0}, Tgt: []int{0}}, {Src: []int{1}, Tgt: []int{1}}, {Src: []int{2}},
	{Src: []int{3}, Tgt: []int{2}}, {Src: []int{4}, Tgt: []int{3}}, {Src: []int{5}, Tgt: []int{4}},
}

func beadsOf(t *testing.T, out string) (bs []align.Bead, keys map[string]float64) {
	t.Helper()
	keys = map[string]float64{}
	for _, b := range parseBeads(t, out) {
		bs = append(bs, align.Bead{Src: b.Src, Tgt: b.Tgt, Score: b.Score})
		keys[beadKey(b.Src, b.Tgt)] = b.Score
	}
	return bs, keys
}

func beadKey(src, tgt []int) string { return fmt.Sprint(src) + fmt.Sprint(tgt) }

func TestAlignDict(t *testing.T) {
	de, fr, dict := tiere()
	args := []string{"align", "--presegmented", de, fr, "--from", "de", "--to", "fr"}
	without, wk := beadsOf(t, mustRunKorpus(t, "", "", args...))
	with, k := beadsOf(t, mustRunKorpus(t, "", "", append(args, "--dict", dict)...))

	// Without the dictionary the cow is glued to the horse; with it, the
	// cow pairs with the cow and the animals before it keep their pairs.
	if _, ok := wk["[4][3]"]; ok {
		t.Fatalf("[4]:[3] aligned without a dictionary: the test text no longer needs one: %v", wk)
	}
	for _, want := range []string{"[0][0]", "[1][1]", "[4][3]", "[5][4]"} {
		if _, ok := k[want]; !ok {
			t.Errorf("with --dict, no bead %s: %v", want, k)
		}
	}
	sw, _ := align.Evaluate(without, tiereGold)
	s, _ := align.Evaluate(with, tiereGold)
	t.Logf("strict without %v, with %v", sw, s)
	if s.F1 <= sw.F1 {
		t.Errorf("strict F1 with the dictionary %.3f, not above %.3f without", s.F1, sw.F1)
	}
	// The cat's bead is right either way; the dictionary makes it surer.
	if k["[1][1]"] <= wk["[1][1]"] {
		t.Errorf("score of [1]:[1] %.2f with the dictionary, %.2f without: want higher", k["[1][1]"], wk["[1][1]"])
	}

	// The same dictionary in hunalign's format (target @ source), with a
	// phrase, gives the same beads.
	b, err := os.ReadFile(dict)
	if err != nil {
		t.Fatal(err)
	}
	var hl []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		src, tgt, _ := strings.Cut(l, "\t")
		hl = append(hl, tgt+" @ "+src)
	}
	hl = append(hl, "forêt sombre @ dunklen Wald")
	hun := filepath.Join(t.TempDir(), "de-fr.dic")
	if err := os.WriteFile(hun, []byte(strings.Join(hl, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, hk := beadsOf(t, mustRunKorpus(t, "", "", append(args, "--dict", hun)...))
	for key := range k {
		if _, ok := hk[key]; !ok {
			t.Errorf("hunalign dictionary: no bead %s (TSV: %v, hunalign: %v)", key, k, hk)
		}
	}
}

func TestAlignDictErrors(t *testing.T) {
	de, fr, _ := tiere()
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		want          []string
	}{
		{"tsv-fields", "Hund\tchien\nKatze\tchat\nPferd\tcheval\textra\n", []string{"tsv-fields.txt:3:", "want 2 tab-separated fields", "TSV since line 1"}},
		{"tsv-then-hunalign", "# animals\nHund\tchien\nchat @ Katze\n", []string{"tsv-then-hunalign.txt:3:", "want 2 tab-separated fields", "TSV since line 2"}},
		{"hunalign-no-at", "chien @ Hund\n\nchat Katze\n", []string{"hunalign-no-at.txt:3:", `want "target @ source"`, "hunalign format since line 1"}},
		{"hunalign-two-at", "chien @ Hund @ Tier\n", []string{"hunalign-two-at.txt:1:", `more than one " @ "`}},
		{"empty-target", "Hund\tchien\nKatze\t \n", []string{"empty-target.txt:2:", "the target side is empty"}},
		{"empty-source", "chien @ Hund\nchat @ \n", []string{"empty-source.txt:2:", "the source side is empty"}},
		{"neither", "Hund chien\n", []string{"neither.txt:1:", "neither a TSV entry", "nor a hunalign one"}},
		{"latin1", "Hund\tchien\nM\xf6we\tmouette\n", []string{"latin1.txt:2:", "not UTF-8"}},
		{"no-entries", "# nothing\n\n", []string{"no-entries.txt:", "no dictionary entries"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".txt")
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runKorpus(t, "", "", "align", "--presegmented", de, fr, "--from", "de", "--to", "fr", "--dict", p)
			if out != "" {
				t.Errorf("printed beads with a bad dictionary: %s", out)
			}
			wantError(t, errOut, code, exitError, tc.want...)
		})
	}
	t.Run("missing", func(t *testing.T) {
		p := filepath.Join(dir, "nope.tsv")
		_, errOut, code := runKorpus(t, "", "", "align", "--presegmented", de, fr, "--from", "de", "--to", "fr", "--dict", p)
		wantError(t, errOut, code, exitError, "nope.tsv")
	})
}
