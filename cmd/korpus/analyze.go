package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/term"
	"github.com/spf13/cobra"
)

type analyzeOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Ref      tm.DocRef
	To       tm.Lang
	Format   string // text, json, csv
	Memories []string
}

func newAnalyzeCmd(f *factory) *cobra.Command {
	opts := &analyzeOptions{IO: f.IO, Store: f.StoreExisting, Format: "text"}
	var asJSON, asCSV bool
	cmd := &cobra.Command{
		Use:   "analyze DOC[@VERSION] --to LANG",
		Short: "Count a document's segments, words and characters per match band",
		Long: `Look up every segment of a stored document version (the latest unless
@VERSION is given) in the memory and count segments, words and characters
per band, the analysis a translation agency quotes from:

  context      in-context 101 (same source, same previous and next segment)
  exact        100
  repetitions  the same text occurred earlier in the document (and has no
               101/100 match): translated once, then repeated
  95-99, 85-94, 75-84, 50-74   best fuzzy match
  no-match     nothing ≥ 50

Words follow korpus's German rule (compounds are one word, numbers count,
punctuation does not); characters are non-space characters.

Each band is split by the memory of the segments' best matches (scores
after that memory's penalties): the text report lists them under "Best
matches by memory", and every band in --json has "memories": [{"memory",
"segments", "words", "chars"}], most words first ([] for repetitions and
no match). --csv keeps its four columns.

When the termbase has terms for the pair, the termbase's terms found in
the document follow (German inflection and compounds included): each
concept's source and preferred target, how often and in how many
segments it was found, and the forms found (JSON "terms": [{"source",
"target", "status", "occurrences", "segments", "forms"}]).

Exit codes: 0 success, 1 error (unknown document or version, unknown
memory), 2 usage error.`,
		Example: `  korpus analyze article.txt --to en
  korpus analyze article.txt@2 --to en --csv > quote.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := docRefArg(args[0])
			if err != nil {
				return err
			}
			opts.Ref = ref
			if err := requireTo(opts.To); err != nil {
				return err
			}
			if asJSON && asCSV {
				return usageErrorf("--json and --csv cannot be combined")
			}
			if asJSON {
				opts.Format = "json"
			} else if asCSV {
				opts.Format = "csv"
			}
			return analyzeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(langValue{l: &opts.To}, "to", "target language (BCP 47), required")
	cmd.Flags().StringSliceVar(&opts.Memories, "memory", nil, "only these memories (NAME,NAME…; default: all); scores are after their penalties")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	return cmd
}

// analysisJSON is the report of analyze.
type analysisJSON struct {
	Document string      `json:"document"`
	Version  int         `json:"version"`
	From     tm.Lang     `json:"from"`
	To       tm.Lang     `json:"to"`
	Bands    []bandJSON  `json:"bands"`
	Total    match.Count `json:"total"`
	// Terms are the termbase's terms found in the document, most frequent
	// first ([] without a termbase for the pair).
	Terms   []analysisTerm `json:"terms"`
	Warning string         `json:"warning,omitempty"`
}

// analysisTerm is one concept found in a document: its source term (as
// the termbase writes it), preferred target and that target's status, how
// often it was found and in how many segments, and the forms found.
type analysisTerm struct {
	Source      string   `json:"source"`
	Target      string   `json:"target"`
	Status      string   `json:"status"`
	Occurrences int      `json:"occurrences"`
	Segments    int      `json:"segments"`
	Forms       []string `json:"forms"`
}

type bandJSON struct {
	Band match.Band `json:"band"`
	match.Count
	// Memories splits the band's count by the memory of each segment's
	// best match (most words first; [] for repetitions and no match).
	Memories []memoryCountJSON `json:"memories"`
}

// memoryCountJSON is the part of a band whose best matches came from one
// memory.
type memoryCountJSON struct {
	Memory string `json:"memory"`
	match.Count
}

func analyzeRun(ctx context.Context, opts *analyzeOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	dm, err := db.MatchDocument(ctx, opts.Ref.Name, opts.Ref.Version, opts.To, store.DocMatchOptions{Min: 50, Limit: 1, Memories: opts.Memories})
	if err != nil {
		return err
	}
	if opts.To.Base() == dm.Doc.Lang.Base() {
		return usageErrorf("--to %s: that is the language of %s (%s)", opts.To, dm.Doc.Name, dm.Doc.Lang)
	}
	rec, err := db.Recognizer(ctx, dm.Doc.Lang, opts.To)
	if err != nil {
		return err
	}
	terms := map[int64]*analysisTerm{}
	var order []int64
	a := match.NewAnalysis()
	byMemory := map[match.Band]map[string]*match.Count{}
	for _, s := range dm.Segments {
		inSeg := map[int64]bool{}
		for _, h := range rec.Find(s.Segment.Text) {
			t := terms[h.ConceptID]
			if t == nil {
				p := h.Preferred()
				t = &analysisTerm{Source: h.Source.Text, Target: p.Text, Status: string(p.Status), Forms: []string{}}
				terms[h.ConceptID] = t
				order = append(order, h.ConceptID)
			}
			t.Occurrences++
			if !inSeg[h.ConceptID] {
				inSeg[h.ConceptID] = true
				t.Segments++
			}
			if !slices.Contains(t.Forms, h.Text) {
				t.Forms = append(t.Forms, h.Text)
			}
		}
		score := 0
		if len(s.Matches) > 0 {
			score = s.Matches[0].Score
		}
		band := match.BandOf(score, s.Repetition)
		words, chars := tm.CountWords(s.Segment.Text), tm.CountChars(s.Segment.Text)
		a.Add(band, words, chars)
		if len(s.Matches) > 0 && band != match.BandRepetition && band != match.BandNoMatch {
			if byMemory[band] == nil {
				byMemory[band] = map[string]*match.Count{}
			}
			m := s.Matches[0].Memory
			if byMemory[band][m] == nil {
				byMemory[band][m] = &match.Count{}
			}
			byMemory[band][m].Add(words, chars)
		}
	}
	r := analysisJSON{Document: dm.Doc.Name, Version: dm.Version.Number, From: dm.Doc.Lang, To: opts.To, Total: a.Total, Terms: []analysisTerm{}}
	for _, id := range order {
		r.Terms = append(r.Terms, *terms[id])
	}
	sort.SliceStable(r.Terms, func(i, j int) bool { return r.Terms[i].Occurrences > r.Terms[j].Occurrences })
	for _, b := range match.Bands {
		bj := bandJSON{Band: b, Count: *a.Bands[b], Memories: []memoryCountJSON{}}
		for m, c := range byMemory[b] {
			bj.Memories = append(bj.Memories, memoryCountJSON{Memory: m, Count: *c})
		}
		sort.Slice(bj.Memories, func(i, j int) bool {
			x, y := bj.Memories[i], bj.Memories[j]
			if x.Words != y.Words {
				return x.Words > y.Words
			}
			return x.Memory < y.Memory
		})
		r.Bands = append(r.Bands, bj)
	}
	if !dm.Pairs {
		r.Warning = fmt.Sprintf("the memory holds no %s→%s units", dm.Doc.Lang, opts.To)
		fmt.Fprintf(opts.IO.ErrOut, "warning: %s\n", r.Warning)
	}
	switch opts.Format {
	case "json":
		return newReportPrinter(opts.IO.Out, true, printAnalysisText).Print(r)
	case "csv":
		return printAnalysisCSV(opts.IO.Out, r)
	}
	return printAnalysisText(opts.IO.Out, r)
}

var bandLabels = map[match.Band]string{
	match.BandContext:    "in-context 101",
	match.BandExact:      "100",
	match.BandRepetition: "repetitions",
	match.Band95:         "95–99",
	match.Band85:         "85–94",
	match.Band75:         "75–84",
	match.Band50:         "50–74",
	match.BandNoMatch:    "no match",
}

func printAnalysisText(w io.Writer, r analysisJSON) error {
	fmt.Fprintf(w, "Analysis of %s@%d (%s→%s)\n\n", r.Document, r.Version, r.From, r.To)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "band\tsegments\twords\tchars\t%%words\t\n")
	pct := func(n int) string {
		if r.Total.Words == 0 {
			return "-"
		}
		return strconv.FormatFloat(100*float64(n)/float64(r.Total.Words), 'f', 1, 64)
	}
	for _, b := range r.Bands {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", bandLabels[b.Band], thousands(b.Segments), thousands(b.Words), thousands(b.Chars), pct(b.Words))
	}
	fmt.Fprintf(tw, "total\t%s\t%s\t%s\t%s\t\n", thousands(r.Total.Segments), thousands(r.Total.Words), thousands(r.Total.Chars), pct(r.Total.Words))
	if err := tw.Flush(); err != nil {
		return err
	}
	// Where the matches came from: one row per band and memory.
	var rows [][]string
	for _, b := range r.Bands {
		for _, m := range b.Memories {
			rows = append(rows, []string{"  " + bandLabels[b.Band], "memory " + m.Memory, plural(m.Segments, "segment", "segments"), plural(m.Words, "word", "words")})
		}
	}
	if len(rows) > 0 {
		if _, err := fmt.Fprintf(w, "\nBest matches by memory:\n"); err != nil {
			return err
		}
		if err := writeTable(w, rows); err != nil {
			return err
		}
	}
	if len(r.Terms) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nTerms found (%s):\n", plural(len(r.Terms), "concept", "concepts"))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  %s\t%s\tfound\tsegments\tforms\n", r.From, r.To)
	for _, t := range r.Terms {
		target := t.Target
		if t.Status != "" && t.Status != string(term.Preferred) && t.Status != string(term.Admitted) {
			target += " (" + t.Status + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%s\n", t.Source, target, t.Occurrences, t.Segments, strings.Join(t.Forms, ", "))
	}
	return tw.Flush()
}

func printAnalysisCSV(w io.Writer, r analysisJSON) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"band", "segments", "words", "chars"})
	for _, b := range r.Bands {
		cw.Write([]string{string(b.Band), strconv.Itoa(b.Segments), strconv.Itoa(b.Words), strconv.Itoa(b.Chars)})
	}
	cw.Write([]string{"total", strconv.Itoa(r.Total.Segments), strconv.Itoa(r.Total.Words), strconv.Itoa(r.Total.Chars)})
	cw.Flush()
	return cw.Error()
}
