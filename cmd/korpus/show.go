package main

import (
	"context"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
)

type showOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Ref    tm.DocRef
	Format *enumValue
}

func newShowCmd(f *factory) *cobra.Command {
	opts := &showOptions{IO: f.IO, Store: f.StoreExisting, Format: newSegmentFormat()}
	cmd := &cobra.Command{
		Use:   "show DOC[@VERSION]",
		Short: "Print the segments of a stored document version",
		Long: `Print the segments of a stored document version (the latest unless
@VERSION is given), in the same formats as korpus segment:

  text   one segment per line, a blank line between paragraphs
  jsonl  one JSON object per segment: {"para", "index", "text", "hash"}

Exit codes: 0 success, 1 unknown document or version or database error,
2 usage error.`,
		Example: `  korpus show article.txt
  korpus show article.txt@1 --format jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := docRefArg(args[0])
			if err != nil {
				return err
			}
			opts.Ref = ref
			return showRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	return cmd
}

func showRun(ctx context.Context, opts *showOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	_, _, segs, err := db.Version(ctx, opts.Ref.Name, opts.Ref.Version)
	if err != nil {
		return err
	}
	return printSegments(opts.IO.Out, opts.Format.String(), segs)
}
