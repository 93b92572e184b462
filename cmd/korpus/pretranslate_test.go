package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm/xliff"
)

// TestPretranslateCopySource: with --copy-source the segments without a
// match get their source as target under the state of an untranslated
// unit, the matched ones keep the match and its state; the file validates,
// and importing it stores the matches and skips the copies.
func TestPretranslateCopySource(t *testing.T) {
	for _, tc := range []struct {
		format, state string
		v             xliff.Version
	}{{"xliff", "needs-translation", xliff.V12}, {"xliff2", "initial", xliff.V21}} {
		t.Run(tc.format, func(t *testing.T) {
			db := matchMemory(t)
			addMatchDoc(t, db)
			path := filepath.Join(t.TempDir(), "doc.xlf")
			_, errOut, code := runKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "--format", tc.format, "-o", path, "--min", "70", "--copy-source")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(errOut, "1 in-context, 1 exact, 2 fuzzy, 4 without match (source copied)") {
				t.Errorf("report: %q", errOut)
			}
			t.Run("Schema", func(t *testing.T) { validateXLIFF(t, tc.v, path) })
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			copies, matched := 0, 0
			for _, u := range decodeXLIFF(t, data) {
				for _, s := range u.Segments {
					switch {
					case s.Target == nil:
						t.Errorf("segment %s: no target", s.ID)
					case len(s.Matches) == 0:
						if s.Target.Plain() != s.Source.Plain() || s.State != tc.state {
							t.Errorf("segment %s: %q state %q, want the source %q state %q", s.ID, s.Target.Plain(), s.State, s.Source.Plain(), tc.state)
						}
						copies++
					default:
						if s.Target.Plain() == s.Source.Plain() || s.State == tc.state {
							t.Errorf("segment %s: match %q state %q", s.ID, s.Target.Plain(), s.State)
						}
						matched++
					}
				}
			}
			if copies != 4 || matched != 4 {
				t.Errorf("%d copies, %d matched segments; want 4, 4", copies, matched)
			}
			rep, _ := importJSON(t, db, path)
			if rep.Read != 8 || rep.Added != 4 || rep.Skipped != 4 || rep.Reasons["target is an untranslated copy of the source"] != 4 {
				t.Errorf("import %+v", rep)
			}
		})
	}
}

// TestPretranslateWithoutCopySource: by default a segment without a match
// has no target.
func TestPretranslateWithoutCopySource(t *testing.T) {
	db := matchMemory(t)
	addMatchDoc(t, db)
	path := filepath.Join(t.TempDir(), "doc.xlf")
	mustRunKorpus(t, db, "", "pretranslate", "doc.txt", "--to", "en", "-o", path, "--min", "70")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	targets := 0
	for _, u := range decodeXLIFF(t, data) {
		for _, s := range u.Segments {
			if len(s.Matches) == 0 && s.Target != nil {
				t.Errorf("segment %s without a match has target %q", s.ID, s.Target.Plain())
			}
			if s.Target != nil {
				targets++
			}
		}
	}
	if targets != 4 {
		t.Errorf("%d targets, want the 4 matches", targets)
	}
}
