package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

// needMsgfmt returns GNU gettext's msgfmt, the reference checker of PO
// files; it skips the test without it, except in CI (scripts/test-deps
// installs gettext).
func needMsgfmt(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("msgfmt")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("msgfmt not installed; scripts/test-deps should install gettext")
		}
		t.Skip("msgfmt (gettext) not installed")
	}
	return p
}

// TestPOExportPluralsAndPlaceholders imports a Polish PO file with two
// plural entries (three forms, one with msgctxt and references, one
// fuzzy) and placeholders (%d, %1$s, {0}, {count}, <b>…</b>, ${key}),
// exports the memory as PO and checks that the plural entries come back
// as msgid_plural/msgstr[0..2] with the language's Plural-Forms, the
// placeholders byte for byte, that msgfmt --check accepts the file, and
// that importing it again gives the same units. A TMX unit with <bpt>/<ept>
// bold is written with its native markup.
func TestPOExportPluralsAndPlaceholders(t *testing.T) {
	fixture := testutil.Testdata("po/platzhalter.pl.po")
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", "--source-lang", "en", fixture)
	out := filepath.Join(t.TempDir(), "out.po")
	mustRunKorpus(t, db, "", "export-tm", "--format", "po", "-o", out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	po := string(data)
	for _, want := range []string{
		`"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"`,
		`#: src/liste.c:88
#, c-format
msgctxt "status"
msgid "%d file selected"
msgid_plural "%d files selected"
msgstr[0] "Wybrano %d plik"
msgstr[1] "Wybrano %d pliki"
msgstr[2] "Wybrano %d plików"
`,
		`#, fuzzy
msgid "One folder"
msgid_plural "%d folders"
msgstr[0] "Jeden folder"
msgstr[1] "%d foldery"
msgstr[2] "%d folderów"
`,
		`msgstr "Skopiować %1$s do %2$s?"`,
		`msgid "Hello {0}, you have {count} messages"` + "\n" + `msgstr "Witaj {0}, masz {count} wiadomości"`,
		`msgid "Click <b>Save</b> or press ${key}."` + "\n" + `msgstr "Kliknij <b>Zapisz</b> lub naciśnij ${key}."`,
	} {
		if !strings.Contains(po, want) {
			t.Errorf("PO export lacks\n%s\n---- in\n%s", want, po)
		}
	}
	if res, err := exec.Command(needMsgfmt(t), "--check", "-o", os.DevNull, out).CombinedOutput(); err != nil {
		t.Errorf("msgfmt --check refuses the export: %v\n%s\n%s", err, res, po)
	}

	// Read back: the same units (forms, statuses, placeholders).
	other := tempDB(t)
	mustRunKorpus(t, other, "", "import", "--source-lang", "en", out)
	if a, b := unitSummary(t, db), unitSummary(t, other); a != b {
		t.Errorf("units after PO → PO → import:\n%s\nwant\n%s", b, a)
	}

	// Codes of a TMX unit: their native data.
	tmx := writeFile(t, "b.tmx", []byte(`<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" creationtool="x" creationtoolversion="1" datatype="html"/><body>
<tu><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph>now.</seg></tuv><tuv xml:lang="pl"><seg>Naciśnij <bpt i="1">&lt;b&gt;</bpt>Zapisz<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph>teraz.</seg></tuv></tu></body></tmx>`))
	mustRunKorpus(t, db, "", "import", tmx)
	po = mustRunKorpus(t, db, "", "export-tm", "--format", "po", "-o", "-")
	if want := "msgid \"Press <b>Save</b><br/>now.\"\nmsgstr \"Naciśnij <b>Zapisz</b><br/>teraz.\"\n"; !strings.Contains(po, want) {
		t.Errorf("PO export of a coded unit lacks\n%s\n---- in\n%s", want, po)
	}
}

// unitSummary lists the stored units as "source → target [status]
// props", in export order.
func unitSummary(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n") {
		var u struct {
			Source, Target, Status string
			Props                  []struct{ Type, Value string }
		}
		if err := json.Unmarshal([]byte(l), &u); err != nil {
			t.Fatal(err)
		}
		b.WriteString(u.Source + " → " + u.Target + " [" + u.Status + "]")
		for _, p := range u.Props {
			b.WriteString(" " + p.Type + "=" + p.Value)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ttPOPluralScript prints what translate-toolkit reads from a PO file:
// [[sources, targets, fuzzy, plural], …] without the header.
const ttPOPluralScript = `
import json, sys
from translate.storage import po
st = po.pofile.parsefile(sys.argv[1])
strs = lambda x: [str(s) for s in x.strings] if hasattr(x, "strings") else [str(x)]
print(json.dumps([[strs(u.source), strs(u.target), u.isfuzzy(), u.hasplural()] for u in st.units if not u.isheader() and not u.isobsolete()]))
`

// TestInteropTranslateToolkitPOPlurals: translate-toolkit reads korpus's
// PO export of plural entries as plural units with all their forms.
func TestInteropTranslateToolkitPOPlurals(t *testing.T) {
	py := pythonTranslate(t)
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", "--source-lang", "en", testutil.Testdata("po/platzhalter.pl.po"))
	out := filepath.Join(t.TempDir(), "out.po")
	mustRunKorpus(t, db, "", "export-tm", "--format", "po", "-o", out)
	res, err := exec.Command(py, "-c", ttPOPluralScript, out).CombinedOutput()
	if err != nil {
		t.Fatalf("translate-toolkit: %v\n%s", err, res)
	}
	var rows [][4]any
	if err := json.Unmarshal(res, &rows); err != nil {
		t.Fatalf("%v: %s", err, res)
	}
	if len(rows) != 5 {
		t.Fatalf("%d units, want 5: %s", len(rows), res)
	}
	got, _ := json.Marshal(rows[0])
	if want := `[["%d file selected","%d files selected"],["Wybrano %d plik","Wybrano %d pliki","Wybrano %d plików"],false,true]`; string(got) != want {
		t.Errorf("plural unit: %s, want %s", got, want)
	}
	got, _ = json.Marshal(rows[4])
	if want := `[["One folder","%d folders"],["Jeden folder","%d foldery","%d folderów"],true,true]`; string(got) != want {
		t.Errorf("fuzzy plural unit: %s, want %s", got, want)
	}
}

// TestPOExportAlternatives: a memory with two translations of one source
// (and one in another msgctxt) exports one entry per msgid and msgctxt,
// the first stored, says how many it left out, and msgfmt accepts it.
func TestPOExportAlternatives(t *testing.T) {
	db := tempDB(t)
	tsv := "source_lang\ttarget_lang\tsource\ttarget\tprops\n" +
		"en\tfr\tOpen\tOuvrir\t\n" +
		"en\tfr\tOpen\tOuvre\t\n" +
		"en\tfr\tOpen\tOuvert\t[{\"type\":\"x-po-msgctxt\",\"value\":\"state\"}]\n"
	mustRunKorpus(t, db, "", "import", writeFile(t, "m.tsv", []byte(tsv)))
	out := filepath.Join(t.TempDir(), "m.po")
	_, errOut, code := runKorpus(t, db, "", "export-tm", "--format", "po", "-o", out)
	if code != 0 || !strings.Contains(errOut, "Left out 1 alternative translation: a PO file holds one translation per msgid and msgctxt") {
		t.Fatalf("export-tm: %d %s", code, errOut)
	}
	data, _ := os.ReadFile(out)
	po := string(data)
	if !strings.Contains(po, "msgid \"Open\"\nmsgstr \"Ouvrir\"\n") || strings.Contains(po, "Ouvre\"") ||
		!strings.Contains(po, "msgctxt \"state\"\nmsgid \"Open\"\nmsgstr \"Ouvert\"\n") {
		t.Errorf("export:\n%s", po)
	}
	if res, err := exec.Command(needMsgfmt(t), "--check", "-o", os.DevNull, out).CombinedOutput(); err != nil {
		t.Errorf("msgfmt --check refuses the export: %v\n%s\n%s", err, res, po)
	}
}
