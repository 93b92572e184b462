package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bigText is n bytes of words, so the tokeniser would have real work.
func bigText(n int) string {
	return strings.Repeat("Vertrag Kraft Juni ", n/19+1)[:n]
}

// writeStreamed writes a file piece by piece (the big segment is not
// kept in testdata).
func writeStreamed(t *testing.T, name string, write func(w *bufio.Writer)) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	write(w)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

const tooLongReason = "segment longer than 64 KiB (--max-segment)"

func TestImportSkipsOverlongTMXSegment(t *testing.T) {
	tmx := writeStreamed(t, "big.tmx", func(w *bufio.Writer) {
		w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="de" datatype="plaintext"/><body>
`)
		tu := func(src, tgt string) {
			fmt.Fprintf(w, "<tu><tuv xml:lang=\"de\"><seg>%s</seg></tuv><tuv xml:lang=\"en\"><seg>%s</seg></tuv></tu>\n", src, tgt)
		}
		tu("Der Vertrag tritt am 19. Juni in Kraft.", "The treaty enters into force on 19 June.")
		w.WriteString(`<tu><tuv xml:lang="de"><seg>`)
		for i := 0; i < 2<<20/(64<<10); i++ {
			w.WriteString(bigText(64 << 10))
		}
		w.WriteString("</seg></tuv><tuv xml:lang=\"en\"><seg>big</seg></tuv></tu>\n")
		tu("Die Partei der Arbeit tagt.", "The Workers' Party meets.")
		w.WriteString("</body></tmx>\n")
	})
	db := tempDB(t)
	out := mustRunKorpus(t, db, "", "import", tmx)
	if !strings.Contains(out, "3 units read, 2 added") || !strings.Contains(out, "skipped 1: "+tooLongReason) {
		t.Errorf("import report: %s", out)
	}
	start := time.Now()
	out = mustRunKorpus(t, db, "", "lookup", "Der Vertrag tritt am 20. Juni in Kraft.", "--from", "de", "--to", "en", "--json")
	if !strings.Contains(out, "19 June") {
		t.Errorf("lookup: %s", out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("lookup took %v", d)
	}
	// A bigger limit takes the unit.
	db2 := tempDB(t)
	out = mustRunKorpus(t, db2, "", "--max-segment", "4MiB", "import", "--no-index", tmx)
	if !strings.Contains(out, "3 added") {
		t.Errorf("import --max-segment 4MiB: %s", out)
	}
}

func TestImportSkipsOverlongJSONLLine(t *testing.T) {
	jsonl := writeStreamed(t, "big.jsonl", func(w *bufio.Writer) {
		w.WriteString(`{"source_lang":"de","target_lang":"en","source":"Der Vertrag tritt in Kraft.","target":"The treaty enters into force."}` + "\n")
		// 2 MB line: far over the line limit (12 × 64 KiB + 64 KiB).
		w.WriteString(`{"source_lang":"de","target_lang":"en","source":"`)
		for i := 0; i < 2<<20/(64<<10); i++ {
			w.WriteString(bigText(64 << 10))
		}
		w.WriteString(`","target":"big"}` + "\n")
		// 100 KB source: under the line limit, over the segment limit.
		w.WriteString(`{"source_lang":"de","target_lang":"en","source":"` + bigText(100<<10) + `","target":"mid"}` + "\n")
		w.WriteString(`{"source_lang":"de","target_lang":"en","source":"Die Partei tagt.","target":"The party meets."}` + "\n")
	})
	db := tempDB(t)
	out := mustRunKorpus(t, db, "", "import", "--json", jsonl)
	var rep struct {
		Read, Added, Skipped int
		Reasons              map[string]int `json:"skip_reasons"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Read != 4 || rep.Added != 2 || rep.Skipped != 2 || rep.Reasons[tooLongReason] != 1 ||
		rep.Reasons["line longer than 832 KiB (--max-segment 64 KiB)"] != 1 {
		t.Errorf("import report: %s", out)
	}
	// TSV shares the line reader.
	tsv := writeStreamed(t, "big.tsv", func(w *bufio.Writer) {
		w.WriteString("source_lang\ttarget_lang\tsource\ttarget\nde\ten\tEins.\tOne.\nde\ten\t")
		w.WriteString(bigText(1 << 20))
		w.WriteString("\tbig\nde\ten\tZwei.\tTwo.\n")
	})
	out = mustRunKorpus(t, tempDB(t), "", "import", tsv)
	if !strings.Contains(out, "3 units read, 2 added") || !strings.Contains(out, "skipped 1: line longer than 832 KiB") {
		t.Errorf("TSV import report: %s", out)
	}
}

func TestOverlongQuery(t *testing.T) {
	db := tempDB(t)
	tsv := writeFile(t, "m.tsv", []byte("source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDer Vertrag tritt in Kraft.\tThe treaty enters into force.\n"))
	mustRunKorpus(t, db, "", "import", tsv)
	long := bigText(70 << 10)
	_, errOut, code := runKorpus(t, db, "", "lookup", long, "--from", "de", "--to", "en")
	wantError(t, errOut, code, exitUsage, "longer than 64 KiB (--max-segment)")
	_, errOut, code = runKorpus(t, db, "", "concordance", long)
	wantError(t, errOut, code, exitUsage, "longer than 64 KiB (--max-segment)")

	// lookup -: an error line for the long query, answers for the others.
	in := "Der Vertrag tritt in Kraft.\n" + bigText(1<<20) + "\nDer Vertrag tritt in Kraft.\n"
	out := mustRunKorpus(t, db, in, "lookup", "-", "--from", "de", "--to", "en")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "treaty") || !strings.Contains(lines[1], `"error":"query of 1048576 bytes is longer than 64 KiB (--max-segment)"`) || !strings.Contains(lines[2], "treaty") {
		t.Errorf("lookup -: %.500s", out)
	}
	// --max-segment raises the limit.
	mustRunKorpus(t, db, "", "--max-segment", "1MiB", "concordance", long)
}

func TestAddRefusesOverlongSegment(t *testing.T) {
	db := tempDB(t)
	doc := writeFile(t, "big.txt", []byte("Ein Satz.\n\nNoch einer.\n\n"+bigText(70<<10)+"\n"))
	_, errOut, code := runKorpus(t, db, "", "add", doc)
	wantError(t, errOut, code, exitError, "line 5", "longer than 64 KiB (--max-segment)", "nothing stored")
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the refused add left a database behind: %v", err)
	}
}
