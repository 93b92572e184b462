package format

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

// FuzzDetect feeds arbitrary bytes to Detect: an error is EINVALID and
// comes with no format; a format is one of the known ones; the returned
// reader replays the whole input (as UTF-8 without the mark for UTF-16
// TSV/JSONL); and a UTF-8 BOM or leading spaces do not change the verdict.
func FuzzDetect(f *testing.F) {
	var files []string
	for _, g := range []string{"xliff/*.xlf", "tmx/*.tmx", "tmx/bad/*.tmx", "memories/*.tsv", "srx/*.srx", "terms/*.tbx", "omegat/*.xlf"} {
		m, _ := filepath.Glob(testutil.Testdata(g))
		files = append(files, m...)
	}
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data[:min(len(data), 4096)])
		}
	}
	f.Add([]byte(`{"source_lang":"de"}`))
	f.Add([]byte("source_lang\ttarget_lang\tsource\ttarget\n"))
	f.Add([]byte("\xff\xfe{\x00}\x00"))
	f.Add([]byte("\xfe\xff\x00<\x00t\x00m\x00x\x00>"))
	f.Add([]byte("<\x00x\x00"))
	f.Add([]byte(`<?xml version="1.0"?><!-- c --><xliff version="3.0">`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax-8 {
			t.Skip("input larger than 64 KiB")
		}
		got := detect(t, data)
		if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) ||
			bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) || bytes.HasPrefix(data, []byte("\x00<")) || bytes.HasPrefix(data, []byte("<\x00")) || len(data) == 0 {
			return
		}
		if bom := detect(t, append([]byte("\xEF\xBB\xBF"), data...)); bom != got {
			t.Fatalf("%q is %q, with a UTF-8 BOM %q", data, got, bom)
		}
		if sp := detect(t, append([]byte("  "), data...)); sp != got && got != "" {
			t.Fatalf("%q is %q, after two spaces %q", data, got, sp)
		}
	})
}

func detect(t *testing.T, data []byte) Format {
	t.Helper()
	f, r, err := Detect(bytes.NewReader(data))
	if err != nil {
		var te *tm.Error
		if !errors.As(err, &te) || te.Code != tm.EINVALID {
			t.Fatalf("error %v is not EINVALID", err)
		}
		if f != "" {
			t.Fatalf("format %q with error %v", f, err)
		}
	} else {
		switch f {
		case XLIFF12, XLIFF2, TMX, TSV, JSONL, PO:
		default:
			t.Fatalf("unknown format %q", f)
		}
	}
	replay, rerr := io.ReadAll(r)
	if rerr != nil {
		t.Fatalf("replaying: %v", rerr)
	}
	utf16 := bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
	if err == nil && utf16 && (f == TSV || f == JSONL) {
		if bytes.HasPrefix(replay, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("UTF-16 %s replayed with its mark: %q", f, replay)
		}
		return f
	}
	if !bytes.Equal(replay, data) {
		t.Fatalf("replay %q of %q differs", replay, data)
	}
	return f
}
