package store

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
)

type unitSlice []*tm.Unit

func (s *unitSlice) Next() (*tm.Unit, error) {
	if len(*s) == 0 {
		return nil, io.EOF
	}
	u := (*s)[0]
	*s = (*s)[1:]
	return u, nil
}

// TestLookupSkippedListsLossless runs fresh lookups with every non-prefix
// posting list left unread (readList counts each candidate as holding the
// term) and checks the best score against scoring every unit: leaving a
// list unread may cost verifications, never a match.
func TestLookupSkippedListsLossless(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer func(a, b int) { readListMin, readListRatio = a, b }(readListMin, readListRatio)
	readListMin, readListRatio = 0, 0
	rng := rand.New(rand.NewSource(11))
	vocab := strings.Fields("der die das und in zu den von mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei Regierung Vertrag Jahr Stadt Haus Land Freund Schule Arbeit Wasser")
	var texts []string
	var us unitSlice
	for i := 0; i < 1500; i++ {
		w := make([]string, 3+rng.Intn(14))
		for j := range w {
			w[j] = vocab[rng.Intn(len(vocab))]
			if rng.Intn(10) == 0 {
				w[j] = fmt.Sprint(rng.Intn(50))
			}
		}
		s := strings.Join(w, " ") + "."
		texts = append(texts, s)
		us = append(us, &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(s), Target: tm.Text(fmt.Sprint("t", i))})
	}
	if _, err := db.ImportUnits(ctx, &us, ImportOptions{Index: &IndexStats{}}); err != nil {
		t.Fatal(err)
	}
	var sc match.Scorer
	skipped, found := 0, 0
	for k := 0; k < 150; k++ {
		w := strings.Fields(strings.TrimSuffix(texts[rng.Intn(len(texts))], "."))
		w[rng.Intn(len(w))] = vocab[rng.Intn(len(vocab))]
		if rng.Intn(3) == 0 {
			w[rng.Intn(len(w))] = fmt.Sprint(rng.Intn(50))
		}
		q := strings.Join(w, " ") + "."
		qp := match.PrepareString(q)
		best := 0
		for _, s := range texts {
			if v, ok := sc.Score(qp, match.PrepareString(s), 60); ok && v > best {
				best = v
			}
		}
		m, err := db.NewMatcher(ctx, "de", "en")
		if err != nil {
			t.Fatal(err)
		}
		ms, err := m.Lookup(ctx, tm.Text(q), LookupOptions{Min: 60, Limit: 1, NoDiff: true})
		skipped += m.Stats.Skipped
		m.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if len(ms) > 0 {
			got = ms[0].Score
		}
		if best > 0 {
			found++
		}
		if got != best {
			t.Errorf("%q: index %d, brute force %d", q, got, best)
		}
	}
	if skipped == 0 || found < 40 {
		t.Fatalf("%d lists skipped, %d queries with a match: the test does not exercise unread lists", skipped, found)
	}
	t.Logf("%d lists left unread, %d queries with a match", skipped, found)
}
