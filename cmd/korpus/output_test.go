package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
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
