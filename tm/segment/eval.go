package segment

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/korpus/korpus/tm"
)

// GoldParagraph is one paragraph of gold segmentation data: the text and the
// sentences a segmenter should give back for it, as in the JSON Lines files
// of ../shared/corpus/segmentation:
//
//	{"text": "Satz eins. Satz zwei.", "sentences": ["Satz eins.", "Satz zwei."],
//	 "sent_ids": ["dev-s1", "dev-s2"], "genre": "reviews"}
type GoldParagraph struct {
	Text      string   `json:"text"`
	Sentences []string `json:"sentences"`
	SentIDs   []string `json:"sent_ids,omitempty"`
	Genre     string   `json:"genre,omitempty"`
}

// ReadGold reads gold paragraphs from JSON Lines. A malformed line is an
// EINVALID error naming the line.
func ReadGold(r io.Reader) ([]GoldParagraph, error) {
	var out []GoldParagraph
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var g GoldParagraph
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, tm.Errorf(tm.EINVALID, "gold data: line %d: %v", line, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, tm.Errorf(tm.EINVALID, "gold data: line %d: %v", line+1, err)
	}
	return out, nil
}

// LoadGold reads a gold JSON Lines file (see ReadGold).
func LoadGold(path string) ([]GoldParagraph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "gold data: %v", err)
	}
	defer f.Close()
	g, err := ReadGold(f)
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "%s: %v", path, err)
	}
	return g, nil
}

// Scores are sentence-level scores of a segmenter against gold data. A
// predicted sentence is correct when it equals a gold sentence of the same
// paragraph after whitespace normalisation (tm.Normalize); each gold
// sentence can be matched once.
type Scores struct {
	Paragraphs int     `json:"paragraphs"`
	Gold       int     `json:"gold"`
	Predicted  int     `json:"predicted"`
	Correct    int     `json:"correct"`
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	F1         float64 `json:"f1"`
	// Errors are the paragraphs the segmenter got wrong, in input order.
	Errors []Mismatch `json:"-"`
}

// Mismatch is a paragraph where the prediction differs from the gold data.
type Mismatch struct {
	Gold      GoldParagraph
	Predicted []string
}

// Evaluate segments every gold paragraph's text with s and scores the result.
func Evaluate(gold []GoldParagraph, s tm.Segmenter) Scores {
	var sc Scores
	for _, g := range gold {
		sc.add(g, s.Split(g.Text))
	}
	sc.finish()
	return sc
}

// add scores one unit of gold data (a paragraph or a whole document)
// against the predicted segments.
func (sc *Scores) add(g GoldParagraph, pred []string) {
	sc.Paragraphs++
	sc.Gold += len(g.Sentences)
	sc.Predicted += len(pred)
	want := make(map[string]int, len(g.Sentences))
	for _, x := range g.Sentences {
		want[tm.Normalize(x)]++
	}
	ok := 0
	for _, p := range pred {
		k := tm.Normalize(p)
		if want[k] > 0 {
			want[k]--
			ok++
		}
	}
	sc.Correct += ok
	if ok != len(g.Sentences) || ok != len(pred) {
		sc.Errors = append(sc.Errors, Mismatch{Gold: g, Predicted: pred})
	}
}

func (sc *Scores) finish() {
	if sc.Predicted > 0 {
		sc.Precision = float64(sc.Correct) / float64(sc.Predicted)
	}
	if sc.Gold > 0 {
		sc.Recall = float64(sc.Correct) / float64(sc.Gold)
	}
	if sc.Precision+sc.Recall > 0 {
		sc.F1 = 2 * sc.Precision * sc.Recall / (sc.Precision + sc.Recall)
	}
}

// GoldMark separates gold segments in a marked gold document.
const GoldMark = "¦"

// ParseMarked reads a hand-marked gold document (testdata/segment/gold): the
// text to segment is marked with every GoldMark removed, and the gold
// segments are the pieces between marks and blank lines, white space
// collapsed. A line break without a mark before it is a wrap inside a
// sentence. The result is one GoldParagraph holding the whole document.
func ParseMarked(marked, genre string) GoldParagraph {
	g := GoldParagraph{Text: strings.ReplaceAll(marked, GoldMark, ""), Genre: genre}
	for _, block := range blankLines.Split(marked, -1) {
		for _, piece := range strings.Split(block, GoldMark) {
			if t := strings.Join(strings.Fields(piece), " "); t != "" {
				g.Sentences = append(g.Sentences, t)
			}
		}
	}
	return g
}

// LoadMarkedGold reads every *.txt file of dir as a marked gold document
// (ParseMarked), its genre the file's name without ".txt", in name order.
func LoadMarkedGold(dir string) ([]GoldParagraph, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no *.txt files")
	}
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "gold data: %s: %v", dir, err)
	}
	sort.Strings(files)
	var docs []GoldParagraph
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, tm.Errorf(tm.EINVALID, "gold data: %v", err)
		}
		docs = append(docs, ParseMarked(string(b), strings.TrimSuffix(filepath.Base(f), ".txt")))
	}
	return docs, nil
}

// DocumentSplitter returns the function that EvaluateDocuments takes for
// a segmenter: Paragraphs, then s on each, as Document does.
func DocumentSplitter(s tm.Segmenter) func(text string) []string {
	return func(text string) []string {
		var out []string
		for _, p := range Paragraphs(text) {
			out = append(out, s.Split(p)...)
		}
		return out
	}
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n`)

// EvaluateDocuments scores whole documents (as ParseMarked returns them):
// split gets a document's text and returns its segments, as Document does
// with paragraphs and sentences.
func EvaluateDocuments(docs []GoldParagraph, split func(text string) []string) Scores {
	var sc Scores
	for _, d := range docs {
		sc.add(d, split(d.Text))
	}
	sc.finish()
	return sc
}

// EvaluateByGenre is Evaluate for each genre of gold separately; the key ""
// holds the scores over all paragraphs.
func EvaluateByGenre(gold []GoldParagraph, s tm.Segmenter) map[string]Scores {
	by := map[string][]GoldParagraph{}
	for _, g := range gold {
		by[g.Genre] = append(by[g.Genre], g)
	}
	out := map[string]Scores{"": Evaluate(gold, s)}
	for genre, gs := range by {
		if genre != "" {
			out[genre] = Evaluate(gs, s)
		}
	}
	return out
}

// Genres returns the genres of gold, sorted.
func Genres(gold []GoldParagraph) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range gold {
		if !seen[g.Genre] && g.Genre != "" {
			seen[g.Genre] = true
			out = append(out, g.Genre)
		}
	}
	sort.Strings(out)
	return out
}

// BenchParagraphs returns at least minBytes of paragraphs for speed
// measurements: the texts of gold and the paragraphs of extra (plain text),
// shuffled with a fixed seed and repeated, the same on every run so that
// segmenters measured in different programs see the same text.
func BenchParagraphs(gold []GoldParagraph, extra string, minBytes int) []string {
	var base []string
	for _, g := range gold {
		base = append(base, g.Text)
	}
	base = append(base, Paragraphs(extra)...)
	if len(base) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var out []string
	for n := 0; n < minBytes; {
		rng.Shuffle(len(base), func(i, j int) { base[i], base[j] = base[j], base[i] })
		for _, p := range base {
			out = append(out, p)
			n += len(p) + 1
		}
	}
	return out
}
