package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

func everest() (de, fr string) {
	return testutil.Testdata("align/everest.de.txt"), testutil.Testdata("align/everest.fr.txt")
}

func parseBeads(t *testing.T, out string) []alignedBead {
	t.Helper()
	var bs []alignedBead
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var b alignedBead
		if err := json.Unmarshal([]byte(l), &b); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		bs = append(bs, b)
	}
	return bs
}

func TestAlignJSONL(t *testing.T) {
	de, fr := everest()
	out := mustRunKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr")
	if !strings.Contains(out, `{"src":[],"tgt":[4],"score":`) {
		t.Errorf("the untranslated note is not a 0-1 bead with [] for its empty side:\n%s", out)
	}
	var got []string
	for _, b := range parseBeads(t, out) {
		got = append(got, fmt.Sprint(b.Src)+":"+fmt.Sprint(b.Tgt))
		if b.Score < 0 || b.Score > 1 {
			t.Errorf("score %v", b.Score)
		}
	}
	want := "[0]:[0] [1 2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5]"
	if strings.Join(got, " ") != want {
		t.Errorf("beads %s, want %s", strings.Join(got, " "), want)
	}
}

func TestAlignGoldPresegmented(t *testing.T) {
	dir := testutil.SharedDir(t, "corpus", "alignment")
	out := mustRunKorpus(t, "", "", "align", "--presegmented", filepath.Join(dir, "dev.de"), filepath.Join(dir, "dev.fr"), "--from", "de", "--to", "fr")
	var hyp []align.Bead
	for _, b := range parseBeads(t, out) {
		hyp = append(hyp, align.Bead{Src: b.Src, Tgt: b.Tgt})
	}
	f, err := os.Open(filepath.Join(dir, "dev.defr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := align.ReadBeads(f)
	if err != nil {
		t.Fatal(err)
	}
	strict, lax := align.Evaluate(hyp, gold)
	t.Logf("korpus align on dev: strict %v; lax %v", strict, lax)
	if strict.F1 < 0.85 {
		t.Errorf("strict F1 %.3f < 0.85", strict.F1)
	}
}

func TestAlignTSVAndTMX(t *testing.T) {
	de, fr := everest()
	out := mustRunKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr", "--format", "tsv")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("tsv has %d lines:\n%s", len(lines), out)
	}
	if f := strings.Split(lines[1], "\t"); len(f) != 3 || f[0] != "Sie erreichten das Lager 9 auf 8500 Metern. Am 29. Mai war das Wetter gut." ||
		!strings.HasPrefix(f[1], "Ils atteignirent") {
		t.Errorf("tsv line %q", lines[1])
	}
	if f := strings.Split(lines[4], "\t"); f[0] != "" || !strings.HasPrefix(f[1], "(Note du traducteur") {
		t.Errorf("tsv 0-1 line %q", lines[4])
	}

	out = mustRunKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr", "--format", "tmx")
	dec := tmx.NewDecoder(strings.NewReader(out), "out.tmx")
	n := 0
	for {
		u, err := dec.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("tmx: %v", err)
			}
			break
		}
		n++
		if u.SourceLang != "de" || u.TargetLang != "fr" {
			t.Errorf("unit langs %s→%s", u.SourceLang, u.TargetLang)
		}
	}
	if n != 5 {
		t.Errorf("tmx holds %d units, want 5 (the beads with both sides)", n)
	}
}

func TestAlignImport(t *testing.T) {
	de, fr := everest()
	db := tempDB(t)
	out := mustRunKorpus(t, db, "", "align", de, fr, "--from", "de", "--to", "fr", "--import", "--min-score", "0.9")
	if !strings.Contains(out, "stored 5 of 5 pairs") {
		t.Errorf("import said %q", out)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	review := 0
	n := 0
	if err := s.EachUnit(context.Background(), store.UnitFilter{SourceLang: "de", TargetLang: "fr"}, func(u *tm.Unit) error {
		n++
		if u.Origin != tm.OriginAlignment || u.Score <= 0 || u.Score > 1 {
			t.Errorf("unit %+v", u)
		}
		if u.Status == tm.StatusNeedsReview {
			review++
			if u.Score >= 0.9 {
				t.Errorf("score %v ≥ --min-score but needs review", u.Score)
			}
		} else if u.Score < 0.9 {
			t.Errorf("score %v < --min-score but %s", u.Score, u.Status)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 5 || review == 0 {
		t.Errorf("%d units, %d to review", n, review)
	}
	// Again, now with the memory's words as a dictionary: same pairs.
	out = mustRunKorpus(t, db, "", "align", de, fr, "--from", "de", "--to", "fr", "--import")
	if !strings.Contains(out, "(5 already there)") {
		t.Errorf("second import said %q", out)
	}
	// Nothing was stored, so nothing was marked: the report says which
	// pairs score low, not that they were stored as needs-review.
	if strings.Contains(out, "marked") || !strings.Contains(out, "below 0.50 (needs-review)") {
		t.Errorf("second import said %q", out)
	}
}

func TestAlignBadInput(t *testing.T) {
	de, fr := everest()
	t.Run("Swapped", func(t *testing.T) {
		db := tempDB(t)
		_, errOut, code := runKorpus(t, db, "", "align", fr, de, "--from", "de", "--to", "fr", "--import")
		wantError(t, errOut, code, exitError, "looks like fr", "swap")
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Error("a refused import created the database")
		}
	})
	t.Run("WrongTarget", func(t *testing.T) {
		_, errOut, code := runKorpus(t, "", "", "align", de, de, "--from", "de", "--to", "fr")
		wantError(t, errOut, code, exitError, "(TARGET, --to fr) looks like de")
	})
	t.Run("Empty", func(t *testing.T) {
		empty := writeFile(t, "empty.txt", nil)
		_, errOut, code := runKorpus(t, "", "", "align", empty, fr, "--from", "de", "--to", "fr")
		wantError(t, errOut, code, exitError, "empty.txt (SOURCE) holds no sentences")
		_, errOut, code = runKorpus(t, "", "", "align", de, empty, "--from", "de", "--to", "fr")
		wantError(t, errOut, code, exitError, "(TARGET) holds no sentences")
	})
	t.Run("Missing", func(t *testing.T) {
		_, errOut, code := runKorpus(t, "", "", "align", "nope.txt", fr, "--from", "de", "--to", "fr")
		wantError(t, errOut, code, exitError, "nope.txt")
	})
	t.Run("Usage", func(t *testing.T) {
		_, errOut, code := runKorpus(t, "", "", "align", de, fr, "--from", "de")
		wantError(t, errOut, code, exitUsage, "to")
		_, errOut, code = runKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "de")
		wantError(t, errOut, code, exitUsage, "both de")
		_, errOut, code = runKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr", "--min-score", "2")
		wantError(t, errOut, code, exitUsage, "--min-score")
		_, errOut, code = runKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr", "--format", "xml")
		wantError(t, errOut, code, exitUsage)
	})
	// Flags that would be silently ignored are usage errors: a user who
	// asks for --format tsv with --import, or filters printed beads with
	// --min-score, would otherwise not get what they asked for.
	t.Run("IgnoredFlags", func(t *testing.T) {
		db := tempDB(t)
		stdout, errOut, code := runKorpus(t, db, "", "align", de, fr, "--from", "de", "--to", "fr", "--import", "--format", "tsv")
		wantError(t, errOut, code, exitUsage, "--format", "--import")
		if stdout != "" {
			t.Errorf("stdout %q", stdout)
		}
		if _, err := os.Stat(db); err == nil {
			t.Error("a usage error created the database")
		}
		_, errOut, code = runKorpus(t, "", "", "align", de, fr, "--from", "de", "--to", "fr", "--min-score", "0.6")
		wantError(t, errOut, code, exitUsage, "--min-score", "--import")
	})
	t.Run("TargetTenTimesLonger", func(t *testing.T) {
		b, err := os.ReadFile(fr)
		if err != nil {
			t.Fatal(err)
		}
		var long []byte
		for i := 0; i < 10; i++ {
			long = append(long, b...)
			long = append(long, '\n')
		}
		out, errOut, code := runKorpus(t, "", "", "align", de, writeFile(t, "long.fr.txt", long), "--from", "de", "--to", "fr")
		if code != 0 || !strings.Contains(errOut, "warning: ") || !strings.Contains(errOut, "times as long as") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		bs := parseBeads(t, out)
		pairs := 0
		for _, b := range bs {
			if len(b.Src) > 0 && len(b.Tgt) > 0 {
				pairs++
			}
		}
		if pairs < 4 {
			t.Errorf("only %d pairs aligned:\n%s", pairs, out)
		}
	})
}
