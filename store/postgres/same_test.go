package postgres

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/store/storetest"
	"github.com/korpus/korpus/tm"
)

// sameCorpus builds units from the seed article's sentences, varied the
// ways real memories vary: case, ß and ss, diacritics dropped, tabs and
// runs of spaces, regional language tags, two memories, duplicates.
func sameCorpus(t *testing.T, n int) (main, other []tm.Unit) {
	b, err := os.ReadFile(testutil.Testdata("korea-in-der-welt.de.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var sents []string
	for _, line := range strings.Split(string(b), "\n") {
		for _, s := range strings.SplitAfter(line, ". ") {
			if s = strings.TrimSpace(s); len(s) > 3 {
				sents = append(sents, s)
			}
		}
	}
	rng := rand.New(rand.NewSource(12))
	vary := func(s string) string {
		switch rng.Intn(7) {
		case 0:
			return strings.ToUpper(s)
		case 1:
			return strings.NewReplacer("ss", "ß", "ß", "ss").Replace(s)
		case 2:
			return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ü", "U", "é", "e").Replace(s)
		case 3:
			return strings.Replace(s, " ", "\t", 1)
		case 4:
			return strings.Replace(s, " ", "  ", 2)
		case 5:
			return strings.ToLower(s)
		}
		return s
	}
	langs := []tm.Lang{"de", "de", "de", "de-AT", "de-CH"}
	for i := 0; i < n; i++ {
		src := vary(sents[rng.Intn(len(sents))])
		tgt := vary(sents[rng.Intn(len(sents))])
		u := tm.Unit{SourceLang: langs[rng.Intn(len(langs))], TargetLang: "en", Source: tm.Text(src), Target: tm.Text(fmt.Sprintf("%s [%d]", tgt, i%97)),
			Origin: tm.OriginTMX, Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)}
		if rng.Intn(5) == 0 {
			u.TargetLang = "fr"
			other = append(other, u)
			continue
		}
		main = append(main, u)
	}
	return main, other
}

// sameQueries draws concordance terms from the corpus: words, pairs of
// words, pieces of words, in their case and others.
func sameQueries(us []tm.Unit, n int) []string {
	rng := rand.New(rand.NewSource(7))
	var out []string
	for len(out) < n {
		words := strings.FieldsFunc(us[rng.Intn(len(us))].Source.Plain(), func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '.' })
		if len(words) == 0 {
			continue
		}
		i := rng.Intn(len(words))
		w := []rune(words[i])
		switch rng.Intn(5) {
		case 0:
			out = append(out, words[i])
		case 1:
			if i+1 < len(words) {
				out = append(out, words[i]+" "+words[i+1])
			}
		case 2:
			if len(w) > 2 {
				a := rng.Intn(len(w) - 1)
				out = append(out, string(w[a:a+1+rng.Intn(min(6, len(w)-a))]))
			}
		case 3:
			out = append(out, strings.ToLower(words[i]))
		case 4:
			out = append(out, strings.NewReplacer("ss", "ß", "ü", "u", "ä", "a").Replace(words[i]))
		}
	}
	return out
}

type hitKey struct {
	ID     int64
	Source string
	Target string
	Spans  [][2]int
	Memory string
}

func hitKeys(hs []tm.ConcordanceHit) []hitKey {
	var out []hitKey
	for _, h := range hs {
		out = append(out, hitKey{h.Unit.ID, h.Unit.Source.Plain(), h.Unit.Target.Plain(), h.Spans, h.Memory})
	}
	return out
}

// TestSameAnswersAsSQLite loads one corpus into both stores and compares
// what they return: every unit, the memories, and 400 concordance searches
// (folded or not, source or target side, with limits, memories and
// language pairs) hit for hit, span for span.
func TestSameAnswersAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg := openTest(t)
	lite, err := store.Open(filepath.Join(t.TempDir(), "korpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	main, other := sameCorpus(t, 1500)
	for _, s := range []tm.Store{lite, pg} {
		if _, err := s.CreateMemory(ctx, "fr", "", 5); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportUnits(ctx, &storetest.Units{List: main}, tm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportUnits(ctx, &storetest.Units{List: other}, tm.ImportOptions{Memory: "fr"}); err != nil {
			t.Fatal(err)
		}
		// Again: everything is unchanged.
		if st, err := s.ImportUnits(ctx, &storetest.Units{List: main}, tm.ImportOptions{}); err != nil || st.Added != 0 {
			t.Fatalf("re-import: %+v, %v", st, err)
		}
	}
	dump := func(s tm.Store) []tm.Unit {
		var out []tm.Unit
		if err := s.EachUnit(ctx, tm.UnitFilter{}, func(u *tm.Unit) error { out = append(out, *u); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := dump(lite), dump(pg)
	if len(a) < 1000/2 || !reflect.DeepEqual(a, b) {
		t.Fatalf("EachUnit: %d units on SQLite, %d on PostgreSQL, equal %v", len(a), len(b), reflect.DeepEqual(a, b))
	}
	ma, _ := lite.Memories(ctx)
	mb, _ := pg.Memories(ctx)
	for i := range ma {
		ma[i].Created, ma[i].Changed, mb[i].Created, mb[i].Changed = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(ma, mb) {
		t.Errorf("Memories:\n sqlite %+v\n pg     %+v", ma, mb)
	}
	rng := rand.New(rand.NewSource(3))
	queries := sameQueries(append(main, other...), 400)
	hits, differ := 0, 0
	var tl, tp time.Duration
	for i, q := range queries {
		opts := tm.ConcordanceOptions{Fold: i%2 == 0, Target: i%7 == 3, Limit: []int{0, 5, 50}[rng.Intn(3)]}
		switch rng.Intn(6) {
		case 0:
			opts.Memories = []string{"fr"}
		case 1:
			opts.From, opts.To = "de", "en"
		case 2:
			opts.From = "de-CH"
		}
		t0 := time.Now()
		ha, erra := lite.Concordance(ctx, q, opts)
		t1 := time.Now()
		hb, errb := pg.Concordance(ctx, q, opts)
		tl, tp = tl+t1.Sub(t0), tp+time.Since(t1)
		if tm.ErrorCode(erra) != tm.ErrorCode(errb) {
			t.Errorf("Concordance(%q, %+v): SQLite %v, PostgreSQL %v", q, opts, erra, errb)
			continue
		}
		hits += len(ha)
		if ka, kb := hitKeys(ha), hitKeys(hb); !reflect.DeepEqual(ka, kb) {
			differ++
			if differ <= 5 {
				t.Errorf("Concordance(%q, %+v):\n sqlite %d hits %v\n pg     %d hits %v", q, opts, len(ka), ka, len(kb), kb)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d searches differ", differ, len(queries))
	}
	if hits < len(queries) {
		t.Errorf("only %d hits for %d searches: the queries do not test much", hits, len(queries))
	}
	t.Logf("%d units, %d searches, %d hits, all equal (wall time: SQLite %v, PostgreSQL %v)", len(a), len(queries), hits, tl.Round(time.Millisecond), tp.Round(time.Millisecond))
}
