package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// hardWrap wraps every line of text longer than width at spaces, as a
// mail client or an old word processor would.
func hardWrap(text string, width int) string {
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := 0
		for j, w := range strings.Fields(line) {
			l := len([]rune(strings.ReplaceAll(w, GoldMark, "")))
			if j > 0 && n+1+l > width {
				b.WriteByte('\n')
				n = 0
			} else if j > 0 {
				b.WriteByte(' ')
				n++
			}
			b.WriteString(w)
			n += l
		}
	}
	return b.String()
}

// TestHandGoldWrapped segments the hand-written gold documents again after
// hard-wrapping them at several widths (a perturbation: the gold segments
// stay the same), so that paragraph detection is measured on wrapped text
// that it was not written for. Before the document's wrap width was
// estimated (wrapWidth), F1 was 0.82 / 0.89 / 0.96 (gold) and 0.81 / 0.88
// / 0.93 (heldout) at widths 50 / 60 / 72.
// unwrapGold joins the lines of a marked gold file that the file itself
// wraps: a line with text and no mark at its end, followed by a line with
// text.
func unwrapGold(marked string) string {
	lines := strings.Split(marked, "\n")
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		if i == len(lines)-1 {
			break
		}
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasSuffix(t, GoldMark) && strings.TrimSpace(lines[i+1]) != "" {
			b.WriteByte(' ')
		} else {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestHandGoldWrapped(t *testing.T) {
	s, err := New(tm.MustLang("de"))
	if err != nil {
		t.Fatal(err)
	}
	split := DocumentSplitter(s)
	for _, set := range []string{"gold", "heldout"} {
		files, err := filepath.Glob(testutil.Testdata(filepath.Join("segment", set, "*.txt")))
		if err != nil || len(files) == 0 {
			t.Fatalf("no gold files: %v", err)
		}
		for _, width := range []int{50, 60, 72} {
			var wrapped []GoldParagraph
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				// Undo the file's own wraps (a line break with no mark
				// before it), then wrap every line at width.
				marked := unwrapGold(string(b))
				wrapped = append(wrapped, ParseMarked(hardWrap(marked, width), filepath.Base(f)))
			}
			sc := EvaluateDocuments(wrapped, split)
			if sc.F1 < 0.97 {
				t.Errorf("%s wrapped at %d: F1 %.4f below the floor 0.97", set, width, sc.F1)
			}
			t.Logf("%-7s wrapped at %d: gold %d predicted %d P %.4f R %.4f F1 %.4f", set, width, sc.Gold, sc.Predicted, sc.Precision, sc.Recall, sc.F1)
			for _, m := range sc.Errors {
				if testing.Verbose() {
					logDiff(t, m.Gold.Sentences, m.Predicted)
				}
			}
		}
	}
}

func TestWrapWidth(t *testing.T) {
	wrapped := "Die Regierung hat am Mittwoch neue Regeln\nbeschlossen. Sie gelten ab dem 1. Januar für\nalle Betriebe mit mehr als 50 Beschäftigten.\nKleinere Firmen sind ausgenommen, sagte der\nMinister.\n"
	if w := wrapWidth(wrapped); w < 40 || w > 46 {
		t.Errorf("wrapWidth(wrapped) = %d, want about 44", w)
	}
	// Sentences end at line ends, and the next line starts with a
	// capital: still one paragraph, because each next word did not fit.
	got := Paragraphs(wrapped)
	if len(got) != 1 {
		t.Errorf("Paragraphs(wrapped) = %q, want one paragraph", got)
	}
	for _, text := range []string{
		"Einleitung\nDie Regierung hat am Mittwoch beschlossen.\nHintergrund\nDie Zahlen sind gestiegen, sagte er.\nAusblick\n",
		"Eine Zeile, die ein ganzer Absatz ist, wie exportierter Text sie hat.\nNoch ein Absatz.\nUnd ein dritter Absatz, wieder lang genug für zwei.\n",
	} {
		if w := wrapWidth(text); w != 0 {
			t.Errorf("wrapWidth(%q) = %d, want 0 (not hard-wrapped)", text, w)
		}
	}
}
