package xmltest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXmllint(t *testing.T) {
	dtd := filepath.Join(t.TempDir(), "a.dtd")
	if err := os.WriteFile(dtd, []byte("<!ELEMENT a (b)*>\n<!ELEMENT b (#PCDATA)>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Xmllint(t, []byte("<a><b>x</b></a>"), "--dtdvalid", dtd); err != nil {
		t.Errorf("valid document refused: %v", err)
	}
	err := Xmllint(t, []byte("<a><c/></a>"), "--dtdvalid", dtd)
	if err == nil || !strings.Contains(err.Error(), "xmllint --dtdvalid "+dtd) {
		t.Errorf("invalid document: err = %v", err)
	}
}

func TestCountingReader(t *testing.T) {
	r := &CountingReader{R: bytes.NewReader(make([]byte, 1000))}
	buf := make([]byte, 300)
	if _, err := r.Read(buf); err != nil || r.N != 300 {
		t.Fatalf("N = %d, err %v after one read", r.N, err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil || r.N != 1000 {
		t.Errorf("N = %d, err %v at the end", r.N, err)
	}
}
