package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// segs makes segments of paragraphs of sentences, numbered in order.
func segs(paras ...[]string) []tm.Segment {
	var out []tm.Segment
	for pi, p := range paras {
		for _, s := range p {
			out = append(out, tm.Segment{Para: pi, Index: len(out), Text: s, Hash: tm.Hash(s)})
		}
	}
	return out
}

func input(name, text string, s []tm.Segment) store.AddVersionInput {
	return store.AddVersionInput{Name: name, Lang: "de", SourceName: name, Text: text, Segments: s,
		Words: tm.CountWords(text), Chars: tm.CountChars(text)}
}

func TestAddVersion(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	db.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

	v1 := input("a.txt", "Erster Satz. Zweiter Satz.\n\nDritter.", segs([]string{"Erster Satz.", "Zweiter Satz."}, []string{"Dritter."}))
	res, err := db.AddVersion(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.Unchanged || res.Previous != nil || res.Version.Number != 1 {
		t.Fatalf("first add: %+v", res)
	}
	if res.Version.Paras != 2 || res.Version.Segments != 3 || res.Version.Words != 5 {
		t.Fatalf("counts: %+v", res.Version)
	}

	t.Run("Unchanged", func(t *testing.T) {
		res, err := db.AddVersion(ctx, v1)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Unchanged || res.Created || res.Version.Number != 1 {
			t.Fatalf("re-add: %+v", res)
		}
	})

	v2 := input("a.txt", "Erster Satz. Geänderter Satz.", segs([]string{"Erster Satz.", "Geänderter Satz."}))
	t.Run("NewVersion", func(t *testing.T) {
		res, err := db.AddVersion(ctx, v2)
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged || res.Created || res.Version.Number != 2 || res.Previous == nil || res.Previous.Number != 1 {
			t.Fatalf("new version: %+v", res)
		}
	})

	t.Run("BackToAnOlderText", func(t *testing.T) {
		res, err := db.AddVersion(ctx, v1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged || res.Version.Number != 3 || res.Previous.Number != 2 {
			t.Fatalf("back to v1's text: %+v", res)
		}
	})

	t.Run("VersionAndSegments", func(t *testing.T) {
		doc, v, got, err := db.Version(ctx, "a.txt", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Versions) != 3 || v.Number != 2 || len(got) != 2 || got[1].Text != "Geänderter Satz." || got[1].Index != 1 || got[1].Hash != tm.Hash("Geänderter Satz.") {
			t.Fatalf("version 2: %+v %+v", v, got)
		}
		_, latest, _, err := db.Version(ctx, "a.txt", 0)
		if err != nil || latest.Number != 3 {
			t.Fatalf("latest = %d, %v", latest.Number, err)
		}
		text, err := db.VersionText(ctx, "a.txt", 2)
		if err != nil || text != v2.Text {
			t.Fatalf("text = %q, %v", text, err)
		}
	})

	t.Run("ErrUnknownVersion", func(t *testing.T) {
		_, _, _, err := db.Version(ctx, "a.txt", 7)
		if tm.ErrorCode(err) != tm.ENOTFOUND || !strings.Contains(err.Error(), "versions 1–3") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ErrUnknownDocument", func(t *testing.T) {
		_, _, _, err := db.Version(ctx, "b.txt", 0)
		if tm.ErrorCode(err) != tm.ENOTFOUND || !strings.Contains(err.Error(), `no document "b.txt"; there is "a.txt"`) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("ErrLanguageConflict", func(t *testing.T) {
		in := input("a.txt", "Hello.", segs([]string{"Hello."}))
		in.Lang = "en"
		_, err := db.AddVersion(ctx, in)
		if tm.ErrorCode(err) != tm.ECONFLICT {
			t.Fatalf("err = %v, want conflict", err)
		}
	})

	t.Run("Documents", func(t *testing.T) {
		if _, err := db.AddVersion(ctx, input("0-first.txt", "Eins.", segs([]string{"Eins."}))); err != nil {
			t.Fatal(err)
		}
		docs, err := db.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 2 || docs[0].Name != "0-first.txt" || docs[1].Name != "a.txt" || len(docs[1].Versions) != 3 {
			t.Fatalf("documents: %+v", docs)
		}
		v := docs[1].Versions[2]
		if v.Number != 3 || v.Segments != 3 || !v.Created.Equal(db.Now()) || v.Hash != store.TextHash(v1.Text) || v.Source != "a.txt" {
			t.Fatalf("latest version: %+v", v)
		}
	})
}

// TestAddVersionRollback checks that a failing add leaves no trace: the
// document row written before the failure is rolled back too.
func TestAddVersionRollback(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	before, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bad := segs([]string{"Eins.", "Zwei."})
	bad[1].Index = 0 // duplicate index
	if _, err := db.AddVersion(ctx, input("bad.txt", "Eins. Zwei.", bad)); tm.ErrorCode(err) != tm.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
	after, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 || len(after) != 0 {
		t.Fatalf("documents after a failed add: %+v", after)
	}

	// A failure inside the segment inserts (the unique index on
	// (version_id, idx)) rolls back the document and the version.
	if err := store.ExecForTest(db, `CREATE TRIGGER fail_third BEFORE INSERT ON segments WHEN NEW.idx = 2 BEGIN SELECT RAISE(ABORT, 'injected'); END`); err != nil {
		t.Fatal(err)
	}
	_, err = db.AddVersion(ctx, input("c.txt", "A. B. C.", segs([]string{"A.", "B.", "C."})))
	if err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("err = %v, want the injected failure", err)
	}
	if docs, _ := db.Documents(ctx); len(docs) != 0 {
		t.Fatalf("documents after a failed add: %+v", docs)
	}
	var n int
	if err := rawDB(t, db.Path()).QueryRow(`SELECT (SELECT count(*) FROM versions) + (SELECT count(*) FROM segments)`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d version/segment rows left (%v)", n, err)
	}
}

func TestCascade(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := db.AddVersion(ctx, input("a.txt", "A. B.", segs([]string{"A.", "B."}))); err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, `INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed, segment_id)
		SELECT 'de', 'en', text, hash, 'A.', '', '', id FROM segments WHERE idx = 0`); err != nil {
		t.Fatal(err)
	}
	if err := store.ExecForTest(db, `DELETE FROM documents`); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db.Path())
	var segsLeft, linked, units int
	if err := raw.QueryRow(`SELECT (SELECT count(*) FROM segments), (SELECT count(segment_id) FROM units), (SELECT count(*) FROM units)`).Scan(&segsLeft, &linked, &units); err != nil {
		t.Fatal(err)
	}
	if segsLeft != 0 || linked != 0 || units != 1 {
		t.Fatalf("after deleting the document: %d segments, %d linked units, %d units; want 0, 0, 1", segsLeft, linked, units)
	}
}

// TestAddVersionBadName checks that a new document's name is refused when
// it would break the table of `korpus docs`, text reports and scripts:
// control characters (tab, newline), leading or trailing white space, @
// (ambiguous in DOC@VERSION) and bidi controls.
func TestAddVersionBadName(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	for _, name := range []string{"evil\nname", "tab\tname", " spaced", "spaced ", "bell\x07", "nbsp\u00a0", "bad\xffutf8", "x@2", "rtl\u202Eoverride"} {
		_, err := db.AddVersion(ctx, input(name, "Satz.", segs([]string{"Satz."})))
		if tm.ErrorCode(err) != tm.EINVALID || !strings.Contains(err.Error(), "document name") {
			t.Errorf("AddVersion(%q): %v, want EINVALID about the document name", name, err)
		}
	}
	docs, err := db.Documents(ctx)
	if err != nil || len(docs) != 0 {
		t.Fatalf("Documents = %v, %v; want none stored", docs, err)
	}
	for _, name := range []string{"a b.txt", "Übersicht.txt", "日本語.txt", "a+b (1).txt"} {
		if _, err := db.AddVersion(ctx, input(name, "Satz.", segs([]string{"Satz."}))); err != nil {
			t.Errorf("AddVersion(%q): %v", name, err)
		}
	}
}
