package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// analyze and pretranslate name the memory each match came from: analyze
// splits its bands by memory (JSON and text), pretranslate writes it into
// the candidates' origin and its summary.
func TestAnalyzePretranslateNameMemory(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "main")
	mustRunKorpus(t, db, "", "memory", "create", "legacy", "--penalty", "3")
	head := "source_lang\ttarget_lang\tsource\ttarget\n"
	mustRunKorpus(t, db, "", "import", "--memory", "main", writeFile(t, "m.tsv", []byte(head+
		"de\ten\tDer Vertrag wurde gestern in Berlin unterzeichnet.\tThe treaty was signed in Berlin yesterday.\n")))
	mustRunKorpus(t, db, "", "import", "--memory", "legacy", writeFile(t, "l.tsv", []byte(head+
		"de\ten\tDie Delegation reiste am Abend nach Seoul weiter.\tThe delegation travelled on to Seoul in the evening.\n")))
	mustRunKorpus(t, db, "", "add", "--doc", "doc.txt", writeFile(t, "doc.txt", []byte(
		"Der Vertrag wurde gestern in Berlin unterzeichnet. Die Delegation reiste am Abend nach Seoul weiter. Niemand hatte damit gerechnet.\n")))

	var r analysisJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "analyze", "doc.txt", "--to", "en", "--json")), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, b := range r.Bands {
		if b.Memories == nil {
			t.Errorf("band %s: memories must be [] not null", b.Band)
		}
		for _, m := range b.Memories {
			got[string(b.Band)] += m.Memory + ":" + itoa(m.Segments) + " "
		}
	}
	// main's sentence is an exact 100; legacy's scores 97 after its penalty.
	if got["exact"] != "main:1 " || got["95-99"] != "legacy:1 " || got["no-match"] != "" || len(got) != 2 {
		t.Errorf("analyze bands by memory: %v", got)
	}
	text := mustRunKorpus(t, db, "", "analyze", "doc.txt", "--to", "en")
	if !strings.Contains(text, "Best matches by memory:") || !lineWith(text, "100", "memory main", "1 segment ") || !lineWith(text, "95–99", "memory legacy") {
		t.Errorf("analyze text:\n%s", text)
	}

	out := filepath.Join(t.TempDir(), "doc.xlf")
	_, errOut, code := runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", out)
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(errOut, "targets from memory legacy 1, main 1") {
		t.Errorf("pretranslate summary: %s", errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`origin="korpus:main/tsv"`, `origin="korpus:legacy/tsv"`} {
		if !strings.Contains(string(data), w) {
			t.Errorf("pretranslate XLIFF lacks %s:\n%s", w, data)
		}
	}
	out2 := filepath.Join(t.TempDir(), "doc2.xlf")
	mustRunKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "--format", "xliff2", "-o", out2)
	if data, _ := os.ReadFile(out2); !strings.Contains(string(data), `origin="korpus:legacy/tsv"`) {
		t.Errorf("pretranslate XLIFF 2 lacks the memory in mtc:match origin:\n%s", data)
	}
}

func itoa(n int) string { return thousands(n) }

// lineWith reports whether one line of text contains every part.
func lineWith(text string, parts ...string) bool {
	for _, line := range strings.Split(text, "\n") {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(line, p)
		}
		if ok {
			return true
		}
	}
	return false
}
