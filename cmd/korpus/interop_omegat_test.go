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
// (console mode) translates a korpus XLIFF of the seed from a korpus TMX in
// tm/auto/, and korpus imports OmegaT's target XLIFF back as translations
// of the document's segments. OmegaT needs a JRE, so .ci/run does not
// install it and the test skips (also under CI) when omegat is missing.
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
	m := regexp.MustCompile(`OmegaT translated (\d+) of (\d+) trans-units from the korpus TMX; korpus imported (\d+) translations back \((\d+) skipped: no target\), export shows (\d+) translated segments`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("no summary line in the output")
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	translated, units, imported, skipped, shown := n[1], n[2], n[3], n[4], n[5]
	// The script's memory translates every other segment of the seed.
	if units < 30 || translated != (units+1)/2 {
		t.Errorf("OmegaT translated %d of %d trans-units, want %d", translated, units, (units+1)/2)
	}
	if imported != translated || skipped != units-translated || shown != translated {
		t.Errorf("imported %d, skipped %d, export shows %d; want %d, %d, %d", imported, skipped, shown, translated, units-translated, translated)
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
