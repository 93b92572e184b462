package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

func addDocVersion(t *testing.T, db *store.DB, name string, sents ...string) {
	t.Helper()
	var segs []tm.Segment
	for i, s := range sents {
		segs = append(segs, tm.Segment{Para: 0, Index: i, Text: s, Hash: tm.Hash(s)})
	}
	text := strings.Join(sents, " ") + "\n"
	if _, err := db.AddVersion(context.Background(), store.AddVersionInput{Name: name, Lang: "de", Text: text, Segments: segs,
		Words: tm.CountWords(text), Chars: tm.CountChars(text)}); err != nil {
		t.Fatal(err)
	}
}

func TestMatchDocument(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a, b, c := "Erster Satz des Textes.", "Zweiter Satz des Textes.", "Dritter Satz des Textes."
	addDocVersion(t, db, "doc", a, b, c)
	_, _, segs, err := db.Version(ctx, "doc", 1)
	if err != nil {
		t.Fatal(err)
	}
	// A translation of segment 1 of version 1, stored without context.
	if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed, segment_id)
		VALUES ('de', 'en', ?, ?, 'Second sentence of the text.', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', ?)`, b, tm.Hash(b), segs[1].ID); err != nil {
		t.Fatal(err)
	}
	// The same source stored with the neighbours of version 1.
	addUnit(t, db, c, "Third sentence of the text.", b, "", "2026-01-01T00:00:00.000Z")
	addUnit(t, db, "Erster Satz des Buches.", "First sentence of the book.", "", "", "2026-01-01T00:00:00.000Z")

	scores := func(number int) []int {
		t.Helper()
		dm, err := db.MatchDocument(ctx, "doc", number, "en", store.DocMatchOptions{Min: 50})
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, s := range dm.Segments {
			if len(s.Matches) == 0 {
				out = append(out, 0)
				continue
			}
			out = append(out, s.Matches[0].Score)
		}
		return out
	}
	if got := scores(1); len(got) != 3 || got[0] != 75 || got[1] != 101 || got[2] != 101 {
		t.Errorf("version 1 scores = %v, want [75 101 101]", got)
	}
	// Version 2 puts a new sentence first: b moves to index 2, so its
	// translation is exact, no longer in context; c keeps its neighbours
	// (b before, nothing after) and stays in context.
	addDocVersion(t, db, "doc", "Ganz neu.", a, b, c)
	if got := scores(2); len(got) != 4 || got[2] != 100 || got[3] != 101 {
		t.Errorf("version 2 scores = %v, want [_ _ 100 101]", got)
	}
	if got := scores(1); got[1] != 101 {
		t.Errorf("version 1 again: %v", got)
	}
	if _, err := db.MatchDocument(ctx, "nope", 0, "en", store.DocMatchOptions{}); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Errorf("unknown document: %v", err)
	}
	if _, err := db.MatchDocument(ctx, "doc", 9, "en", store.DocMatchOptions{}); tm.ErrorCode(err) != tm.ENOTFOUND {
		t.Errorf("unknown version: %v", err)
	}
}
