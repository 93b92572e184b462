package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm/worddiff"
)

// revisedDB returns a database holding the seed as version 1 (translated
// into English) and the revised seed as version 2.
func revisedDB(t *testing.T) string {
	t.Helper()
	dbPath := tempDB(t)
	addTranslatedRevision(t, dbPath)
	return dbPath
}

func TestDiffJSON(t *testing.T) {
	db := revisedDB(t)
	out := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc+"@2", "--format", "json", "--target", "en")
	var rep diffReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Summary.Modified != 3 || rep.Summary.Moved != 1 || rep.Summary.Inserted != 1 || rep.Summary.Deleted != 1 {
		t.Fatalf("summary %+v", rep.Summary)
	}
	var august *diffPair
	states := map[string]int{}
	for i, p := range rep.Pairs {
		if p.Translation == nil {
			t.Fatalf("pair %d has no translation state", i)
		}
		states[p.Translation.State]++
		if p.Change == align.Modified && strings.HasPrefix(p.New.Text, "Im August 2025") {
			august = &rep.Pairs[i]
		}
	}
	if august == nil {
		t.Fatal("the edited August sentence is not a modified pair")
	}
	want := []worddiff.Op{
		{Kind: worddiff.Equal, Text: "Im August 2025 "},
		{Kind: worddiff.Delete, Text: "begingen"},
		{Kind: worddiff.Insert, Text: "feierten"},
		{Kind: worddiff.Equal, Text: " die Koreaner den 80. Jahrestag der Befreiung Koreas"},
		{Kind: worddiff.Delete, Text: " feierlich"},
		{Kind: worddiff.Equal, Text: "."},
	}
	if !reflect.DeepEqual(august.Ops, want) {
		t.Errorf("ops = %+v\nwant %+v", august.Ops, want)
	}
	if august.Translation.State != transReview || !strings.HasPrefix(august.Translation.New, "EN Im August 2025 begingen") {
		t.Errorf("August translation %+v", august.Translation)
	}
	wantStates := map[string]int{transCarried: rep.Summary.Unchanged + 1, transReview: 3, transMissing: 1, transGone: 1}
	if !reflect.DeepEqual(states, wantStates) {
		t.Errorf("translation states %v, want %v", states, wantStates)
	}
}

func TestDiffText(t *testing.T) {
	db := revisedDB(t)
	out := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc)
	for _, want := range []string{
		"korea-in-der-welt.de.txt@1 → korea-in-der-welt.de.txt@2: ",
		"Im August 2025 [-begingen-]{+feierten+} die Koreaner",
		"\n- ", "\n+ ", "\n> ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text diff lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes in piped output")
	}
}

func TestDiffBadInput(t *testing.T) {
	db := revisedDB(t)
	_, errOut, code := runKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc+"@7")
	wantError(t, errOut, code, exitError, "no version 7", "versions 1–2")
	_, errOut, code = runKorpus(t, db, "", "diff", "nope.txt@1", seedDoc)
	wantError(t, errOut, code, exitError, `no document "nope.txt"`)
	_, errOut, code = runKorpus(t, db, "", "diff", seedDoc+"@0", seedDoc)
	wantError(t, errOut, code, exitUsage, "version must be a number")
	_, errOut, code = runKorpus(t, db, "", "diff", seedDoc, "--format", "pdf")
	wantError(t, errOut, code, exitUsage)
	_, errOut, code = runKorpus(t, filepath.Join(t.TempDir(), "missing.db"), "", "diff", "a@1", "a@2")
	if code != exitError {
		t.Errorf("missing database: exit %d, %s", code, errOut)
	}
}

// TestDiffHTMLInChromium renders the HTML page in real headless Chromium
// and checks the DOM it built: the summary, and the changed words marked.
func TestDiffHTMLInChromium(t *testing.T) {
	db := revisedDB(t)
	page := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc+"@2", "--format", "html", "--target", "en")
	for _, bad := range []string{"<script", "<link", "src=", "@import", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("page is not self-contained: it has %q", bad)
		}
	}
	chromium := testutil.NeedTool(t, "chromium")
	path := filepath.Join(t.TempDir(), "diff.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+path)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	for _, want := range []string{
		`<span id="modified">3 modified</span>`,
		`<del>begingen</del>`, `<ins>feierten</ins>`, `<ins>mehrere </ins>`,
		`<tr class="moved">`, `<tr class="inserted">`, `<tr class="deleted">`,
		`<span class="state needs-review">`,
	} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("rendered DOM lacks %s", want)
		}
	}
}

func TestDiffTextColour(t *testing.T) {
	rep := diffReport{
		Old: diffVersion{Document: "a", Version: 1}, New: diffVersion{Document: "a", Version: 2},
		Summary: align.Summary{Modified: 1},
		Pairs: []diffPair{{Change: align.Modified, Old: &diffSegment{Text: "Haus und Hof"}, New: &diffSegment{Text: "Maus und Hof"},
			Score: 67, Ops: align.WordDiff("Haus und Hof", "Maus und Hof")}},
	}
	var b strings.Builder
	if err := printDiffTextColor(&b, rep, true); err != nil {
		t.Fatal(err)
	}
	want := ansiDel + "Haus" + ansiReset + ansiIns + "Maus" + ansiReset + " und Hof"
	if !strings.Contains(b.String(), want) || strings.Contains(b.String(), "[-") {
		t.Errorf("coloured diff %q lacks %q", b.String(), want)
	}
}
