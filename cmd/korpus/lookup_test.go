package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

const (
	mSentence = "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	mPrev     = "Das Ministerium hat die Regeln geändert."
	mNext     = "Sie gilt für alle Betriebe."
)

// matchMemory returns a database holding a small de→en memory, imported
// through the store API.
func matchMemory(t *testing.T) string {
	t.Helper()
	path := tempDB(t)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	u := func(src, tgt, prev, next string, d int) *tm.Unit {
		return &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(src), Target: tm.Text(tgt), Prev: prev, Next: next,
			Origin: tm.OriginTMX, Status: tm.StatusTranslated, Created: day(d), Changed: day(d)}
	}
	units := unitList{
		u(mSentence, "The new rule takes effect on 19 June.", mPrev, mNext, 1),
		u("Die alte Regelung tritt am 19. Juni in ganz Kraft.", "The old rule takes effect on 19 June.", "", "", 2),
		u("Der Vertrag über Freundschaft wurde 1961 geschlossen.", "The treaty of friendship was signed in 1961.", "", "", 3),
		u("ÜBER FREUNDSCHAFT sprach niemand.", "Nobody spoke about friendship.", "", "", 4),
		u("Die Sitzung beginnt um 9 Uhr im großen Saal des Rathauses.", "The meeting starts at 9 in the great hall of the town hall.", "", "", 5),
	}
	if _, err := db.ImportUnits(context.Background(), &units, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return path
}

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func lookupJSONOf(t *testing.T, out string) lookupJSON {
	t.Helper()
	var r lookupJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return r
}

func TestLookup(t *testing.T) {
	db := matchMemory(t)
	t.Run("Exact", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "lookup", mSentence, "--to", "en")
		if !strings.HasPrefix(out, "100  exact") || !strings.Contains(out, "target: The new rule takes effect on 19 June.") {
			t.Errorf("output:\n%s", out)
		}
		if strings.Contains(out, "\x1b[") {
			t.Errorf("colours when piped:\n%q", out)
		}
	})
	t.Run("InContext", func(t *testing.T) {
		r := lookupJSONOf(t, mustRunKorpus(t, db, "", "lookup", mSentence, "--to", "en", "--prev", mPrev, "--next", mNext, "--json"))
		if len(r.Matches) == 0 || r.Matches[0].Score != 101 || r.Matches[0].Kind != "context" {
			t.Errorf("matches = %+v", r.Matches)
		}
	})
	t.Run("NumberChange", func(t *testing.T) {
		r := lookupJSONOf(t, mustRunKorpus(t, db, "", "lookup", strings.Replace(mSentence, "19", "20", 1), "--to", "en", "--json"))
		if len(r.Matches) == 0 || r.Matches[0].Score < 95 || r.Matches[0].Kind != "fuzzy" {
			t.Fatalf("matches = %+v", r.Matches)
		}
		m := r.Matches[0]
		if m.Source != mSentence || m.UnitID == 0 || m.Origin != tm.OriginTMX || m.Created != "2026-01-01T00:00:00Z" {
			t.Errorf("match = %+v", m)
		}
		var ops []string
		for _, d := range m.Diff {
			if d.Kind != "equal" {
				ops = append(ops, string(d.Kind)+":"+d.Text)
			}
		}
		if strings.Join(ops, " ") != "delete:20 insert:19" {
			t.Errorf("diff = %v", ops)
		}
	})
	t.Run("OneWordChangeText", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "lookup", "Die neue Regelung tritt am 19. Juni in ganz Europa.", "--to", "en")
		first := strings.SplitN(out, "\n", 3)
		if len(first) < 2 || !strings.HasPrefix(first[0], " 90  fuzzy") || !strings.Contains(first[1], "[-Europa-]{+Kraft+}") {
			t.Errorf("output:\n%s", out)
		}
	})
	t.Run("Unrelated", func(t *testing.T) {
		r := lookupJSONOf(t, mustRunKorpus(t, db, "", "lookup", "Morgen regnet es wahrscheinlich im ganzen Norden.", "--to", "en", "--min", "1", "--json"))
		for _, m := range r.Matches {
			if m.Score >= 50 {
				t.Errorf("unrelated scored %d: %q", m.Score, m.Source)
			}
		}
		if out := mustRunKorpus(t, db, "", "lookup", "Morgen regnet es wahrscheinlich im ganzen Norden.", "--to", "en"); out != "no match\n" {
			t.Errorf("output %q", out)
		}
	})
	t.Run("Bulk", func(t *testing.T) {
		in := mSentence + "\n\nDie alte Regelung tritt am 20. Juni in ganz Kraft.\r\n"
		out := mustRunKorpus(t, db, in, "lookup", "-", "--to", "en", "--limit", "1")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%d lines, want 3:\n%s", len(lines), out)
		}
		a, b, c := lookupJSONOf(t, lines[0]), lookupJSONOf(t, lines[1]), lookupJSONOf(t, lines[2])
		if a.Query != mSentence || len(a.Matches) != 1 || a.Matches[0].Score != 100 {
			t.Errorf("line 1 = %+v", a)
		}
		if b.Error != "empty query" || b.Matches == nil {
			t.Errorf("line 2 = %+v", b)
		}
		if len(c.Matches) != 1 || c.Matches[0].Score < 95 || c.Matches[0].Score > 99 {
			t.Errorf("line 3 = %+v", c)
		}
	})
	// Query files come from editors: Notepad writes a UTF-8 BOM, and
	// Windows tools UTF-16; a BOM must not turn the first exact match into
	// a fuzzy one, and bytes that are not UTF-8 are an error naming the
	// line, never replaced.
	t.Run("BulkEncodings", func(t *testing.T) {
		utf16 := func(s string, le bool) string {
			b := []byte{0xFE, 0xFF}
			if le {
				b = []byte{0xFF, 0xFE}
			}
			for _, r := range s { // the test text is all in the BMP
				if le {
					b = append(b, byte(r), byte(r>>8))
				} else {
					b = append(b, byte(r>>8), byte(r))
				}
			}
			return string(b)
		}
		for name, in := range map[string]string{
			"UTF8BOM":   "\uFEFF" + mSentence + "\n",
			"UTF16LE":   utf16(mSentence+"\r\n", true),
			"UTF16BE":   utf16(mSentence+"\n", false),
			"NoNewline": mSentence,
		} {
			out := mustRunKorpus(t, db, in, "lookup", "-", "--to", "en", "--limit", "1")
			r := lookupJSONOf(t, out)
			if r.Query != mSentence || len(r.Matches) != 1 || r.Matches[0].Score != 100 {
				t.Errorf("%s: %s", name, out)
			}
		}
		out, e, code := runKorpus(t, db, mSentence+"\nabc\xffdef\n", "lookup", "-", "--to", "en")
		wantError(t, e, code, exitError, "standard input, line 2", "UTF-8")
		if strings.Count(out, "\n") != 1 {
			t.Errorf("want the first line's answer before the error, got %q", out)
		}
	})
	// A coprocess writes one query and waits for its answer: reading must
	// not wait for more bytes than the first line holds, and the answer
	// must not sit in a buffer when standard output is a pipe.
	t.Run("BulkAnswersShortLineAtOnce", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		var out syncBuffer
		done := make(chan int, 1)
		go func() {
			ios := &IOStreams{In: pr, Out: &out, ErrOut: io.Discard}
			done <- runWith(context.Background(), []string{"--db", db, "lookup", "-", "--to", "en"}, ios, func(string) string { return "" })
		}()
		if _, err := pw.Write([]byte("a\n")); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.String(), `"query":"a"`) {
			if time.Now().After(deadline) {
				t.Fatal("no answer to a one-letter query while the pipe stays open")
			}
			time.Sleep(10 * time.Millisecond)
		}
		pw.Close()
		if code := <-done; code != 0 {
			t.Errorf("exit %d", code)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		_, e, code := runKorpus(t, db, "", "lookup", "  ", "--to", "en")
		wantError(t, e, code, exitUsage, "empty query")
		_, e, code = runKorpus(t, db, "", "lookup", "x", "--to", "en", "--min", "101")
		wantError(t, e, code, exitUsage, "--min 101")
		_, e, code = runKorpus(t, db, "", "lookup", "x", "--to", "en", "--min", "-1")
		wantError(t, e, code, exitUsage, "--min -1")
		_, e, code = runKorpus(t, db, "", "lookup", "x", "--from", "qqq-123", "--to", "en")
		wantError(t, e, code, exitUsage, "qqq-123")
		_, e, code = runKorpus(t, db, "", "lookup", "x", "--to", "fr")
		wantError(t, e, code, exitError, "no de→fr units")
		_, e, code = runKorpus(t, db, "", "lookup", "x")
		wantError(t, e, code, exitUsage, "--to")
		_, e, code = runKorpus(t, filepath.Join(t.TempDir(), "none.db"), "", "lookup", "x", "--to", "en")
		wantError(t, e, code, exitError, "no korpus database")
	})
}

func TestConcordanceCmd(t *testing.T) {
	db := matchMemory(t)
	out := mustRunKorpus(t, db, "", "concordance", "über Freundschaft")
	if !strings.Contains(out, "Der Vertrag [[über Freundschaft]] wurde") || strings.Contains(out, "ÜBER") {
		t.Errorf("exact:\n%s", out)
	}
	out = mustRunKorpus(t, db, "", "concordance", "uber freundschaft", "--fold", "--from", "de", "--to", "en", "--json")
	var r concordanceJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 2 || r.Hits[0].Source != "ÜBER FREUNDSCHAFT sprach niemand." {
		t.Errorf("fold: %+v", r.Hits)
	}
	out = mustRunKorpus(t, db, "", "concordance", "friendship", "--target")
	if !strings.Contains(out, "target: Nobody spoke about [[friendship]].") {
		t.Errorf("target:\n%s", out)
	}
	_, e, code := runKorpus(t, db, "", "concordance", "")
	wantError(t, e, code, exitUsage, "empty search term")
	// A cut-off list says so: the user cannot tell 20 hits from 20 of many.
	out = mustRunKorpus(t, db, "", "concordance", "Freundschaft", "--fold", "--limit", "1")
	if !strings.HasSuffix(out, "(more units contain \"Freundschaft\": raise --limit)\n") {
		t.Errorf("limited text output:\n%s", out)
	}
	r = concordanceJSON{}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "concordance", "Freundschaft", "--fold", "--limit", "1", "--json")), &r); err != nil || len(r.Hits) != 1 || !r.More {
		t.Errorf("limited JSON: %+v, %v", r, err)
	}
	r = concordanceJSON{}
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "concordance", "Freundschaft", "--fold", "--limit", "2", "--json")), &r); err != nil || len(r.Hits) != 2 || r.More {
		t.Errorf("JSON with every hit: %+v, %v", r, err)
	}
}

// Units from TSV or TMX may hold line breaks; the text output keeps its
// layout by indenting the continuation lines under the text they belong
// to, so every line still starts with the unit header or the indent.
func TestMatchTextMultiline(t *testing.T) {
	db := tempDB(t)
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tZeile eins\\nZeile zwei\tLine one\\nline two\n"
	mustRunKorpus(t, db, tsv, "import", "-")
	out := mustRunKorpus(t, db, "", "concordance", "Zeile")
	if want := "  source: [[Zeile]] eins\n          [[Zeile]] zwei\n  target: Line one\n          line two\n"; !strings.HasSuffix(out, want) {
		t.Errorf("concordance:\n%s\nwant suffix\n%s", out, want)
	}
	out = mustRunKorpus(t, db, "", "lookup", "Zeile eins\nZeile zwei", "--to", "en")
	if want := "  target: Line one\n          line two\n"; !strings.HasSuffix(out, want) {
		t.Errorf("lookup:\n%s\nwant suffix\n%s", out, want)
	}
}

// addMatchDoc adds a document whose segments hit every analysis band.
func addMatchDoc(t *testing.T, db string) {
	t.Helper()
	text := mPrev + " " + mSentence + " " + mNext + "\n\n" +
		"Die alte Regelung tritt am 19. Juni in ganz Kraft.\n\n" + // 100
		"Die Sitzung beginnt um 10 Uhr im großen Saal des Rathauses.\n\n" + // number change: 95–99
		"Die Sitzung endet um 9 Uhr im kleinen Saal des Rathauses.\n\n" + // two words: 75–84
		"Morgen regnet es wahrscheinlich im ganzen Norden.\n\n" + // no match
		"Morgen regnet es wahrscheinlich im ganzen Norden.\n" // repetition
	f := writeFile(t, "doc.txt", []byte(text))
	mustRunKorpus(t, db, "", "add", f, "--lang", "de")
}

func TestAnalyze(t *testing.T) {
	db := matchMemory(t)
	addMatchDoc(t, db)
	var r analysisJSON
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "analyze", "doc.txt", "--to", "en", "--json")), &r); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, b := range r.Bands {
		got[string(b.Band)] = b.Segments
	}
	want := map[string]int{"context": 1, "exact": 1, "repetitions": 1, "95-99": 1, "85-94": 0, "75-84": 1, "50-74": 0, "no-match": 3}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("band %s: %d segments, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if r.Total.Segments != 8 || r.Total.Words != tm.CountWords(mPrev+" "+mSentence+" "+mNext)+10+11+11+7+7 {
		t.Errorf("total = %+v", r.Total)
	}
	csv := mustRunKorpus(t, db, "", "analyze", "doc.txt@1", "--to", "en", "--csv")
	if !strings.HasPrefix(csv, "band,segments,words,chars\ncontext,1,") || !strings.Contains(csv, "\ntotal,8,") {
		t.Errorf("csv:\n%s", csv)
	}
	text := mustRunKorpus(t, db, "", "analyze", "doc.txt", "--to", "en")
	if !strings.Contains(text, "in-context 101") || !strings.Contains(text, "total") {
		t.Errorf("text:\n%s", text)
	}
	_, e, code := runKorpus(t, db, "", "analyze", "nope.txt", "--to", "en")
	wantError(t, e, code, exitError, "nope.txt")
	_, e, code = runKorpus(t, db, "", "analyze", "doc.txt@7", "--to", "en")
	wantError(t, e, code, exitError)
	_, e, code = runKorpus(t, db, "", "analyze", "doc.txt", "--to", "en", "--json", "--csv")
	wantError(t, e, code, exitUsage, "--csv")
}

func TestPretranslate(t *testing.T) {
	db := matchMemory(t)
	addMatchDoc(t, db)
	for _, c := range []struct {
		format string
		want   []string
		schema []string
	}{
		{"xliff", []string{`state="translated">The new rule takes effect on 19 June.</target>`, `match-quality="101"`, `state="translated">The old rule`, `state="needs-review-translation">The meeting starts`, `<alt-trans match-quality="`},
			[]string{"xliff-1.2/xliff-core-1.2-transitional.xsd", "xliff-1.2/xliff-core-1.2-strict.xsd"}},
		{"xliff2", []string{`<mtc:match`, `similarity="`},
			[]string{"xliff-2.1/xliff_core_2.0.xsd", "xliff-2.1/xliff-2.1-with-modules.xsd"}},
	} {
		t.Run(c.format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "doc.xlf")
			_, errOut, code := runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "--format", c.format, "-o", out, "--min", "70")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "1 in-context, 1 exact, 2 fuzzy, 4 without match") {
				t.Errorf("report: %q", errOut)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(string(data), w) {
					t.Errorf("output lacks %q:\n%s", w, data)
				}
			}
			xmllint := testutil.NeedTool(t, "xmllint")
			dir := testutil.SharedDir(t, "schemas")
			for _, s := range c.schema {
				if b, err := exec.Command(xmllint, "--nonet", "--noout", "--schema", filepath.Join(dir, s), out).CombinedOutput(); err != nil {
					t.Errorf("xmllint --schema %s: %v\n%s", s, err, b)
				}
			}
		})
	}
	t.Run("Errors", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "x.xlf")
		_, e, code := runKorpus(t, db, "", "pretranslate", "nope.txt", "--to", "en", "-o", out)
		wantError(t, e, code, exitError, "nope.txt")
		_, e, code = runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", out, "--min", "101")
		wantError(t, e, code, exitUsage, "--min 101")
		_, e, code = runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "fr", "-o", out)
		wantError(t, e, code, exitError, "no de→fr units")
		// translating into the document's own language is a usage
		// error, as in export
		_, e, code = runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "de-AT", "-o", out)
		wantError(t, e, code, exitUsage, "--to de-AT: that is the language of doc.txt (de)")
		_, e, code = runKorpus(t, db, "", "analyze", "doc.txt", "--to", "de")
		wantError(t, e, code, exitUsage, "--to de: that is the language of doc.txt (de)")
		_, e, code = runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", filepath.Join(t.TempDir(), "missing", "x.xlf"))
		wantError(t, e, code, exitError, "cannot write")
		if _, err := os.Stat(out); err == nil {
			t.Errorf("a failed pretranslate left %s", out)
		}
	})
}

func TestLookupTextColoursOnTerminal(t *testing.T) {
	db := matchMemory(t)
	var out strings.Builder
	ios := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: io.Discard, OutTTY: true}
	code := runWith(context.Background(), []string{"--db", db, "lookup", strings.Replace(mSentence, "19", "20", 1), "--to", "en"}, ios, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), ansiDel+"20"+ansiReset) || !strings.Contains(out.String(), ansiIns+"19"+ansiReset) {
		t.Errorf("no coloured diff on a terminal:\n%q", out.String())
	}
}
