package main

import (
	"fmt"
	"strings"
	"testing"
)

// translatedInTwoMemories adds the seed, stores a translation of every
// segment in memory client ("CL …", by import --memory of the translated
// XLIFF) and another in default ("DF …").
func translatedInTwoMemories(t *testing.T) string {
	t.Helper()
	db := seedDB(t)
	mustRunKorpus(t, db, "", "memory", "create", "client")
	exported := exportXLIFF(t, db, seedDoc, "xliff")
	for _, m := range []struct{ memory, prefix string }{{"client", "CL"}, {"default", "DF"}} {
		translated, _ := translateFile(t, exported, func(i int, src string) (string, string) {
			return fmt.Sprintf("%s %d %s", m.prefix, i, src), "translated"
		})
		mustRunKorpus(t, db, "", "import", "--memory", m.memory, translated)
	}
	return db
}

// import --memory stores a document's translations in that memory, and
// add --memory carries over only that memory's translations, into it;
// without --memory every copy stays in its translation's memory.
func TestAddMemoryCarryOver(t *testing.T) {
	db := translatedInTwoMemories(t)
	client := listUnits(t, db, "--memory", "client")
	def := listUnits(t, db, "--memory", "default")
	if len(client) != 41 || len(def) != 41 || !strings.HasPrefix(client[0].Target, "CL ") || !strings.HasPrefix(def[0].Target, "DF ") {
		t.Fatalf("import --memory of a document's XLIFF: client %d units, default %d", len(client), len(def))
	}
	mustRunKorpus(t, db, "", "add", "--memory", "client", seedRevision(), "--doc", seedDoc)
	carried := listUnits(t, db, "--origin", "carry-over")
	if len(carried) < 30 {
		t.Fatalf("only %d translations carried over", len(carried))
	}
	for _, u := range carried {
		if u.Memory != "client" || !strings.HasPrefix(u.Target, "CL ") {
			t.Errorf("add --memory client carried %+v", u)
		}
	}

	// Without --memory: both translations of each segment, each in its memory.
	db2 := translatedInTwoMemories(t)
	mustRunKorpus(t, db2, "", "add", seedRevision(), "--doc", seedDoc)
	inClient := listUnits(t, db2, "--origin", "carry-over", "--memory", "client")
	inDefault := listUnits(t, db2, "--origin", "carry-over", "--memory", "default")
	if len(inClient) != len(carried) || len(inDefault) != len(carried) {
		t.Errorf("add without --memory: %d carried in client, %d in default, want %d each", len(inClient), len(inDefault), len(carried))
	}
	for _, u := range inDefault {
		if !strings.HasPrefix(u.Target, "DF ") {
			t.Errorf("a default translation carried into default: %+v", u)
		}
	}

	// An unknown memory stores nothing, not even the new version.
	db3 := seedDB(t)
	before := fileState(t, db3)
	_, errOut, code := runKorpus(t, db3, "", "add", "--memory", "nope", seedRevision(), "--doc", seedDoc)
	wantError(t, errOut, code, exitError, `unknown memory "nope"`)
	if fileState(t, db3) != before {
		t.Errorf("add --memory nope changed the database")
	}
	_, errOut, code = runKorpus(t, db3, "", "import", "--memory", "nope", exportXLIFF(t, db3, seedDoc, "xliff"))
	wantError(t, errOut, code, exitError, `unknown memory "nope"`)
}
