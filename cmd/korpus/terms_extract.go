package main

import (
	"fmt"
	"io"
	"strconv"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/korpus/korpus/tm/term"
	"github.com/spf13/cobra"
)

type termsExtractOptions struct {
	IO             *IOStreams
	Store          func() (*store.DB, error)
	From, To       tm.Lang
	Memory         string
	Source, Target string
	Presegmented   bool
	Baseline       string
	MinCount       int
	MaxWords       int
	Limit          int
	JSON, TBX      bool
	Output         string
}

func newTermsExtractCmd(f *factory) *cobra.Command {
	opts := &termsExtractOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "extract --from LANG --to LANG",
		Short: "Propose term pairs from the memory or from a text and its translation",
		Long: `List candidate term pairs, best first, so that a terminologist starts a
termbase from the project's own corpus: source noun phrases and compounds
(German: adjective and noun runs such as "umfassende strategische
Partnerschaft", genitive phrases such as "Partei der Arbeit Koreas",
inflected forms counted together), each with the target n-gram that
co-occurs with it most consistently in the aligned units.

The pairs come from the memory's units of the pair --from/--to (--memory
M: one memory), or, with --source FILE --target FILE, from a text and its
translation, aligned as korpus align does (--presegmented: one sentence
a line).

Ranking: score = termhood × association. Termhood is the C-value (units
of the candidate, less those of the longer candidates it sits in, times
log2(words+1)) × specificity (the candidate's relative frequency over
that plus a general-language baseline's: --baseline FILE, a plain text
of general language, else a built-in list of very general words) × a
dispersion factor (0.75 + 0.25 × the share of ten equal parts of the
corpus it occurs in). Association is the Dice coefficient of source and
target over the units (target n-grams with many more words than the
source are discounted); Dunning's log-likelihood G² is shown beside it.

--json prints [{"source","target","score","count","target_count","joint",
"termhood","c_value","specificity","dispersion","dice","log_likelihood",
"variants"}]; --tbx writes the pairs as a TBX-Basic file that korpus terms
import reads (review it first: these are candidates).`,
		Example: `  korpus terms extract --from de --to en --limit 50
  korpus terms extract --from de --to fr --source dev.de --target dev.fr --presegmented --json
  korpus terms extract --from de --to en --tbx -o candidates.tbx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return termsExtractRun(cmd, opts) },
	}
	cmd.Flags().Var(newLang(&opts.From, "de"), "from", "source language")
	cmd.Flags().Var(newLang(&opts.To, "en"), "to", "target language")
	cmd.Flags().StringVar(&opts.Memory, "memory", "", "only the units of memory `M` (default every memory)")
	cmd.Flags().StringVar(&opts.Source, "source", "", "a source text `FILE` to align with --target instead of the memory")
	cmd.Flags().StringVar(&opts.Target, "target", "", "the translation `FILE` of --source")
	cmd.Flags().BoolVar(&opts.Presegmented, "presegmented", false, "--source and --target hold one sentence per line")
	cmd.Flags().StringVar(&opts.Baseline, "baseline", "", "general-language text `FILE` in --from (default a built-in list of general words)")
	cmd.Flags().IntVar(&opts.MinCount, "min-count", 2, "fewest units a candidate and its translation must share")
	cmd.Flags().IntVar(&opts.MaxWords, "max-words", 5, "most words of a candidate on either side")
	cmd.Flags().IntVar(&opts.Limit, "limit", 0, "at most N pairs (0: all)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&opts.TBX, "tbx", false, "write TBX-Basic")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output")
	return cmd
}

func termsExtractRun(cmd *cobra.Command, opts *termsExtractOptions) error {
	switch {
	case opts.JSON && opts.TBX:
		return usageErrorf("--json and --tbx exclude each other")
	case (opts.Source == "") != (opts.Target == ""):
		return usageErrorf("--source and --target go together")
	case opts.Source != "" && opts.Memory != "":
		return usageErrorf("--memory reads the memory; --source/--target read files: give one")
	case opts.MinCount < 1:
		return usageErrorf("--min-count %d: want 1 or more", opts.MinCount)
	case opts.MaxWords < 1 || opts.MaxWords > 10:
		return usageErrorf("--max-words %d: want 1 to 10", opts.MaxWords)
	case opts.Limit < 0:
		return usageErrorf("--limit %d: want 0 or more", opts.Limit)
	case opts.From.Base() == opts.To.Base():
		return usageErrorf("--from and --to are the same language (%s)", opts.From)
	}
	eo := term.ExtractOptions{From: opts.From, To: opts.To, MinCount: opts.MinCount, MaxWords: opts.MaxWords, Limit: opts.Limit}
	if opts.Baseline != "" {
		in, err := readInput(opts.IO, opts.Baseline, "")
		if err != nil {
			return err
		}
		eo.Baseline = term.NewBaseline(segment.Presegmented(in.Text), opts.From)
	}
	var pairs []term.Pair
	if opts.Source != "" {
		ao := &alignOptions{IO: opts.IO, From: opts.From, To: opts.To, Presegmented: opts.Presegmented, Source: opts.Source, Target: opts.Target}
		src, err := alignSentences(ao, opts.Source, opts.From)
		if err != nil {
			return err
		}
		tgt, err := alignSentences(ao, opts.Target, opts.To)
		if err != nil {
			return err
		}
		if err := checkLanguages(ao, src, tgt); err != nil {
			return err
		}
		beads, err := align.Sentences(src, tgt, align.Options{})
		if err != nil {
			return err
		}
		for _, b := range beads {
			if len(b.Src) > 0 && len(b.Tgt) > 0 {
				pairs = append(pairs, term.Pair{Source: join(src, b.Src), Target: join(tgt, b.Tgt)})
			}
		}
	} else {
		db, err := opts.Store()
		if err != nil {
			return err
		}
		if opts.Memory != "" {
			if _, err := db.GetMemory(cmd.Context(), opts.Memory); err != nil {
				return err
			}
		}
		f := store.UnitFilter{SourceLang: opts.From, TargetLang: opts.To}
		if opts.Memory != "" {
			f.Memories = []string{opts.Memory}
		}
		err = db.EachUnit(cmd.Context(), f, func(u *tm.Unit) error {
			pairs = append(pairs, term.Pair{Source: u.Source.Plain(), Target: u.Target.Plain()})
			return nil
		})
		if err != nil {
			return err
		}
	}
	cands := term.Extract(pairs, eo)
	if cands == nil {
		cands = []term.Candidate{}
	}
	out, err := openOutput(opts.IO.Out, opts.Output)
	if err != nil {
		return err
	}
	defer out.Discard()
	if opts.TBX {
		enc := term.NewTBXEncoder(out, string(opts.From))
		for i, c := range cands {
			con := &term.Concept{ExtID: "x" + strconv.Itoa(i+1),
				Notes: []term.Description{{Text: fmt.Sprintf("korpus terms extract: score %.3g, %d units, Dice %.2f", c.Score, c.Count, c.Dice)}},
				Terms: []term.Term{{Lang: opts.From, Text: c.Source}, {Lang: opts.To, Text: c.Target}}}
			if err := enc.Encode(con); err != nil {
				return writeError(opts.Output, err)
			}
		}
		if err := enc.Close(); err != nil {
			return writeError(opts.Output, err)
		}
		return out.Commit()
	}
	err = newReportPrinter(out, opts.JSON, func(w io.Writer, cs []term.Candidate) error {
		rows := [][]string{{"SCORE", string(opts.From), string(opts.To), "UNITS", "JOINT", "DICE", "G2"}}
		for _, c := range cs {
			rows = append(rows, []string{strconv.FormatFloat(c.Score, 'f', 2, 64), c.Source, c.Target,
				strconv.Itoa(c.Count), strconv.Itoa(c.Joint), strconv.FormatFloat(c.Dice, 'f', 2, 64), strconv.FormatFloat(c.LogLik, 'f', 1, 64)})
		}
		if len(cs) == 0 {
			_, err := fmt.Fprintf(w, "no candidates in %s (%d units; --min-count %d)\n", pairsOrigin(opts), len(pairs), opts.MinCount)
			return err
		}
		return writeTable(w, rows)
	}).Print(cands)
	if err != nil {
		return writeError(opts.Output, err)
	}
	return out.Commit()
}

func pairsOrigin(opts *termsExtractOptions) string {
	if opts.Source != "" {
		return opts.Source + " and " + opts.Target
	}
	if opts.Memory != "" {
		return "memory " + opts.Memory
	}
	return "the memory"
}
