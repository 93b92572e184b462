package srx

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
)

// referenceBreaks is the SRX algorithm without any shortcut: at every
// position, the first rule whose regexp matches decides.
func referenceBreaks(rules []*Rule, runes []rune) []int {
	var out []int
	for p := 1; p < len(runes); p++ {
		for _, r := range rules {
			if ok, _ := r.c.match(runes, p); ok {
				if r.Break {
					out = append(out, p)
				}
				break
			}
		}
	}
	return out
}

// TestEngineMatchesReference checks that the candidate positions, bitset
// index and prefilter never change a decision: on the UD German texts and
// some edge cases, for the German rules of every shared SRX file, the
// segmenter breaks exactly where the plain algorithm does.
func TestEngineMatchesReference(t *testing.T) {
	dir := testutil.SharedDir(t, "schemas", "srx")
	files, err := filepath.Glob(filepath.Join(dir, "*.srx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no SRX files in %s: %v", dir, err)
	}
	texts := []string{
		"", " ", "a", ".", "A. B", "Satz.", "Satz.  Zwei  Leerzeichen.",
		"z. B. am 19. Juni 2025 kam Dr. Meier (ca. 3.000 Leute) usw. Dann ging er!",
		"„Ja.“ Er sagte: »Nein!« Und dann... nichts? Nichts!!! 1. Kapitel. II. Teil",
		"www.example.de ist eine Seite. Siehe S. 12 ff. und Abb. 3. Ende",
		"Ünïcödé. Ärger? Öl! Über… «Quote.» Fin",
	}
	if gold, err := segment.LoadGold(filepath.Join(filepath.Dir(filepath.Dir(dir)), "corpus", "segmentation", "ud-de-gsd-dev.jsonl")); err == nil {
		limit := 60
		if testing.Short() {
			limit = 15
		}
		for i, g := range gold {
			if i >= limit {
				break
			}
			texts = append(texts, g.Text)
		}
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := LoadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := r.Segmenter(tm.MustLang("de-DE"))
			if err != nil {
				t.Fatal(err)
			}
			seg := s.(*segmenter)
			for _, text := range texts {
				runes := []rune(text)
				got, want := seg.breaks(runes), referenceBreaks(seg.rules, runes)
				if !slices.Equal(got, want) {
					t.Errorf("%q:\nbreaks    %v\nreference %v", text, got, want)
				}
			}
		})
	}
}

var fuzzSeg struct {
	once sync.Once
	segs []*segmenter
	err  error
}

// FuzzBreaks compares the segmenter with the plain algorithm on arbitrary
// text, for the German rules of LanguageTool and OmegaT:
//
//	go test -run '^$' -fuzz FuzzBreaks -fuzztime 60s ./tm/srx
func FuzzBreaks(f *testing.F) {
	dir := testutil.SharedDir(f, "schemas", "srx")
	for _, s := range []string{
		"z. B. am 19. Juni. Dr. Meier kam!", "Ja.“ Nein! „So?“ (Gut.) Ende…  Neu",
		"1. Kapitel. II. Teil. www.x.de. A.B.C. usw. Zz. Zt. Straße.", "\u00a0x.\tY\n\nZ.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzSeg.once.Do(func() {
			for _, file := range []string{"languagetool-segment.srx", "omegat-defaultRules.srx"} {
				r, err := LoadFile(filepath.Join(dir, file))
				if err != nil {
					fuzzSeg.err = err
					return
				}
				s, err := r.Segmenter(tm.MustLang("de"))
				if err != nil {
					fuzzSeg.err = err
					return
				}
				fuzzSeg.segs = append(fuzzSeg.segs, s.(*segmenter))
			}
		})
		if fuzzSeg.err != nil {
			t.Fatal(fuzzSeg.err)
		}
		runes := []rune(text)
		for _, seg := range fuzzSeg.segs {
			if got, want := seg.breaks(runes), referenceBreaks(seg.rules, runes); !slices.Equal(got, want) {
				t.Errorf("%q:\nbreaks    %v\nreference %v", text, got, want)
			}
		}
	})
}
