package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
)

// BenchmarkAddVersion stores a ~1 MB German document (the seed article
// repeated) as a new version per iteration; it reports MB/s and segments/s
// of the store alone (segmentation is done once, outside the timer).
//
//	go test -tags sqlite_fts5 -run '^$' -bench AddVersion ./store
func BenchmarkAddVersion(b *testing.B) {
	seed, err := os.ReadFile(testutil.Testdata("korea-in-der-welt.de.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.Write(seed)
		sb.WriteString("\n\n")
	}
	text := sb.String()
	seg, err := segment.New("de")
	if err != nil {
		b.Fatal(err)
	}
	segs := segment.Document(text, seg)
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	words, chars := tm.CountWords(text), tm.CountChars(text)
	b.SetBytes(int64(len(text)))
	for i := 0; b.Loop(); i++ {
		// A different text each time, so every iteration stores a version.
		in := store.AddVersionInput{Name: "bench.txt", Lang: "de", Text: fmt.Sprint(i) + text, Segments: segs,
			Words: words, Chars: chars}
		if _, err := db.AddVersion(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(segs)*b.N)/b.Elapsed().Seconds(), "segments/s")
}
