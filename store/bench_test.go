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

// BenchmarkIndexUnits measures IndexUnits bringing the trigram index up to
// date after a bulk import of 100,000 units; it reports units/s and the
// size of the index's segments.
//
//	go test -tags sqlite_fts5 -run '^$' -bench IndexUnits ./store
func BenchmarkIndexUnits(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed)
			WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
			SELECT 'de', 'en', 'Der ' || x || '. Vertrag über Freundschaft und Zusammenarbeit wurde unterzeichnet.', hex(x),
			       'Treaty number ' || x || ' on friendship and cooperation was signed.', '', '' FROM c`, n); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, err := db.IndexUnits(ctx)
		if err != nil || got != n {
			b.Fatalf("indexed %d, %v", got, err)
		}
		b.StopTimer()
		var size int64
		if err := store.QueryRowForTest(db, `SELECT sum(length(block)) FROM units_fts_data`).Scan(&size); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(size)/(1<<20), "index-MB")
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "units/s")
}

// BenchmarkConcordance searches 100,000 units for a word, a phrase, a
// phrase of common words that the trigram index cannot narrow down (it
// keeps no positions, so every unit holding the trigrams is checked) and
// a folded term, each up to the default 20 hits.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Concordance ./store
func BenchmarkConcordance(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed)
		WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
		SELECT 'de', 'en', 'Der ' || x || '. Vertrag über die Freundschaft ' || (x % 997) || ' und die Zusammenarbeit wurde unterzeichnet.', hex(x),
		       'Treaty number ' || x || ' on friendship and cooperation was signed.', '', '' FROM c`, n); err != nil {
		b.Fatal(err)
	}
	if _, err := db.IndexUnits(ctx); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, term string
		opts       store.ConcordanceOptions
		hits       int
	}{
		{"Word", "Zusammenarbeit", store.ConcordanceOptions{}, 20},
		{"Phrase", "Freundschaft 996 und", store.ConcordanceOptions{}, 20},
		{"CommonWordsNoHit", "und die über", store.ConcordanceOptions{}, 0},
		{"Fold", "uber die freundschaft 5 und", store.ConcordanceOptions{Fold: true}, 20},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				hs, err := db.Concordance(ctx, tc.term, tc.opts)
				if err != nil || len(hs) != tc.hits {
					b.Fatalf("%d hits, %v; want %d", len(hs), err, tc.hits)
				}
			}
		})
	}
}
