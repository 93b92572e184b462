package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

func TestAddCarriesTranslationsOver(t *testing.T) {
	dbPath := tempDB(t)
	old, out := addTranslatedRevision(t, dbPath, "--json")
	var rep struct {
		Version   int `json:"version"`
		CarryOver struct {
			Carried  int  `json:"carried"`
			ToReview *int `json:"to_review"`
			Changes  struct {
				Unchanged, Modified, Moved, Inserted, Deleted int
			} `json:"changes"`
		} `json:"carry_over"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	ch := rep.CarryOver.Changes
	if rep.Version != 2 || ch.Unchanged != len(old)-5 || ch.Modified != 3 || ch.Moved != 1 || ch.Inserted != 1 || ch.Deleted != 1 {
		t.Fatalf("report %+v", rep)
	}
	if rep.CarryOver.Carried != len(old)-1 {
		t.Errorf("carried %d, want %d", rep.CarryOver.Carried, len(old)-1)
	}
	// The JSON says what the text report says: "(3 to review)".
	if rep.CarryOver.ToReview == nil || *rep.CarryOver.ToReview != 3 {
		t.Errorf("carry_over.to_review = %v, want 3", rep.CarryOver.ToReview)
	}

	ctx := context.Background()
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, segs, err := db.Version(ctx, seedDoc, 2)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, s := range segs {
		ids = append(ids, s.ID)
	}
	en, err := db.Translations(ctx, ids, "en")
	if err != nil {
		t.Fatal(err)
	}
	var review, missing int
	for _, s := range segs {
		u, ok := en[s.ID]
		switch {
		case !ok:
			missing++
			if !strings.HasPrefix(s.Text, "Beide Seiten vereinbarten") {
				t.Errorf("no translation for %q", s.Text)
			}
		case u.Status == tm.StatusNeedsReview:
			review++
			if u.Target.Plain() == "EN "+s.Text || u.Score < 50 || u.Score > 99 {
				t.Errorf("fuzzy candidate %+v for %q", u, s.Text)
			}
		default:
			if u.Target.Plain() != "EN "+s.Text || u.Status != tm.StatusReviewed || u.Origin != tm.OriginCarryOver {
				t.Errorf("carried %+v for %q", u, s.Text)
			}
		}
	}
	if review != 3 || missing != 1 {
		t.Errorf("%d to review, %d missing; want 3 and 1", review, missing)
	}
}

func TestAddCarryOverTextSummary(t *testing.T) {
	old, out := addTranslatedRevision(t, tempDB(t))
	want := fmt.Sprintf("compared with version 1: %d unchanged, 3 modified, 1 moved, 1 new, 1 deleted; %d translations carried over (3 to review)\n", len(old)-5, len(old)-1)
	if !strings.HasSuffix(out, want) {
		t.Errorf("add said %q, want it to end with %q", out, want)
	}
}
