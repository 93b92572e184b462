package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/internal/docdiff"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Getenv func(string) string

	Old, New tm.DocRef
	Format   *enumValue
	Target   tm.Lang
	Changes  bool
}

func newDiffCmd(f *factory) *cobra.Command {
	opts := &diffOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv, Format: newEnum("text", "text", "html", "json")}
	cmd := &cobra.Command{
		Use:   "diff DOC@V1 DOC@V2",
		Short: "Show what changed between two versions of a document",
		Long: `Align two stored versions of a document segment by segment and show
what changed: unchanged, modified (with a word-level diff), moved, new and
deleted segments, with a summary.

Formats:
  text  one line per segment: "  " unchanged, "~" modified (deleted words
        [-like this-], inserted {+like this+}; coloured on a terminal),
        ">" moved, "+" new, "-" deleted, then the segment number (from 1;
        the new version's, the old one's for a deleted segment, "new←old"
        for a modified or moved one)
  html  one self-contained page, side by side, for a reviewer's browser
  json  the summary and the aligned pairs with their edit operations
        ("index" counts from 0, as in korpus show --format jsonl)

--target LANG adds, under each segment (unchanged ones too), its
translation in the new version and whether it was carried over, needs
review, was updated or is missing, with the old version's translation
when it differs.

--changes leaves out what did not change: text and html show each change
with one unchanged segment of context on each side and a "…" line (html:
row) for every run of unchanged segments skipped, saying how many; json
lists only the changed pairs (and "changes": true). The summary still
counts every segment.

A reference without @VERSION is the latest version.

Exit codes: 0 success, 1 unknown document or version or database error,
2 usage error.`,
		Example: `  korpus diff article.txt@1 article.txt@2
  korpus diff article.txt@1 article.txt --format html > changes.html
  korpus diff article.txt@1 article.txt@2 --changes --target en
  korpus diff article.txt@1 article.txt@2 --target en --format json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Old, err = docRefArg(args[0]); err != nil {
				return err
			}
			if opts.New, err = docRefArg(args[1]); err != nil {
				return err
			}
			return diffRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	cmd.Flags().Var(langValue{l: &opts.Target}, "target", "show each segment's translation into this `LANG`")
	cmd.Flags().BoolVar(&opts.Changes, "changes", false, "show only what changed (text, html: with one segment of context each side; json: only changed pairs)")
	return cmd
}

// The report of korpus diff lives in internal/docdiff, shared with the
// server's review page; these names keep this file's shape.
type (
	diffReport  = docdiff.Report
	diffVersion = docdiff.Version
	diffSegment = docdiff.Segment
	diffPair    = docdiff.Pair
)

// Translation states of a pair under --target.
const (
	transCarried = docdiff.Carried
	transReview  = docdiff.Review
	transMissing = docdiff.Missing
	transGone    = docdiff.Gone
)

func diffRun(ctx context.Context, opts *diffOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	rep, err := docdiff.Build(ctx, db, opts.Old, opts.New, opts.Target)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(opts.IO.Out)
	if opts.Changes {
		if opts.Format.String() == "json" {
			rep.Changes = true
			rep.Pairs = docdiff.ChangedPairs(rep.Pairs)
		} else {
			rep.Show = docdiff.ChangesInContext(rep.Pairs, 1)
		}
	}
	switch opts.Format.String() {
	case "json":
		err = newReportPrinter(w, true, printDiffText).Print(rep)
	case "html":
		err = docdiff.WriteHTML(w, rep)
	default:
		color := opts.IO.OutTTY && opts.Getenv("NO_COLOR") == ""
		err = printDiffTextColor(w, rep, color)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// --- text ---------------------------------------------------------------

func printDiffText(w io.Writer, r diffReport) error { return printDiffTextColor(w, r, false) }

func printDiffTextColor(w io.Writer, r diffReport, color bool) error {
	paint := func(code, s string) string {
		if !color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
	s := r.Summary
	fmt.Fprintf(w, "%s@%d → %s@%d: %d unchanged, %d modified, %d moved, %d new, %d deleted\n",
		r.Old.Document, r.Old.Version, r.New.Document, r.New.Version,
		s.Unchanged, s.Modified, s.Moved, s.Inserted, s.Deleted)
	docdiff.EachShown(r, func(p diffPair) {
		switch p.Change {
		case align.Unchanged:
			fmt.Fprintf(w, "  %d %s\n", p.New.Index+1, paint(ansiDim, p.New.Text))
		case align.Modified:
			fmt.Fprintf(w, "%s %d←%d (%d%%) %s\n", paint(ansiYellow, "~"), p.New.Index+1, p.Old.Index+1, p.Score, renderWordDiff(p.Ops, color))
		case align.Moved:
			fmt.Fprintf(w, "%s %d←%d %s\n", paint(ansiCyan, ">"), p.New.Index+1, p.Old.Index+1, p.New.Text)
		case align.Inserted:
			fmt.Fprintf(w, "%s %d %s\n", paint(ansiGreen, "+"), p.New.Index+1, paint(ansiGreen, p.New.Text))
		case align.Deleted:
			fmt.Fprintf(w, "%s %d %s\n", paint(ansiRed, "-"), p.Old.Index+1, paint(ansiRed, p.Old.Text))
		}
		if t := p.Translation; t != nil {
			fmt.Fprintf(w, "    %s [%s]: %s", r.Target, t.State, orDash(t.New))
			if t.Old != "" && t.Old != t.New {
				fmt.Fprintf(w, " (was: %s)", t.Old)
			}
			fmt.Fprintln(w)
		}
	}, func(n int) {
		fmt.Fprintf(w, "%s\n", paint(ansiDim, "  … "+plural(n, "unchanged segment", "unchanged segments")))
	})
	return nil
}
