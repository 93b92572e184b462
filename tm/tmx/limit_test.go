package tmx_test

import (
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

// segRepeater yields s n times without holding more than s.
type segRepeater struct {
	s   string
	n   int
	off int
}

func (r *segRepeater) Read(b []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(b, r.s[r.off:])
	r.off += k
	if r.off == len(r.s) {
		r.off, r.n = 0, r.n-1
	}
	return k, nil
}

// TestMaxSegmentReadsThrough decodes a TMX whose second <seg> is 16 MB of
// text (entities and multi-byte characters included, so the cut falls
// among them): the decoder keeps none of it, skips that <tu> with the
// reason and returns the units around it whole, and what it allocates
// stays far below the segment's size.
func TestMaxSegmentReadsThrough(t *testing.T) {
	const max = 4096
	head := `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="de" datatype="plaintext"/><body>
<tu><tuv xml:lang="de"><seg>Erster Satz.</seg></tuv><tuv xml:lang="en"><seg>First sentence.</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>`
	tail := `</seg></tuv><tuv xml:lang="en"><seg>big</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Dritter &amp; letzter Satz.</seg></tuv><tuv xml:lang="en"><seg>Third &amp; last sentence.</seg></tuv></tu>
</body></tmx>
`
	chunk := "Größe &amp; Maß &#x4E2D;文 "
	r := io.MultiReader(strings.NewReader(head), &segRepeater{s: chunk, n: 16 << 20 / len(chunk)}, strings.NewReader(tail))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	dec := tmx.NewDecoder(r, "big.tmx", tmx.MaxSegment(max))
	var got []string
	for {
		u, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, u.Source.Plain()+" = "+u.Target.Plain())
	}
	runtime.ReadMemStats(&after)
	want := []string{"Erster Satz. = First sentence.", "Dritter & letzter Satz. = Third & last sentence."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("units:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sk := dec.Skipped(); sk[tm.SegmentTooLong(max)] != 1 {
		t.Errorf("skipped %v, want one under %q", sk, tm.SegmentTooLong(max))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("decoding allocated %d MB for a 16 MB segment: it was kept", alloc>>20)
	}
}

// TestMaxSegmentPositions checks that errors after a run that was read
// through still name the right line and column.
func TestMaxSegmentPositions(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="de" datatype="plaintext"/><body>
<tu><tuv xml:lang="de"><seg>` + strings.Repeat("lang\n", 100) + `</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</bad></tuv></tu>
</body></tmx>
`
	dec := tmx.NewDecoder(strings.NewReader(in), "pos.tmx", tmx.MaxSegment(16))
	var err error
	for err == nil {
		_, err = dec.Next()
	}
	if err == io.EOF || !strings.Contains(err.Error(), "line 104") {
		t.Fatalf("error %v, want one on line 104", err)
	}
}
