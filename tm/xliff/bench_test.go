package xliff

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/korpus/korpus/tm"
)

// benchUnits builds n paragraphs of three sentences with a few inline codes.
func benchUnits(n int) []*Unit {
	f := &File{Original: "bench.txt", SourceLang: "de", TargetLang: "en", Korpus: &Meta{Document: "bench", Version: 1, Hash: "abc"}}
	var out []*Unit
	k := 0
	for p := 0; p < n; p++ {
		u := &Unit{ID: ParaID(p), File: f}
		for s := 0; s < 3; s++ {
			src := tm.Content{{Text: fmt.Sprintf("Der %d. Satz des Absatzes mit einigen Wörtern, die etwa so lang sind wie ", k)},
				{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "g"}}, {Text: "echte Sätze"}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "g"}},
				{Text: " in einem Artikel."}}
			tgt := tm.Content{{Text: fmt.Sprintf("Sentence %d of the paragraph with a few words about as long as ", k)},
				{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "g"}}, {Text: "real sentences"}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "g"}},
				{Text: " in an article."}}
			u.Segments = append(u.Segments, &Segment{ID: SegmentID(k), Source: src, Target: tgt, Status: tm.StatusTranslated})
			k++
		}
		out = append(out, u)
	}
	return out
}

func benchEncode(b *testing.B, v Version) {
	units := benchUnits(10000)
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		size = len(encodeAll(b, v, units))
	}
	b.SetBytes(int64(size))
	b.ReportMetric(float64(30000*b.N)/b.Elapsed().Seconds(), "segments/s")
}

func benchDecode(b *testing.B, v Version) {
	data := encodeAll(b, v, benchUnits(10000))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := NewDecoder(bytes.NewReader(data), "bench.xlf")
		n := 0
		for {
			u, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(u.Segments)
		}
		if n != 30000 {
			b.Fatalf("%d segments", n)
		}
	}
	b.ReportMetric(float64(30000*b.N)/b.Elapsed().Seconds(), "segments/s")
}

// BenchmarkEncode12 and friends measure 30,000 segments (10,000
// paragraphs) with inline codes: go test -bench . ./tm/xliff
func BenchmarkEncode12(b *testing.B) { benchEncode(b, V12) }
func BenchmarkEncode21(b *testing.B) { benchEncode(b, V21) }
func BenchmarkDecode12(b *testing.B) { benchDecode(b, V12) }
func BenchmarkDecode21(b *testing.B) { benchDecode(b, V21) }
