package main

import (
	"os"
	"testing"
)

// TestSharedFlagChecks runs the argument checks the commands share
// (docRefArg, requireTo, checkMin, checkCount) through each command that
// uses them: all are usage errors found before the database is opened.
func TestSharedFlagChecks(t *testing.T) {
	db := tempDB(t)
	out := tempDB(t) + ".xlf"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"AnalyzeRef", []string{"analyze", "a.txt@", "--to", "en"}, "a.txt@"},
		{"AnalyzeTo", []string{"analyze", "a.txt"}, "--to is required"},
		{"ExportRef", []string{"export", "@2", "--to", "en"}, "@2"},
		{"ShowRef", []string{"show", "a.txt@0"}, "version must be a number"},
		{"DiffOldRef", []string{"diff", "a.txt@0", "a.txt"}, "version must be a number"},
		{"DiffNewRef", []string{"diff", "a.txt", "a.txt@0"}, "version must be a number"},
		{"PretranslateTo", []string{"pretranslate", "a.txt", "-o", out}, "--to is required"},
		{"PretranslateMin", []string{"pretranslate", "a.txt", "--to", "en", "--min", "-1", "-o", out}, "--min -1: must be between 0 and 100"},
		{"PretranslateCandidates", []string{"pretranslate", "a.txt", "--to", "en", "--candidates", "0", "-o", out}, "--candidates 0: must be at least 1"},
		{"LookupTo", []string{"lookup", "Haus"}, "--to is required"},
		{"LookupMin", []string{"lookup", "Haus", "--to", "en", "--min", "101"}, "--min 101: must be between 0 and 100"},
		{"LookupLimit", []string{"lookup", "Haus", "--to", "en", "--limit", "0"}, "--limit 0: must be at least 1"},
		{"ConcordanceLimit", []string{"concordance", "Haus", "--limit", "-3"}, "--limit -3: must be at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, errOut, code := runKorpus(t, db, "", tc.args...)
			wantError(t, errOut, code, exitUsage, tc.want)
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
		})
	}
	for _, p := range []string{db, out} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a usage error created %s", p)
		}
	}
}

// TestEncodingFlag checks that an unknown --encoding is a usage error (exit
// 2, as the README's table says for an invalid flag value) found before any
// file is read or database opened, in every command that has the flag; a
// known name is accepted case-insensitively.
func TestEncodingFlag(t *testing.T) {
	db := tempDB(t)
	txt := writeFile(t, "a.txt", []byte("Gr\xfc\xdfe aus K\xf6ln.\n"))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"Segment", []string{"segment", "--encoding", "latin-7x", txt}},
		{"Add", []string{"add", "--encoding", "latin-7x", txt}},
		{"Align", []string{"align", "--encoding", "latin-7x", txt, txt, "--from", "de", "--to", "fr"}},
		{"SegmentMissingFile", []string{"segment", "--encoding", "latin-7x", "nonexistent.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, errOut, code := runKorpus(t, db, "", tc.args...)
			wantError(t, errOut, code, exitUsage, `"latin-7x"`, "--encoding", "windows-1252")
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a usage error created %s", db)
	}
	if out := mustRunKorpus(t, "", "", "segment", "--encoding", "Windows-1252", txt); out != "Grüße aus Köln.\n" {
		t.Errorf("segment --encoding Windows-1252: %q", out)
	}
}
