package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/spf13/cobra"
)

// dedupeOptions are the flags and injected dependencies of `korpus dedupe`.
type dedupeOptions struct {
	IO       *IOStreams
	Store    func() (*store.DB, error)
	Getenv   func(string) string
	Memories []string
	DryRun   bool
	JSON     bool
}

func newDedupeCmd(f *factory) *cobra.Command {
	opts := &dedupeOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "dedupe",
		Short: "Merge identical units of a memory into one",
		Long: `Merge the identical units of each memory into one. Units are identical
when they have the same languages, the same source (compared as exact
lookups compare it: whitespace runs are one space), the same target text,
the same inline codes on both sides, the same context (previous and next
segment) and the same document segment link, in the same memory. Units
that differ only in context or segment link are kept apart: each gives
in-context matches for its own neighbours or is the stored translation of
its own segment.

Of each group the most recently changed unit stays (the lowest id on a
tie), so its status, origin, changer and change date stand. It gets the
summed usage counts, the oldest creation date with its creator, the props
and notes of all, and their history (korpus units history ID), followed by
a change noting the merge. The other units are deleted. Concordance and
lookup see the result at once. Everything is one transaction.

--dry-run reports the groups it would merge and changes nothing.

JSON (--json): {"dry_run": bool, "groups": N, "units": N, "removed": N,
"merges": [{"memory", "source_lang", "target_lang", "source", "target",
"kept": ID, "merged": [ID…], "usage": N, "created", "changed"}]}.

Exit codes: 0 success (also when nothing is identical), 1 unknown memory
or database error, 2 usage error.`,
		Example: `  korpus dedupe --dry-run
  korpus dedupe --memory legacy --json`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return dedupeRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	memoriesFlag(fl, &opts.Memories)
	fl.BoolVar(&opts.DryRun, "dry-run", false, "report what would be merged, change nothing")
	fl.BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return cmd
}

// dedupeJSON is the JSON of `korpus dedupe`; its field names are a stable
// interface.
type dedupeJSON struct {
	DryRun  bool              `json:"dry_run"`
	Groups  int               `json:"groups"`
	Units   int               `json:"units"`
	Removed int               `json:"removed"`
	Merges  []dedupeGroupJSON `json:"merges"`
}

type dedupeGroupJSON struct {
	Memory     string  `json:"memory"`
	SourceLang string  `json:"source_lang"`
	TargetLang string  `json:"target_lang"`
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Kept       int64   `json:"kept"`
	Merged     []int64 `json:"merged"`
	Usage      int     `json:"usage"`
	Created    string  `json:"created"`
	Changed    string  `json:"changed"`
}

func dedupeRun(ctx context.Context, opts *dedupeOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	res, err := db.Dedupe(ctx, store.DedupeOptions{Memories: opts.Memories, DryRun: opts.DryRun, User: unitsUser(opts.Getenv)})
	if err != nil {
		return err
	}
	out := dedupeJSON{DryRun: opts.DryRun, Groups: len(res.Groups), Units: res.Units, Removed: res.Removed, Merges: []dedupeGroupJSON{}}
	for _, g := range res.Groups {
		out.Merges = append(out.Merges, dedupeGroupJSON{Memory: g.Memory, SourceLang: string(g.SourceLang), TargetLang: string(g.TargetLang),
			Source: g.Source, Target: g.Target, Kept: g.Kept, Merged: g.Merged, Usage: g.Usage,
			Created: jsonTime(g.Created), Changed: jsonTime(g.Changed)})
	}
	return newReportPrinter(opts.IO.Out, opts.JSON, printDedupe).Print(out)
}

func printDedupe(w io.Writer, r dedupeJSON) error {
	var b strings.Builder
	switch {
	case r.Groups == 0:
		b.WriteString("No identical units.\n")
	case r.DryRun:
		fmt.Fprintf(&b, "Would merge %s into %d (%s removed; dry run, nothing changed):\n",
			plural(r.Units, "unit", "units"), r.Groups, plural(r.Removed, "unit", "units"))
	default:
		fmt.Fprintf(&b, "Merged %s into %d (%s removed):\n",
			plural(r.Units, "unit", "units"), r.Groups, plural(r.Removed, "unit", "units"))
	}
	for _, g := range r.Merges {
		fmt.Fprintf(&b, "  unit %d ← %s  memory %s  %s→%s  usage %d\n", g.Kept, joinIDs(g.Merged), g.Memory, g.SourceLang, g.TargetLang, g.Usage)
		fmt.Fprintf(&b, "    source: %s\n    target: %s\n", indentBreaks(shorten(g.Source, 70)), indentBreaks(shorten(g.Target, 70)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// joinIDs lists unit ids for people: "3, 7, 12".
func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}
