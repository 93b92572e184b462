package main

import (
	"context"
	"fmt"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
)

// exportTMOptions are the flags and injected dependencies of export-tm.
type exportTMOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Filter unitFilterFlags
	Format *enumValue
	Output string
}

func newExportTMCmd(f *factory) *cobra.Command {
	opts := &exportTMOptions{IO: f.IO, Store: f.StoreExisting, Format: newEnum("tmx", "tmx", "tsv", "jsonl", "po")}
	cmd := &cobra.Command{
		Use:   "export-tm",
		Short: "Write the memory (or part of it) as TMX 1.4b, TSV or JSONL",
		Long: `Write the translation units of the memory, in the order they were
stored, as TMX 1.4b (valid against the TMX DTD; dates, props, notes and
inline codes kept), TSV or JSON Lines (columns in the README).

The filters are those of "korpus units list" (korpus units list with the
same flags shows what would be exported).

` + unitFilterHelp + `

The output goes to standard output (also with -o -), or to -o FILE,
which is written completely or not at all.

Exit codes: 0 success, 1 runtime error (an unknown memory included),
2 usage error (a bad --status, date or language included).`,
		Example: `  korpus export-tm --from de --to en -o memory.tmx
  korpus export-tm --memory main --status reviewed --since 2026-11-01 -o reviewed.tmx
  korpus export-tm --from de --to en --format tsv | cut -f3,4`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return exportTMRun(cmd.Context(), opts)
		},
	}
	opts.Filter.register(cmd.Flags())
	cmd.Flags().VarP(opts.Format, "format", "f", "output format: "+opts.Format.Allowed())
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output (- or none: standard output)")
	return cmd
}

func exportTMRun(ctx context.Context, opts *exportTMOptions) error {
	filter, err := opts.Filter.filter()
	if err != nil {
		return err
	}
	db, err := opts.Store()
	if err != nil {
		return err
	}
	total, err := db.CountUnits(ctx, filter)
	if err != nil {
		return err
	}
	out, err := openOutput(opts.IO.Out, opts.Output)
	if err != nil {
		return err
	}
	defer out.Discard()
	p := newProgress(opts.IO, "exporting", int64(total), "units")
	defer p.Done()
	enc := newUnitEncoder(out, opts.Format.String(), filter.SourceLang)
	n := 0
	err = db.EachUnit(ctx, filter, func(u *tm.Unit) error {
		if err := enc.Encode(u); err != nil {
			return writeError(opts.Output, err)
		}
		n++
		if n%1000 == 0 {
			p.Add(1000)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return writeError(opts.Output, err)
	}
	p.Add(n % 1000)
	p.Done()
	if err := out.Commit(); err != nil {
		return err
	}
	if !isStdout(opts.Output) {
		fmt.Fprintf(opts.IO.ErrOut, "Exported %s to %s (%s).\n", plural(n, "unit", "units"), opts.Output, opts.Format)
	}
	if d, ok := enc.(interface{ Dropped() int }); ok && d.Dropped() > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "Left out %s: a PO file holds one translation per msgid and msgctxt, the first stored was kept (korpus conflicts lists them).\n",
			plural(d.Dropped(), "alternative translation", "alternative translations"))
	}
	return nil
}
