package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/tmx"
)

// translatePython returns a python3 that can import translate-toolkit
// (Debian's translate-toolkit installs it for /usr/bin/python3, which may
// not be the python3 first on PATH).
func translatePython(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import translate.storage.tmx").Run() == nil {
			return py
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("translate-toolkit not installed; .ci/run should install it")
	}
	t.Skip("translate-toolkit (python3 translate.storage) not installed")
	return ""
}

// nativeText renders content the way translate-toolkit reads TMX: text
// with each code replaced by its native data.
func nativeText(c tm.Content) (string, bool) {
	var b strings.Builder
	for _, r := range c {
		if r.Code == nil {
			b.WriteString(r.Text)
			continue
		}
		if r.Code.Attrs["#markup"] != "" {
			return "", false
		}
		b.WriteString(r.Code.Data)
	}
	return b.String(), true
}

// TestTranslateToolkitReadsKorpusTMX: translate-toolkit's TMX reader finds
// the units korpus exported, with the same source and target text.
func TestTranslateToolkitReadsKorpusTMX(t *testing.T) {
	py := translatePython(t)
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
	out := filepath.Join(t.TempDir(), "korpus.tmx")
	mustRunKorpus(t, db, "", "export-tm", "--from", "de", "--to", "en", "-o", out)

	script := `import json, sys
from translate.storage import tmx
f = tmx.tmxfile.parsefile(sys.argv[1])
print(json.dumps([[u.source, u.target] for u in f.units]))`
	raw, err := exec.Command(py, "-c", script, out).Output()
	if err != nil {
		t.Fatalf("translate-toolkit: %v", err)
	}
	var got [][2]string
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := tmx.NewDecoder(f, "korpus.tmx")
	var want []*tm.Unit
	for {
		u, err := d.Next()
		if err != nil {
			break
		}
		want = append(want, u)
	}
	if len(want) != 4 || len(got) != len(want) {
		t.Fatalf("translate-toolkit read %d units, korpus wrote %d (want 4)", len(got), len(want))
	}
	compared := 0
	for i, u := range want {
		src, ok1 := nativeText(u.Source)
		tgt, ok2 := nativeText(u.Target)
		if !ok1 || !ok2 {
			continue // a <sub> inside a code: translate-toolkit flattens it differently
		}
		compared++
		if got[i][0] != src || got[i][1] != tgt {
			t.Errorf("unit %d: translate-toolkit read %q → %q, korpus wrote %q → %q", i, got[i][0], got[i][1], src, tgt)
		}
	}
	if compared != 3 {
		t.Errorf("compared %d units, want 3", compared)
	}
}

// TestImportPo2tmx: a TMX written by translate-toolkit's po2tmx imports.
func TestImportPo2tmx(t *testing.T) {
	po2tmx := testutil.NeedTool(t, "po2tmx")
	dir := t.TempDir()
	out := filepath.Join(dir, "po.tmx")
	cmd := exec.Command(po2tmx, "-l", "en", "--source-language=de", tmxTestdata("interop/korea.de-en.po"), out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("po2tmx: %v\n%s", err, msg)
	}
	db := tempDB(t)
	// po2tmx 3.8 writes srclang="en" into the header although the source
	// is German: --source-lang corrects it.
	rep := mustRunKorpus(t, db, "", "import", "--source-lang", "de", out)
	if !strings.Contains(rep, "3 units read, 3 added") {
		t.Errorf("report: %s", rep)
	}
	got := mustRunKorpus(t, db, "", "export-tm", "--from", "de", "--to", "en", "--format", "tsv")
	for _, pair := range []string{
		"de\ten\tKorea liegt in Ostasien.\tKorea lies in East Asia.\t",
		"de\ten\tSeoul ist die Hauptstadt.\tSeoul is the capital.\t",
		"de\ten\tDie Halbinsel ist etwa 1100 Kilometer lang & schmal.\tThe peninsula is about 1100 kilometres long & narrow.\t",
	} {
		if !strings.Contains(got, pair) {
			t.Errorf("memory lacks %q:\n%s", pair, got)
		}
	}
	// Without the option the header's srclang is believed.
	db2 := tempDB(t)
	mustRunKorpus(t, db2, "", "import", out)
	if n := strings.Count(mustRunKorpus(t, db2, "", "export-tm", "--from", "en", "--to", "de", "--format", "jsonl"), "\n"); n != 3 {
		t.Errorf("%d en→de units, want 3", n)
	}
}

// TestOmegaTInterop runs scripts/omegat-interop.sh: OmegaT (console mode)
// translates the seed's segments from a korpus TMX in the project's
// tm/auto/ folder. OmegaT needs a JRE, so .ci/run does not install it and
// the test skips (also under CI) when omegat is missing.
func TestOmegaTInterop(t *testing.T) {
	if testing.Short() {
		t.Skip("starts OmegaT twice")
	}
	for _, tool := range []string{"omegat", "python3", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	cmd := exec.Command("bash", filepath.Join(testutil.RepoRoot(), "scripts", "omegat-interop.sh"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("omegat-interop.sh: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "OmegaT translated") {
		t.Errorf("unexpected output:\n%s", out)
	}
	t.Logf("%s", out)
}
