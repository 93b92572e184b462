package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Discarded: FILE keeps its old content and no temporary file is left.
	out, err := openOutput(nil, name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(out, "half")
	out.Discard()
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Errorf("after Discard: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("after Discard the folder holds %d files", len(ents))
	}
	// Committed: FILE is replaced, an ordinary 0644 file.
	out, err = openOutput(nil, name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(out, "new")
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Errorf("before Commit: %q", b)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	out.Discard() // after Commit: nothing to remove
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != "new" || fi.Mode().Perm() != 0o644 {
		t.Errorf("after Commit: %q, mode %v", b, fi.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("after Commit the folder holds %d files", len(ents))
	}
	// No FILE: standard output.
	var stdout bytes.Buffer
	out, err = openOutput(&stdout, "")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(out, "text")
	if err := out.Commit(); err != nil || stdout.String() != "text" {
		t.Errorf("stdout = %q, %v", stdout.String(), err)
	}
}

// TestOutputDash runs every command with -o in-process with -o - and with
// -o FILE: -o - writes to standard output what -o FILE writes to FILE,
// leaves no file named "-" in the working directory, and keeps the
// summary on stderr.
func TestOutputDash(t *testing.T) {
	db := matchMemory(t)
	addMatchDoc(t, db)
	cwd := t.TempDir()
	t.Chdir(cwd)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"export", []string{"export", "doc.txt", "--to", "en"}},
		{"export-xliff2", []string{"export", "doc.txt", "--to", "en", "--format", "xliff2"}},
		{"export-tm", []string{"export-tm", "--from", "de", "--to", "en"}},
		{"export-tm-tsv", []string{"export-tm", "--from", "de", "--to", "en", "--format", "tsv"}},
		{"pretranslate", []string{"pretranslate", "doc.txt", "--to", "en", "--min", "70"}},
		{"terms-export", []string{"terms", "export"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "out")
			mustRunKorpus(t, db, "", append(tc.args, "-o", file)...)
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runKorpus(t, db, "", append(tc.args, "-o", "-")...)
			if code != 0 {
				t.Fatalf("-o -: exit %d: %s", code, errOut)
			}
			if len(want) == 0 || out != string(want) {
				t.Errorf("-o - wrote to stdout:\n%s\nwant what -o FILE wrote:\n%s", out, want)
			}
			if strings.Contains(errOut, " -:") || strings.Contains(errOut, "to -") {
				t.Errorf("stderr names a file \"-\": %q", errOut)
			}
			if ents, _ := os.ReadDir(cwd); len(ents) != 0 {
				t.Errorf("-o - left %d files in the working directory (%s…)", len(ents), ents[0].Name())
			}
		})
	}
	// The summary of pretranslate names standard output.
	_, errOut, _ := runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", "-")
	if !strings.Contains(errOut, "→ standard output:") {
		t.Errorf("pretranslate -o - summary: %q", errOut)
	}
}
