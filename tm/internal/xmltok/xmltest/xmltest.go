// Package xmltest has the test helpers of the XML format packages
// (tm/tmx, tm/xliff): validating output with xmllint and counting how much
// of an input a decoder read.
//
//	if err := xmltest.Xmllint(t, out, "--dtdvalid", dtd); err != nil {
//		t.Fatal(err)
//	}
package xmltest

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

// Xmllint writes doc to a file and checks it with
// "xmllint --nonet --noout ARGS FILE" (args name the schema or DTD, e.g.
// "--schema", path). It returns an error holding xmllint's output when
// the document is not valid, and skips the test when xmllint is missing
// (fails under CI=true).
func Xmllint(tb testing.TB, doc []byte, args ...string) error {
	tb.Helper()
	xmllint := testutil.NeedTool(tb, "xmllint")
	f := filepath.Join(tb.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o644); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(xmllint, append(append([]string{"--nonet", "--noout"}, args...), f)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("xmllint %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// CountingReader counts the bytes read through it.
type CountingReader struct {
	R io.Reader
	N int64
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += int64(n)
	return n, err
}
