package match

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/worddiff"
)

func score(t *testing.T, q, c string) int {
	t.Helper()
	var s Scorer
	got, _ := s.Score(PrepareString(q), PrepareString(c), 0)
	return got
}

func TestTokenize(t *testing.T) {
	got := TokenizeString("Am 19. Juni kostet die E-Mail 1.000,50 € – geht's?")
	var texts []string
	var kinds []TokenKind
	for _, tok := range got {
		texts = append(texts, tok.Text)
		kinds = append(kinds, tok.Kind)
	}
	want := []string{"Am", "19", ".", "Juni", "kostet", "die", "E-Mail", "1.000,50", "€", "–", "geht's", "?"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("tokens = %q, want %q", texts, want)
	}
	if kinds[1] != Number || kinds[7] != Number || kinds[6] != Word || kinds[2] != Punct {
		t.Errorf("kinds = %v", kinds)
	}
	if got[2].Space || !got[3].Space {
		t.Errorf("space flags wrong: %+v", got[2:4])
	}
}

func TestTokenizeCJKIsCharacterLevel(t *testing.T) {
	got := TokenizeString("東京都に住む")
	if len(got) != 6 {
		t.Fatalf("got %d tokens, want 6 (one per character): %+v", len(got), got)
	}
}

func TestTokenizeCodes(t *testing.T) {
	c := tm.Content{{Text: "Klicken Sie "}, {Code: &tm.Code{Kind: tm.CodeOpen, ID: "1"}}, {Text: "hier"}, {Code: &tm.Code{Kind: tm.CodeClose, ID: "1"}}, {Text: "."}}
	got := Tokenize(c)
	if len(got) != 6 || got[2].Kind != InlineCode || got[4].Kind != InlineCode {
		t.Fatalf("tokens = %+v", got)
	}
}

func TestScoreIdenticalIs100(t *testing.T) {
	s := "Der Vertrag tritt am 19. Juni in Kraft."
	if got := score(t, s, s); got != 100 {
		t.Errorf("identical = %d, want 100", got)
	}
}

func TestScoreNumberChange(t *testing.T) {
	q := "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	c := "Die neue Regelung tritt am 20. Juni in ganz Kraft."
	if n := PrepareString(q).Len(); n != 10 {
		t.Fatalf("query has %d words, want 10", n)
	}
	if got := score(t, q, c); got < 95 || got > 99 {
		t.Errorf("number-only change = %d, want 95–99", got)
	}
}

func TestScoreOneWordChange(t *testing.T) {
	q := "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	c := "Die alte Regelung tritt am 19. Juni in ganz Kraft."
	if got := score(t, q, c); got < 85 || got > 94 {
		t.Errorf("one-word change = %d, want 85–94", got)
	}
	// A number change must score above a change of wording.
	if n, w := score(t, q, strings.Replace(q, "19", "20", 1)), score(t, q, c); n <= w {
		t.Errorf("number change %d <= word change %d", n, w)
	}
}

func TestScoreMinorDifferences(t *testing.T) {
	q := "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	for name, c := range map[string]string{
		"Case":        "die neue Regelung tritt am 19. Juni in ganz Kraft.",
		"Punctuation": "Die neue Regelung tritt am 19. Juni in ganz Kraft!",
		"Whitespace":  "Die neue Regelung tritt am 19 . Juni in ganz Kraft.",
	} {
		t.Run(name, func(t *testing.T) {
			got := score(t, q, c)
			if got < 95 || got > 99 {
				t.Errorf("score = %d, want 95–99", got)
			}
		})
	}
	t.Run("Codes", func(t *testing.T) {
		a := Prepare(tm.Text(q))
		b := Prepare(tm.Content{{Text: "Die neue "}, {Code: &tm.Code{Kind: tm.CodeOpen}}, {Text: "Regelung"}, {Code: &tm.Code{Kind: tm.CodeClose}}, {Text: " tritt am 19. Juni in ganz Kraft."}})
		var s Scorer
		got, _ := s.Score(a, b, 0)
		if got < 95 || got > 99 {
			t.Errorf("score = %d, want 95–99", got)
		}
	})
}

func TestScoreUnrelated(t *testing.T) {
	q := "Die neue Regelung tritt am 19. Juni in ganz Kraft."
	c := "Manasse ist ein einzigartiger Parfümeur mit vielen Seminaren."
	if got := score(t, q, c); got >= 50 {
		t.Errorf("unrelated = %d, want < 50", got)
	}
}

func TestScoreMinBound(t *testing.T) {
	q := PrepareString("Die neue Regelung tritt am 19. Juni in ganz Kraft.")
	c := PrepareString("Die alte Regelung tritt am 19. Juni in ganz Kraft.")
	var s Scorer
	if got, ok := s.Score(q, c, 91); ok {
		t.Errorf("Score(min 91) = %d, true; want false", got)
	}
	if got, ok := s.Score(q, c, 90); !ok || got != 90 {
		t.Errorf("Score(min 90) = %d, %v; want 90, true", got, ok)
	}
}

// TestScoreBoundsAreLossless checks the filter bounds the index relies on
// against the exact score over many edits of a sentence.
func TestScoreBoundsAreLossless(t *testing.T) {
	base := strings.Fields("die Regierung hat am Montag beschlossen die Steuern im Jahr 2027 deutlich zu erhöhen")
	var s Scorer
	for i := range base {
		for j := range base {
			c := append([]string{}, base[:i]...)
			c = append(c, base[j:]...)
			q, cp := PrepareString(strings.Join(base, " ")), PrepareString(strings.Join(c, " "))
			sc, _ := s.Score(q, cp, 0)
			overlap := multisetOverlap(q.Terms(0), cp.Terms(0))
			if ub := UpperBound(q.Len(), cp.Len(), overlap); sc > ub {
				t.Fatalf("score %d > upper bound %d for %q", sc, ub, c)
			}
			lo, hi := LengthBounds(q.Len(), sc)
			if sc > 0 && (cp.Len() < lo || cp.Len() > hi) {
				t.Fatalf("length %d outside %d…%d at score %d", cp.Len(), lo, hi, sc)
			}
			if got, ok := s.Score(q, cp, sc); !ok || got != sc {
				t.Fatalf("Score(min=%d) = %d, %v", sc, got, ok)
			}
		}
	}
}

func multisetOverlap(a, b []uint64) int {
	set := map[uint64]bool{}
	for _, x := range a {
		set[x] = true
	}
	n := 0
	for _, x := range b {
		if set[x] {
			n++
		}
	}
	return n
}

func TestTermsNumberOccurrences(t *testing.T) {
	p := PrepareString("die Katze und die Maus")
	terms := p.Terms(1)
	if terms[0] == terms[3] {
		t.Errorf("second 'die' has the same term as the first")
	}
	if q := PrepareString("Die Maus"); q.Terms(1)[0] != terms[0] {
		t.Errorf("case changes the term")
	}
}

func TestDiff(t *testing.T) {
	q := "Die neue Regelung tritt am 19. Juni in Kraft."
	c := "Die alte Regelung tritt am 20. Juni in Kraft."
	ops := Diff(q, c)
	var del, ins, qq, cc strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case worddiff.Equal:
			qq.WriteString(op.Text)
			cc.WriteString(op.Text)
		case worddiff.Delete:
			del.WriteString(op.Text + "|")
			qq.WriteString(op.Text)
		case worddiff.Insert:
			ins.WriteString(op.Text + "|")
			cc.WriteString(op.Text)
		}
	}
	if qq.String() != q || cc.String() != c {
		t.Fatalf("diff does not rebuild the texts: %+v", ops)
	}
	if del.String() != "neue|19|" || ins.String() != "alte|20|" {
		t.Errorf("deleted %q inserted %q, want whole words", del.String(), ins.String())
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Über": "uber", "ÜBER": "uber", "Straße": "strasse", "Café": "cafe"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBandOf(t *testing.T) {
	cases := []struct {
		score int
		rep   bool
		want  Band
	}{
		{101, false, BandContext}, {100, true, BandExact}, {97, true, BandRepetition},
		{95, false, Band95}, {94, false, Band85}, {75, false, Band75}, {50, false, Band50}, {49, false, BandNoMatch}, {0, false, BandNoMatch},
	}
	for _, c := range cases {
		if got := BandOf(c.score, c.rep); got != c.want {
			t.Errorf("BandOf(%d, %v) = %s, want %s", c.score, c.rep, got, c.want)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	q := PrepareString("Die neue Regelung tritt am 19. Juni in ganz Kraft, sagte der Sprecher des Ministeriums am Montag.")
	c := PrepareString("Die alte Regelung tritt am 20. Juni in Kraft, sagte ein Sprecher des Ministeriums am Dienstag.")
	var s Scorer
	for i := 0; i < b.N; i++ {
		s.Score(q, c, 70)
	}
}

func TestScoreCJKCharacterLevel(t *testing.T) {
	// Ten characters, one changed: 90, as a changed word in ten words.
	if got := score(t, "東京都に住む友達が来た", "東京都に住む友人が来た"); got != 90 {
		t.Errorf("one character in ten = %d, want 90", got)
	}
}

// TestUpperBoundNumbersIsLossless checks the bound that charges changed
// numbers against the exact score, over texts that differ in numbers, in
// words and in how many numbers they hold.
func TestUpperBoundNumbersIsLossless(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	words := strings.Fields("Satz Nummer über Dinge und die im Jahr Seite Kapitel")
	nums := strings.Fields("1 2 3 19 20 2027 1.000 1000 10:30 3,5")
	gen := func() string {
		n := 2 + rng.Intn(8)
		w := make([]string, n)
		for i := range w {
			if rng.Intn(3) == 0 {
				w[i] = nums[rng.Intn(len(nums))]
			} else {
				w[i] = words[rng.Intn(len(words))]
			}
		}
		return strings.Join(w, " ") + "."
	}
	var s Scorer
	tight := 0
	for k := 0; k < 20000; k++ {
		qs, cs := gen(), gen()
		if k%2 == 0 { // near-duplicates: change some numbers only
			f := strings.Fields(qs)
			for i := range f {
				if rng.Intn(3) == 0 && PrepareString(f[i]).IsNumber(0) {
					f[i] = nums[rng.Intn(len(nums))]
				}
			}
			cs = strings.Join(f, " ")
		}
		q, c := PrepareString(qs), PrepareString(cs)
		sc, _ := s.Score(q, c, 0)
		if sc == 100 {
			continue
		}
		qt, ct := q.Terms(5), c.Terms(5)
		overlap := multisetOverlap(qt, ct)
		numOverlap := 0
		for i, h := range qt {
			if q.IsNumber(i) && contains(ct, h) {
				numOverlap++
			}
		}
		exact := multisetOverlap(q.NumberTerms(5), c.NumberTerms(5))
		ub := UpperBoundNumbers(q.Len(), c.Len(), overlap, numOverlap, exact)
		if sc > ub {
			t.Fatalf("score %d > bound %d for %q / %q", sc, ub, qs, cs)
		}
		if old := UpperBound(q.Len(), c.Len(), overlap); ub > old {
			t.Fatalf("bound %d looser than the word bound %d", ub, old)
		}
		if sc == ub && numOverlap > exact {
			tight++
		}
	}
	if tight == 0 {
		t.Errorf("the number charge never made the bound tight: the test does not exercise it")
	}
	// One changed number in six tokens: 100·(1 − 0.25/6) = 95, reached.
	q, c := PrepareString("Satz Nummer 5 über Dinge 3."), PrepareString("Satz Nummer 6 über Dinge 3.")
	if ub := UpperBoundNumbers(6, 6, 6, 2, multisetOverlap(q.NumberTerms(0), c.NumberTerms(0))); ub != 95 {
		t.Errorf("bound %d, want 95", ub)
	}
	// Numbers are compared as written: 1.000 and 1000 are different values.
	if multisetOverlap(PrepareString("1.000").NumberTerms(0), PrepareString("1000").NumberTerms(0)) != 0 {
		t.Errorf("1.000 and 1000 share an exact number term")
	}
}

func contains(xs []uint64, x uint64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
