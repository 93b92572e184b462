// Command tmxgen writes a large TMX 1.4b file for the import benchmark:
// German→English units of realistic sentence lengths, about one in eight
// with inline codes, built by mutating the German UD sentences of
// ../shared/corpus/segmentation (the corpus data stays outside the repo).
//
//	go run ./bench/tmxgen -n 1000000 -o /tmp/1m.tmx
//	go build -tags sqlite_fts5 -o /tmp/korpus ./cmd/korpus
//	/usr/bin/time -v /tmp/korpus --db /tmp/x.db import /tmp/1m.tmx
//
// The "English" target is the German sentence with its words reversed and
// a suffix: as long as a translation, but not a translation. Output is
// deterministic for a given -seed.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/korpus/korpus/tm/tmx"
)

func main() {
	n := flag.Int("n", 1000000, "number of translation units")
	out := flag.String("o", "", "output `FILE` (required; keep it out of the repository)")
	seed := flag.Int64("seed", 1, "random seed")
	shared := os.Getenv("KORPUS_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "shared")
	}
	corpus := flag.String("corpus", filepath.Join(shared, "corpus", "segmentation", "ud-de-gsd-dev.jsonl"), "UD JSONL `FILE` with the seed sentences")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "tmxgen: -o FILE is required")
		os.Exit(2)
	}
	if err := run(*n, *out, *corpus, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "tmxgen:", err)
		os.Exit(1)
	}
}

// loadSentences returns every sentence of a UD gold JSON Lines file.
func loadSentences(path string) ([]string, error) {
	gold, err := segment.LoadGold(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range gold {
		out = append(out, g.Sentences...)
	}
	return out, nil
}

func run(n int, out, corpus string, seed int64) error {
	sents, err := loadSentences(corpus)
	if err != nil {
		return err
	}
	var vocab []string
	for _, s := range sents {
		vocab = append(vocab, strings.Fields(s)...)
	}
	rng := rand.New(rand.NewSource(seed))
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	enc := tmx.NewEncoder(f, tmx.Header{SrcLang: "de", CreationTool: "tmxgen", CreationToolVersion: "1", OTMF: "tmxgen", AdminLang: "en"})
	for i := range n {
		words := strings.Fields(sents[rng.Intn(len(sents))])
		// Mutate: swap in two random words so sources are (almost) unique.
		for k := 0; k < 2 && len(words) > 0; k++ {
			words[rng.Intn(len(words))] = vocab[rng.Intn(len(vocab))]
		}
		rev := make([]string, len(words))
		for j, w := range words {
			rev[len(words)-1-j] = strings.ToLower(w)
		}
		src, tgt := codes(rng, words), codes(rng, rev)
		created := base.Add(time.Duration(rng.Int63n(int64(5 * 365 * 24 * time.Hour))))
		u := &tm.Unit{
			SourceLang: "de", TargetLang: "en",
			Source: src, Target: tgt,
			Created: created, Changed: created.Add(time.Duration(rng.Intn(1000)) * time.Hour),
			Creator: "gen", Props: []tm.Prop{{Type: "tmx:tuid", Value: fmt.Sprint(i + 1)}},
		}
		if i%10 == 0 {
			u.Props = append(u.Props, tm.Prop{Type: "x-domain", Value: "news"})
		}
		if err := enc.Encode(u); err != nil {
			return err
		}
	}
	return enc.Close()
}

// codes joins words into content; one unit in ten wraps a word in a
// <bpt>/<ept> pair, one in twenty-five ends with a placeholder.
func codes(rng *rand.Rand, words []string) tm.Content {
	r := rng.Intn(100)
	if r >= 14 || len(words) < 3 {
		return tm.Text(strings.Join(words, " "))
	}
	var c tm.Content
	if r < 10 {
		k := 1 + rng.Intn(len(words)-2)
		c = tm.Content{
			{Text: strings.Join(words[:k], " ") + " "},
			{Code: &tm.Code{Kind: tm.CodeOpen, ID: "1", Elem: "bpt", Data: "<b>"}},
			{Text: words[k]},
			{Code: &tm.Code{Kind: tm.CodeClose, ID: "1", Elem: "ept", Data: "</b>"}},
			{Text: " " + strings.Join(words[k+1:], " ")},
		}
	} else {
		c = tm.Content{
			{Text: strings.Join(words, " ") + " "},
			{Code: &tm.Code{Kind: tm.CodeStandalone, ID: "1", Elem: "ph", Data: "{0}"}},
		}
	}
	return c
}
