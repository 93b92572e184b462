package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddShowRoundTrip(t *testing.T) {
	db := tempDB(t)
	out := mustRunKorpus(t, db, "", "add", seedPath())
	if !strings.HasPrefix(out, "added korea-in-der-welt.de.txt version 1: ") || !strings.Contains(out, "segments") || !strings.Contains(out, "words") {
		t.Fatalf("add said %q", out)
	}
	segmented := mustRunKorpus(t, "", "", "segment", "--format", "jsonl", seedPath())
	shown := mustRunKorpus(t, db, "", "show", "korea-in-der-welt.de.txt", "--format", "jsonl")
	if shown != segmented {
		t.Fatalf("show --format jsonl differs from segment --format jsonl:\n%s\n---\n%s", shown, segmented)
	}
	if got, want := mustRunKorpus(t, db, "", "show", "korea-in-der-welt.de.txt"), mustRunKorpus(t, "", "", "segment", seedPath()); got != want {
		t.Fatal("show (text) differs from segment (text)")
	}
}

func TestAddVersions(t *testing.T) {
	db := tempDB(t)
	name := "korea-in-der-welt.de.txt"
	mustRunKorpus(t, db, "", "add", seedPath())
	v1 := mustRunKorpus(t, db, "", "show", name+"@1", "--format", "jsonl")

	t.Run("SameContentAgain", func(t *testing.T) {
		before := docsJSON(t, db)
		out := mustRunKorpus(t, db, "", "add", seedPath())
		if out != "unchanged: "+name+" is identical to version 1; nothing stored\n" {
			t.Fatalf("add again said %q", out)
		}
		if docsJSON(t, db) != before {
			t.Fatal("adding identical content changed the database")
		}
	})

	edited := writeFile(t, name, append(seedText(t), "\nDieser Absatz ist neu. Er hat zwei Sätze.\n"...))
	t.Run("EditedCopy", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "add", edited)
		if !strings.HasPrefix(out, "added "+name+" version 2: ") {
			t.Fatalf("add edited said %q", out)
		}
	})

	t.Run("ShowVersions", func(t *testing.T) {
		if got := mustRunKorpus(t, db, "", "show", name+"@1", "--format", "jsonl"); got != v1 {
			t.Fatal("version 1 changed after adding version 2")
		}
		v2 := mustRunKorpus(t, db, "", "show", name+"@2", "--format", "jsonl")
		latest := mustRunKorpus(t, db, "", "show", name, "--format", "jsonl")
		if v2 != latest {
			t.Fatal("show without @ is not the latest version")
		}
		if !strings.HasPrefix(v2, v1) || len(parseJSONL(t, v2)) != len(parseJSONL(t, v1))+2 {
			t.Fatalf("version 2 is not version 1 plus two segments")
		}
		if !strings.Contains(mustRunKorpus(t, db, "", "show", name+"@2"), "Er hat zwei Sätze.\n") {
			t.Fatal("the new sentence is not in version 2")
		}
	})

	t.Run("DocFlagAndJSON", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "add", "--doc", "other", "--json", edited)
		var rep map[string]any
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for k, want := range map[string]any{"document": "other", "version": 1.0, "created": true, "unchanged": false, "lang": "de"} {
			if rep[k] != want {
				t.Errorf("%s = %v, want %v", k, rep[k], want)
			}
		}
		for _, k := range []string{"paragraphs", "segments", "words"} {
			if n, ok := rep[k].(float64); !ok || n <= 0 {
				t.Errorf("%s = %v", k, rep[k])
			}
		}
		out = mustRunKorpus(t, db, "", "add", "--doc", "other", "--json", edited)
		json.Unmarshal([]byte(out), &rep)
		if rep["unchanged"] != true || rep["created"] != false || rep["version"] != 1.0 {
			t.Fatalf("second add --json: %s", out)
		}
	})

	t.Run("Stdin", func(t *testing.T) {
		out := mustRunKorpus(t, db, "Ein Satz. Noch einer.\n", "add", "--doc", "piped", "-")
		if !strings.HasPrefix(out, "added piped version 1: 1 paragraph, 2 segments, 4 words") {
			t.Fatalf("add - said %q", out)
		}
	})
}

// TestAddBadInput checks that every bad input is a one-line error with
// exit code 1 and leaves the database as it was.
func TestAddBadInput(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "add", seedPath())
	before := docsJSON(t, db)
	dir := t.TempDir()
	binary := writeFile(t, "data.bin", []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0})
	invalid := writeFile(t, "latin1.txt", []byte("Gr\xfc\xdfe.\n"))
	badSRX := writeFile(t, "broken.srx", []byte("<srx version=\"2.0\"><header/><body><maprules><languagemap"))
	english := writeFile(t, "korea-in-der-welt.de.txt", []byte("A different text.\n"))
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"MissingFile", []string{"add", filepath.Join(dir, "missing.txt")}, exitError, []string{"missing.txt"}},
		{"Directory", []string{"add", dir}, exitError, []string{"directory"}},
		{"BinaryFile", []string{"add", binary}, exitError, []string{"data.bin"}},
		{"InvalidUTF8", []string{"add", invalid}, exitError, []string{"latin1.txt", "line 1"}},
		{"MalformedSRX", []string{"add", "--srx", badSRX, seedPath()}, exitError, []string{"broken.srx", "line 1"}},
		{"LanguageConflict", []string{"add", "--lang", "en", english}, exitError, []string{"korea-in-der-welt.de.txt", "de"}},
		{"InvalidLang", []string{"add", "--lang", "!!", seedPath()}, exitUsage, []string{"--lang"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runKorpus(t, db, "", tc.args...)
			wantError(t, errOut, code, tc.code, tc.want...)
			if docsJSON(t, db) != before {
				t.Fatal("the database changed")
			}
		})
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}

// TestAddBadDocName checks that --doc with a control character or
// surrounding white space is a usage error that stores nothing.
func TestAddBadDocName(t *testing.T) {
	db := tempDB(t)
	for _, name := range []string{"evil\nname", "tab\tname", " spaced ", ""} {
		stdout, errOut, code := runKorpus(t, db, "", "add", "--doc", name, seedPath())
		wantError(t, errOut, code, exitUsage, "--doc", "document name")
		if stdout != "" {
			t.Errorf("stdout %q", stdout)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error created the database")
	}
}

// TestAddEmptyText checks that an empty or white-space-only file is an
// error that stores nothing (no empty version 2 of a document whose export
// failed), as align refuses empty files too.
func TestAddEmptyText(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "add", "--doc", "a.txt", seedPath())
	for _, tc := range []struct{ name, text string }{{"Empty", ""}, {"WhiteSpace", " \n\t\n\u00a0\r\n"}} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeFile(t, "empty.txt", []byte(tc.text))
			stdout, errOut, code := runKorpus(t, db, "", "add", "--doc", "a.txt", f)
			wantError(t, errOut, code, exitError, "empty.txt", "no text", "nothing stored")
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
		})
	}
	var docs []struct {
		Versions []json.RawMessage `json:"versions"`
	}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "docs", "--json")), &docs); err != nil || len(docs) != 1 || len(docs[0].Versions) != 1 {
		t.Fatalf("docs: %+v %v, want one document with one version", docs, err)
	}
}

// TestAddDocNameNFC checks that document names are stored and looked up in
// NFC: a file name in NFD (as macOS writes "Café.txt") and the same name
// typed in NFC name one document.
func TestAddDocNameNFC(t *testing.T) {
	db := tempDB(t)
	nfd := writeFile(t, "Cafe\u0301.txt", []byte("Ein Satz.\n"))
	mustRunKorpus(t, db, "", "add", nfd)
	if out := mustRunKorpus(t, db, "", "show", "Caf\u00e9.txt@1"); out != "Ein Satz.\n" {
		t.Errorf("show Café.txt@1 (NFC): %q", out)
	}
	out := mustRunKorpus(t, db, "Zwei Sätze. Hier.\n", "add", "--doc", "Cafe\u0301.txt", "-")
	if !strings.Contains(out, "Caf\u00e9.txt version 2") {
		t.Errorf("add --doc in NFD: %q, want version 2 of Café.txt", out)
	}
	mustRunKorpus(t, db, "", "diff", "Cafe\u0301.txt@1", "Caf\u00e9.txt@2")
}
