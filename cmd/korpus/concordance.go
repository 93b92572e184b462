package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	tmreport "github.com/korpus/korpus/tm/report"
	"github.com/spf13/cobra"
)

type concordanceOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Term     string
	From, To tm.Lang
	Target   bool
	Fold     bool
	Limit    int
	JSON     bool
	Memories []string
}

func newConcordanceCmd(f *factory) *cobra.Command {
	opts := &concordanceOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "concordance TERM",
		Short: "Find the units whose source (or target) contains a word or phrase",
		Long: `Find the units, newest first, whose source (with --target: target)
contains TERM, a word or phrase, and show them with the term highlighted
(bold on a terminal, [[…]] when piped). The match is exact unless --fold
makes it case- and diacritic-insensitive ("uber" finds "Über", "ÜBER").

JSON: {"term", "hits": [{"unit_id", "source", "target", "origin",
"created", "spans": [[start, end], …], "memory"}]}, spans being byte
offsets into the searched text. --memory A,B searches only those memories.

Exit codes: 0 success (also with no hit), 1 error, 2 usage error.`,
		Example: `  korpus concordance "Partei der Arbeit"
  korpus concordance "uber freundschaft" --fold --from de --to en
  korpus concordance friendship --target --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Term = args[0]
			if tm.Normalize(opts.Term) == "" {
				return usageErrorf("empty search term")
			}
			if max := f.MaxSegment(); len(opts.Term) > max {
				return usageErrorf("search term of %d bytes is longer than %s (--max-segment)", len(opts.Term), tm.FormatSize(max))
			}
			if err := checkCount("limit", opts.Limit); err != nil {
				return err
			}
			return concordanceRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.Var(langValue{l: &opts.From}, "from", "only units with this source language (BCP 47)")
	fl.Var(langValue{l: &opts.To}, "to", "only units with this target language (BCP 47)")
	fl.BoolVar(&opts.Target, "target", false, "search the target text")
	fl.BoolVar(&opts.Fold, "fold", false, "ignore case and diacritics")
	fl.IntVar(&opts.Limit, "limit", store.DefaultConcordanceLimit, "most hits shown")
	fl.BoolVar(&opts.JSON, "json", false, "print JSON")
	fl.StringSliceVar(&opts.Memories, "memory", nil, "only these memories (NAME,NAME…; default: all)")
	return cmd
}

type concordanceJSON = tmreport.Concordance

type hitJSON = tmreport.Hit

func concordanceRun(ctx context.Context, opts *concordanceOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	// One hit more than shown tells whether the list is cut.
	limit := opts.Limit
	if limit < math.MaxInt {
		limit++
	}
	hits, err := db.Concordance(ctx, opts.Term, store.ConcordanceOptions{From: opts.From, To: opts.To, Target: opts.Target, Fold: opts.Fold, Limit: limit, Memories: opts.Memories})
	if err != nil {
		return err
	}
	more := len(hits) > opts.Limit
	if more {
		hits = hits[:opts.Limit]
	}
	report := concordanceJSON{Term: opts.Term, Hits: make([]hitJSON, 0, len(hits)), More: more}
	for _, h := range hits {
		report.Hits = append(report.Hits, tmreport.HitOf(h.Unit, h.Memory, h.Spans))
	}
	tty := opts.IO.OutTTY
	return newReportPrinter(opts.IO.Out, opts.JSON, func(w io.Writer, r concordanceJSON) error {
		return printConcordance(w, tty, opts.Target, r)
	}).Print(report)
}

func printConcordance(w io.Writer, tty, target bool, r concordanceJSON) error {
	bw := bufio.NewWriter(w)
	if len(r.Hits) == 0 {
		fmt.Fprintf(bw, "no unit contains %q\n", r.Term)
		return bw.Flush()
	}
	for i, h := range r.Hits {
		if i > 0 {
			bw.WriteByte('\n')
		}
		src, tgt := h.Source, h.Target
		if target {
			tgt = highlight(tgt, h.Spans, tty)
		} else {
			src = highlight(src, h.Spans, tty)
		}
		fmt.Fprintf(bw, "unit %d  %s  %s  memory %s\n  source: %s\n  target: %s\n", h.UnitID, orDash(string(h.Origin)), h.Created, orDash(h.Memory), indentBreaks(src), indentBreaks(tgt))
	}
	if r.More {
		fmt.Fprintf(bw, "\n(more units contain %q: raise --limit)\n", r.Term)
	}
	return bw.Flush()
}

// textIndent is where the text after "  source: " and "  target: " starts.
const textIndent = "          "

// indentBreaks indents the lines after the first of a unit's text (TSV
// and TMX units may hold line breaks) under the text's first line, so the
// output keeps its layout.
func indentBreaks(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\n"+textIndent)
}

// highlight marks the byte spans of s.
func highlight(s string, spans [][2]int, tty bool) string {
	open, close := "[[", "]]"
	if tty {
		open, close = ansiBold+ansiYellow, ansiReset
	}
	out, last := "", 0
	for _, sp := range spans {
		if sp[0] < last || sp[1] > len(s) {
			continue
		}
		out += s[last:sp[0]] + open + s[sp[0]:sp[1]] + close
		last = sp[1]
	}
	return out + s[last:]
}
