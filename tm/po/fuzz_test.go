package po

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

// FuzzDecode feeds arbitrary bytes to the PO decoder: it must never panic
// or loop, must end with io.EOF or an EINVALID *ParseError with a
// position, and what it reads must encode without error into a file that
// decodes again without error.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(testutil.Testdata("po/*.po"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) <= 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(fixture))
	f.Add([]byte("msgid \"a\"\nmsgstr \"b\\q\"\n"))
	f.Add([]byte("msgctxt \"m\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n"))
	f.Add([]byte("#, fuzzy\n#~ msgid \"x\"\n#~ msgstr \"y\"\nmsgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			t.Skip("input larger than 64 KiB")
		}
		units, err := decodeFuzz(t, data, "f.po")
		if err != nil || len(units) == 0 {
			return
		}
		var buf bytes.Buffer
		enc := NewEncoder(&buf)
		for _, u := range units {
			if err := enc.Encode(u); err != nil {
				return // e.g. a second target language: refused, not written
			}
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := decodeFuzz(t, buf.Bytes(), "again.po"); err != nil {
			t.Fatalf("re-reading what the encoder wrote: %v\n%s", err, buf.Bytes())
		}
	})
}

// decodeFuzz reads every unit of data, failing the test on a loop or an
// error that is not a positioned EINVALID *ParseError.
func decodeFuzz(t *testing.T, data []byte, name string) ([]*tm.Unit, error) {
	t.Helper()
	d := NewDecoder(bytes.NewReader(data), name, SourceLang("de"), TargetLang("fr"))
	var out []*tm.Unit
	limit := len(data) + 16 // an entry takes more than a byte
	for len(out) <= limit {
		u, err := d.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || tm.ErrorCode(err) != tm.EINVALID {
				t.Fatalf("error %T %v is not an EINVALID *ParseError", err, err)
			}
			if pe.Line < 1 || pe.Column < 1 || pe.File != name {
				t.Fatalf("error without a position: %+v", *pe)
			}
			return out, err
		}
		if u == nil {
			t.Fatal("nil unit without an error")
		}
		out = append(out, u)
	}
	t.Fatalf("more than %d units from %d bytes", limit, len(data))
	return nil, nil
}
