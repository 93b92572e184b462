package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
	"github.com/spf13/cobra"
)

type docsOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	JSON bool
}

func newDocsCmd(f *factory) *cobra.Command {
	opts := &docsOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "docs",
		Short: "List the stored documents and their versions",
		Long: `List the stored documents: name, number of versions, language, and the
segment and word counts of the latest version, with creation and update
dates. --json prints an array of documents with all their versions.

Exit codes: 0 success (also when there are no documents), 1 no database
or database error, 2 usage error.`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return docsRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the documents and their versions as JSON")
	return cmd
}

// docJSON and versionJSON are the JSON shapes of documents and versions,
// shared with GET /api/v1/documents; their field names are a stable
// interface.
type (
	docJSON     = report.Document
	versionJSON = report.DocVersion
)

func toDocJSON(d tm.Document) docJSON { return report.DocumentOf(d) }

func docsRun(ctx context.Context, opts *docsOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	docs, err := db.Documents(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]docJSON, 0, len(docs))
		for _, d := range docs {
			out = append(out, toDocJSON(d))
		}
		return newReportPrinter[[]docJSON](opts.IO.Out, true, nil).Print(out)
	}
	if len(docs) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, "no documents yet; store one with: korpus add FILE")
		return nil
	}
	return printDocsTable(opts.IO.Out, docs)
}

func printDocsTable(w io.Writer, docs []tm.Document) error {
	rows := [][]string{{"NAME", "VERSIONS", "LANG", "SEGMENTS", "WORDS", "CREATED", "UPDATED"}}
	for _, d := range docs {
		var latest tm.Version
		if n := len(d.Versions); n > 0 {
			latest = d.Versions[n-1]
		}
		rows = append(rows, []string{d.Name, strconv.Itoa(len(d.Versions)), string(d.Lang),
			thousands(latest.Segments), thousands(latest.Words), localTime(d.Created), localTime(latest.Created)})
	}
	return writeTable(w, rows)
}
