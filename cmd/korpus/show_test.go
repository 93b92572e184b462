package main

import "testing"

func TestShowErrors(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "Eins. Zwei.\n", "add", "--doc", "a.txt", "-")
	mustRunKorpus(t, db, "Eins. Drei.\n", "add", "--doc", "a.txt", "-")
	before := fileState(t, db)
	for _, tc := range []struct {
		name string
		ref  string
		want []string
	}{
		{"UnknownVersion", "a.txt@3", []string{`"a.txt"`, "no version 3", "versions 1–2"}},
		{"UnknownDocument", "b.txt", []string{`"b.txt"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runKorpus(t, db, "", "show", tc.ref)
			wantError(t, errOut, code, exitError, tc.want...)
			if out != "" {
				t.Fatalf("printed %q", out)
			}
		})
	}
	if fileState(t, db) != before {
		t.Fatal("the database file changed")
	}
	if got := mustRunKorpus(t, db, "", "show", "a.txt@1"); got != "Eins.\nZwei.\n" {
		t.Fatalf("a.txt@1 = %q", got)
	}
}
