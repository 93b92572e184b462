package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
)

func bilingualTestdata(name string) string {
	return testutil.Testdata(filepath.Join("bilingual", name))
}

// unitStatuses returns source → status of the stored units.
func unitStatuses(t *testing.T, db string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n") {
		var u struct{ Source, Target, Status string }
		if err := json.Unmarshal([]byte(l), &u); err != nil {
			t.Fatal(err)
		}
		out[u.Source] = u.Target + " [" + u.Status + "]"
	}
	return out
}

// checkOnlyFilled checks that out is in with exactly the replacements
// (each old → new, in order) and nothing else changed: undoing them must
// give back the input byte for byte.
func checkOnlyFilled(t *testing.T, in, out []byte, repl [][2]string) {
	t.Helper()
	back := string(out)
	for _, r := range repl {
		if strings.Count(back, r[1]) != 1 {
			t.Errorf("output holds %q %d times, want once", r[1], strings.Count(back, r[1]))
			continue
		}
		back = strings.Replace(back, r[1], r[0], 1)
	}
	if back != string(in) {
		t.Errorf("the output changed more than the filled segments:\n%s", out)
	}
}

// TestPretranslateBilingualSDLXLIFF fills a Trados Studio SDLXLIFF (a
// hand-written one in the shape Studio writes: BOM, one line, header with
// file-info/tag-defs, <mrk mtype="seg"> inside <g>, empty and locked
// target segments, sdl:seg-defs) from a memory: the targets go into the
// empty target <mrk>s, their <sdl:seg> gets conf/origin/percent, and every
// other byte stays as it was; the locked segment, the translated one and
// the one with inline codes are left alone. korpus reads the result back
// with the statuses written.
func TestPretranslateBilingualSDLXLIFF(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", bilingualTestdata("memory.tmx"))
	in := bilingualTestdata("museum.docx.sdlxliff")
	out := filepath.Join(t.TempDir(), "museum.pre.sdlxliff")
	_, errOut, code := runKorpus(t, db, "", "pretranslate", "--bilingual", in, "-o", out, "--min", "70")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "3 of 7 segments filled (0 in-context, 2 exact, 1 fuzzy); 1 already translated, 2 with inline codes and 1 locked left alone, 0 without match"; !strings.Contains(errOut, want) {
		t.Errorf("summary %q lacks %q", errOut, want)
	}
	src, _ := os.ReadFile(in)
	got, _ := os.ReadFile(out)
	checkOnlyFilled(t, src, got, [][2]string{
		{`<g id="pt1"><mrk mtype="seg" mid="1"/></g></target>`, `<g id="pt1"><mrk mtype="seg" mid="1">Heures d'ouverture</mrk></g></target>`},
		{`<sdl:seg id="1"/>`, `<sdl:seg id="1" conf="Translated" origin="tm" origin-system="korpus" percent="100"/>`},
		{`<mrk mtype="seg" mid="3"/>`, `<mrk mtype="seg" mid="3">Le musée est fermé le lundi.</mrk>`},
		{`<sdl:seg id="3"/>`, `<sdl:seg id="3" conf="Translated" origin="tm" origin-system="korpus" percent="100"/>`},
		{`<mrk mtype="seg" mid="6"/>`, `<mrk mtype="seg" mid="6">La boutique du musée ferme à 18 heures.</mrk>`},
		{`<sdl:seg id="6"/>`, `<sdl:seg id="6" conf="Draft" origin="tm" origin-system="korpus" percent="95"/>`},
	})
	// Read back as Trados would hand it on: the statuses from conf.
	other := tempDB(t)
	mustRunKorpus(t, other, "", "import", out)
	want := map[string]string{
		"Öffnungszeiten":                      "Heures d'ouverture [translated]",
		"Führungen beginnen um 11 Uhr.":       "Les visites commencent à 11 heures. [reviewed]",
		"Das Museum ist montags geschlossen.": "Le musée est fermé le lundi. [translated]",
		"Der Museumsshop schließt um 17 Uhr.": "La boutique du musée ferme à 18 heures. [draft]",
	}
	if got := unitStatuses(t, other); len(got) != len(want) {
		t.Errorf("read back %v, want %v", got, want)
	} else {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s, want %s", k, got[k], v)
			}
		}
	}
}

// TestPretranslateBilingualMQXLIFF: memoQ's trans-units get a target with
// state and state-qualifier and mq:status PreTranslated with mq:percent;
// an empty <target></target> and a <target/> are both filled in place.
func TestPretranslateBilingualMQXLIFF(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", bilingualTestdata("memory.tmx"))
	in := bilingualTestdata("museum.mqxliff")
	out := filepath.Join(t.TempDir(), "museum.pre.mqxliff")
	mustRunKorpus(t, db, "", "pretranslate", "--bilingual", in, "-o", out, "--min", "70", "--to", "fr-FR")
	src, _ := os.ReadFile(in)
	got, _ := os.ReadFile(out)
	checkOnlyFilled(t, src, got, [][2]string{
		{`<trans-unit id="2" mq:status="NotStarted" mq:percent="0"`, `<trans-unit id="2" mq:status="PreTranslated" mq:percent="100"`},
		{`<target xml:space="preserve"></target>`, `<target xml:space="preserve" state="translated" state-qualifier="exact-match">Le musée est fermé le lundi.</target>`},
		{`<trans-unit id="3" mq:status="NotStarted" mq:percent="0"`, `<trans-unit id="3" mq:status="PreTranslated" mq:percent="95"`},
		{`<target xml:space="preserve"/>`, `<target xml:space="preserve" state="needs-review-translation" state-qualifier="leveraged-tm">La boutique du musée ferme à 18 heures.</target>`},
	})
	other := tempDB(t)
	mustRunKorpus(t, other, "", "import", out)
	st := unitStatuses(t, other)
	// memoQ's PreTranslated is a draft until a translator confirms it.
	if st["Das Museum ist montags geschlossen."] != "Le musée est fermé le lundi. [draft]" || st["Führungen beginnen um 11 Uhr."] != "Les visites commencent à 11 heures. [translated]" {
		t.Errorf("read back: %v", st)
	}
}

// TestPretranslateBilingualPlain: a po2xliff-style XLIFF 1.1 without
// targets gets <target> elements after its <source>s; errors are usage
// errors or name the file.
func TestPretranslateBilingualPlain(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", bilingualTestdata("memory.tmx"))
	in := writeFile(t, "m.xlf", []byte(`<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">
<file original="m.po" source-language="de-DE" target-language="fr-FR" datatype="po">
<body>
<trans-unit id="1"><source>Treffpunkt ist die Kasse.</source></trans-unit>
<trans-unit id="2"><source>Nichts im Speicher.</source></trans-unit>
</body>
</file>
</xliff>
`))
	out := filepath.Join(t.TempDir(), "m.pre.xlf")
	mustRunKorpus(t, db, "", "pretranslate", "--bilingual", in, "-o", out)
	src, _ := os.ReadFile(in)
	got, _ := os.ReadFile(out)
	checkOnlyFilled(t, src, got, [][2]string{
		{`<source>Treffpunkt ist die Kasse.</source></trans-unit>`, `<source>Treffpunkt ist die Kasse.</source><target state="translated" state-qualifier="exact-match">Rendez-vous à la caisse.</target></trans-unit>`},
	})

	_, errOut, code := runKorpus(t, db, "", "pretranslate", "--bilingual", in, "-o", out, "doc.txt")
	wantError(t, errOut, code, exitUsage, "takes no document")
	_, errOut, code = runKorpus(t, db, "", "pretranslate", "--bilingual", in, "-o", out, "--to", "en")
	wantError(t, errOut, code, exitUsage, "translates into fr-FR")
	x2 := writeFile(t, "x2.xlf", []byte(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="de-DE" trgLang="fr-FR"><file id="f"><unit id="u"><segment><source>Treffpunkt ist die Kasse.</source></segment></unit></file></xliff>`))
	_, errOut, code = runKorpus(t, db, "", "pretranslate", "--bilingual", x2, "-o", out)
	wantError(t, errOut, code, exitError, "x2.xlf", "XLIFF 1.2")
}
