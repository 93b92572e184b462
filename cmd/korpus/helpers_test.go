package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// runKorpus runs korpus in-process exactly as the binary runs (same command
// tree, same error printing, same exit-code mapping) and returns what it
// wrote to stdout and stderr and its exit code.
//
//   - dbPath is passed as --db (omitted when ""); use tempDB(t) for a fresh
//     database file.
//   - stdin is the standard input ("" for none).
//   - The environment is empty: KORPUS_DB of the calling shell is never
//     seen. Use runKorpusEnv to set variables.
//   - Streams are not terminals (IsTTY flags false).
//
// Example:
//
//	db := tempDB(t)
//	out, errOut, code := runKorpus(t, db, "", "add", seedPath())
//	if code != 0 { t.Fatalf("add: %d %s", code, errOut) }
func runKorpus(t testing.TB, dbPath, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runKorpusEnv(t, nil, dbPath, stdin, args...)
}

// runKorpusEnv is runKorpus with environment variables env.
func runKorpusEnv(t testing.TB, env map[string]string, dbPath, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if dbPath != "" {
		args = append([]string{"--db", dbPath}, args...)
	}
	var out, errOut bytes.Buffer
	ios := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}
	getenv := func(k string) string { return env[k] }
	code = runWith(context.Background(), args, ios, getenv)
	return out.String(), errOut.String(), code
}

// mustRunKorpus is runKorpus that fails the test unless korpus exits 0; it
// returns stdout.
func mustRunKorpus(t testing.TB, dbPath, stdin string, args ...string) string {
	t.Helper()
	out, errOut, code := runKorpus(t, dbPath, stdin, args...)
	if code != 0 {
		t.Fatalf("korpus %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// wantError checks a failed run: the exit code, and stderr being one line
// "korpus: …" containing every string of want (plus, for usage errors, the
// "Run 'korpus … --help'" hint).
func wantError(t testing.TB, stderr string, code, wantCode int, want ...string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit code %d, want %d (stderr: %q)", code, wantCode, stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "korpus: ") {
		t.Errorf("stderr does not start with \"korpus: \": %q", stderr)
	}
	if wantCode == exitUsage {
		if len(lines) != 2 || !strings.HasPrefix(lines[1], "Run 'korpus") {
			t.Errorf("usage error: want one line and a help hint, got %q", stderr)
		}
	} else if len(lines) != 1 {
		t.Errorf("want a one-line error, got %q", stderr)
	}
	for _, w := range want {
		if !strings.Contains(lines[0], w) {
			t.Errorf("error %q does not mention %q", lines[0], w)
		}
	}
}

// tempDB returns the path of a database file (not yet created) in a fresh
// temporary directory.
func tempDB(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "korpus.db")
}

// writeFile writes content to name in a fresh temporary directory and
// returns its path.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// seedDoc is the document name of the seed article when added from
// seedPath.
const seedDoc = "korea-in-der-welt.de.txt"

// seedPath is the seed article, testdata/korea-in-der-welt.de.txt.
func seedPath() string { return testutil.Testdata(seedDoc) }

// seedText returns the bytes of the seed article.
func seedText(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(seedPath())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fileState returns the bytes of a database file and its -wal file, to
// check that a failed command changed nothing ("" when absent).
func fileState(t testing.TB, path string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if err == nil {
			b.WriteString(p)
			b.Write(data)
		}
	}
	return b.String()
}

// docsJSON returns `korpus docs --json` for the database, failing the test
// when it fails.
func docsJSON(t testing.TB, dbPath string) string {
	t.Helper()
	return mustRunKorpus(t, dbPath, "", "docs", "--json")
}

// unitList is a tm.UnitReader over a slice.
type unitList []*tm.Unit

func (l *unitList) Next() (*tm.Unit, error) {
	if len(*l) == 0 {
		return nil, io.EOF
	}
	u := (*l)[0]
	*l = (*l)[1:]
	return u, nil
}

// seedRevision is the revised seed: three sentences edited, one moved, one
// inserted, one deleted.
func seedRevision() string { return testutil.Testdata("align/korea-in-der-welt.v2.de.txt") }

// translateVersion stores an English "translation" of every segment of a
// version, linked to its segment.
func translateVersion(t *testing.T, dbPath, doc string, number int) []tm.Segment {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, segs, err := db.Version(ctx, doc, number)
	if err != nil {
		t.Fatal(err)
	}
	var us unitList
	for _, s := range segs {
		us = append(us, &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(s.Text),
			Target: tm.Text("EN " + s.Text), Status: tm.StatusReviewed, Origin: tm.OriginManual, SegmentID: s.ID})
	}
	if _, err := db.ImportUnits(ctx, &us, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return segs
}

// addTranslatedRevision adds the seed to dbPath as version 1, translates
// it (translateVersion), and adds the revised seed as version 2 with the
// add flags given; it returns the segments of version 1 and what the
// second add printed.
func addTranslatedRevision(t *testing.T, dbPath string, addFlags ...string) (old []tm.Segment, out string) {
	t.Helper()
	mustRunKorpus(t, dbPath, "", "add", seedPath())
	old = translateVersion(t, dbPath, seedDoc, 1)
	rev, err := os.ReadFile(seedRevision())
	if err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{"add"}, addFlags...), writeFile(t, seedDoc, rev))
	return old, mustRunKorpus(t, dbPath, "", args...)
}
