package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
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

// TestDiffChanges checks --changes on the revised seed (36 unchanged
// segments around 6 changes): text shows each change with one unchanged
// segment of context each side and a "…" line counting every skipped run,
// json lists only the changed pairs, html marks skipped runs with a row.
func TestDiffChanges(t *testing.T) {
	db := revisedDB(t)
	var all diffReport
	if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--format", "json")), &all); err != nil {
		t.Fatal(err)
	}
	changed := len(all.Pairs) - all.Summary.Unchanged

	t.Run("text", func(t *testing.T) {
		out := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--changes")
		if !strings.Contains(out, "\n  … 1 unchanged segment\n  2 Für Souveränität und Gerechtigkeit\n~ 3←3 (94%) ") {
			t.Errorf("--changes does not start with a skipped run, one context line and the first change:\n%s", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:]
		shown, skipped, changes := 0, 0, 0
		skip := regexp.MustCompile(`^  … (\d+) unchanged segments?$`)
		for i, l := range lines {
			switch {
			case skip.MatchString(l):
				n, _ := strconv.Atoi(skip.FindStringSubmatch(l)[1])
				skipped += n
				if i > 0 && skip.MatchString(lines[i-1]) {
					t.Errorf("two skip markers in a row at line %d", i)
				}
			case strings.HasPrefix(l, "  "):
				shown++
				// Context: an unchanged line stands next to a change.
				near := (i > 0 && !strings.HasPrefix(lines[i-1], "  ")) || (i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "  "))
				if !near {
					t.Errorf("unchanged line %q is not next to a change", l)
				}
			default:
				changes++
			}
		}
		if changes != changed || shown+skipped != all.Summary.Unchanged || shown > 2*changed || skipped == 0 {
			t.Errorf("%d changes (want %d), %d unchanged shown + %d skipped (want %d in all):\n%s",
				changes, changed, shown, skipped, all.Summary.Unchanged, out)
		}
	})

	t.Run("json", func(t *testing.T) {
		var rep diffReport
		if err := json.Unmarshal([]byte(mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--changes", "--format", "json", "--target", "en")), &rep); err != nil {
			t.Fatal(err)
		}
		if !rep.Changes || len(rep.Pairs) != changed || rep.Summary != all.Summary {
			t.Fatalf("changes %v, %d pairs (want %d), summary %+v", rep.Changes, len(rep.Pairs), changed, rep.Summary)
		}
		for _, p := range rep.Pairs {
			if p.Change == align.Unchanged || p.Translation == nil {
				t.Errorf("pair %+v", p)
			}
		}
	})

	t.Run("html", func(t *testing.T) {
		page := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--changes", "--format", "html", "--target", "en")
		rows := strings.Count(page, `<tr class="unchanged">`)
		if rows == 0 || rows > 2*changed || !strings.Contains(page, `<tr class="skipped"><td colspan="6">… 1 unchanged segment</td></tr>`) {
			t.Errorf("%d unchanged rows, skipped rows %d", rows, strings.Count(page, `class="skipped"`))
		}
		if strings.Count(page, "<tr class=") != rows+changed+strings.Count(page, `class="skipped"`) {
			t.Errorf("unexpected rows in %s", page)
		}
	})
}

// TestDiffTargetShowsUnchanged checks that --target shows the translation
// of every segment, unchanged translated ones too (not only [missing]).
func TestDiffTargetShowsUnchanged(t *testing.T) {
	db := revisedDB(t)
	out := mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--target", "en")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[1:]
	seg := regexp.MustCompile(`^(  |[~>+-] )\d`)
	unchanged := 0
	for i, l := range lines {
		if !seg.MatchString(l) {
			continue
		}
		if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], "    en [") {
			t.Errorf("segment line %q has no translation line after it", l)
			continue
		}
		if strings.HasPrefix(l, "  ") {
			unchanged++
			text := l[strings.Index(l[2:], " ")+3:]
			if want := "    en [carried-over]: EN " + text; lines[i+1] != want {
				t.Errorf("unchanged segment: %q\nwant %q", lines[i+1], want)
			}
		}
	}
	if unchanged != 36 {
		t.Errorf("%d unchanged segments with their translation, want 36:\n%s", unchanged, out)
	}
	// With --changes the context lines carry their translation as well.
	out = mustRunKorpus(t, db, "", "diff", seedDoc+"@1", seedDoc, "--target", "en", "--changes")
	if !strings.Contains(out, "\n  2 Für Souveränität und Gerechtigkeit\n    en [carried-over]: EN Für Souveränität und Gerechtigkeit\n") {
		t.Errorf("context line without its translation:\n%s", out)
	}
}
