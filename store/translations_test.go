package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// twoVersions stores doc "a.txt" with version 1 and, when v2, version 2
// in which "Zweiter Satz." was rewritten and a sentence was inserted.
func twoVersions(t *testing.T, db *store.DB, v2 bool) {
	t.Helper()
	ctx := context.Background()
	v1 := input("a.txt", "v1", segs([]string{"Erster Satz.", "Zweiter Satz."}, []string{"Dritter  Satz.", "Erster Satz."}))
	if _, err := db.AddVersion(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if v2 {
		in := input("a.txt", "v2", segs([]string{"Neu.", "Erster Satz.", "Zweiter Satz, geändert."}, []string{"Dritter Satz.", "Erster Satz."}))
		if _, err := db.AddVersion(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
}

// storeOne stores the translations of one document.
func storeOne(db *store.DB, in store.StoreTranslationsInput) (store.StoreTranslationsResult, error) {
	res, err := db.StoreTranslations(context.Background(), []store.StoreTranslationsInput{in}, store.StoreOptions{})
	if len(res) == 0 {
		return store.StoreTranslationsResult{}, err
	}
	return res[0], err
}

func item(i int, src, tgt string) store.TranslationInput {
	return store.TranslationInput{Index: i, Source: src, Target: tm.Text(tgt), Status: tm.StatusTranslated}
}

// targets returns "source → target (status)" per segment of a version.
func targets(t *testing.T, db *store.DB, version int, exact bool) []string {
	t.Helper()
	_, _, st, err := db.VersionTranslations(context.Background(), "a.txt", version, "en", store.TranslationOptions{Exact: exact})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range st {
		x := s.Segment.Text + " → "
		if s.Unit != nil {
			x += s.Unit.Target.Plain() + " (" + string(s.Unit.Status) + ")"
			if s.Exact {
				x += " exact"
			}
		}
		out = append(out, x)
	}
	return out
}

func TestStoreTranslations(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	twoVersions(t, db, false)
	if got := targets(t, db, 0, false); !reflect.DeepEqual(got, []string{"Erster Satz. → ", "Zweiter Satz. → ", "Dritter  Satz. → ", "Erster Satz. → "}) {
		t.Fatalf("before: %q", got)
	}
	code := &tm.Code{Kind: tm.CodeStandalone, ID: "1", Elem: "x"}
	in := store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "en", Origin: tm.OriginXLIFF, Changer: "ann", Items: []store.TranslationInput{
		item(0, "Erster Satz.", "First sentence."),
		{Index: 1, Source: "Zweiter Satz.", Target: tm.Content{{Text: "Second"}, {Code: code}, {Text: " sentence."}}, Status: tm.StatusFinal},
		item(2, "Dritter Satz.", ""),  // no target
		item(3, "Anders.", "Other."),  // source edited in the file
		item(9, "Neunter.", "Ninth."), // no such segment
	}}
	res, err := storeOne(db, in)
	if err != nil {
		t.Fatal(err)
	}
	want := tm.ImportStats{Read: 5, Added: 2, Skipped: 3, Reasons: map[string]int{store.SkipNoTarget: 1, store.SkipSourceEdited: 1, store.SkipNoSegment: 1}}
	if !reflect.DeepEqual(res.Stats, want) || res.Mapped != 0 || res.Into.Number != 1 {
		t.Errorf("result %+v", res)
	}
	got := targets(t, db, 1, false)
	if want := []string{"Erster Satz. → First sentence. (translated)", "Zweiter Satz. → Second sentence. (final)", "Dritter  Satz. → ", "Erster Satz. → "}; !reflect.DeepEqual(got, want) {
		t.Errorf("after: %q", got)
	}
	_, _, st, _ := db.VersionTranslations(ctx, "a.txt", 1, "en", store.TranslationOptions{})
	if u := st[1].Unit; !reflect.DeepEqual(u.Target.Codes(), []*tm.Code{code}) || u.Origin != tm.OriginXLIFF || u.Changer != "ann" || u.Prev != "Erster Satz." || u.Next != "Dritter  Satz." {
		t.Errorf("unit %+v", u)
	}
	// the fourth segment has the first one's text: an exact match
	if got := targets(t, db, 1, true)[3]; got != "Erster Satz. → First sentence. (translated) exact" {
		t.Errorf("exact: %q", got)
	}

	t.Run("UnchangedAndUpdated", func(t *testing.T) {
		db.Now = func() time.Time { return time.Now().Add(time.Hour) }
		in := store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "en", Changer: "bob", Items: []store.TranslationInput{
			item(0, "Erster Satz.", "First sentence."),
			item(1, "Zweiter  Satz.", "The second sentence."),
		}}
		res, err := storeOne(db, in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Unchanged != 1 || res.Stats.Updated != 1 || res.Stats.Added != 0 {
			t.Errorf("stats %+v", res.Stats)
		}
		_, _, st, _ := db.VersionTranslations(ctx, "a.txt", 1, "en", store.TranslationOptions{})
		if u := st[1].Unit; u.Target.Plain() != "The second sentence." || u.Changer != "bob" || u.Target.HasCodes() || u.Status != tm.StatusTranslated {
			t.Errorf("updated unit %+v", u)
		}
		n, _ := db.CountUnits(ctx, store.UnitFilter{})
		if n != 2 {
			t.Errorf("%d units, want 2 (updated in place)", n)
		}
		// the updated text is what the full-text index finds
		if _, err := db.IndexUnits(ctx); err != nil {
			t.Fatal(err)
		}
		hits, err := db.Concordance(ctx, "The second", store.ConcordanceOptions{Target: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 {
			t.Errorf("concordance: %d hits", len(hits))
		}
	})

	t.Run("DryRun", func(t *testing.T) {
		in := store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "en", Items: []store.TranslationInput{item(2, "Dritter Satz.", "Third.")}}
		res, err := db.StoreTranslations(ctx, []store.StoreTranslationsInput{in}, store.StoreOptions{DryRun: true})
		if err != nil || res[0].Stats.Added != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		if got := targets(t, db, 1, false)[2]; got != "Dritter  Satz. → " {
			t.Errorf("dry run wrote: %q", got)
		}
	})
}

func TestStoreTranslationsMapsToLatest(t *testing.T) {
	db := MustOpenDB(t)
	twoVersions(t, db, true)
	in := store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "en", Items: []store.TranslationInput{
		item(0, "Erster Satz.", "First."),
		item(1, "Zweiter Satz.", "Second."),
		item(2, "Dritter  Satz.", "Third."),
		item(3, "Erster Satz.", "First, again."),
	}}
	res, err := storeOne(db, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Mapped != 3 || res.Stats.Added != 3 || res.Stats.Reasons[store.SkipSourceChanged] != 1 || res.From.Number != 1 || res.Into.Number != 2 {
		t.Errorf("result %+v", res)
	}
	if res.String() != "3 mapped from version 1 to version 2" {
		t.Errorf("summary %q", res.String())
	}
	got := targets(t, db, 2, false)
	want := []string{"Neu. → ", "Erster Satz. → First. (translated)", "Zweiter Satz, geändert. → ", "Dritter Satz. → Third. (translated)", "Erster Satz. → First, again. (translated)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("version 2:\n%q\nwant\n%q", got, want)
	}
	// version 1 itself got nothing
	for _, s := range targets(t, db, 1, false) {
		if !strings.HasSuffix(s, "→ ") {
			t.Errorf("version 1 changed: %q", s)
		}
	}
}

func TestStoreTranslationsErrors(t *testing.T) {
	db := MustOpenDB(t)
	twoVersions(t, db, false)
	for _, tc := range []struct {
		name string
		in   store.StoreTranslationsInput
		code string
	}{
		{"UnknownDocument", store.StoreTranslationsInput{Document: "b.txt", Version: 1, Lang: "en"}, tm.ENOTFOUND},
		{"UnknownVersion", store.StoreTranslationsInput{Document: "a.txt", Version: 7, Lang: "en"}, tm.ENOTFOUND},
		{"OtherText", store.StoreTranslationsInput{Document: "a.txt", Version: 1, Hash: "deadbeef", Lang: "en"}, tm.ECONFLICT},
		{"SameLanguage", store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "de-AT"}, tm.EINVALID},
		{"OtherSourceLanguage", store.StoreTranslationsInput{Document: "a.txt", Version: 1, Lang: "en", SourceLang: "fr"}, tm.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := storeOne(db, tc.in)
			if code := tm.ErrorCode(err); code != tc.code {
				t.Errorf("error %v (code %q), want %q", err, code, tc.code)
			}
			var te *tm.Error
			if !errors.As(err, &te) {
				t.Errorf("not a tm.Error: %v", err)
			}
		})
	}
}
