package xliff

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// FuzzDecode feeds arbitrary bytes to the decoder: it must never panic,
// must end with io.EOF or a *ParseError, and whatever it reads must encode
// to both versions and decode again.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(testutil.Testdata("xliff/*.xlf"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d0 := NewDecoder(bytes.NewReader(data), "f.xlf")
		var units []*Unit
		for {
			u, err := d0.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %T %v is not a *ParseError", err, err)
				}
				checkSkipInvalid(t, data, len(units))
				return
			}
			units = append(units, u)
		}
		checkSkipInvalid(t, data, len(units))
		for _, v := range []Version{V12, V21} {
			var buf bytes.Buffer
			e := NewEncoder(&buf, v)
			var file *File
			for _, u := range units {
				if u.File != file {
					file = u.File
					if e.StartFile(file) != nil {
						return // e.g. 2.x files with different languages
					}
				}
				if err := e.Encode(u); err != nil {
					t.Fatal(err)
				}
			}
			if len(units) == 0 {
				return
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			d := NewDecoder(&buf, "again.xlf")
			for {
				_, err := d.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					// 2.x pairs and checks codes per unit, 1.2 per
					// trans-unit: codes spread over the segments of a 2.x
					// unit may not survive the move to 1.2.
					if v == V12 && d0.Version().Is2() && errors.Is(err, ErrInlineCodes) {
						break
					}
					t.Fatalf("%s: re-reading what was written: %v\n%s", v, err, buf.String())
				}
			}
		}
	})
}

// checkSkipInvalid decodes data again with SkipInvalid: it must end (with
// io.EOF or an error), yield at least the units read without it before
// its first error (n), and give every unit it skipped a position.
func checkSkipInvalid(t *testing.T, data []byte, n int) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(data), "f.xlf", SkipInvalid())
	got := 0
	for limit := len(data) + 1; got <= limit; got++ {
		if _, err := d.Next(); err != nil {
			break
		}
	}
	if got > len(data)+1 {
		t.Fatalf("SkipInvalid: more units than bytes")
	}
	if got < n {
		t.Fatalf("SkipInvalid read %d units, %d without it", got, n)
	}
	for _, iu := range d.Invalid() {
		if iu.Line < 1 || iu.Column < 1 || iu.File != "f.xlf" || iu.Message == "" {
			t.Fatalf("SkipInvalid: unit without a position: %+v", iu)
		}
	}
}

// FuzzFill fills every segment Fill offers of arbitrary input with a
// target holding XML's special characters: Fill must never panic, and
// when it succeeds its output must decode again with no more segments
// without a target than were left unfilled.
func FuzzFill(f *testing.F) {
	files, _ := filepath.Glob(testutil.Testdata("bilingual/*.*liff"))
	x, _ := filepath.Glob(testutil.Testdata("xliff/*.xlf"))
	for _, p := range append(files, x...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := Fill(data, &out, "f.xlf", func(s FillSegment) (Filled, bool) {
			return Filled{Target: `a<&>"'b`, Status: tm.StatusTranslated, Score: 100}, true
		})
		if err != nil {
			return
		}
		if st.Filled > st.Segments {
			t.Fatalf("filled %d of %d segments", st.Filled, st.Segments)
		}
		d := NewDecoder(&out, "out.xlf")
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Fill wrote what does not decode: %v\n%s", err, out.Bytes())
			}
		}
	})
}
