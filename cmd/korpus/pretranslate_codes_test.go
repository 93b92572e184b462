package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// A memory whose matches carry inline codes (bold as <bpt>/<ept>): the
// pretranslated file of a plain document imports back without error, in
// XLIFF 1.2 and 2.x, with no orphan codes in its targets.
func TestPretranslateCodedMatchesImport(t *testing.T) {
	path := tempDB(t)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	bold := func(kind tm.CodeKind, elem, data string) tm.Run {
		return tm.Run{Code: &tm.Code{Kind: kind, ID: "1", Elem: elem, Data: data}}
	}
	units := unitList{{SourceLang: "de", TargetLang: "en", Origin: tm.OriginTMX, Status: tm.StatusTranslated,
		Source: tm.Content{{Text: "Die Sitzung beginnt um "}, bold(tm.CodeOpen, "bpt", "<b>"), {Text: "9 Uhr"}, bold(tm.CodeClose, "ept", "</b>"), {Text: " im großen Saal des Rathauses."}},
		Target: tm.Content{{Text: "The meeting starts at "}, bold(tm.CodeOpen, "bpt", "<b>"), {Text: "9"}, bold(tm.CodeClose, "ept", "</b>"), {Text: " in the great hall of the town hall."}}}}
	if _, err := db.ImportUnits(context.Background(), &units, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	addMatchDoc(t, path)
	for _, format := range []string{"xliff", "xliff2"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "p.xlf")
			mustRunKorpus(t, path, "", "pretranslate", "doc.txt", "--to", "en", "--min", "50", "--format", format, "-o", out)
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			data := string(b)
			// The segment's target is the plain text; the candidate keeps
			// the codes.
			if !strings.Contains(data, ">The meeting starts at 9 in the great hall of the town hall.</target>") {
				t.Errorf("no plain target for the coded match:\n%s", data)
			}
			if !strings.Contains(data, "&lt;b&gt;") {
				t.Errorf("the candidate lost its codes:\n%s", data)
			}
			mustRunKorpus(t, path, "", "import", out)
		})
	}
}
