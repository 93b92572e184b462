package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
)

// conflictsOptions are the flags and injected dependencies of `korpus conflicts`.
type conflictsOptions struct {
	IO       *IOStreams
	Store    func() (*store.DB, error)
	Memories []string
	From, To tm.Lang
	JSON     bool
}

func newConflictsCmd(f *factory) *cobra.Command {
	opts := &conflictsOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "List sources that a memory translates in more than one way",
		Long: `List the sources that one memory holds with more than one distinct target
for the same language pair, so that a reviewer can decide which is right
(korpus units edit or units delete with the ids shown). Sources are compared
as exact lookups compare them (whitespace runs are one space); targets that
differ only in whitespace or inline codes count as one.

Each target comes with the number of units holding it, their ids, summed
usage, oldest creation and newest change date, creators, statuses and
origins; the most frequent target first (then the newest). Conflicts come
by memory, language pair and source.

JSON (--json), a stable shape: {"conflicts": N, "sources": [{"memory",
"source_lang", "target_lang", "source", "units": N, "targets": [{"target",
"count": N, "ids": [ID…], "usage": N, "created", "changed",
"creators": […], "statuses": […], "origins": […]}]}]}. Times are RFC 3339
in UTC.

Exit codes: 0 success (also when there are no conflicts), 1 unknown memory
or database error, 2 usage error.`,
		Example: `  korpus conflicts --from de --to en
  korpus conflicts --memory legacy --json`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return conflictsRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	memoriesFlag(fl, &opts.Memories)
	fl.Var(langValue{l: &opts.From}, "from", "source language (\"de\" also selects de-AT, de-CH …; default: all)")
	fl.Var(langValue{l: &opts.To}, "to", "target language (default: all)")
	fl.BoolVar(&opts.JSON, "json", false, "print the conflicts as JSON")
	return cmd
}

// conflictsJSON is the JSON of `korpus conflicts`; its field names are a
// stable interface.
type conflictsJSON struct {
	Conflicts int                  `json:"conflicts"`
	Sources   []conflictSourceJSON `json:"sources"`
}

type conflictSourceJSON struct {
	Memory     string               `json:"memory"`
	SourceLang string               `json:"source_lang"`
	TargetLang string               `json:"target_lang"`
	Source     string               `json:"source"`
	Units      int                  `json:"units"`
	Targets    []conflictTargetJSON `json:"targets"`
}

type conflictTargetJSON struct {
	Target   string   `json:"target"`
	Count    int      `json:"count"`
	IDs      []int64  `json:"ids"`
	Usage    int      `json:"usage"`
	Created  string   `json:"created"`
	Changed  string   `json:"changed"`
	Creators []string `json:"creators"`
	Statuses []string `json:"statuses"`
	Origins  []string `json:"origins"`
}

func conflictsRun(ctx context.Context, opts *conflictsOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	cs, err := db.Conflicts(ctx, store.ConflictOptions{Memories: opts.Memories, From: opts.From, To: opts.To})
	if err != nil {
		return err
	}
	out := conflictsJSON{Conflicts: len(cs), Sources: []conflictSourceJSON{}}
	for _, c := range cs {
		s := conflictSourceJSON{Memory: c.Memory, SourceLang: string(c.SourceLang), TargetLang: string(c.TargetLang),
			Source: c.Source, Units: c.Units}
		for _, t := range c.Targets {
			s.Targets = append(s.Targets, conflictTargetJSON{Target: t.Target, Count: len(t.IDs), IDs: t.IDs, Usage: t.Usage,
				Created: jsonTime(t.Created), Changed: jsonTime(t.Changed), Creators: t.Creators, Statuses: t.Statuses, Origins: t.Origins})
		}
		out.Sources = append(out.Sources, s)
	}
	return newReportPrinter(opts.IO.Out, opts.JSON, printConflicts).Print(out)
}

func printConflicts(w io.Writer, r conflictsJSON) error {
	var b strings.Builder
	if r.Conflicts == 0 {
		b.WriteString("No conflicts: every source has one target.\n")
	} else {
		fmt.Fprintf(&b, "%s with more than one target:\n", plural(r.Conflicts, "source", "sources"))
	}
	for _, s := range r.Sources {
		fmt.Fprintf(&b, "\nmemory %s  %s→%s  %s\n", s.Memory, s.SourceLang, s.TargetLang, plural(s.Units, "unit", "units"))
		fmt.Fprintf(&b, "  source: %s\n", indentBreaks(s.Source))
		for _, t := range s.Targets {
			fmt.Fprintf(&b, "  %3d×  %s\n", t.Count, indentBreaks(t.Target))
			fmt.Fprintf(&b, "        units %s  changed %s  by %s  %s\n", joinIDs(t.IDs), t.Changed,
				dashEmpty(strings.Join(t.Creators, ", ")), strings.Join(t.Statuses, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
