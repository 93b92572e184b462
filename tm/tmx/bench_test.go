package tmx_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

// benchTMX is a TMX of n units of typical sentence length, every tenth
// with a <bpt>/<ept> pair.
func benchTMX(b *testing.B, n int) []byte {
	var buf bytes.Buffer
	e := tmx.NewEncoder(&buf, tmx.Header{SrcLang: "de"})
	for i := range n {
		src := tm.Text(fmt.Sprintf("Im Januar %d fand der Parteitag der Partei statt, und die Delegierten berieten über die Lage.", i))
		if i%10 == 0 {
			src = tm.Content{{Text: "Klicken Sie "}, {Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Data: "<b>"}}, {Text: fmt.Sprint(i)}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Data: "</b>"}}}
		}
		u := &tm.Unit{SourceLang: "de", TargetLang: "en", Source: src,
			Target: tm.Text(fmt.Sprintf("In January %d the party congress took place and the delegates discussed the situation.", i))}
		if err := e.Encode(u); err != nil {
			b.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkDecode(b *testing.B) {
	data := benchTMX(b, 10000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		d := tmx.NewDecoder(bytes.NewReader(data), "bench.tmx")
		n := 0
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10000 {
			b.Fatalf("decoded %d units", n)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "units/s")
}

func BenchmarkEncode(b *testing.B) {
	data := benchTMX(b, 10000)
	d := tmx.NewDecoder(bytes.NewReader(data), "bench.tmx")
	var units []*tm.Unit
	for {
		u, err := d.Next()
		if err != nil {
			break
		}
		units = append(units, u)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		e := tmx.NewEncoder(io.Discard, tmx.Header{SrcLang: "de"})
		for _, u := range units {
			e.Encode(u)
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(units)*b.N)/b.Elapsed().Seconds(), "units/s")
}
