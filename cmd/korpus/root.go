package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, mapped from errors in exitCode and nowhere else.
const (
	exitOK    = 0 // success
	exitError = 1 // runtime or data error: bad file, not found, conflict, database
	exitUsage = 2 // usage error: unknown command or flag, wrong arguments, invalid flag value
	// exitInterrupted is what shells report for a process ended by SIGINT
	// (128 + 2): korpus stopped on Ctrl-C, having stored nothing.
	exitInterrupted = 130
	defaultDB       = "korpus.db"
	envDB           = "KORPUS_DB"
	programName     = "korpus"
)

// IOStreams are the streams a command reads and writes, injected so tests
// run commands in-process with buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data and reports
	ErrOut io.Writer // warnings, notices, progress
	// InTTY, OutTTY and ErrTTY say whether the stream is a terminal (tables
	// and progress bars for terminals, plain output for pipes).
	InTTY, OutTTY, ErrTTY bool
}

// factory hands commands what they share: the streams, the environment
// and a lazily opened store. Only commands that need the database open it.
type factory struct {
	IO     *IOStreams
	Getenv func(string) string

	dbFlag string        // --db
	wait   time.Duration // --wait: how long a write waits for another writer (0: as long as it takes)
	// maxSegment is --max-segment: the longest source or target text (bytes)
	// stored, indexed or looked up.
	maxSegment int
	db         *store.DB
	started    bool // a command's RunE began: later errors are runtime errors
}

// DBPath returns the database path: --db, else $KORPUS_DB, else korpus.db
// in the current directory.
func (f *factory) DBPath() string {
	if f.dbFlag != "" {
		return f.dbFlag
	}
	if p := f.Getenv(envDB); p != "" {
		return p
	}
	return defaultDB
}

// Store opens the database (creating it when missing) on first use; for
// commands that write. run closes it when the command returns.
func (f *factory) Store() (*store.DB, error) {
	if f.db != nil {
		return f.db, nil
	}
	db, err := store.OpenWith(f.DBPath(), true, f.storeOptions())
	if err != nil {
		return nil, err
	}
	f.db = db
	return db, nil
}

// StoreExisting is Store for commands that only read: a missing database
// file is an error instead of a new empty database.
func (f *factory) StoreExisting() (*store.DB, error) {
	if f.db != nil {
		return f.db, nil
	}
	db, err := store.OpenWith(f.DBPath(), false, f.storeOptions())
	if err != nil {
		return nil, err
	}
	f.db = db
	return db, nil
}

// storeOptions: --wait, and a line on a terminal's stderr when a write
// has to wait for another writer.
func (f *factory) storeOptions() store.Options {
	o := store.Options{Wait: f.wait, MaxSegment: f.MaxSegment()}
	if f.IO.ErrTTY {
		errOut := f.IO.ErrOut
		o.OnWait = func(msg string) { fmt.Fprintln(errOut, "korpus: "+msg) }
	}
	return o
}

// MaxSegment is --max-segment, else tm.DefaultMaxSegment.
func (f *factory) MaxSegment() int {
	if f.maxSegment > 0 {
		return f.maxSegment
	}
	return tm.DefaultMaxSegment
}

func (f *factory) close() error {
	if f.db == nil {
		return nil
	}
	err := f.db.Close()
	f.db = nil
	return err
}

const rootLong = `korpus manages a translation memory and a parallel corpus: it segments
source documents into sentences, stores them with their versions in an
SQLite database, and works with their translations.

The database is --db PATH, else $KORPUS_DB, else korpus.db in the current
directory.

Exit codes:
    0  success
    1  runtime or data error (bad input file, not found, conflict, database error)
    2  usage error (unknown command or flag, wrong arguments, invalid flag value)
  130  interrupted (Ctrl-C); nothing was stored`

// newRootCmd builds the korpus command tree. New commands are added here,
// one line each.
func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:                        programName,
		Short:                      "Translation memory and parallel corpus manager",
		Long:                       rootLong,
		SilenceErrors:              true,
		SilenceUsage:               true,
		SuggestionsMinimumDistance: 2,
		Args:                       noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.PersistentFlags().StringVar(&f.dbFlag, "db", "", "database `PATH` (default $KORPUS_DB, else korpus.db)")
	root.PersistentFlags().DurationVar(&f.wait, "wait", 0, "how long a write waits for another korpus writing to the same database, e.g. 30s (`DURATION`; default: as long as it takes)")
	root.PersistentFlags().Var(sizeValue{n: &f.maxSegment}, "max-segment", "the longest source or target text korpus stores, indexes or looks up, e.g. 1MiB (`SIZE`; default 64KiB): import skips longer units, add and lookup refuse them")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: err}
	})

	root.AddCommand(
		newSegmentCmd(f),
		newAddCmd(f),
		newDocsCmd(f),
		newShowCmd(f),
		newLookupCmd(f),
		newConcordanceCmd(f),
		newPretranslateCmd(f),
		newAnalyzeCmd(f),
		newDiffCmd(f),
		newAlignCmd(f),
		newImportCmd(f),
		newExportTMCmd(f),
		newExportCmd(f),
		newTermsCmd(f),
		newCheckCmd(f),
		newServeCmd(f),
		newTokenCmd(f),
		newMemoryCmd(f),
		newUnitsCmd(f),
		newDedupeCmd(f),
		newGCCmd(f),
		newConflictsCmd(f),
	)

	markStarted(root, f)
	return root
}

// markStarted wraps every command's RunE so that f.started tells errors
// raised by cobra before a command runs (usage errors) from errors the
// command returns (runtime errors, unless they are usageErrors).
func markStarted(c *cobra.Command, f *factory) {
	if orig := c.RunE; orig != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			f.started = true
			return orig(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		markStarted(sub, f)
	}
}

// noArgs rejects arguments to a command that has subcommands: they are
// unknown commands.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if sugg := cmd.SuggestionsFor(args[0]); len(sugg) > 0 {
			msg += "; did you mean " + strings.Join(sugg, ", ") + "?"
		}
		return &usageError{err: errors.New(msg)}
	}
	return nil
}

// noArguments is cobra.NoArgs for a command without subcommands, whose
// arguments are not unknown commands (cobra's wording) but just too many.
func noArguments(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// usageError marks an error as a usage error (exit code 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a usage error for a run function to return.
func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code; the one place that does.
// interrupted tells whether the run was stopped by Ctrl-C.
func exitCode(err error, started, interrupted bool) int {
	if err == nil {
		return exitOK
	}
	if interrupted {
		return exitInterrupted
	}
	var ue *usageError
	if errors.As(err, &ue) || !started {
		return exitUsage
	}
	return exitError
}

// run is the program: main calls it with the real streams, tests with
// buffers.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills the process
	}()
	ios := &IOStreams{In: stdin, Out: stdout, ErrOut: stderr,
		InTTY: isTerminal(stdin), OutTTY: isTerminal(stdout), ErrTTY: isTerminal(stderr)}
	return runWith(ctx, args, ios, os.Getenv)
}

// runWith runs korpus with the given streams and environment and returns
// the exit code. It prints errors as one line "korpus: message" on ErrOut.
func runWith(ctx context.Context, args []string, ios *IOStreams, getenv func(string) string) int {
	f := &factory{IO: ios, Getenv: getenv}
	root := newRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if cerr := f.close(); err == nil && cerr != nil {
		err = cerr
	}
	interrupted := errors.Is(err, context.Canceled) && ctx.Err() != nil
	code := exitCode(err, f.started, interrupted)
	if interrupted {
		err = errors.New("interrupted")
	}
	if err != nil {
		fmt.Fprintf(ios.ErrOut, "%s: %s\n", programName, oneLine(err.Error()))
		if code == exitUsage {
			if cmd == nil {
				cmd = root
			}
			fmt.Fprintf(ios.ErrOut, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}

// oneLine folds a multi-line message (such as cobra's "Did you mean
// this?" suggestions) into one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	head, rest, _ := strings.Cut(s, "\n")
	if _, sugg, ok := strings.Cut(rest, "Did you mean this?"); ok {
		return strings.TrimSpace(head) + "; did you mean " + strings.Join(strings.Fields(sugg), ", ") + "?"
	}
	return strings.Join(strings.Fields(s), " ")
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
