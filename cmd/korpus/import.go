package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/format"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/unitfmt"
	"github.com/spf13/cobra"
)

// importOptions are the flags and injected dependencies of korpus import.
// importXLIFF (import_xliff.go) receives them for XLIFF input.
type importOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)
	// Ctx is the command's context (cancelled on Ctrl-C); it is here
	// because importXLIFF's signature has no context parameter.
	Ctx context.Context

	File string
	// LangMap is --lang-map for the store: its left sides that are BCP 47
	// tags, canonical. RawLangMap is --lang-map as written, for the
	// decoders, which rename a file's language before parsing it (files
	// carry "English", "language0", "xx").
	LangMap    map[tm.Lang]tm.Lang
	RawLangMap map[string]tm.Lang
	DryRun     bool
	JSON       bool
	NoIndex    bool
	// Memory is the memory the units go to (--memory; "" is "default").
	Memory string
	// SourceLang, when set, is the source language of every TMX <tu>
	// (--source-lang; for srclang="*all*" or a wrong header srclang), and
	// of XLIFF and PO files that name none. TargetLang is the target
	// language of XLIFF and PO files that name none (--target-lang).
	SourceLang tm.Lang
	TargetLang tm.Lang
	// Warnings are what the import accepted but reports (a target that
	// adds, drops or reorders inline codes), "file: line L, column C: …".
	Warnings []string
	// SkipInvalid is --skip-invalid: decoders skip invalid units instead
	// of refusing the file, and list them in Invalid.
	SkipInvalid bool
	Invalid     []tm.InvalidUnit
	// Progress counts units as they are read (a bar on a terminal).
	Progress Progress
	// MaxSegment is --max-segment: units with a longer source or target
	// are skipped (0: tm.DefaultMaxSegment).
	MaxSegment int
	// Index receives what bringing the indexes up to date did; nil with
	// --no-index or --dry-run. The store does it in the import's own
	// transaction.
	Index *store.IndexStats
	// Existing is --existing: add, newer or overwrite. User is who
	// imports ($KORPUS_USER, else the OS user), for the units' history.
	Existing store.ExistingMode
	User     string
}

// unitOptions are the store's options for importing the file's units.
func (o *importOptions) unitOptions(progress func(int)) store.ImportOptions {
	name := o.File
	if name == "-" {
		name = "stdin"
	}
	return store.ImportOptions{DryRun: o.DryRun, LangMap: o.LangMap, Progress: progress, Memory: o.Memory,
		Existing: o.Existing, User: o.User, File: "import " + name, Index: o.Index}
}

// decodeOptions are the decoders' options from the flags.
func (o *importOptions) decodeOptions() unitfmt.DecodeOptions {
	return unitfmt.DecodeOptions{SourceLang: o.SourceLang, TargetLang: o.TargetLang, SkipInvalid: o.SkipInvalid,
		LangMap: o.RawLangMap, MaxSegment: o.maxSegment(), MaxLine: tm.MaxLine(o.maxSegment()), LongReason: tm.LineTooLong(o.maxSegment())}
}

func (o *importOptions) maxSegment() int {
	if o.MaxSegment > 0 {
		return o.MaxSegment
	}
	return tm.DefaultMaxSegment
}

func newImportCmd(f *factory) *cobra.Command {
	opts := &importOptions{IO: f.IO, Store: f.Store}
	var maxSeg int
	var langMap []string
	var existing string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a TMX, XLIFF, TSV, JSONL or PO file into the memory",
		Long: `Import translations from FILE (- for standard input). The format is
detected from the content, not the file name: TMX 1.4b (UTF-8 or UTF-16),
XLIFF 1.2, XLIFF 2.x, TSV, JSON Lines (columns in the README) or gettext
PO (no source language in the file: --source-lang, or the memory's when
all its units share one; the target from the header's Language: or
--target-lang).

TMX, TSV, JSONL and foreign XLIFF become translation units in the memory;
an XLIFF exported by korpus stores its targets as translations of that
document's segments; both go to the memory --memory names. The import is one transaction: on any error (bad
XML, unknown language, unbalanced inline codes …) nothing is stored.
With --skip-invalid an invalid unit (unbalanced codes, a bad language
tag, a broken TSV line or PO entry …) is skipped instead and listed with
its file, line and column, and the valid ones are imported, still in one
transaction; malformed XML still refuses the whole file, since nothing
after it can be read reliably.

A unit whose languages, source (ignoring whitespace differences) and
target equal a stored unit's is unchanged, or updated when it is newer and
brings other props, notes or another status. The same source with another
target is, by --existing:
  add        added as an alternative translation (the default)
  newer      the new target of the stored unit with that source and
             context when the file's unit was changed later (an undated
             one never was); an older one is skipped
  overwrite  the new target of that stored unit, whatever the dates
A replaced target or status is kept in the unit's history (korpus units
history ID; the file's changer or $KORPUS_USER, the time of the import),
and korpus units restore ID --to-change N brings it back. The report
counts units read, added, updated, unchanged and skipped (with reasons).

The concordance (full-text) and fuzzy-match indexes are brought up to
date in the same transaction, so that the first search or lookup is fast
and a failure while indexing stores nothing; on 1M units that takes about
as long again as the import itself. --no-index skips both: the next
import catches up, and until then searches also read the unindexed units.

Exit codes: 0 success, 1 bad input or database error (nothing stored),
2 usage error.`,
		Example: `  korpus import memory.tmx
  korpus import --lang-map de-DE=de,en-US=en --json trados.tmx
  korpus import --dry-run translated.xlf
  korpus import --existing newer reviewed.tmx`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			raw, m, err := parseLangMap(langMap)
			if err != nil {
				return err
			}
			opts.LangMap, opts.RawLangMap = m, raw
			opts.Ctx = cmd.Context()
			opts.Existing = store.ExistingMode(existing)
			if !opts.Existing.Valid() {
				return usageErrorf("--existing %q: want add, newer or overwrite", existing)
			}
			opts.User = unitsUser(f.Getenv)
			opts.MaxSegment = f.MaxSegment()
			if maxSeg > 0 {
				opts.MaxSegment = maxSeg
			}
			return importRun(opts)
		},
	}
	cmd.Flags().StringSliceVar(&langMap, "lang-map", nil, "rename languages: `FROM=TO[,FROM=TO…]`, e.g. de-DE=de,en-US=en; FROM is the file's name as written (\"English\", \"xx\"), TO a BCP 47 tag")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "read and count everything, store nothing")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&opts.SkipInvalid, "skip-invalid", false, "skip invalid units (listed with file:line:column) and import the valid ones, instead of refusing the file")
	cmd.Flags().Var(langValue{l: &opts.SourceLang}, "source-lang", "TMX: take this language as the source of every <tu>, whatever srclang says; XLIFF, PO: the source language when the file names none")
	cmd.Flags().Var(langValue{l: &opts.TargetLang}, "target-lang", "XLIFF, PO: the target language when the file names none (po2xliff, PASSOLO)")
	cmd.Flags().StringVar(&opts.Memory, "memory", store.DefaultMemory, "the memory the units go to (korpus memory create makes one)")
	cmd.Flags().Var(sizeValue{n: &maxSeg}, "max-segment", "skip units whose source or target is longer, e.g. 1MiB (`SIZE`; default: the global --max-segment, 64KiB)")
	cmd.Flags().BoolVar(&opts.NoIndex, "no-index", false, "do not update the search and match indexes after the import")
	cmd.Flags().StringVar(&existing, "existing", string(store.ExistingAdd), "a stored source with another target: add (keep both), newer (replace it when the file's unit is newer) or overwrite (replace it); replaced targets are kept in the units' history")
	return cmd
}

// parseLangMap parses --lang-map values "de-DE=de". The left side is the
// language as the file writes it, which need not be a BCP 47 tag; raw maps
// it as written, canon by its canonical tag where it is one.
func parseLangMap(pairs []string) (raw map[string]tm.Lang, canon map[tm.Lang]tm.Lang, err error) {
	if len(pairs) == 0 {
		return nil, nil, nil
	}
	raw, canon = map[string]tm.Lang{}, map[tm.Lang]tm.Lang{}
	for _, p := range pairs {
		from, to, ok := strings.Cut(p, "=")
		from = strings.TrimSpace(from)
		if !ok || from == "" {
			return nil, nil, usageErrorf("--lang-map %q: want FROM=TO, e.g. de-DE=de", p)
		}
		tl, err := tm.ParseLang(strings.TrimSpace(to))
		if err != nil {
			return nil, nil, usageErrorf("--lang-map %q: %v", p, err)
		}
		if prev, ok := raw[from]; ok && prev != tl {
			return nil, nil, usageErrorf("--lang-map %q: %s is already mapped to %s", p, from, prev)
		}
		raw[from] = tl
		if fl, err := tm.ParseLang(from); err == nil {
			if prev, ok := canon[fl]; ok && prev != tl {
				return nil, nil, usageErrorf("--lang-map %q: %s is already mapped to %s", p, fl, prev)
			}
			canon[fl] = tl
		}
	}
	return raw, canon, nil
}

// importReport is what import prints; its JSON names are a stable interface.
type importReport struct {
	report.Import
	// Documents are the documents of a korpus XLIFF export and what
	// happened to their translations.
	Documents []importDocument `json:"documents,omitempty"`
	// Warnings are what was imported but deserves a look, each
	// "file: line L, column C: message".
	Warnings []string `json:"warnings,omitempty"`
	// Invalid are the units --skip-invalid left out (counted in
	// skip_reasons too), in input order.
	Invalid []tm.InvalidUnit `json:"invalid,omitempty"`
}

var formatNames = map[format.Format]string{
	format.TMX: "TMX", format.XLIFF12: "XLIFF 1.2", format.XLIFF2: "XLIFF 2", format.TSV: "TSV", format.JSONL: "JSONL",
	format.PO: "PO",
}

func importRun(opts *importOptions) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	name := opts.File
	var in io.Reader
	if opts.File == "-" {
		name, in = "stdin", opts.IO.In
	} else {
		f, err := os.Open(opts.File)
		if err != nil {
			return tm.Errorf(tm.EINVALID, "cannot read %s: %v", opts.File, unwrapPathErr(err))
		}
		defer f.Close()
		in = f
	}
	fmtKind, r, err := format.Detect(in)
	if err != nil {
		return &tm.Error{Code: tm.EINVALID, Message: name, Err: err}
	}
	p := newProgress(opts.IO, "importing", -1, "units")
	defer p.Done()
	opts.Progress = p
	if !opts.DryRun && !opts.NoIndex {
		// Both indexes catch up from their watermarks inside the import's
		// transaction, so this also indexes what an earlier --no-index
		// import left behind, costs one query each when there is nothing
		// new, and a failure there stores nothing.
		opts.Index = &store.IndexStats{}
	}
	start := time.Now()
	var stats tm.ImportStats
	var docs []importDocument
	switch fmtKind {
	case format.XLIFF12, format.XLIFF2:
		stats, docs, err = importXLIFF(opts, name, r)
	default:
		stats, err = importUnits(ctx, opts, fmtKind, name, r)
	}
	p.Done()
	var unitErr *tm.UnitError
	if errors.As(err, &unitErr) {
		err = fmt.Errorf("%w (import --skip-invalid skips such units and imports the others)", err)
	}
	if err != nil {
		return err
	}
	rep := importReport{Import: report.Import{File: name, Format: formatNames[fmtKind], DryRun: opts.DryRun, ImportStats: stats,
		Seconds: time.Since(start).Seconds()}, Documents: docs, Warnings: opts.Warnings, Invalid: opts.Invalid}
	if ix := opts.Index; ix != nil {
		rep.Indexed, rep.IndexSeconds, rep.MatchIndexed, rep.MatchIndexSeconds = ix.FTS, ix.FTSSeconds, ix.Match, ix.MatchSeconds
	}
	return newReportPrinter(opts.IO.Out, opts.JSON, printImportText).Print(rep)
}

// skipCounter is a decoder that counts what it skipped (tmx.Decoder).
type skipCounter interface{ Skipped() map[string]int }

// importUnits imports TMX, TSV or JSONL into the memory.
func importUnits(ctx context.Context, opts *importOptions, kind format.Format, name string, r io.Reader) (tm.ImportStats, error) {
	dopts := opts.decodeOptions()
	if kind == format.PO {
		src, err := poSourceLang(ctx, opts)
		if err != nil {
			return tm.ImportStats{}, err
		}
		dopts.SourceLang = src
	}
	dec, err := unitfmt.NewDecoderOptions(kind, r, name, dopts)
	if err != nil {
		return tm.ImportStats{}, err
	}
	// Read the first unit before opening the database, so that a file
	// broken at its start does not even create one.
	first, err := dec.Next()
	if err != nil && err != io.EOF {
		return tm.ImportStats{}, err
	}
	db, err := opts.Store()
	if err != nil {
		return tm.ImportStats{}, err
	}
	var prog func(int)
	if opts.Progress != nil {
		prog = opts.Progress.Add
	}
	lim := newLengthLimit(&peekedReader{first: first, r: dec}, opts.maxSegment())
	stats, err := db.ImportUnits(ctx, lim, opts.unitOptions(prog))
	if err != nil {
		return stats, err
	}
	for _, c := range []any{dec, lim} {
		if sc, ok := c.(skipCounter); ok {
			addSkipped(&stats, sc.Skipped())
		}
	}
	if il, ok := dec.(invalidLister); ok {
		opts.Invalid = il.Invalid()
	}
	return stats, nil
}

// invalidLister is a decoder that lists the units it skipped as invalid
// (import --skip-invalid).
type invalidLister interface{ Invalid() []tm.InvalidUnit }

// poSourceLang is the source language of a PO file, which names none:
// --source-lang, or else the memory's when all its units share one.
func poSourceLang(ctx context.Context, opts *importOptions) (tm.Lang, error) {
	if opts.SourceLang != "" {
		return opts.SourceLang, nil
	}
	db, err := opts.Store()
	if err != nil {
		return "", err
	}
	pairs, err := db.LanguagePairs(ctx)
	if err != nil {
		return "", err
	}
	var src string
	for _, p := range pairs {
		if src != "" && p[0] != src {
			return "", usageErrorf("a PO file names no source language and the memory holds several (%s, %s): give --source-lang", src, p[0])
		}
		src = p[0]
	}
	if src == "" {
		return "", usageErrorf("a PO file names no source language: give --source-lang")
	}
	return tm.Lang(src), nil
}

// addSkipped counts units a reader skipped as read and skipped.
func addSkipped(stats *tm.ImportStats, skipped map[string]int) {
	for reason, n := range skipped {
		stats.Read += n
		for range n {
			stats.Skip(reason)
		}
	}
}

// lengthLimit drops the units whose source or target is longer than max
// bytes (--max-segment) and counts them: one huge unit would make the
// match index and every lookup hang. The decoders of TSV and JSONL skip
// such lines before keeping them (MaxLine); TMX and XLIFF units are
// refused here, after they are read.
type lengthLimit struct {
	r       tm.UnitReader
	max     int
	skipped map[string]int
}

func newLengthLimit(r tm.UnitReader, max int) *lengthLimit {
	return &lengthLimit{r: r, max: max, skipped: map[string]int{}}
}

func (l *lengthLimit) Next() (*tm.Unit, error) {
	for {
		u, err := l.r.Next()
		if err != nil || !tm.UnitTooLong(u, l.max) {
			return u, err
		}
		l.skipped[tm.SegmentTooLong(l.max)]++
	}
}

func (l *lengthLimit) Skipped() map[string]int { return l.skipped }

// peekedReader gives back a unit read ahead, then the rest.
type peekedReader struct {
	first *tm.Unit
	r     tm.UnitReader
}

func (p *peekedReader) Next() (*tm.Unit, error) {
	if p.first != nil {
		u := p.first
		p.first = nil
		return u, nil
	}
	return p.r.Next()
}

func printImportText(w io.Writer, r importReport) error {
	verb := "Imported"
	if r.DryRun {
		verb = "Dry run, nothing stored:"
	}
	merged := ""
	if r.Merged > 0 {
		merged = fmt.Sprintf(", merged %s", plural(r.Merged, "duplicate", "duplicates"))
	}
	fmt.Fprintf(w, "%s %s (%s): %s read, %s added, %s updated, %s unchanged%s, %s skipped\n",
		verb, r.File, r.Format, plural(r.Read, "unit", "units"), thousands(r.Added), thousands(r.Updated),
		thousands(r.Unchanged), merged, thousands(r.Skipped))
	reasons := make([]string, 0, len(r.Reasons))
	for reason := range r.Reasons {
		reasons = append(reasons, reason)
	}
	sort.Strings(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(w, "  skipped %s: %s\n", thousands(r.Reasons[reason]), reason)
	}
	for _, u := range r.Invalid {
		fmt.Fprintf(w, "  invalid: %s\n", u)
	}
	const maxWarnings = 20
	for i, warning := range r.Warnings {
		if i == maxWarnings {
			fmt.Fprintf(w, "  … and %d more warnings (import --json lists them all)\n", len(r.Warnings)-maxWarnings)
			break
		}
		fmt.Fprintf(w, "  warning: %s\n", warning)
	}
	_, err := fmt.Fprintf(w, "Took %.1fs", r.Seconds)
	if r.Indexed > 0 {
		_, err = fmt.Fprintf(w, "; indexed %s for search in %.1fs", plural(r.Indexed, "unit", "units"), r.IndexSeconds)
	}
	if r.MatchIndexed > 0 {
		_, err = fmt.Fprintf(w, "; indexed %s for matching in %.1fs", plural(r.MatchIndexed, "unit", "units"), r.MatchIndexSeconds)
	}
	fmt.Fprintln(w, ".")
	return err
}
