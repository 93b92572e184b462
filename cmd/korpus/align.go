package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/korpus/korpus/tm/tmx"
	"github.com/korpus/korpus/tm/unitio"
	"github.com/spf13/cobra"
)

type alignOptions struct {
	IO            *IOStreams
	Store         func() (*store.DB, error)
	StoreExisting func() (*store.DB, error)
	DBPath        func() string

	Source, Target string
	From, To       tm.Lang
	Presegmented   bool
	Format         *enumValue
	Import         bool
	MinScore       float64
	Memory         string // --memory: where --import stores the pairs
	Encoding       string
	Dict           string // --dict: a bilingual dictionary file
}

func newAlignCmd(f *factory) *cobra.Command {
	opts := &alignOptions{IO: f.IO, Store: f.Store, StoreExisting: f.StoreExisting, DBPath: f.DBPath,
		Format: newEnum("jsonl", "jsonl", "tsv", "tmx")}
	cmd := &cobra.Command{
		Use:   "align SOURCE TARGET --from LANG --to LANG",
		Short: "Pair the sentences of a text with those of its translation",
		Long: `Segment a text and its translation (or read one sentence per line with
--presegmented) and pair their sentences: one source sentence with one
target sentence; 1–2, 2–1, 2–2, 1–3, 3–1, 2–3, 3–2, 1–4 or 4–1 where the
translator split or joined sentences; and 1–0 or 0–1 for a sentence left
untranslated.

The aligner weighs sentence lengths (Gale–Church) with lexical evidence
that needs no dictionary (numbers, names, cognates, punctuation), a
dictionary it learns from the texts themselves, and, when the database
holds translation units for the two languages, the words of those units.
--dict FILE adds a bilingual dictionary: hunalign's format ("target @
source" a line) or TSV ("source<TAB>target" a line), told apart by the
first entry; phrases of several words pair their content words. Pairs of
words frequent in the texts, and words with more than two partners in
them, are left out: they match neighbouring sentences too.

Formats:
  jsonl  one bead a line: {"src":[i…],"tgt":[j…],"score":s}, 0-based
         sentence indices, score 0–1
  tsv    source text, target text, score (1–0 and 0–1 beads included;
         \\ \t \n \r escaped as in korpus's other TSV)
  tmx    a TMX 1.4b file of the pairs (beads with both sides)

--import stores the pairs as translation units (origin "alignment", with
their score) instead of printing them; pairs scoring below --min-score are
stored with status needs-review. All of it is one transaction.

Exit codes: 0 success, 1 unreadable or empty file, texts that look like
the wrong languages, database error, 2 usage error.`,
		Example: `  korpus align article.de.txt article.fr.txt --from de --to fr
  korpus align --presegmented de.txt fr.txt --from de --to fr --format tsv
  korpus align de.txt fr.txt --from de --to fr --import --min-score 0.6
  korpus align de.txt fr.txt --from de --to fr --dict de-fr.tsv`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Source, opts.Target = args[0], args[1]
			if opts.From == opts.To {
				return usageErrorf("--from and --to are both %s", opts.From)
			}
			if opts.Source == "-" && opts.Target == "-" {
				return usageErrorf("SOURCE and TARGET cannot both be standard input")
			}
			if opts.MinScore < 0 || opts.MinScore > 1 {
				return usageErrorf("--min-score must be between 0 and 1, not %v", opts.MinScore)
			}
			switch {
			case opts.Import && cmd.Flags().Changed("format"):
				return usageErrorf("--format has no effect with --import, which stores the pairs instead of printing them")
			case !opts.Import && cmd.Flags().Changed("min-score"):
				return usageErrorf("--min-score works only with --import (it marks stored pairs needs-review; printed beads carry their score)")
			}
			return alignRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(langValue{l: &opts.From}, "from", "language of SOURCE (BCP 47)")
	cmd.Flags().Var(langValue{l: &opts.To}, "to", "language of TARGET (BCP 47)")
	cmd.MarkFlagRequired("from")
	cmd.MarkFlagRequired("to")
	cmd.Flags().BoolVar(&opts.Presegmented, "presegmented", false, "the files hold one sentence per line (blank lines are skipped)")
	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	cmd.Flags().BoolVar(&opts.Import, "import", false, "store the pairs in the database as translation units instead of printing them")
	cmd.Flags().StringVar(&opts.Memory, "memory", store.DefaultMemory, "with --import, the memory the pairs go to")
	cmd.Flags().Float64Var(&opts.MinScore, "min-score", 0.5, "with --import, pairs scoring below this (0–1) are stored as needs-review")
	cmd.Flags().StringVar(&opts.Dict, "dict", "", "bilingual dictionary `FILE`: \"target @ source\" lines (hunalign) or source<TAB>target (TSV)")
	cmd.Flags().Var(encodingValue{&opts.Encoding}, "encoding", "input encoding `NAME` of both files (default: BOM, else UTF-8)")
	return cmd
}

// alignedBead is one line of jsonl output; empty sides are [] not null.
type alignedBead struct {
	Src   []int   `json:"src"`
	Tgt   []int   `json:"tgt"`
	Score float64 `json:"score"`
}

// Thresholds of the input checks.
const (
	// A text whose share of the other language's function words is this
	// many times its own language's looks like the other language.
	swapRatio = 2.0
	// Lengths (characters) more than this many times apart are worth a
	// warning: much of the longer text cannot be a translation.
	lengthWarnRatio = 3.0
)

func alignRun(ctx context.Context, opts *alignOptions) error {
	var fileDict []align.WordPair
	if opts.Dict != "" {
		// Read first: a bad dictionary fails before the texts are segmented.
		var err error
		if fileDict, err = readDict(opts.Dict); err != nil {
			return err
		}
	}
	src, err := alignSentences(opts, opts.Source, opts.From)
	if err != nil {
		return err
	}
	tgt, err := alignSentences(opts, opts.Target, opts.To)
	if err != nil {
		return err
	}
	switch {
	case len(src) == 0 && len(tgt) == 0:
		return tm.Errorf(tm.EINVALID, "%s and %s hold no sentences", opts.Source, opts.Target)
	case len(src) == 0:
		return tm.Errorf(tm.EINVALID, "%s (SOURCE) holds no sentences", opts.Source)
	case len(tgt) == 0:
		return tm.Errorf(tm.EINVALID, "%s (TARGET) holds no sentences", opts.Target)
	}
	if err := checkLanguages(opts, src, tgt); err != nil {
		return err
	}

	var db *store.DB
	if opts.Import {
		if db, err = opts.Store(); err != nil {
			return err
		}
	} else if _, serr := os.Stat(opts.DBPath()); serr == nil {
		// Only to read a dictionary; a missing database is no error here.
		if db, err = opts.StoreExisting(); err != nil {
			return err
		}
	}
	var al align.Options
	if db != nil {
		if al.Dict, err = memoryDict(ctx, db, opts.From, opts.To); err != nil {
			return err
		}
	}
	al.Dict = append(al.Dict, fileDict...)
	beads, err := align.Sentences(src, tgt, al)
	if err != nil {
		return err
	}
	warnLengths(opts, src, tgt, beads)

	if opts.Import {
		return alignImport(ctx, opts, db, src, tgt, beads)
	}
	w := bufio.NewWriter(opts.IO.Out)
	switch opts.Format.String() {
	case "tsv":
		for _, b := range beads {
			unitio.EscapeTSV(w, join(src, b.Src))
			w.WriteByte('\t')
			unitio.EscapeTSV(w, join(tgt, b.Tgt))
			fmt.Fprintf(w, "\t%.2f\n", b.Score)
		}
	case "tmx":
		enc := tmx.NewEncoder(w, tmx.Header{SrcLang: string(opts.From)})
		for _, u := range beadUnits(opts, src, tgt, beads) {
			if err := enc.Encode(u); err != nil {
				return err
			}
		}
		if err := enc.Close(); err != nil {
			return err
		}
	default:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, b := range beads {
			ab := alignedBead{Src: b.Src, Tgt: b.Tgt, Score: b.Score}
			if ab.Src == nil {
				ab.Src = []int{}
			}
			if ab.Tgt == nil {
				ab.Tgt = []int{}
			}
			if err := enc.Encode(ab); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}

// alignSentences reads and segments one side.
func alignSentences(opts *alignOptions, path string, lang tm.Lang) ([]string, error) {
	in, err := readInput(opts.IO, path, opts.Encoding)
	if err != nil {
		return nil, err
	}
	if opts.Presegmented {
		return segment.Presegmented(in.Text), nil
	}
	var out []string
	seg, err := newSegmenter(lang, "", opts.IO.ErrOut)
	if err != nil {
		return nil, err
	}
	for _, s := range segment.Document(in.Text, seg) {
		out = append(out, s.Text)
	}
	return out, nil
}

// checkLanguages refuses texts that look like each other's language: the
// files (or --from/--to) given in the wrong order.
func checkLanguages(opts *alignOptions, src, tgt []string) error {
	from, to := opts.From.Base(), opts.To.Base()
	ss, st := align.LangScore(src, from), align.LangScore(src, to)
	ts, tt := align.LangScore(tgt, from), align.LangScore(tgt, to)
	if ss < 0 || st < 0 {
		return nil // no word list for one of the languages
	}
	srcLooksTo := st > swapRatio*ss && st > 0.05
	tgtLooksFrom := ts > swapRatio*tt && ts > 0.05
	switch {
	case srcLooksTo && tgtLooksFrom:
		return tm.Errorf(tm.EINVALID, "%s looks like %s and %s like %s: swap the files, or --from and --to",
			opts.Source, to, opts.Target, from)
	case srcLooksTo:
		return tm.Errorf(tm.EINVALID, "%s (SOURCE, --from %s) looks like %s; check the file and --from", opts.Source, opts.From, to)
	case tgtLooksFrom:
		return tm.Errorf(tm.EINVALID, "%s (TARGET, --to %s) looks like %s; check the file and --to", opts.Target, opts.To, from)
	}
	return nil
}

// warnLengths warns when one text is much longer than the other: the
// aligner pairs what it can and leaves the rest unaligned.
func warnLengths(opts *alignOptions, src, tgt []string, beads []align.Bead) {
	ls, lt := 0, 0
	for _, s := range src {
		ls += len([]rune(s))
	}
	for _, s := range tgt {
		lt += len([]rune(s))
	}
	unS, unT := 0, 0
	for _, b := range beads {
		if len(b.Tgt) == 0 {
			unS += len(b.Src)
		}
		if len(b.Src) == 0 {
			unT += len(b.Tgt)
		}
	}
	switch {
	case float64(lt) > lengthWarnRatio*float64(ls):
		fmt.Fprintf(opts.IO.ErrOut, "korpus: warning: %s is %.1f times as long as %s; %d of its %d sentences are left unaligned\n",
			opts.Target, float64(lt)/float64(ls), opts.Source, unT, len(tgt))
	case float64(ls) > lengthWarnRatio*float64(lt):
		fmt.Fprintf(opts.IO.ErrOut, "korpus: warning: %s is %.1f times as long as %s; %d of its %d sentences are left unaligned\n",
			opts.Source, float64(ls)/float64(lt), opts.Target, unS, len(src))
	}
}

// readDict reads the --dict file.
func readDict(path string) ([]align.WordPair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "%s: %v", path, unwrapPathErr(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, tm.Errorf(tm.EINVALID, "%s: is a directory, not a dictionary file", path)
	}
	return align.ReadDict(f, path)
}

// maxDictUnits bounds how many stored units are read for the dictionary.
const maxDictUnits = 50000

// memoryDict learns word pairs from the units the memory holds for the
// pair of languages.
func memoryDict(ctx context.Context, db *store.DB, from, to tm.Lang) ([]align.WordPair, error) {
	var src, tgt []string
	errEnough := fmt.Errorf("enough units")
	err := db.EachUnit(ctx, store.UnitFilter{SourceLang: tm.Lang(from.Base()), TargetLang: tm.Lang(to.Base())}, func(u *tm.Unit) error {
		src = append(src, u.Source.Plain())
		tgt = append(tgt, u.Target.Plain())
		if len(src) >= maxDictUnits {
			return errEnough
		}
		return nil
	})
	if err != nil && err != errEnough {
		return nil, err
	}
	if len(src) == 0 {
		return nil, nil
	}
	return align.LearnDict(src, tgt), nil
}

func join(sents []string, idx []int) string {
	parts := make([]string, len(idx))
	for k, i := range idx {
		parts[k] = sents[i]
	}
	return strings.Join(parts, " ")
}

// beadUnits turns beads with both sides into translation units.
func beadUnits(opts *alignOptions, src, tgt []string, beads []align.Bead) []*tm.Unit {
	var out []*tm.Unit
	for k, b := range beads {
		if len(b.Src) == 0 || len(b.Tgt) == 0 {
			continue
		}
		u := &tm.Unit{SourceLang: opts.From, TargetLang: opts.To,
			Source: tm.Text(join(src, b.Src)), Target: tm.Text(join(tgt, b.Tgt)),
			Status: tm.StatusTranslated, Origin: tm.OriginAlignment, Score: b.Score}
		if b.Score < opts.MinScore {
			u.Status = tm.StatusNeedsReview
		}
		if k > 0 && len(beads[k-1].Src) > 0 {
			u.Prev = join(src, beads[k-1].Src)
		}
		if k+1 < len(beads) && len(beads[k+1].Src) > 0 {
			u.Next = join(src, beads[k+1].Src)
		}
		out = append(out, u)
	}
	return out
}

func alignImport(ctx context.Context, opts *alignOptions, db *store.DB, src, tgt []string, beads []align.Bead) error {
	units := beadUnits(opts, src, tgt, beads)
	review := 0
	for _, u := range units {
		if u.Status == tm.StatusNeedsReview {
			review++
		}
	}
	r := &sliceUnits{units: units}
	st, err := db.ImportUnits(ctx, r, store.ImportOptions{Memory: opts.Memory, Index: &store.IndexStats{}})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(opts.IO.Out, "aligned %d × %d sentences into %d beads; stored %d of %d pairs as translation units (%d already there); %s below %.2f (needs-review)\n",
		len(src), len(tgt), len(beads), st.Added, len(units), st.Unchanged+st.Updated, plural(review, "pair scores", "pairs score"), opts.MinScore)
	return err
}

// sliceUnits is a tm.UnitReader over a slice.
type sliceUnits struct{ units []*tm.Unit }

func (r *sliceUnits) Next() (*tm.Unit, error) {
	if len(r.units) == 0 {
		return nil, io.EOF
	}
	u := r.units[0]
	r.units = r.units[1:]
	return u, nil
}
