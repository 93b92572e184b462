package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestGallop(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := 0; trial < 200; trial++ {
		ids := make([]uint32, rng.Intn(300))
		for i := range ids {
			ids[i] = uint32(rng.Intn(1000))
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for k := 0; k < 50; k++ {
			from := 0
			if len(ids) > 0 {
				from = rng.Intn(len(ids) + 1)
			}
			id := uint32(rng.Intn(1100))
			want := from
			for want < len(ids) && ids[want] < id {
				want++
			}
			if got := gallop(ids, from, id); got != want {
				t.Fatalf("gallop(%v, %d, %d) = %d, want %d", ids, from, id, got, want)
			}
		}
	}
}

func TestDecodePostingsChunks(t *testing.T) {
	// Two chunks, as two index runs append them.
	var b []byte
	put := func(v uint64) { b = binary.AppendUvarint(b, v) }
	put(0)
	put(5)
	put(3) // id 5, 3 words
	put(2)
	put(4) // id 7, 4 words
	put(0)
	put(100)
	put(9) // id 100, 9 words
	var ids, words []int
	n := decodePostings(b, func(id int64, w int) {
		ids = append(ids, int(id))
		words = append(words, w)
	})
	if n != 3 || ids[0] != 5 || ids[1] != 7 || ids[2] != 100 || words[2] != 9 {
		t.Errorf("decoded %d: ids %v words %v", n, ids, words)
	}
}

// TestIndexMatchesWindows builds the index in windows of 3 ids, in two
// runs, and checks it holds the same postings as one build in one window.
func TestIndexMatchesWindows(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	add := func(from, to int) {
		for i := from; i < to; i++ {
			src := fmt.Sprintf("Satz %d mit die die Wörtern Nummer %d", i, i%4)
			if _, err := db.db.Exec(`INSERT INTO units(src_lang, tgt_lang, src_text, src_hash, tgt_text, created, changed) VALUES ('de', 'en', ?, '', 'x', '', '')`, src); err != nil {
				t.Fatal(err)
			}
		}
	}
	dump := func() map[int64]string {
		out := map[int64]string{}
		rows, err := db.db.Query(`SELECT term, df, postings FROM match_terms`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var term, df int64
			var b []byte
			if err := rows.Scan(&term, &df, &b); err != nil {
				t.Fatal(err)
			}
			var s []string
			n := decodePostings(b, func(id int64, w int) { s = append(s, fmt.Sprint(id, ":", w)) })
			if int64(n) != df {
				t.Errorf("term %d: df %d, %d postings", term, df, n)
			}
			out[term] = strings.Join(s, " ")
		}
		return out
	}
	old := indexBatch
	indexBatch = 3
	defer func() { indexBatch = old }()
	add(0, 7)
	if n, err := db.IndexMatches(ctx); err != nil || n != 7 {
		t.Fatalf("first run: %d, %v", n, err)
	}
	add(7, 12)
	if n, err := db.IndexMatches(ctx); err != nil || n != 5 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	windowed := dump()
	indexBatch = old
	if _, err := db.RebuildMatchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	whole := dump()
	if len(whole) == 0 || !reflect.DeepEqual(windowed, whole) {
		t.Errorf("windowed index differs from a whole build:\n%v\n%v", windowed, whole)
	}
}
