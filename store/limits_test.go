package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// An old database may hold a unit longer than --max-segment (stored before
// the limit, or written by another tool): the match index build leaves it
// out instead of tokenising it, and lookups stay fast.
func TestIndexMatchesSkipsOverlongUnits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "korpus.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportUnits(ctx, unitsOf(
		deEn("Der Vertrag tritt am 19. Juni in Kraft.", "The treaty enters into force on 19 June."),
		deEn("Die Partei der Arbeit tagt.", "The Workers' Party meets."),
	), store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// Simulate the old database: a 2 MB source written behind the store.
	huge := strings.Repeat("Vertrag Kraft Juni wort ", 2<<20/24)
	raw := rawDB(t, path)
	if _, err := raw.Exec(`INSERT INTO units(src_lang, tgt_lang, src_text, tgt_text, status, origin, creator, changer, created, changed, memory_id, src_hash)
		SELECT src_lang, tgt_lang, ?, tgt_text, status, origin, creator, changer, created, changed, memory_id, 'x' FROM units WHERE id = 1`, huge); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	start := time.Now()
	n, err := db.IndexMatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("indexed %d units, want 2 (the 2 MB unit left out)", n)
	}
	ms, err := db.Lookup(ctx, tm.Text("Der Vertrag tritt am 20. Juni in Kraft."), "de", "en", store.LookupOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Unit.ID != 1 {
		t.Errorf("lookup: %+v, want unit 1 alone", ms)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("index and lookup took %v", d)
	}
	// With a bigger limit the unit is indexed by a rebuild.
	db2, err := store.OpenWith(path, false, store.Options{MaxSegment: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if n, err := db2.RebuildMatchIndex(ctx); err != nil || n != 3 {
		t.Errorf("rebuild with 4 MiB: %d, %v; want 3", n, err)
	}
}
