package segpeer

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/neurosnap/sentences"
)

// punkt loads the German Punkt model. Its data package embeds only the
// English model, so german.json is read from the module's folder in the
// module cache (no copy in this repository).
var punkt = sync.OnceValues(func() (tm.Segmenter, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/neurosnap/sentences").Output()
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "data", "german.json"))
	if err != nil {
		return nil, err
	}
	st, err := sentences.LoadTraining(b)
	if err != nil {
		return nil, err
	}
	tok := sentences.NewSentenceTokenizer(st)
	return tm.SegmenterFunc(func(p string) []string {
		var out []string
		for _, s := range tok.Tokenize(p) {
			if t := strings.TrimSpace(s.Text); t != "" {
				out = append(out, t)
			}
		}
		return out
	}), nil
})

func peers(tb testing.TB) map[string]tm.Segmenter {
	tb.Helper()
	p, err := punkt()
	if err != nil {
		tb.Fatalf("loading the German Punkt model: %v", err)
	}
	k, err := segment.New(tm.MustLang("de"))
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]tm.Segmenter{"korpus": k, "punkt": p}
}

func TestAccuracy(t *testing.T) {
	gold, err := segment.LoadGold(testutil.SharedDir(t, "corpus", "segmentation", "ud-de-gsd-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ss := peers(t)
	f1 := map[string]map[string]float64{}
	for _, name := range []string{"korpus", "punkt"} {
		by := segment.EvaluateByGenre(gold, ss[name])
		f1[name] = map[string]float64{}
		for _, g := range segment.Genres(gold) {
			sc := by[g]
			f1[name][g] = sc.F1
			t.Logf("%-7s %-8s P %.4f R %.4f F1 %.4f", name, g, sc.Precision, sc.Recall, sc.F1)
		}
	}
	for g, v := range f1["korpus"] {
		if v <= f1["punkt"][g] {
			t.Errorf("%s: korpus F1 %.4f does not beat punkt %.4f", g, v, f1["punkt"][g])
		}
	}
}

// TestHandGoldAccuracy scores korpus and the German Punkt model on the
// hand-written multi-genre gold documents of testdata/segment (gold:
// korpus's errors on it were fixed after it was written; heldout: written
// afterwards). Both get korpus's paragraphs, so only sentence splitting is
// compared.
func TestHandGoldAccuracy(t *testing.T) {
	ss := peers(t)
	for _, set := range []string{"gold", "heldout"} {
		docs, err := segment.LoadMarkedGold(testutil.Testdata(filepath.Join("segment", set)))
		if err != nil {
			t.Fatal(err)
		}
		all := map[string]float64{}
		for _, name := range []string{"korpus", "punkt"} {
			split := segment.DocumentSplitter(ss[name])
			for _, d := range docs {
				sc := segment.EvaluateDocuments([]segment.GoldParagraph{d}, split)
				t.Logf("%-7s %-7s %-13s gold %3d P %.4f R %.4f F1 %.4f", set, name, d.Genre, sc.Gold, sc.Precision, sc.Recall, sc.F1)
			}
			sc := segment.EvaluateDocuments(docs, split)
			all[name] = sc.F1
			t.Logf("%-7s %-7s %-13s gold %3d P %.4f R %.4f F1 %.4f", set, name, "all", sc.Gold, sc.Precision, sc.Recall, sc.F1)
		}
		if all["korpus"] <= all["punkt"] {
			t.Errorf("%s: korpus F1 %.4f does not beat punkt %.4f", set, all["korpus"], all["punkt"])
		}
	}
}

func benchText(b *testing.B) []string {
	seed, err := os.ReadFile(testutil.Testdata("korea-in-der-welt.de.txt"))
	if err != nil {
		b.Fatal(err)
	}
	gold, err := segment.LoadGold(testutil.SharedDir(b, "corpus", "segmentation", "ud-de-gsd-dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	return segment.BenchParagraphs(gold, string(seed), 10<<20)
}

// BenchmarkSegmentGerman splits the same 10 MB of German paragraphs with
// korpus's German rules and with the German Punkt model.
func BenchmarkSegmentGerman(b *testing.B) {
	paras := benchText(b)
	var n int64
	for _, p := range paras {
		n += int64(len(p))
	}
	ss := peers(b)
	for _, name := range []string{"korpus", "punkt"} {
		s := ss[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(n)
			for b.Loop() {
				for _, p := range paras {
					s.Split(p)
				}
			}
		})
	}
}
