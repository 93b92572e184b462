package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

// TestOmegaTXLIFFRoundTrip runs scripts/omegat-xliff-roundtrip.sh: OmegaT
// (console mode) translates korpus XLIFF of the seed (export --copy-source,
// and pretranslate --copy-source with exact and fuzzy pre-fills) from a
// TMX in tm/auto/, and korpus imports OmegaT's target XLIFF back, as
// OmegaT wrote it, as translations of the document's segments. OmegaT
// needs a JRE, so .ci/run does not install it and the test skips (also
// under CI) when omegat is missing.
func TestOmegaTXLIFFRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts OmegaT")
	}
	for _, tool := range []string{"omegat", "python3", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	cmd := exec.Command("bash", filepath.Join(testutil.RepoRoot(), "scripts", "omegat-xliff-roundtrip.sh"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("omegat-xliff-roundtrip.sh: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	summary := regexp.MustCompile(`omegat-xliff-roundtrip: (export|pretranslate): (\d+) trans-units, (\d+) segments in OmegaT; korpus pre-filled (.*?) and copied (\d+) sources; OmegaT translated (\d+) copies from its TMX; korpus imported (\d+) translations back \((\d+) skipped: untranslated copy\), export shows (\d+) translated segments`)
	prefill := regexp.MustCompile(`(\d+) (needs-review|translated)`)
	seen := map[string]bool{}
	for _, m := range summary.FindAllStringSubmatch(string(out), -1) {
		variant := m[1]
		seen[variant] = true
		atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
		units, segments, copied, omegat, imported, skipped, shown := atoi(m[2]), atoi(m[3]), atoi(m[5]), atoi(m[6]), atoi(m[7]), atoi(m[8]), atoi(m[9])
		pre := map[string]int{}
		for _, p := range prefill.FindAllStringSubmatch(m[4], -1) {
			pre[p[2]] = atoi(p[1])
		}
		exact, fuzzy := pre["translated"], pre["needs-review"]
		// every trans-unit has a target, so OmegaT makes a segment of each
		if units < 30 || segments != units || exact+fuzzy+copied != units {
			t.Errorf("%s: %d trans-units, %d OmegaT segments, %d pre-filled + %d copied", variant, units, segments, exact+fuzzy, copied)
		}
		// OmegaT's translations and the pre-fills come back; the copies
		// OmegaT left alone are skipped
		if imported != exact+fuzzy+omegat || skipped != copied-omegat || shown != imported {
			t.Errorf("%s: imported %d, skipped %d, export shows %d; want %d, %d, %d", variant, imported, skipped, shown, exact+fuzzy+omegat, copied-omegat, exact+fuzzy+omegat)
		}
		switch variant {
		case "export": // the memory translates every other segment
			if copied != units || omegat != (units+1)/2 {
				t.Errorf("export: %d copied, OmegaT translated %d; want %d, %d", copied, omegat, units, (units+1)/2)
			}
		case "pretranslate": // exact for every other, fuzzy for every fourth, OmegaT for every eighth
			if exact != (units+1)/2 || fuzzy != (units+2)/4 || omegat != (units+4)/8 {
				t.Errorf("pretranslate: %d exact, %d fuzzy, OmegaT %d; want %d, %d, %d", exact, fuzzy, omegat, (units+1)/2, (units+2)/4, (units+4)/8)
			}
		}
	}
	if !seen["export"] || !seen["pretranslate"] {
		t.Fatalf("summary lines for %v only", seen)
	}
}

// TestImportOmegaTTarget: korpus reads the XLIFF OmegaT 3.6 writes for a
// korpus export (no encoding in the XML declaration, no final newline,
// targets re-indented) and stores its translations for the document's
// segments. The file is OmegaT's real output, cut to four trans-units.
func TestImportOmegaTTarget(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "add", testutil.Testdata(seedDoc))
	rep := mustRunKorpus(t, db, "", "import", testutil.Testdata("omegat/korea.omegat-target.xlf"))
	if !strings.Contains(rep, "4 units read") || !strings.Contains(rep, "2 added") || !strings.Contains(rep, "2 skipped") ||
		!strings.Contains(rep, "untranslated copy of the source") {
		t.Errorf("report: %s", rep)
	}
	rows := exportedRows(t, db, seedDoc)
	if len(rows) < 5 {
		t.Fatalf("export has %d segments", len(rows))
	}
	for _, i := range []int{0, 2} {
		want := "EN: " + rows[i].Source
		if rows[i].Target != want || rows[i].Status != "translated" {
			t.Errorf("segment %d: %q (%s), want %q (translated)", i, rows[i].Target, rows[i].Status, want)
		}
	}
	// s1 and s3 are OmegaT's untranslated source copies with
	// state="needs-translation": no translations, so they are skipped.
	for i := 1; i < len(rows); i++ {
		if i != 2 && rows[i].Target != "" {
			t.Errorf("segment %d: translation %q (%s), want none", i, rows[i].Target, rows[i].Status)
		}
	}
}

// exportedRows returns the segments of the latest version of doc with
// their English translations, in order, as korpus export --format jsonl
// writes them.
func exportedRows(t *testing.T, db, doc string) []struct{ Source, Target, Status string } {
	t.Helper()
	out := mustRunKorpus(t, db, "", "export", doc, "--to", "en", "--format", "jsonl")
	var rows []struct{ Source, Target, Status string }
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ Source, Target, Status string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		rows = append(rows, r)
	}
	return rows
}
