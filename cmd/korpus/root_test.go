package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRootHelp(t *testing.T) {
	out, _, code := runKorpus(t, "", "", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Exit codes:", "0  success", "1  runtime", "2  usage", "KORPUS_DB", "segment", "add", "docs", "show"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not mention %q", want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	db := tempDB(t)
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"UnknownCommand", []string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
		{"Suggestion", []string{"segmnt"}, []string{"did you mean segment"}},
		{"UnknownFlag", []string{"docs", "--frob"}, []string{"unknown flag: --frob"}},
		{"TooManyArgs", []string{"show", "a", "b"}, []string{"accepts 1 arg"}},
		{"ArgToDocs", []string{"docs", "extra"}, []string{`korpus docs takes no arguments, got "extra"`}},
		{"MissingArg", []string{"add"}, []string{"accepts 1 arg"}},
		{"BadFormat", []string{"segment", "--format", "xml", seedPath()}, []string{`"xml"`, "--format", "text, jsonl"}},
		{"BadLang", []string{"add", "--lang", "xx-not-a-tag!", seedPath()}, []string{"--lang"}},
		{"StdinNeedsDoc", []string{"add", "-"}, []string{"--doc"}},
		{"BadDocRef", []string{"show", "a.txt@0"}, []string{"version must be a number"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runKorpus(t, db, "", tc.args...)
			wantError(t, errOut, code, exitUsage, tc.want...)
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a usage error created the database")
	}
}

func TestDBPath(t *testing.T) {
	dir := t.TempDir()
	envDBPath := filepath.Join(dir, "env.db")
	flagDBPath := filepath.Join(dir, "flag.db")
	env := map[string]string{"KORPUS_DB": envDBPath}

	if _, errOut, code := runKorpusEnv(t, env, "", "", "add", seedPath()); code != 0 {
		t.Fatalf("add with KORPUS_DB: %d %s", code, errOut)
	}
	if _, err := os.Stat(envDBPath); err != nil {
		t.Fatalf("KORPUS_DB not used: %v", err)
	}
	if _, errOut, code := runKorpusEnv(t, env, flagDBPath, "", "add", seedPath()); code != 0 {
		t.Fatalf("add with --db: %d %s", code, errOut)
	}
	if _, err := os.Stat(flagDBPath); err != nil {
		t.Fatalf("--db does not win over KORPUS_DB: %v", err)
	}

	cwd := t.TempDir()
	t.Chdir(cwd)
	if _, errOut, code := runKorpus(t, "", "", "add", seedPath()); code != 0 {
		t.Fatalf("add without --db and KORPUS_DB: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(cwd, "korpus.db")); err != nil {
		t.Fatalf("korpus.db not created in the current directory: %v", err)
	}
}

func TestDatabaseErrors(t *testing.T) {
	t.Run("CorruptFile", func(t *testing.T) {
		db := writeFile(t, "corrupt.db", []byte(strings.Repeat("garbage\x00\xff", 300)))
		before := fileState(t, db)
		for _, args := range [][]string{{"add", seedPath()}, {"docs"}, {"show", "x"}} {
			_, errOut, code := runKorpus(t, db, "", args...)
			wantError(t, errOut, code, exitError, "not a korpus database", db)
		}
		if fileState(t, db) != before {
			t.Fatal("the corrupt file was changed")
		}
	})
	t.Run("MissingDirectory", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "nope", "k.db")
		_, errOut, code := runKorpus(t, db, "", "add", seedPath())
		wantError(t, errOut, code, exitError, db, "does not exist")
	})
	t.Run("DirectoryAsDatabase", func(t *testing.T) {
		db := t.TempDir()
		_, errOut, code := runKorpus(t, db, "", "add", seedPath())
		wantError(t, errOut, code, exitError, "is a directory")
	})
	t.Run("UnwritableDirectory", func(t *testing.T) {
		dir := unwritableDir(t)
		_, errOut, code := runKorpus(t, filepath.Join(dir, "k.db"), "", "add", seedPath())
		wantError(t, errOut, code, exitError, "k.db")
	})
	t.Run("ReadOnlyDatabase", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write anywhere")
		}
		db := tempDB(t)
		mustRunKorpus(t, db, "", "add", seedPath())
		before := docsJSON(t, db)
		os.Chmod(db, 0o444)
		edited := writeFile(t, "korea-in-der-welt.de.txt", append(seedText(t), "Ein neuer Satz.\n"...))
		_, errOut, code := runKorpus(t, db, "", "add", edited)
		if code != exitError || errOut == "" {
			t.Fatalf("add to a read-only database: exit %d, %q", code, errOut)
		}
		os.Chmod(db, 0o644)
		if docsJSON(t, db) != before {
			t.Fatal("the database changed")
		}
	})
	t.Run("MissingDatabaseForReading", func(t *testing.T) {
		db := tempDB(t)
		for _, args := range [][]string{{"docs"}, {"show", "x"}} {
			_, errOut, code := runKorpus(t, db, "", args...)
			wantError(t, errOut, code, exitError, "no korpus database", db)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatal("reading created the database")
		}
	})
}

// unwritableDir returns a directory korpus cannot create files in: a
// read-only temporary directory, or /proc when running as root (root may
// write anywhere else).
func unwritableDir(t *testing.T) string {
	t.Helper()
	if os.Geteuid() == 0 {
		if _, err := os.Stat("/proc/self"); err != nil {
			t.Skip("running as root without /proc")
		}
		return "/proc"
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return dir
}

func TestProgress(t *testing.T) {
	var buf strings.Builder
	f := &factory{IO: &IOStreams{ErrOut: &buf}}
	p := f.Progress("importing", 10, false)
	p.Add(10)
	p.Done()
	if buf.Len() != 0 {
		t.Fatalf("progress on a pipe wrote %q", buf.String())
	}
	f.IO.ErrTTY = true
	p = f.Progress("importing", 10, false)
	p.Add(3)
	p.Done()
	if !strings.Contains(buf.String(), "importing") {
		t.Fatalf("progress on a terminal wrote %q", buf.String())
	}
}

// TestCommandHelp checks the help of every command: it lists the exit
// codes (a script author reads them there), and language flags show the
// LANG placeholder the descriptions use, not cobra's type name.
func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"segment", "add", "docs", "show", "diff", "align", "import", "export", "export-tm", "lookup", "concordance", "pretranslate", "analyze"} {
		t.Run(cmd, func(t *testing.T) {
			out, _, code := runKorpus(t, "", "", cmd, "--help")
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			if !strings.Contains(out, "Exit codes: 0 success") {
				t.Errorf("%s --help does not list the exit codes", cmd)
			}
			for _, flag := range []string{"--lang", "--from", "--to", "--target"} {
				for _, line := range strings.Split(out, "\n") {
					if f := strings.Fields(line); len(f) >= 2 && f[0] == flag && f[1] == "lang" {
						t.Errorf("%s --help: %q, want placeholder LANG", cmd, strings.TrimSpace(line))
					}
				}
			}
		})
	}
	out, _, _ := runKorpus(t, "", "", "align", "--help")
	if !strings.Contains(out, "1–4") {
		t.Errorf("align --help does not say the aligner joins up to 4 sentences")
	}
}

// TestInterrupted checks that work stopped by Ctrl-C (a cancelled context)
// exits 130, as shells report SIGINT, so a script can tell an interrupted
// run from a data error, and that nothing was stored.
func TestInterrupted(t *testing.T) {
	db := tempDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	ios := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	code := runWith(ctx, []string{"--db", db, "add", seedPath()}, ios, func(string) string { return "" })
	if code != 130 || errOut.String() != "korpus: interrupted\n" {
		t.Fatalf("exit %d, stderr %q; want 130 and \"korpus: interrupted\"", code, errOut.String())
	}
	if _, err := os.Stat(db); err == nil {
		if docs := mustRunKorpus(t, db, "", "docs", "--json"); strings.TrimSpace(docs) != "[]" {
			t.Errorf("an interrupted add stored %s", docs)
		}
	}
}
