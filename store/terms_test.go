package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/korpus/korpus/tm/term"
)

func TestTermsIn(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.AddConcept(ctx, "", &term.Concept{Terms: []term.Term{{Lang: "de", Text: "Vertrag"}, {Lang: "en", Text: "treaty"}}}); err != nil {
		t.Fatal(err)
	}
	hs, err := db.TermsIn(ctx, "Die Verträge und der Friedensvertrag.", "de", "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Kind != term.Inflected || hs[1].Kind != term.Compound || hs[0].Targets[0].Text != "treaty" {
		t.Errorf("hits: %+v", hs)
	}
	if hs, _ := db.TermsIn(ctx, "Die Verträge.", "de", "fr"); len(hs) != 0 {
		t.Errorf("no French terms, got %+v", hs)
	}
}
