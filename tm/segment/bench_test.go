package segment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// benchText returns over 10 MB of German paragraphs: the UD German GSD dev
// texts (when ../shared is there) and the seed article, shuffled and
// repeated.
func benchText(b *testing.B) []string {
	b.Helper()
	seed, err := os.ReadFile(testutil.Testdata("korea-in-der-welt.de.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var gold []GoldParagraph
	ud := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus", "segmentation", "ud-de-gsd-dev.jsonl")
	if d := os.Getenv("KORPUS_SHARED"); d != "" {
		ud = filepath.Join(d, "corpus", "segmentation", "ud-de-gsd-dev.jsonl")
	}
	if _, err := os.Stat(ud); err == nil {
		if gold, err = LoadGold(ud); err != nil {
			b.Fatal(err)
		}
	}
	return BenchParagraphs(gold, strings.TrimPrefix(string(seed), "\uFEFF"), 10<<20)
}

func totalBytes(ps []string) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p))
	}
	return n
}

// BenchmarkSegmentGerman splits over 10 MB of German paragraphs into
// sentences with the built-in German rules.
func BenchmarkSegmentGerman(b *testing.B) {
	paras := benchText(b)
	s, _ := New(tm.MustLang("de"))
	b.SetBytes(totalBytes(paras))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, p := range paras {
			n += len(s.Split(p))
		}
		if n == 0 {
			b.Fatal("no sentences")
		}
	}
}

// BenchmarkDocumentGerman runs the whole plain-text path on the same text:
// paragraphs, sentences, hashes.
func BenchmarkDocumentGerman(b *testing.B) {
	text := strings.Join(benchText(b), "\n\n")
	s, _ := New(tm.MustLang("de"))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if len(Document(text, s)) == 0 {
			b.Fatal("no segments")
		}
	}
}
