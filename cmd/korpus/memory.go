package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/report"
	"github.com/spf13/cobra"
)

// newMemoryCmd is `korpus memory`: the named memories of the database.
func newMemoryCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "memory",
		Short: "Manage named memories: create, list, set, rename, delete",
		Long: `A database holds named memories; every unit belongs to one. Units
stored without --memory go to "default", which every database has (a
database made before memories existed has all its units there).

Each memory has a penalty (0-100) taken off every match it gives, and
penalties by the unit's origin and status. A new memory starts with
origin alignment=1, mt=5 and status needs-review=1, draft=1 (as memoQ and
Trados Studio take a point off alignment results); "default" starts with
none, so that lookups in an existing database do not change.

Exit codes: 0 success, 1 unknown memory, name already taken, non-empty
memory without --force, or database error, 2 usage error (a penalty
outside 0-100 included).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newMemoryCreateCmd(f), newMemoryListCmd(f), newMemorySetCmd(f),
		newMemoryRenameCmd(f), newMemoryDeleteCmd(f))
	return cmd
}

// penaltyFlag validates a --penalty value as a usage error.
func penaltyFlag(n int) error {
	if err := match.CheckPenalty(n); err != nil {
		return usageErrorf("--penalty: %v", err)
	}
	return nil
}

type memoryCreateOptions struct {
	IO          *IOStreams
	Store       func() (*store.DB, error)
	Name        string
	Penalty     int
	Description string
	JSON        bool
}

func newMemoryCreateCmd(f *factory) *cobra.Command {
	opts := &memoryCreateOptions{IO: f.IO, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create an empty memory",
		Example: `  korpus memory create legacy --penalty 10 --description "2019 vendor TM"
  korpus import --memory legacy vendor.tmx`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := penaltyFlag(opts.Penalty); err != nil {
				return err
			}
			opts.Name = args[0]
			db, err := opts.Store()
			if err != nil {
				return err
			}
			m, err := db.CreateMemory(cmd.Context(), opts.Name, opts.Description, opts.Penalty)
			if err != nil {
				return err
			}
			if opts.JSON {
				return newReportPrinter[memoryJSON](opts.IO.Out, true, nil).Print(toMemoryJSON(m))
			}
			fmt.Fprintf(opts.IO.Out, "Created memory %s (penalty %d).\n", m.Name, m.Penalty)
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Penalty, "penalty", 0, "points (0-100) taken off every match from this memory")
	cmd.Flags().StringVar(&opts.Description, "description", "", "what the memory holds")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the new memory as JSON")
	return cmd
}

// memoryJSON is the JSON shape of a memory, shared with GET
// /api/v1/memories; its field names are a stable interface.
type memoryJSON = report.Memory

func toMemoryJSON(m store.Memory) memoryJSON {
	j := memoryJSON{Name: m.Name, Description: m.Description, Penalty: m.Penalty,
		OriginPenalty: m.Origin, StatusPenalty: m.Status, Units: m.Units, LanguagePairs: m.Pairs,
		Created: jsonTime(m.Created), Changed: jsonTime(m.Changed)}
	if j.OriginPenalty == nil {
		j.OriginPenalty = map[string]int{}
	}
	if j.StatusPenalty == nil {
		j.StatusPenalty = map[string]int{}
	}
	if j.LanguagePairs == nil {
		j.LanguagePairs = []string{}
	}
	return j
}

type memoryListOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)
	JSON  bool
}

func newMemoryListCmd(f *factory) *cobra.Command {
	opts := &memoryListOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the memories: name, units, language pairs, penalties, dates",
		Args:  noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return memoryListRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the memories as a JSON array")
	return cmd
}

func memoryListRun(ctx context.Context, opts *memoryListOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	ms, err := db.Memories(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]memoryJSON, 0, len(ms))
		for _, m := range ms {
			out = append(out, toMemoryJSON(m))
		}
		return newReportPrinter[[]memoryJSON](opts.IO.Out, true, nil).Print(out)
	}
	return printMemoryTable(opts.IO.Out, ms)
}

func printMemoryTable(w io.Writer, ms []store.Memory) error {
	rows := [][]string{{"NAME", "UNITS", "PAIRS", "PENALTY", "ORIGIN", "STATUS", "CREATED", "CHANGED", "DESCRIPTION"}}
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	for _, m := range ms {
		rows = append(rows, []string{m.Name, thousands(m.Units), dash(strings.Join(m.Pairs, " ")), strconv.Itoa(m.Penalty),
			dash(match.FormatPenaltyMap(m.Origin)), dash(match.FormatPenaltyMap(m.Status)),
			localTime(m.Created), localTime(m.Changed), m.Description})
	}
	return writeTable(w, rows)
}

type memorySetOptions struct {
	IO            *IOStreams
	Store         func() (*store.DB, error)
	Penalty       int
	Description   string
	PenaltyOrigin string
	PenaltyStatus string
}

func newMemorySetCmd(f *factory) *cobra.Command {
	opts := &memorySetOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "set NAME",
		Short: "Change a memory's penalties or description",
		Long: `Change a memory's penalty, its penalties by origin and status, or its
description. --penalty-origin and --penalty-status take NAME=POINTS pairs
separated by commas; they change the named entries and keep the others
(POINTS 0 switches one off).`,
		Example: `  korpus memory set legacy --penalty 10
  korpus memory set default --penalty-origin alignment=3,mt=10 --penalty-status needs-review=5`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ch store.MemoryChange
			if cmd.Flags().Changed("penalty") {
				if err := penaltyFlag(opts.Penalty); err != nil {
					return err
				}
				ch.Penalty = &opts.Penalty
			}
			if cmd.Flags().Changed("description") {
				ch.Description = &opts.Description
			}
			var err error
			if ch.Origin, err = match.ParsePenaltyMap(opts.PenaltyOrigin); err != nil {
				return usageErrorf("--penalty-origin: %v", err)
			}
			if ch.Status, err = match.ParsePenaltyMap(opts.PenaltyStatus); err != nil {
				return usageErrorf("--penalty-status: %v", err)
			}
			if ch.Penalty == nil && ch.Description == nil && len(ch.Origin) == 0 && len(ch.Status) == 0 {
				return usageErrorf("nothing to change: give --penalty, --penalty-origin, --penalty-status or --description")
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			if err := db.SetMemory(cmd.Context(), args[0], ch); err != nil {
				return err
			}
			fmt.Fprintf(opts.IO.Out, "Changed memory %s.\n", args[0])
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Penalty, "penalty", 0, "points (0-100) taken off every match from this memory")
	cmd.Flags().StringVar(&opts.Description, "description", "", "what the memory holds")
	cmd.Flags().StringVar(&opts.PenaltyOrigin, "penalty-origin", "", "penalties by unit origin: `ORIGIN=N[,ORIGIN=N…]`, e.g. alignment=3,mt=10")
	cmd.Flags().StringVar(&opts.PenaltyStatus, "penalty-status", "", "penalties by unit status: `STATUS=N[,STATUS=N…]`, e.g. needs-review=5")
	return cmd
}

func newMemoryRenameCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "rename OLD NEW",
		Short: "Rename a memory",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := f.StoreExisting()
			if err != nil {
				return err
			}
			if err := db.RenameMemory(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Renamed memory %s to %s.\n", args[0], args[1])
			return nil
		},
	}
}

func newMemoryDeleteCmd(f *factory) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a memory (one holding units only with --force)",
		Long: `Delete a memory. A memory that holds units is refused unless --force,
which deletes its units with it, in one transaction. "default" cannot be
deleted.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := f.StoreExisting()
			if err != nil {
				return err
			}
			n, err := db.DeleteMemory(cmd.Context(), args[0], force)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Deleted memory %s and %s.\n", args[0], plural(n, "unit", "units"))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "delete the memory's units too")
	return cmd
}
