package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// generator makes German-looking sentences from the UD German GSD seed:
// recombined halves, words swapped for other words or for new compounds
// (so the vocabulary grows the way a real memory's does), numbers changed.
type generator struct {
	rng    *rand.Rand
	sents  [][]string // seed sentences as words
	nouns  []string   // capitalised words, for compounds
	words  []string   // all words
	target map[string]string
}

func newGenerator(seedFile string, seed int64) (*generator, error) {
	f, err := os.Open(seedFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g := &generator{rng: rand.New(rand.NewSource(seed))}
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec struct {
			Sentences []string `json:"sentences"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s: %v", seedFile, err)
		}
		for _, s := range rec.Sentences {
			w := strings.Fields(s)
			if len(w) < 3 {
				continue
			}
			g.sents = append(g.sents, w)
			for _, x := range w {
				x = strings.Trim(x, ".,;:!?\"'()")
				if x == "" || seen[x] {
					continue
				}
				seen[x] = true
				g.words = append(g.words, x)
				r, _ := utf8.DecodeRuneInString(x)
				if unicode.IsUpper(r) && len(x) > 3 {
					g.nouns = append(g.nouns, x)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(g.sents) == 0 {
		return nil, fmt.Errorf("%s: no sentences", seedFile)
	}
	return g, nil
}

// compound makes a new noun from two seed nouns: "Partei" + "Seminare" →
// "Parteiseminare".
func (g *generator) compound() string {
	a := g.nouns[g.rng.Intn(len(g.nouns))]
	b := g.nouns[g.rng.Intn(len(g.nouns))]
	return a + strings.ToLower(b[:1]) + b[1:]
}

func (g *generator) word() string {
	if g.rng.Intn(3) == 0 {
		return g.compound()
	}
	return g.words[g.rng.Intn(len(g.words))]
}

// sentence returns one mutated sentence.
func (g *generator) sentence() string {
	a := g.sents[g.rng.Intn(len(g.sents))]
	var w []string
	if g.rng.Intn(2) == 0 {
		b := g.sents[g.rng.Intn(len(g.sents))]
		w = append(w, a[:(len(a)+1)/2]...)
		w = append(w, b[len(b)/2:]...)
	} else {
		w = append(w, a...)
	}
	for k := 1 + g.rng.Intn(3); k > 0; k-- {
		i := g.rng.Intn(len(w))
		if strings.ContainsAny(w[i], ".,;:!?") {
			continue
		}
		w[i] = g.word()
	}
	for i, x := range w {
		if _, err := strconv.Atoi(strings.Trim(x, ".,")); err == nil {
			w[i] = strconv.Itoa(g.rng.Intn(3000))
		}
	}
	if g.rng.Intn(4) == 0 {
		i := g.rng.Intn(len(w))
		w = append(w[:i], append([]string{strconv.Itoa(g.rng.Intn(3000))}, w[i:]...)...)
	}
	return strings.Join(w, " ")
}

// lightEdit changes one word, one number or the punctuation of s.
func (g *generator) lightEdit(s string) string {
	w := strings.Fields(s)
	switch g.rng.Intn(3) {
	case 0:
		for i, x := range w {
			if _, err := strconv.Atoi(strings.Trim(x, ".,")); err == nil {
				w[i] = strconv.Itoa(g.rng.Intn(3000))
				return strings.Join(w, " ")
			}
		}
		fallthrough
	case 1:
		i := g.rng.Intn(len(w))
		w[i] = g.word()
	default:
		if len(w) > 4 {
			i := g.rng.Intn(len(w))
			w = append(w[:i], w[i+1:]...)
		} else {
			w = append(w, g.word())
		}
	}
	return strings.Join(w, " ")
}

// fakeEnglish returns a stand-in translation: each word replaced by a
// pseudo-English word chosen by its hash.
var enWords = strings.Fields("the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their been has would when who will more if out so up said what its about than into them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three")

func fakeEnglish(src string) string {
	w := strings.Fields(src)
	out := make([]string, len(w))
	for i, x := range w {
		h := uint32(2166136261)
		for j := 0; j < len(x); j++ {
			h = (h ^ uint32(x[j])) * 16777619
		}
		out[i] = enWords[h%uint32(len(enWords))]
	}
	return strings.Join(out, " ") + "."
}

// unitReader streams n unique generated units; it implements tm.UnitReader.
type unitReader struct {
	g       *generator
	n, done int
	seen    map[string]bool
	sources []string // every source written, in order (for brute force)
	created string
	// templates numbered sentences that differ only in their numbers
	// follow the n generated units (-templates).
	templates, tdone int
}

// templateSentence is the i-th template unit: every one shares all its
// folded keys with every other, only the numbers differ.
func templateSentence(i int) string {
	return fmt.Sprintf("Satz Nummer %d über Dinge %d.", i, i%97)
}

func (r *unitReader) Next() (*tm.Unit, error) {
	if r.done >= r.n {
		if r.tdone >= r.templates {
			return nil, errEOF
		}
		s := templateSentence(r.tdone)
		r.tdone++
		r.sources = append(r.sources, s)
		return &tm.Unit{SourceLang: "de", TargetLang: "en", Source: tm.Text(s), Target: tm.Text(fakeEnglish(s)),
			Status: tm.StatusTranslated, Origin: tm.OriginTMX}, nil
	}
	var s string
	for {
		s = r.g.sentence()
		h := tm.Normalize(s)
		if !r.seen[h] {
			r.seen[h] = true
			break
		}
	}
	r.done++
	r.sources = append(r.sources, s)
	return &tm.Unit{
		SourceLang: "de",
		TargetLang: "en",
		Source:     tm.Text(s),
		Target:     tm.Text(fakeEnglish(s)),
		Status:     tm.StatusTranslated,
		Origin:     tm.OriginTMX,
	}, nil
}
