package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// TestImportSkipInvalid imports hand-written files of every format, each
// with valid units around invalid ones (unbalanced codes, a language that
// is no tag or contradicts the file, a <tuv> without <seg>, a bad escape,
// a wrong field count, an entry without msgstr). Without --skip-invalid
// the import is refused and the database unchanged; with it the valid
// units are stored and each invalid one is listed at its line and column,
// in the text report and in --json.
func TestImportSkipInvalid(t *testing.T) {
	type bad struct {
		line, col int
		msg       string
	}
	for _, tc := range []struct {
		file    string
		sources []string // stored, sorted
		invalid []bad
		other   int // skipped for another reason
	}{
		{"mixed.tmx", []string{"Acht.", "Eins.", "Fünf neu."}, []bad{
			{6, 47, `unbalanced inline codes: <bpt i="1"> has no matching <ept i="1">`},
			{8, 7, `bad language code: <tuv xml:lang="Deutsch!">`},
			{11, 99, `invalid TMX structure: <tuv xml:lang="fr"> has no <seg>`},
			{13, 42, `invalid TMX structure: unexpected <sub> inside <seg>`},
		}, 1},
		{"mixed.xlf", []string{"Eins.", "Vier fett."}, []bad{
			{8, 22, `unbalanced inline codes: <bx id="1"> in the target is opened but never closed`},
			{10, 48, `unknown language: <target xml:lang="en"> contradicts the file's target-language "fr"`},
		}, 0},
		{"mixed.xlf2", []string{"Eins.", "Vier."}, []bad{
			{8, 22, `unbalanced inline codes: <sc id="1"> in the target is opened but never closed`},
			{11, 50, `unknown language: <target xml:lang="en"> contradicts the file's trgLang "fr"`},
		}, 0},
		{"mixed.po", []string{"Eins.", "Vier."}, []bad{
			{11, 14, `unknown escape \q`},
			{14, 1, `entry without msgstr`},
		}, 0},
		{"mixed.tsv", []string{"Eins.", "Vier."}, []bad{
			{3, 11, `unknown escape \q`},
			{4, 0, `3 fields, the header has 4`},
		}, 0},
		{"mixed.jsonl", []string{"Eins.", "Vier."}, []bad{
			{2, 66, `target: want a string, not a number`},
			{3, 56, `invalid JSON`},
		}, 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := testutil.Testdata(filepath.Join("skipinvalid", tc.file))
			db := tempDB(t)
			mustRunKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
			before := fileState(t, db)
			_, errOut, code := runKorpus(t, db, "", "import", "--source-lang", "de", path)
			first := tc.invalid[0]
			wantError(t, errOut, code, exitError, (tm.InvalidUnit{File: path, Line: first.line, Column: first.col, Message: first.msg}).String(),
				"(import --skip-invalid skips such units and imports the others)")
			if fileState(t, db) != before {
				t.Fatal("a refused import changed the database")
			}
			units := strings.Count(exportJSONL(t, db), "\n")

			out := mustRunKorpus(t, db, "", "import", "--source-lang", "de", "--skip-invalid", "--json", path)
			var rep importReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			want := len(tc.sources) + len(tc.invalid) + tc.other
			if rep.Read != want || rep.Added != len(tc.sources) || rep.Skipped != len(tc.invalid)+tc.other ||
				rep.Reasons[tm.SkipInvalid] != len(tc.invalid) {
				t.Errorf("read %d added %d skipped %d %v, want %d %d %d", rep.Read, rep.Added, rep.Skipped, rep.Reasons,
					want, len(tc.sources), len(tc.invalid)+tc.other)
			}
			if len(rep.Invalid) != len(tc.invalid) {
				t.Fatalf("invalid: %+v, want %d", rep.Invalid, len(tc.invalid))
			}
			for i, b := range tc.invalid {
				got := rep.Invalid[i]
				if got.File != path || got.Line != b.line || got.Column != b.col || !strings.Contains(got.Message, b.msg) {
					t.Errorf("invalid[%d] = %+v, want line %d column %d %q", i, got, b.line, b.col, b.msg)
				}
			}
			var stored []string
			for _, l := range strings.Split(strings.TrimSpace(exportJSONL(t, db)), "\n")[units:] {
				var u struct{ Source string }
				if err := json.Unmarshal([]byte(l), &u); err != nil {
					t.Fatal(err)
				}
				stored = append(stored, u.Source)
			}
			slices.Sort(stored)
			if !slices.Equal(stored, tc.sources) {
				t.Errorf("stored %q, want %q", stored, tc.sources)
			}

			// The text report lists each one with its position.
			text := mustRunKorpus(t, tempDB(t), "", "import", "--source-lang", "de", "--skip-invalid", "--dry-run", path)
			for _, b := range tc.invalid {
				pos := (tm.InvalidUnit{File: path, Line: b.line, Column: b.col, Message: b.msg}).String()
				if !strings.Contains(text, "  invalid: "+pos) {
					t.Errorf("text report lacks %q:\n%s", pos, text)
				}
			}
		})
	}
}

// TestImportSkipInvalidMalformed: malformed XML is not one unit's fault,
// nothing after it can be trusted, so --skip-invalid still refuses it.
func TestImportSkipInvalidMalformed(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", tmxTestdata("full.tmx"))
	before := fileState(t, db)
	for _, tc := range []struct{ name, content, want string }{
		{"m.tmx", "<tmx version=\"1.4\"><header srclang=\"de\"/><body>\n<tu><tuv xml:lang=\"de\"><seg>A</seg></tuv><tuv xml:lang=\"fr\"><seg>B</seg></tuv></tu>\n<tu><tuv xml:lang=\"de\"><seg>C</tuv></tu></body></tmx>",
			"m.tmx: line 3, column 30: malformed XML: element <seg> closed by </tuv>"},
		{"m.xlf", "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file source-language=\"de\" target-language=\"fr\"><body>\n<trans-unit id=\"1\"><source>A</source><target>B</target></trans-unit>\n<trans-unit id=\"2\"><source>C</target></trans-unit></body></file></xliff>",
			"m.xlf: line 3, column"},
	} {
		_, errOut, code := runKorpus(t, db, "", "import", "--skip-invalid", writeFile(t, tc.name, []byte(tc.content)))
		wantError(t, errOut, code, exitError, tc.want, "malformed XML")
		if strings.Contains(errOut, "--skip-invalid") {
			t.Errorf("%s: malformed XML is no unit's error, yet the message suggests --skip-invalid: %s", tc.name, errOut)
		}
		if fileState(t, db) != before {
			t.Errorf("%s: a refused import changed the database", tc.name)
		}
	}
}
