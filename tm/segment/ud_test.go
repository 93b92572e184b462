package segment

import (
	"os"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// udFloors are the F1 scores the German rules must keep on the UD German
// GSD dev data, a little below what they reach.
var udFloors = map[string]float64{"news": 0.97, "reviews": 0.985}

// TestUDGermanGSD scores the German rules on gold sentences of UD German
// GSD (dev). Set KORPUS_SEGMENT_ERRORS=1 to log every wrong paragraph.
func TestUDGermanGSD(t *testing.T) {
	gold, err := LoadGold(testutil.SharedDir(t, "corpus", "segmentation", "ud-de-gsd-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Default", func(t *testing.T) { scoreUD(t, gold, Options{}) })
	// UD splits after ":" and ";" before a full sentence; the option must
	// score at least as well there as the default.
	t.Run("SplitColon", func(t *testing.T) { scoreUD(t, gold, Options{SplitColon: true}) })
}

func scoreUD(t *testing.T, gold []GoldParagraph, o Options) {
	s, err := NewWithOptions(tm.MustLang("de"), o)
	if err != nil {
		t.Fatal(err)
	}
	by := EvaluateByGenre(gold, s)
	for _, genre := range Genres(gold) {
		sc := by[genre]
		t.Logf("%-8s paragraphs %3d gold %3d predicted %3d correct %3d  P %.4f R %.4f F1 %.4f",
			genre, sc.Paragraphs, sc.Gold, sc.Predicted, sc.Correct, sc.Precision, sc.Recall, sc.F1)
		if os.Getenv("KORPUS_SEGMENT_ERRORS") != "" {
			for _, m := range sc.Errors {
				t.Logf("GOLD %q", m.Gold.Sentences)
				t.Logf("PRED %q", m.Predicted)
			}
		}
		if floor, ok := udFloors[genre]; !ok {
			t.Errorf("no F1 floor for genre %q", genre)
		} else if sc.F1 < floor {
			t.Errorf("%s: F1 %.4f below the floor %.4f", genre, sc.F1, floor)
		}
	}
}
