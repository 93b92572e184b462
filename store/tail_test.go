package store_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

// TestMatcherTail checks that a long-lived Matcher (lookup -) answers as a
// fresh one while units arrive and the index catches up under it: units
// above the watermark are searched in memory, never twice, and the
// matcher never writes (the watermark moves only when IndexMatches runs).
func TestMatcherTail(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	rng := rand.New(rand.NewSource(7))
	vocab := strings.Fields("der die das und in zu den von mit sich auf für ist im dem nicht ein eine als auch Regierung Vertrag Jahr Stadt Haus Land Freund Schule Arbeit Wasser")
	var texts []string
	batch := func(n int, index bool) {
		var us []*tm.Unit
		for range n {
			w := make([]string, 4+rng.Intn(10))
			for j := range w {
				w[j] = vocab[rng.Intn(len(vocab))]
			}
			s := strings.Join(w, " ") + "."
			texts = append(texts, s)
			us = append(us, deEn(s, fmt.Sprintf("t%d", len(texts))))
		}
		opts := store.ImportOptions{}
		if index {
			opts.Index = &store.IndexStats{}
		}
		if _, err := db.ImportUnits(ctx, unitsOf(us...), opts); err != nil {
			t.Fatal(err)
		}
	}
	batch(300, true)
	live, err := db.NewMatcher(ctx, "de", "en")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	check := func(stage string) {
		t.Helper()
		for k := 0; k < 40; k++ {
			w := strings.Fields(strings.TrimSuffix(texts[rng.Intn(len(texts))], "."))
			w[rng.Intn(len(w))] = vocab[rng.Intn(len(vocab))]
			q := tm.Text(strings.Join(w, " ") + ".")
			opts := store.LookupOptions{Min: 60, Limit: 8, NoDiff: true}
			got, err := live.Lookup(ctx, q, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.Lookup(ctx, q, "de", "en", opts)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := matchIDs(got), matchIDs(want); g != w {
				t.Fatalf("%s: %q: live matcher %s, fresh %s", stage, q.Plain(), g, w)
			}
		}
	}
	check("indexed")
	batch(200, false) // the tail grows under the live matcher
	check("tail")
	mark, _ := db.UnitsIndexed(ctx)
	batch(100, false)
	check("longer tail")
	if n, err := db.IndexMatches(ctx); err != nil || n != 300 {
		t.Fatalf("IndexMatches: %d, %v; want the 300 tail units (the lookups wrote nothing)", n, err)
	}
	check("indexed under the matcher")
	batch(50, true)
	check("indexed import")
	if mark != 300 {
		t.Errorf("full-text watermark %d after the --no-index batch, want 300", mark)
	}
}

// matchIDs is the unit ids and scores of matches, in order.
func matchIDs(ms []match.Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%d:%d ", m.Unit.ID, m.Score)
	}
	return b.String()
}
