package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
)

func TestDocs(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "Zwei. Sätze.\n", "add", "--doc", "b", "-")
	mustRunKorpus(t, db, "Erster Text.\n", "add", "--doc", "a", "-")
	mustRunKorpus(t, db, "Zweiter Text, länger.\n\nMit Absatz.\n", "add", "--doc", "a", "-")

	t.Run("JSON", func(t *testing.T) {
		var docs []map[string]any
		out := docsJSON(t, db)
		if err := json.Unmarshal([]byte(out), &docs); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(docs) != 2 || docs[0]["name"] != "a" || docs[1]["name"] != "b" {
			t.Fatalf("docs: %s", out)
		}
		vs, _ := docs[0]["versions"].([]any)
		if len(vs) != 2 || docs[0]["lang"] != "de" {
			t.Fatalf("document a: %s", out)
		}
		v2, _ := vs[1].(map[string]any)
		for k, want := range map[string]any{"number": 2.0, "lang": "de", "source": "-", "paragraphs": 2.0, "segments": 2.0, "words": 5.0} {
			if v2[k] != want {
				t.Errorf("version 2 %s = %v, want %v", k, v2[k], want)
			}
		}
		for _, k := range []string{"hash", "created", "chars"} {
			if _, ok := v2[k]; !ok {
				t.Errorf("version has no %q", k)
			}
		}
		for _, k := range []string{"created", "updated"} {
			if _, err := time.Parse(time.RFC3339, docs[0][k].(string)); err != nil {
				t.Errorf("%s: %v", k, err)
			}
		}
	})

	t.Run("Table", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "docs")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") || !strings.Contains(lines[0], "WORDS") {
			t.Fatalf("table:\n%s", out)
		}
		if f := strings.Fields(lines[1]); f[0] != "a" || f[1] != "2" || f[2] != "de" || f[3] != "2" || f[4] != "5" {
			t.Fatalf("row a: %q", lines[1])
		}
	})

	t.Run("EmptyDatabase", func(t *testing.T) {
		db := tempDB(t)
		sdb, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		sdb.Close()
		if out := docsJSON(t, db); out != "[]\n" {
			t.Fatalf("docs --json on an empty database: %q", out)
		}
		out, errOut, code := runKorpus(t, db, "", "docs")
		if code != 0 || out != "" || !strings.Contains(errOut, "no documents") {
			t.Fatalf("docs on an empty database: %d %q %q", code, out, errOut)
		}
	})
}

// TestDocsTableWideNames checks that the columns line up on a terminal
// when a name holds characters two columns wide (CJK) or combining marks.
func TestDocsTableWideNames(t *testing.T) {
	db := tempDB(t)
	for _, name := range []string{"a.txt", "日本語.txt", "Übersicht.txt", "Cafe\u0301.txt"} {
		mustRunKorpus(t, db, "Ein Satz.\n", "add", "--doc", name, "-")
	}
	out := mustRunKorpus(t, db, "", "docs")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	col := -1
	for _, l := range lines {
		// The display column where the second field (VERSIONS or 1) starts.
		i := strings.Index(l, "  ")
		rest := strings.TrimLeft(l[i:], " ")
		c := 0
		for _, r := range l[:len(l)-len(rest)] {
			switch {
			case r >= 0x3000 && r <= 0x9fff: // CJK: two columns
				c += 2
			case r == 0x0301: // a combining mark: none
			default:
				c++
			}
		}
		if col >= 0 && c != col {
			t.Fatalf("second column starts at %d, not %d, in %q:\n%s", c, col, l, out)
		}
		col = c
	}
}
