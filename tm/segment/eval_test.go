package segment

import (
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
)

func TestEvaluate(t *testing.T) {
	gold, err := ReadGold(strings.NewReader(`{"text": "A b. C d. E f.", "sentences": ["A b.", "C d.", "E f."], "genre": "news"}

{"text": "G h. I j.", "sentences": ["G h.", "I j."], "genre": "reviews"}
`))
	if err != nil {
		t.Fatal(err)
	}
	// Splits only at the first ". ": one right sentence in each paragraph.
	first := tm.SegmenterFunc(func(p string) []string {
		a, b, ok := strings.Cut(p, ". ")
		if !ok {
			return []string{p}
		}
		return []string{a + ".", b}
	})
	by := EvaluateByGenre(gold, first)
	news := by["news"]
	if news.Gold != 3 || news.Predicted != 2 || news.Correct != 1 || len(news.Errors) != 1 {
		t.Errorf("news = %+v", news)
	}
	if r := by["reviews"]; r.Correct != 2 || r.F1 != 1 || len(r.Errors) != 0 {
		t.Errorf("reviews = %+v", r)
	}
	all := by[""]
	if all.Correct != 3 || all.Gold != 5 || all.Predicted != 4 {
		t.Errorf("all = %+v", all)
	}
	if want := 2 * 0.75 * 0.6 / 1.35; all.F1 < want-1e-9 || all.F1 > want+1e-9 {
		t.Errorf("F1 = %v, want %v", all.F1, want)
	}
	if g := Genres(gold); strings.Join(g, ",") != "news,reviews" {
		t.Errorf("Genres = %v", g)
	}
}

func TestReadGoldBadLine(t *testing.T) {
	_, err := ReadGold(strings.NewReader("{\"text\": \"a\"}\n{oops\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || tm.ErrorCode(err) != tm.EINVALID {
		t.Fatalf("err = %v", err)
	}
}
