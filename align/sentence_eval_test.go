package align_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
)

func readLines(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func readGold(tb testing.TB, path string) []align.Bead {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gold, err := align.ReadBeads(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return gold
}

// TestSentencesGold scores the aligner on the German–French gold of
// ../shared/corpus/alignment (Text+Berg, Bleualign's dev set). With
// KORPUS_ALIGN_DICT naming a German–French dictionary (TSV or hunalign
// format, such as the one bench/dictdtsv makes of Debian's
// dict-freedict-deu-fra), it also scores the aligner with it.
func TestSentencesGold(t *testing.T) {
	dir := testutil.SharedDir(t, "corpus", "alignment")
	de := readLines(t, dir+"/dev.de")
	fr := readLines(t, dir+"/dev.fr")
	gold := readGold(t, dir+"/dev.defr")
	type tcase struct {
		name        string
		opts        align.Options
		strictFloor float64
	}
	cases := []tcase{
		{"NoBootstrap", align.Options{NoBootstrap: true}, 0.89},
		{"Default", align.Options{}, 0.90},
		{"NarrowBand", align.Options{Band: 5}, 0.90},
	}
	if path := os.Getenv("KORPUS_ALIGN_DICT"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		dict, err := align.ReadDict(f, path)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d entries", path, len(dict))
		cases = append(cases,
			tcase{"DictNoBootstrap", align.Options{Dict: dict, NoBootstrap: true}, 0.89},
			tcase{"Dict", align.Options{Dict: dict}, 0.90})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			beads, err := align.Sentences(de, fr, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			strict, lax := align.Evaluate(beads, gold)
			t.Logf("strict %v; lax %v", strict, lax)
			if strict.F1 < tc.strictFloor {
				t.Errorf("strict F1 %.3f below the floor %.2f", strict.F1, tc.strictFloor)
			}
		})
	}
}

// TestSentencesOwnGold scores the aligner on the hand-written German–
// French documents of testdata/align (news, instructions, dialogue; not
// taken from the dev corpus, with 1-2, 2-1, 1-0 and 0-1 beads in their
// gold). The floors sit a little below what the aligner scored when they
// were written, so a change that loses beads on text it was not developed
// on fails here.
func TestSentencesOwnGold(t *testing.T) {
	floors := map[string]float64{"nachrichten": 0.85, "anleitung": 0.90, "dialog": 0.92}
	for name, floor := range floors {
		t.Run(name, func(t *testing.T) {
			base := filepath.Join(testutil.RepoRoot(), "testdata", "align", name)
			de, fr := readLines(t, base+".de.txt"), readLines(t, base+".fr.txt")
			beads, err := align.Sentences(de, fr, align.Options{})
			if err != nil {
				t.Fatal(err)
			}
			strict, lax := align.Evaluate(beads, readGold(t, base+".defr"))
			t.Logf("%d × %d sentences: strict %v; lax %v", len(de), len(fr), strict, lax)
			if strict.F1 < floor {
				t.Errorf("strict F1 %.3f below the floor %.2f", strict.F1, floor)
			}
		})
	}
}
