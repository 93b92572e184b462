package main

import (
	"context"
	"fmt"
	"io"

	"github.com/korpus/korpus/store"
	"github.com/spf13/cobra"
)

// gcOptions are the flags and injected dependencies of `korpus gc`.
type gcOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	DryRun bool
	JSON   bool
}

func newGCCmd(f *factory) *cobra.Command {
	opts := &gcOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "gc",
		Short: "Remove deleted units and their history for good",
		Long: `Remove the units deleted by korpus units delete, with their history, for
good, in one transaction: until gc, korpus units restore ID brings a
deleted unit back; after it, nothing can. Live units and their history are
not touched. When gc removes the newest units, it brings the concordance
and match indexes back in step in the same transaction (the match index is
then rebuilt, which on a large memory takes as long as indexing an import
of it).

--dry-run counts what gc would remove and changes nothing.

JSON (--json): {"dry_run": bool, "units": N, "history": N, "ids": [ID…]}.

Exit codes: 0 success (also when there is nothing to remove), 1 database
error (nothing removed), 2 usage error.`,
		Example: `  korpus units list --deleted
  korpus gc --dry-run
  korpus gc`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return gcRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "count what would be removed, change nothing")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return cmd
}

// gcJSON is the JSON of `korpus gc`; its field names are a stable
// interface.
type gcJSON struct {
	DryRun  bool    `json:"dry_run"`
	Units   int     `json:"units"`
	History int     `json:"history"`
	IDs     []int64 `json:"ids"`
}

func gcRun(ctx context.Context, opts *gcOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	res, err := db.GC(ctx, opts.DryRun)
	if err != nil {
		return err
	}
	out := gcJSON{DryRun: opts.DryRun, Units: res.Units, History: res.History, IDs: res.IDs}
	if out.IDs == nil {
		out.IDs = []int64{}
	}
	return newReportPrinter(opts.IO.Out, opts.JSON, printGC).Print(out)
}

func printGC(w io.Writer, r gcJSON) error {
	var err error
	switch {
	case r.Units == 0:
		_, err = fmt.Fprintln(w, "No deleted units.")
	case r.DryRun:
		_, err = fmt.Fprintf(w, "Would remove %s and %s (dry run, nothing changed).\n",
			plural(r.Units, "deleted unit", "deleted units"), plural(r.History, "history entry", "history entries"))
	default:
		_, err = fmt.Fprintf(w, "Removed %s and %s for good.\n",
			plural(r.Units, "deleted unit", "deleted units"), plural(r.History, "history entry", "history entries"))
	}
	return err
}
