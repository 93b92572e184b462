package align_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/korpus/korpus/tm/worddiff"
)

func segmentFile(t *testing.T, path string) []tm.Segment {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seg, _ := segment.New("de")
	return segment.Document(string(b), seg)
}

func segs(texts ...string) []tm.Segment {
	out := make([]tm.Segment, len(texts))
	for i, s := range texts {
		out[i] = tm.Segment{Index: i, Text: s, Hash: tm.Hash(s)}
	}
	return out
}

func TestVersionsRevisedSeed(t *testing.T) {
	old := segmentFile(t, testutil.Testdata("korea-in-der-welt.de.txt"))
	new := segmentFile(t, testutil.Testdata("align/korea-in-der-welt.v2.de.txt"))
	va := align.Versions(old, new)
	want := align.Summary{Unchanged: len(old) - 5, Modified: 3, Moved: 1, Inserted: 1, Deleted: 1}
	if va.Summary != want {
		t.Fatalf("summary = %+v, want %+v", va.Summary, want)
	}
	seenOld, seenNew := map[int]bool{}, map[int]bool{}
	for _, p := range va.Pairs {
		if p.Old >= 0 {
			if seenOld[p.Old] {
				t.Errorf("old segment %d paired twice", p.Old)
			}
			seenOld[p.Old] = true
		}
		if p.New >= 0 {
			if seenNew[p.New] {
				t.Errorf("new segment %d paired twice", p.New)
			}
			seenNew[p.New] = true
		}
		switch p.Change {
		case align.Moved:
			if !strings.HasPrefix(new[p.New].Text, "Im Oktober 2025 beging") {
				t.Errorf("moved = %q", new[p.New].Text)
			}
		case align.Inserted:
			if !strings.HasPrefix(new[p.New].Text, "Beide Seiten vereinbarten") {
				t.Errorf("inserted = %q", new[p.New].Text)
			}
		case align.Deleted:
			if !strings.HasPrefix(old[p.Old].Text, "Im Juni 2024") {
				t.Errorf("deleted = %q", old[p.Old].Text)
			}
		case align.Modified:
			if p.Score < align.ModifiedThreshold || p.Score >= 100 || len(p.Ops) == 0 {
				t.Errorf("modified pair %+v", p)
			}
		}
	}
	if len(seenOld) != len(old) || len(seenNew) != len(new) {
		t.Errorf("pairs cover %d/%d old and %d/%d new segments", len(seenOld), len(old), len(seenNew), len(new))
	}
	// New-version order: the new indices of the pairs only increase.
	last := -1
	for _, p := range va.Pairs {
		if p.New >= 0 {
			if p.New < last {
				t.Fatalf("pairs out of new order at %+v", p)
			}
			last = p.New
		}
	}
}

func TestVersionsSmall(t *testing.T) {
	old := segs("A b c d.", "Second one here.", "Third sentence stays.", "Gone for good.", "Last.")
	new := segs("Last.", "A b c d.", "Second one is here.", "Third sentence stays.", "Brand new words entirely.")
	va := align.Versions(old, new)
	var got []string
	for _, p := range va.Pairs {
		got = append(got, string(p.Change))
	}
	want := []string{"moved", "unchanged", "modified", "unchanged", "deleted", "inserted"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("changes = %v, want %v", got, want)
	}
}

func TestVersionsEmpty(t *testing.T) {
	va := align.Versions(nil, segs("One.", "Two."))
	if va.Summary != (align.Summary{Inserted: 2}) {
		t.Errorf("from empty: %+v", va.Summary)
	}
	va = align.Versions(segs("One."), nil)
	if va.Summary != (align.Summary{Deleted: 1}) {
		t.Errorf("to empty: %+v", va.Summary)
	}
}

func TestWordDiff(t *testing.T) {
	ops := align.WordDiff("Im August 2025 begingen die Koreaner den Jahrestag feierlich.",
		"Im August 2025 feierten die Koreaner den Jahrestag.")
	want := []worddiff.Op{
		{Kind: worddiff.Equal, Text: "Im August 2025 "},
		{Kind: worddiff.Delete, Text: "begingen"},
		{Kind: worddiff.Insert, Text: "feierten"},
		{Kind: worddiff.Equal, Text: " die Koreaner den Jahrestag"},
		{Kind: worddiff.Delete, Text: " feierlich"},
		{Kind: worddiff.Equal, Text: "."},
	}
	if !reflect.DeepEqual(ops, want) {
		t.Fatalf("ops = %#v\nwant %#v", ops, want)
	}
	// Words are never split: a one-letter change replaces the whole word.
	ops = align.WordDiff("Haus und Hof", "Maus und Hof")
	if ops[0] != (worddiff.Op{Kind: worddiff.Delete, Text: "Haus"}) || ops[1] != (worddiff.Op{Kind: worddiff.Insert, Text: "Maus"}) {
		t.Errorf("ops = %#v", ops)
	}
}

func TestTokensRoundTrip(t *testing.T) {
	for _, s := range []string{"", "l'eau et Nord-Süd: 3,5 %!", "  a\u00a0b  ", "„Vertrag“ (2024)"} {
		if got := strings.Join(align.Tokens(s), ""); got != s {
			t.Errorf("Tokens(%q) joined = %q", s, got)
		}
	}
	if got := align.Tokens("l'eau Nord-Süd"); !reflect.DeepEqual(got, []string{"l'eau", " ", "Nord-Süd"}) {
		t.Errorf("Tokens = %q", got)
	}
}

func TestSimilarity(t *testing.T) {
	if s := align.Similarity("a b c d", "a b c d"); s != 100 {
		t.Errorf("same = %d", s)
	}
	if s := align.Similarity("a b c d", "e f g h"); s != 0 {
		t.Errorf("disjoint = %d", s)
	}
	if s := align.Similarity("a b c d", "a b x d"); s != 75 {
		t.Errorf("one word = %d", s)
	}
}
