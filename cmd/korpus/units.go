package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/user"
	"strconv"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
	"github.com/spf13/cobra"
)

// newUnitsCmd is `korpus units`: look at, edit and delete single units.
func newUnitsCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "units",
		Short: "Manage translation units: list, show, edit, delete, history, restore",
		Long: `List the units of the database with their ids, show one, change its
target, status or notes, delete units, and see or undo a unit's changes.

Every change of a unit's target or status is kept in the unit's history
with the previous value, who made it and when: by "units edit" and
"units restore" ($KORPUS_USER, else the OS user), by an import that
replaces a target or status (import --existing newer|overwrite, or a newer
copy of the unit with another status; the file's changer, else the user)
and by carry-over in "add" (the unit it was copied from). Concordance and
lookup see an edit at once and never return a deleted unit.

A deleted unit stays restorable ("units restore ID", "units list
--deleted") until "korpus gc" removes deleted units for good.

Exit codes: 0 success, 1 unknown unit id or change number, a deleted unit
where a live one is needed or the reverse, or database error (nothing
changed), 2 usage error (a bad --status included).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newUnitsListCmd(f), newUnitsShowCmd(f), newUnitsEditCmd(f),
		newUnitsDeleteCmd(f), newUnitsHistoryCmd(f), newUnitsRestoreCmd(f))
	return cmd
}

// unitJSON is the JSON shape of a unit in `units list/show`, shared with
// GET /api/v1/units; its field names are a stable interface.
type unitJSON = report.Unit

func toUnitJSON(u store.StoredUnit) unitJSON {
	j := report.UnitOf(u.Unit, u.Memory)
	if !u.Deleted.IsZero() {
		j.Deleted = jsonTime(u.Deleted)
	}
	return j
}

// parseUnitID reads a unit id argument; a bad one is a usage error.
func parseUnitID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, usageErrorf("unit id %q: want a positive number (korpus units list shows the ids)", s)
	}
	return id, nil
}

// statusFlag checks a --status value; a bad one is a usage error.
func statusFlag(s string) (tm.Status, error) {
	st := tm.Status(s)
	if !st.Valid() {
		return "", usageErrorf("--status %q: want one of new, draft, needs-review, translated, reviewed, final", s)
	}
	return st, nil
}

// unitsUser is who makes a change: $KORPUS_USER, else the OS user.
func unitsUser(getenv func(string) string) string {
	if u := getenv("KORPUS_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

type unitsListOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Flags  unitFilterFlags
	Filter store.UnitListFilter
	JSON   bool
	TSV    bool
}

func newUnitsListCmd(f *factory) *cobra.Command {
	opts := &unitsListOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List units with their ids, filtered by memory, languages, origin, status, creator, date or text",
		Long: `List units with their ids (the "unit N" of lookup and concordance), by id.

` + unitFilterHelp + `

Exit codes: 0 success, 1 unknown memory or database error, 2 usage error
(a bad --status, date or language included).`,
		Example: `  korpus units list --memory legacy --from de --to en --status draft
  korpus units list --creator anna --since 2026-11-01 --until 2026-11-30
  korpus units list --source Vertrag --limit 20 --json`,
		Args: noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.JSON && opts.TSV {
				return usageErrorf("--json and --tsv exclude each other")
			}
			if opts.Filter.Limit < 0 {
				return usageErrorf("--limit %d: want 0 (no limit) or more", opts.Filter.Limit)
			}
			var err error
			if opts.Filter.UnitFilter, err = opts.Flags.filter(); err != nil {
				return err
			}
			return unitsListRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	opts.Flags.register(fl)
	fl.IntVar(&opts.Filter.Limit, "limit", 0, "at most N units (0: all)")
	fl.BoolVar(&opts.Filter.Deleted, "deleted", false, "list the deleted units (restorable until korpus gc) instead of the live ones")
	fl.BoolVar(&opts.JSON, "json", false, "print the units as a JSON array")
	fl.BoolVar(&opts.TSV, "tsv", false, "print tab-separated values with a header line")
	return cmd
}

func unitsListRun(ctx context.Context, opts *unitsListOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	us, err := db.ListUnits(ctx, opts.Filter)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := make([]unitJSON, 0, len(us))
		for _, u := range us {
			out = append(out, toUnitJSON(u))
		}
		return newReportPrinter[[]unitJSON](opts.IO.Out, true, nil).Print(out)
	}
	if opts.TSV {
		return writeUnitsTSV(opts.IO.Out, us)
	}
	rows := [][]string{{"ID", "MEMORY", "PAIR", "STATUS", "ORIGIN", "CHANGED", "SOURCE", "TARGET"}}
	if opts.Filter.Deleted {
		rows[0][5] = "DELETED"
	}
	for _, u := range us {
		when := u.Changed
		if opts.Filter.Deleted {
			when = u.Deleted
		}
		rows = append(rows, []string{strconv.FormatInt(u.ID, 10), u.Memory, string(u.SourceLang) + "→" + string(u.TargetLang),
			string(u.Status), dashEmpty(string(u.Origin)), localTime(when), shorten(u.Source.Plain(), 50), shorten(u.Target.Plain(), 50)})
	}
	return writeTable(opts.IO.Out, rows)
}

func writeUnitsTSV(w io.Writer, us []store.StoredUnit) error {
	clean := strings.NewReplacer("\t", " ", "\r", " ", "\n", " ")
	var b strings.Builder
	b.WriteString("id\tmemory\tsource_lang\ttarget_lang\tstatus\torigin\tcreated\tchanged\tsource\ttarget\n")
	for _, u := range us {
		fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, clean.Replace(u.Memory), u.SourceLang, u.TargetLang,
			u.Status, u.Origin, jsonTime(u.Created), jsonTime(u.Changed), clean.Replace(u.Source.Plain()), clean.Replace(u.Target.Plain()))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func dashEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// shorten cuts s to at most n characters for a table cell.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type unitsShowOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)
	JSON  bool
}

func newUnitsShowCmd(f *factory) *cobra.Command {
	opts := &unitsShowOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one unit in full",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseUnitID(args[0])
			if err != nil {
				return err
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			u, err := db.GetUnit(cmd.Context(), id)
			if err != nil {
				return err
			}
			return newReportPrinter(opts.IO.Out, opts.JSON, printUnit).Print(toUnitJSON(u))
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the unit as JSON")
	return cmd
}

func printUnit(w io.Writer, u unitJSON) error {
	var b strings.Builder
	fmt.Fprintf(&b, "unit %d (memory %s, %s→%s)\n", u.ID, u.Memory, u.SourceLang, u.TargetLang)
	fmt.Fprintf(&b, "  source:  %s\n", indentBreaks(u.Source))
	fmt.Fprintf(&b, "  target:  %s\n", indentBreaks(u.Target))
	fmt.Fprintf(&b, "  status:  %s\n  origin:  %s\n", u.Status, dashEmpty(u.Origin))
	fmt.Fprintf(&b, "  created: %s %s\n  changed: %s %s\n", u.Created, u.Creator, u.Changed, u.Changer)
	for _, n := range u.Notes {
		fmt.Fprintf(&b, "  note:    %s\n", indentBreaks(n.Text))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type unitsEditOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Getenv func(string) string
	Target string
	Status string
	Note   string
	JSON   bool
}

func newUnitsEditCmd(f *factory) *cobra.Command {
	opts := &unitsEditOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "edit ID",
		Short: "Change a unit's target, status or notes (kept in its history)",
		Example: `  korpus units edit 42 --target "The treaty was signed." --status reviewed
  korpus units edit 42 --note "checked against the printed edition"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseUnitID(args[0])
			if err != nil {
				return err
			}
			var e store.UnitEdit
			fl := cmd.Flags()
			if !fl.Changed("target") && !fl.Changed("status") && !fl.Changed("note") {
				return usageErrorf("nothing to change: give --target, --status or --note")
			}
			if fl.Changed("target") {
				if strings.TrimSpace(opts.Target) == "" {
					return usageErrorf("--target must not be empty (korpus units delete removes a unit)")
				}
				e.Target = &opts.Target
			}
			if fl.Changed("status") {
				st, err := statusFlag(opts.Status)
				if err != nil {
					return err
				}
				e.Status = &st
			}
			e.Note = opts.Note
			e.User = unitsUser(opts.Getenv)
			db, err := opts.Store()
			if err != nil {
				return err
			}
			u, changed, err := db.EditUnit(cmd.Context(), id, e)
			if err != nil {
				return err
			}
			if opts.JSON {
				return newReportPrinter[unitJSON](opts.IO.Out, true, nil).Print(toUnitJSON(u))
			}
			if !changed {
				fmt.Fprintf(opts.IO.Out, "Unit %d unchanged.\n", id)
				return nil
			}
			fmt.Fprintf(opts.IO.Out, "Changed unit %d.\n", id)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Target, "target", "", "the new target `TEXT`")
	cmd.Flags().StringVar(&opts.Status, "status", "", "the new status: new, draft, needs-review, translated, reviewed, final")
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note added to the unit (and kept with the change)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the changed unit as JSON")
	return cmd
}

type unitsDeleteOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Getenv func(string) string
	DryRun bool
	Yes    bool
	filter unitFilterFlags
}

func newUnitsDeleteCmd(f *factory) *cobra.Command {
	opts := &unitsDeleteOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "delete ID… | --FILTER…",
		Short: "Delete units (all or, if one id is unknown, none), restorable until korpus gc",
		Long: `Delete units by id, or every unit that the filter flags select (the
filters of korpus units list), all or (when one id is unknown or already
deleted) none, in one transaction. A deleted unit is gone from lookup,
concordance, pretranslate, analyze, export-tm, units list, dedupe and
conflicts at once, and from the concordance index in the same transaction;
it is kept, with its id and history (which records the deletion, who and
when), until korpus gc removes deleted units for good. Until then korpus
units restore ID brings it back, and korpus units list --deleted lists them.

Before deleting more than one unit on a terminal it says how many and asks;
--yes does not ask (scripts, which have no terminal, are never asked).

` + unitFilterHelp + `

Exit codes: 0 success (also when the filters select nothing), 1 unknown or
already deleted id (nothing deleted), not confirmed, or database error, 2
usage error (no ids and no filter, or both).`,
		Example: `  korpus units delete 42 43 --dry-run
  korpus units delete 42 43
  korpus units delete --memory client-a --origin mt --until 2025-12-31 --dry-run
  korpus units restore 42`,
		RunE: func(cmd *cobra.Command, args []string) error {
			filtered := opts.filter.changed(cmd.Flags())
			if len(args) == 0 && !filtered {
				return usageErrorf("give the ids of the units to delete, or filter flags (--memory, --origin, --source …) that select them")
			}
			if len(args) > 0 && filtered {
				return usageErrorf("give either unit ids or filter flags, not both")
			}
			ids := make([]int64, 0, len(args))
			for _, a := range args {
				id, err := parseUnitID(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			var uf store.UnitFilter
			if filtered {
				var err error
				if uf, err = opts.filter.filter(); err != nil {
					return err
				}
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			if filtered {
				us, err := db.ListUnits(cmd.Context(), store.UnitListFilter{UnitFilter: uf})
				if err != nil {
					return err
				}
				if len(us) == 0 {
					fmt.Fprintln(opts.IO.Out, "No unit matches the filters; nothing deleted.")
					return nil
				}
				for _, u := range us {
					ids = append(ids, u.ID)
				}
			}
			if len(ids) > 1 && !opts.DryRun && !opts.Yes && opts.IO.InTTY && opts.IO.ErrTTY {
				fmt.Fprintf(opts.IO.ErrOut, "Delete %d units (restorable until korpus gc)? [y/N] ", len(ids))
				answer, _ := bufio.NewReader(opts.IO.In).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
					return tm.Errorf(tm.ECONFLICT, "not confirmed: nothing deleted")
				}
			}
			us, err := db.DeleteUnitsAs(cmd.Context(), ids, opts.DryRun, unitsUser(opts.Getenv))
			if err != nil {
				return err
			}
			verb := "Deleted"
			if opts.DryRun {
				verb = "Would delete (dry run, nothing changed)"
			}
			fmt.Fprintf(opts.IO.Out, "%s %d unit(s):", verb, len(us))
			for _, u := range us {
				fmt.Fprintf(opts.IO.Out, " %d", u.ID)
			}
			fmt.Fprintln(opts.IO.Out)
			if !opts.DryRun {
				fmt.Fprintln(opts.IO.Out, "korpus units restore ID brings one back until korpus gc.")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check the ids and say what would be deleted, change nothing")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask before deleting more than one unit on a terminal")
	opts.filter.register(cmd.Flags())
	return cmd
}

// unitChangeJSON is one entry of `units history --json` (and of
// GET /api/v1/units/{id}/history).
type unitChangeJSON = report.UnitChange

type unitsHistoryOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)
	JSON  bool
}

func newUnitsHistoryCmd(f *factory) *cobra.Command {
	opts := &unitsHistoryOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "history ID",
		Short: "List a unit's changes of target and status, oldest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseUnitID(args[0])
			if err != nil {
				return err
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			hist, err := db.UnitHistory(cmd.Context(), id)
			if err != nil {
				return err
			}
			out := make([]unitChangeJSON, 0, len(hist))
			for _, c := range hist {
				out = append(out, unitChangeJSON{Change: c.Number, Time: jsonTime(c.Time), User: c.User, Via: c.Via,
					OldTarget: c.OldTarget.Plain(), OldStatus: string(c.OldStatus),
					NewTarget: c.NewTarget.Plain(), NewStatus: string(c.NewStatus), Note: c.Note})
			}
			return newReportPrinter(opts.IO.Out, opts.JSON, printUnitHistory).Print(out)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the changes as a JSON array")
	return cmd
}

func printUnitHistory(w io.Writer, hist []unitChangeJSON) error {
	if len(hist) == 0 {
		_, err := io.WriteString(w, "No changes.\n")
		return err
	}
	var b strings.Builder
	for _, c := range hist {
		fmt.Fprintf(&b, "change %d  %s  %s  %s\n", c.Change, c.Time, dashEmpty(c.User), dashEmpty(c.Via))
		if c.OldTarget != c.NewTarget {
			fmt.Fprintf(&b, "  target: %s\n       → %s\n", indentBreaks(c.OldTarget), indentBreaks(c.NewTarget))
		}
		if c.OldStatus != c.NewStatus {
			fmt.Fprintf(&b, "  status: %s → %s\n", c.OldStatus, c.NewStatus)
		}
		switch c.Via {
		case store.ViaDelete:
			b.WriteString("  deleted (korpus units restore brings it back until korpus gc)\n")
		case store.ViaUndelete:
			b.WriteString("  restored after its deletion\n")
		}
		if c.Note != "" {
			fmt.Fprintf(&b, "  note:   %s\n", indentBreaks(c.Note))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type unitsRestoreOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Getenv func(string) string
	Change int
}

func newUnitsRestoreCmd(f *factory) *cobra.Command {
	opts := &unitsRestoreOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "restore ID [--to-change N]",
		Short: "Bring a deleted unit back, or give a unit the target and status it had before change N",
		Long: `Without --to-change: bring a deleted unit back (until korpus gc removes
it), with its id, target, status and history; lookup and concordance find
it again at once.

With --to-change N: give a live unit back the target and status it had
before its change N (korpus units history ID numbers them). The restore is
itself a change in the history, so it can be undone the same way.

Exit codes: 0 success (also when the unit already has those values),
1 unknown unit, unknown change number, a live unit without --to-change or
a deleted one with it, database error (nothing changed), 2 usage error.`,
		Example: `  korpus units restore 42
  korpus units history 42
  korpus units restore 42 --to-change 1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseUnitID(args[0])
			if err != nil {
				return err
			}
			toChange := cmd.Flags().Changed("to-change")
			if toChange && opts.Change < 1 {
				return usageErrorf("--to-change %d: want N ≥ 1, a change number from korpus units history", opts.Change)
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			if !toChange {
				if _, err := db.UndeleteUnit(cmd.Context(), id, unitsUser(opts.Getenv)); err != nil {
					return err
				}
				fmt.Fprintf(opts.IO.Out, "Restored deleted unit %d.\n", id)
				return nil
			}
			_, changed, err := db.RestoreUnit(cmd.Context(), id, opts.Change, unitsUser(opts.Getenv))
			if err != nil {
				return err
			}
			if !changed {
				fmt.Fprintf(opts.IO.Out, "Unit %d already has the target and status it had before change %d.\n", id, opts.Change)
				return nil
			}
			fmt.Fprintf(opts.IO.Out, "Restored unit %d to before change %d.\n", id, opts.Change)
			return nil
		},
	}
	cmd.Flags().IntVar(&opts.Change, "to-change", 0, "the change number `N` to undo (and every later one)")
	return cmd
}
