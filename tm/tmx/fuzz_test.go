package tmx

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

// fuzzMax bounds fuzz inputs so that runs stay fast.
const fuzzMax = 64 << 10

var sentinels = []error{ErrSyntax, ErrRoot, ErrEntity, ErrLang, ErrTruncated, ErrUnbalanced, ErrStructure}

// decodeAll reads every unit of data. It fails the test when the decoder
// errs with anything but an EINVALID *ParseError that has a position and
// one of the package's sentinel causes, when an error or io.EOF is not
// sticky, or when it yields more units than the input can hold.
func decodeAll(t *testing.T, data []byte, name string) (Header, []*tm.Unit, error) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(data), name)
	var units []*tm.Unit
	check := func(err error) {
		t.Helper()
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T %v is not a *ParseError", err, err)
		}
		var te *tm.Error
		if !errors.As(err, &te) || te.Code != tm.EINVALID {
			t.Fatalf("error %v is not an EINVALID *tm.Error", err)
		}
		if pe.Line < 1 || pe.Column < 1 || pe.File != name {
			t.Fatalf("error without a position: %+v", *pe)
		}
		known := false
		for _, s := range sentinels {
			known = known || errors.Is(err, s)
		}
		if !known {
			t.Fatalf("error %v has no sentinel cause", err)
		}
		if _, again := d.Next(); again == nil || again.Error() != err.Error() {
			t.Fatalf("error is not sticky: %v, then %v", err, again)
		}
	}
	h, err := d.Header()
	if err != nil {
		check(err)
		return h, nil, err
	}
	// A <tu> of n <tuv>s makes at most n·(n-1) units, and a <tuv> takes
	// more than 16 bytes: anything beyond this bound is a loop.
	limit := len(data)*len(data)/256 + 16
	for {
		u, err := d.Next()
		if err == io.EOF {
			if _, again := d.Next(); again != io.EOF {
				t.Fatalf("io.EOF is not sticky: then %v", again)
			}
			return h, units, nil
		}
		if err != nil {
			check(err)
			return h, units, err
		}
		if u == nil {
			t.Fatal("nil unit without an error")
		}
		units = append(units, u)
		if len(units) > limit {
			t.Fatalf("more than %d units from %d bytes", limit, len(data))
		}
	}
}

// FuzzDecode feeds arbitrary bytes to the decoder: it must never panic or
// loop, must end with io.EOF or a positioned *ParseError, and whatever it
// reads must encode and decode again to the same number of units, whose
// second encoding is the first one (decode → encode is a fixed point).
func FuzzDecode(f *testing.F) {
	var files []string
	for _, g := range []string{"tmx/*.tmx", "tmx/bad/*.tmx"} {
		m, _ := filepath.Glob(testutil.Testdata(g))
		files = append(files, m...)
	}
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) <= fuzzMax {
			f.Add(data)
		}
	}
	f.Add([]byte(`<tmx version="1.4"><header srclang="de"/><body><tu><tuv xml:lang="de"><seg>Hallo <ph x="1"/>Welt.</seg></tuv><tuv xml:lang="en"><seg>Hello world.</seg></tuv></tu></body></tmx>`))
	f.Add([]byte(`<tmx version="1.4"><header srclang="*all*"/><body><tu><tuv xml:lang="de"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu></body></tmx>`))
	f.Add([]byte("\xff\xfe<\x00t\x00m\x00x\x00>\x00"))
	f.Add([]byte(`<!DOCTYPE tmx [<!ENTITY a "b">]><tmx/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		h, units, err := decodeAll(t, data, "f.tmx")
		checkSkipInvalid(t, data, len(units))
		checkMaxSegment(t, data, units, err != nil)
		if err != nil || len(units) == 0 {
			return
		}
		encode := func(us []*tm.Unit) []byte {
			var buf bytes.Buffer
			e := NewEncoder(&buf, h)
			for _, u := range us {
				if err := e.Encode(u); err != nil {
					t.Fatalf("encoding a decoded unit: %v", err)
				}
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		first := encode(units)
		h2, again, err := decodeAll(t, first, "again.tmx")
		if err != nil {
			t.Fatalf("re-reading what was written: %v\n%s", err, first)
		}
		if len(again) != len(units) {
			t.Fatalf("%d units, %d after a round trip\n%s", len(units), len(again), first)
		}
		h = h2
		if second := encode(again); !bytes.Equal(first, second) {
			t.Fatalf("decode → encode is not a fixed point:\n%s\n----\n%s", first, second)
		}
	})
}

// checkMaxSegment decodes data again with a tiny MaxSegment (text runs
// over 32 bytes read through): it must end, and the units it yields must
// be units of the unbounded decoder, in order (only whole <tu>s dropped).
// When the unbounded decoder failed, the bounded one may read on (a bad
// character inside a run it reads through is never looked at), so only
// the units before that failure are compared.
func checkMaxSegment(t *testing.T, data []byte, units []*tm.Unit, failed bool) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(data), "f.tmx", MaxSegment(4))
	limit := len(data)*len(data)/256 + 16
	j := 0
	for got := 0; got <= limit; got++ {
		u, err := d.Next()
		if err != nil {
			return
		}
		key := u.SourceLang.String() + "|" + u.TargetLang.String() + "|" + u.Source.Plain() + "|" + u.Target.Plain()
		for j < len(units) && units[j].SourceLang.String()+"|"+units[j].TargetLang.String()+"|"+units[j].Source.Plain()+"|"+units[j].Target.Plain() != key {
			j++
		}
		if j == len(units) {
			if failed {
				return
			}
			t.Fatalf("MaxSegment yielded a unit the unbounded decoder did not: %q", key)
		}
		j++
	}
	t.Fatalf("MaxSegment: more than %d units from %d bytes", limit, len(data))
}

// checkSkipInvalid decodes data again with SkipInvalid: it must end (with
// io.EOF or an error), yield at least the units read without it before
// its first error (n), and give every <tu> it skipped a position.
func checkSkipInvalid(t *testing.T, data []byte, n int) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(data), "f.tmx", SkipInvalid())
	limit := len(data)*len(data)/256 + 16
	got := 0
	for ; got <= limit; got++ {
		if _, err := d.Next(); err != nil {
			break
		}
	}
	if got > limit {
		t.Fatalf("SkipInvalid: more than %d units from %d bytes", limit, len(data))
	}
	if got < n {
		t.Fatalf("SkipInvalid read %d units, %d without it", got, n)
	}
	for _, iu := range d.Invalid() {
		if iu.Line < 1 || iu.Column < 1 || iu.File != "f.tmx" || iu.Message == "" {
			t.Fatalf("SkipInvalid: unit without a position: %+v", iu)
		}
	}
}
