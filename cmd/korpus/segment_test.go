package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// parseJSONL decodes jsonl segment output, checking every line is one
// object with exactly the documented fields.
func parseJSONL(t *testing.T, out string) []segmentJSON {
	t.Helper()
	var segs []segmentJSON
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v: %s", len(segs)+1, err, sc.Text())
		}
		for _, k := range []string{"para", "index", "text", "hash"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("line %d has no %q: %s", len(segs)+1, k, sc.Text())
			}
		}
		var s segmentJSON
		json.Unmarshal(sc.Bytes(), &s)
		segs = append(segs, s)
	}
	return segs
}

func TestSegment(t *testing.T) {
	jsonl := mustRunKorpus(t, "", "", "segment", "--format", "jsonl", seedPath())
	segs := parseJSONL(t, jsonl)
	if len(segs) < 30 {
		t.Fatalf("only %d segments for the seed", len(segs))
	}
	para := 0
	for i, s := range segs {
		if s.Index != i || s.Para < para || s.Para > para+1 || s.Text == "" || s.Hash != tm.Hash(s.Text) || s.Text != strings.TrimSpace(s.Text) {
			t.Fatalf("segment %d: %+v", i, s)
		}
		para = s.Para
	}
	if segs[0].Text != "/ Korea in der Welt - Freundschaftsbande" {
		t.Errorf("first segment %q", segs[0].Text)
	}

	t.Run("TextMatchesJSONL", func(t *testing.T) {
		text := mustRunKorpus(t, "", "", "segment", seedPath())
		var want strings.Builder
		for i, s := range segs {
			if i > 0 && s.Para != segs[i-1].Para {
				want.WriteString("\n")
			}
			want.WriteString(s.Text + "\n")
		}
		if text != want.String() {
			t.Fatalf("text output differs from jsonl:\n%s", text)
		}
	})

	t.Run("Stdin", func(t *testing.T) {
		for _, args := range [][]string{{"segment", "--format", "jsonl", "-"}, {"segment", "--format", "jsonl"}} {
			if got := mustRunKorpus(t, "", string(seedText(t)), args...); got != jsonl {
				t.Fatalf("%v: stdin output differs from the file's", args)
			}
		}
	})

	t.Run("CRLFAndBOM", func(t *testing.T) {
		crlf := "\ufeff" + strings.ReplaceAll(string(seedText(t)), "\n", "\r\n")
		if got := mustRunKorpus(t, "", crlf, "segment", "--format", "jsonl"); got != jsonl {
			t.Fatal("CRLF with BOM segments differently")
		}
	})

	t.Run("Encoding", func(t *testing.T) {
		latin1 := writeFile(t, "latin1.txt", []byte("Gr\xfc\xdfe aus K\xf6ln.\n"))
		got := mustRunKorpus(t, "", "", "segment", "--encoding", "iso-8859-1", latin1)
		if got != "Grüße aus Köln.\n" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("ParagraphsSeparatedByBlankLine", func(t *testing.T) {
		got := mustRunKorpus(t, "", "Erster Absatz.\n\nZweiter Absatz.\n", "segment")
		if got != "Erster Absatz.\n\nZweiter Absatz.\n" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("NoDatabase", func(t *testing.T) {
		db := tempDB(t)
		mustRunKorpus(t, db, "Ein Satz.\n", "segment")
		if _, err := os.Stat(db); err == nil {
			t.Fatal("segment created a database")
		}
	})

	t.Run("Empty", func(t *testing.T) {
		if got := mustRunKorpus(t, "", "", "segment"); got != "" {
			t.Fatalf("got %q", got)
		}
	})
}

func TestSegmentBadInput(t *testing.T) {
	dir := t.TempDir()
	binary := writeFile(t, "image.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	invalid := writeFile(t, "broken.txt", []byte("Erste Zeile.\nZweite \xff Zeile.\n"))
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"MissingFile", []string{"segment", dir + "/missing.txt"}, []string{"missing.txt", "no such file"}},
		{"Directory", []string{"segment", dir}, []string{dir, "directory"}},
		{"BinaryFile", []string{"segment", binary}, []string{"image.png"}},
		{"InvalidUTF8", []string{"segment", invalid}, []string{"broken.txt", "line 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runKorpus(t, "", "", tc.args...)
			wantError(t, errOut, code, exitError, tc.want...)
			if out != "" {
				t.Errorf("printed output despite the error: %q", out)
			}
		})
	}
}

func TestSegmentSRX(t *testing.T) {
	t.Run("RealRules", func(t *testing.T) {
		rules := testutil.SharedDir(t, "schemas", "srx", "omegat-defaultRules.srx")
		segs := parseJSONL(t, mustRunKorpus(t, "", "", "segment", "--srx", rules, "--format", "jsonl", seedPath()))
		if len(segs) < 30 || segs[0].Text != "/ Korea in der Welt - Freundschaftsbande" {
			t.Fatalf("%d segments, first %+v", len(segs), segs[0])
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		bad := writeFile(t, "bad.srx", []byte(`<?xml version="1.0"?><srx version="2.0"><body><languagerules>`))
		out, errOut, code := runKorpus(t, "", "", "segment", "--srx", bad, seedPath())
		wantError(t, errOut, code, exitError, "bad.srx", "line 1")
		if out != "" {
			t.Fatalf("printed %q", out)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		_, errOut, code := runKorpus(t, "", "", "segment", "--srx", "/nonexistent/rules.srx", seedPath())
		wantError(t, errOut, code, exitError, "korpus: /nonexistent/rules.srx: no such file or directory")
	})
	t.Run("Directory", func(t *testing.T) {
		dir := t.TempDir()
		_, errOut, code := runKorpus(t, "", "", "segment", "--srx", dir, seedPath())
		wantError(t, errOut, code, exitError, "korpus: "+dir+": is a directory, not an SRX file")
	})
}

func TestSegmentGenericRulesWarning(t *testing.T) {
	out, errOut, code := runKorpus(t, "", "Jambo. Habari yako?\n", "segment", "--lang", "sw")
	if code != 0 || out == "" {
		t.Fatalf("exit %d, out %q, stderr %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "generic") {
		t.Fatalf("no warning about generic rules: %q", errOut)
	}
}

// TestSegmentSplitColon: --split-colon ends a sentence at ":" before a full
// sentence, in segment and in add; without it the sentence stays whole.
func TestSegmentSplitColon(t *testing.T) {
	text := "Der Plan stand fest: Wir fahren morgen.\n"
	if got, want := mustRunKorpus(t, "", text, "segment"), "Der Plan stand fest: Wir fahren morgen.\n"; got != want {
		t.Errorf("segment: %q, want %q", got, want)
	}
	split := "Der Plan stand fest:\nWir fahren morgen.\n"
	if got := mustRunKorpus(t, "", text, "segment", "--split-colon"); got != split {
		t.Errorf("segment --split-colon: %q, want %q", got, split)
	}
	t.Run("Add", func(t *testing.T) {
		db := tempDB(t)
		mustRunKorpus(t, db, text, "add", "--split-colon", "--doc", "plan.txt", "-")
		if got := mustRunKorpus(t, db, "", "show", "plan.txt"); got != split {
			t.Errorf("show after add --split-colon: %q, want %q", got, split)
		}
	})
	t.Run("WithSRX", func(t *testing.T) {
		_, errOut, code := runKorpus(t, "", text, "segment", "--split-colon", "--srx", "rules.srx")
		wantError(t, errOut, code, exitUsage, "--split-colon", "--srx")
	})
}
