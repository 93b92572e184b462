package store

import (
	"encoding/binary"
	"math/rand"
	"sort"
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
