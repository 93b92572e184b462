package xliff

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm/internal/xmltok/xmltest"
)

// decodeAll reads every unit of an XLIFF document.
func decodeAll(tb testing.TB, name string, data []byte) ([]*Unit, Version, error) {
	tb.Helper()
	d := NewDecoder(bytes.NewReader(data), name)
	var out []*Unit
	for {
		u, err := d.Next()
		if err == io.EOF {
			return out, d.Version(), nil
		}
		if err != nil {
			return out, d.Version(), err
		}
		out = append(out, u)
	}
}

// mustDecodeFile decodes a file and fails the test on error.
func mustDecodeFile(tb testing.TB, path string) ([]*Unit, Version) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	units, v, err := decodeAll(tb, filepath.Base(path), data)
	if err != nil {
		tb.Fatal(err)
	}
	return units, v
}

// encodeAll writes units (each carrying its File) as version v.
func encodeAll(tb testing.TB, v Version, units []*Unit) []byte {
	tb.Helper()
	var buf bytes.Buffer
	e := NewEncoder(&buf, v)
	var file *File
	for _, u := range units {
		if u.File != file {
			file = u.File
			if err := e.StartFile(file); err != nil {
				tb.Fatal(err)
			}
		}
		if err := e.Encode(u); err != nil {
			tb.Fatal(err)
		}
	}
	if err := e.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// schemas lists the schemas a file of version v must validate against,
// relative to ../shared/schemas.
func schemas(v Version) []string {
	switch v {
	case V12:
		return []string{"xliff-1.2/xliff-core-1.2-transitional.xsd", "xliff-1.2/xliff-core-1.2-strict.xsd"}
	case V20:
		return []string{"xliff-2.0/xliff_core_2.0.xsd", "xliff-2.0/xliff-2.0-with-modules.xsd"}
	default:
		return []string{"xliff-2.1/xliff_core_2.0.xsd", "xliff-2.1/xliff-2.1-with-modules.xsd"}
	}
}

// validate runs xmllint against every schema for v, offline.
func validate(tb testing.TB, v Version, data []byte) {
	tb.Helper()
	dir := testutil.SharedDir(tb, "schemas")
	for _, s := range schemas(v) {
		if err := xmltest.Xmllint(tb, data, "--schema", filepath.Join(dir, s)); err != nil {
			tb.Errorf("%v\n--- document:\n%s", err, data)
		}
	}
}
