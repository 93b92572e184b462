package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/check"
	"github.com/korpus/korpus/tm/format"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/po"
	"github.com/korpus/korpus/tm/term"
	"github.com/korpus/korpus/tm/xliff"
	"github.com/spf13/cobra"
)

type checkOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	File       string
	From, To   tm.Lang
	JSON       bool
	Only, Skip []string
}

func newCheckCmd(f *factory) *cobra.Command {
	opts := &checkOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "check FILE.xlf|FILE.xliff|FILE.po|DOC[@VERSION]",
		Short: "Run quality checks on translations: an XLIFF or PO file, or a stored document",
		Long: `Check every segment of an XLIFF 1.2 or 2.x file, a PO file (source
language --from, default de), or the translations stored for a document
version (when FILE is no file), and list the problems found, one per
line: FILE:LINE: SEVERITY [CHECK] segment ID: reason.

Checks (names for --only and --skip; see the README, "Quality checks"):
  numbers       a number of the source missing or changed in the target
                (German 3.000,50 = English 3,000.50; "19. Juni" = "June 19")
  codes         inline codes missing in the target, or extra, or in an order
                no format allows (closing before opening, overlapping
                pairs the source nests, canReorder="no" codes moved)
  untranslated  empty target (error), or target = source when the source
                has letters and more than one word (warning)
  spaces        leading, trailing or double spaces that differ from the source
  punctuation   the end punctuation differs
  brackets      unbalanced () [] {} or quotes in the target (when the source
                is balanced)
  length        target length far from usual for the pair (sources of 20
                characters or more): a length model fitted to the memory's
                units of the pair (30 or more), else 0.5×–2× the source
  consistency   the same source translated differently earlier in the file,
                or differently from the memory's confirmed units
  terms         a termbase term in the source whose approved target is not in
                the target, or a forbidden/deprecated target term used; runs
                when the database has terms for the pair, else is skipped

JSON: an array of {"file", "line", "segment", "severity": "error|warning",
"check", "reason", "source", "target"} ([] when nothing was found).

Exit codes: 0 nothing found, 1 problems found (or an unreadable file),
2 usage error (missing --to, unknown check name).`,
		Example: `  korpus check article.en.xlf --to en
  korpus check article.en.xlf --to en --only numbers,codes --json
  korpus check article.en.xlf --to en --skip length,consistency`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if err := requireTo(opts.To); err != nil {
				return err
			}
			for _, n := range append(append([]string(nil), opts.Only...), opts.Skip...) {
				if !check.Known(n) {
					return usageErrorf("unknown check %q (checks: %s)", n, strings.Join(check.Names(), ", "))
				}
			}
			return checkRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.Var(langValue{l: &opts.To}, "to", "target language (BCP 47), required")
	fl.Var(langValue{l: &opts.From}, "from", "source language (default: the XLIFF file's or the document's, else de; PO files name none)")
	fl.BoolVar(&opts.JSON, "json", false, "print JSON")
	fl.StringSliceVar(&opts.Only, "only", nil, "run only these checks (NAME,NAME…)")
	fl.StringSliceVar(&opts.Skip, "skip", nil, "do not run these checks (NAME,NAME…)")
	return cmd
}

// checkJSON is one problem in check --json.
type checkJSON struct {
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Segment  string         `json:"segment"`
	Severity check.Severity `json:"severity"`
	Check    string         `json:"check"`
	Reason   string         `json:"reason"`
	Source   string         `json:"source"`
	Target   string         `json:"target"`
}

func checkRun(ctx context.Context, opts *checkOptions) error {
	name, segs, from, err := checkSegments(ctx, opts)
	if err != nil {
		return err
	}
	co := check.Options{From: from, To: opts.To}
	if len(opts.Only) > 0 || len(opts.Skip) > 0 {
		co.Enabled = map[string]bool{}
		for _, n := range check.Names() {
			co.Enabled[n] = len(opts.Only) == 0
		}
		for _, n := range opts.Only {
			co.Enabled[n] = true
		}
		for _, n := range opts.Skip {
			co.Enabled[n] = false
		}
	}
	if co.Enabled == nil || co.Enabled[check.Terms] {
		rec, err := checkRecognizer(ctx, opts, from)
		if err != nil {
			return err
		}
		if rec == nil && len(opts.Only) > 0 && co.Enabled[check.Terms] {
			fmt.Fprintf(opts.IO.ErrOut, "korpus: no %s→%s termbase in the database: terms check skipped\n", from, opts.To)
		}
		co.Terms = rec
	}
	if co.Enabled == nil || co.Enabled[check.Consistency] || co.Enabled[check.Length] {
		done, err := checkMemory(ctx, opts, from, &co)
		if err != nil {
			return err
		}
		defer done()
	}
	problems := check.Run(segs, co)
	if opts.JSON {
		out := make([]checkJSON, 0, len(problems))
		for _, p := range problems {
			s := segs[p.Segment]
			out = append(out, checkJSON{File: name, Line: s.Line, Segment: s.ID, Severity: p.Severity, Check: p.Check,
				Reason: p.Reason, Source: s.Source.Plain(), Target: s.Target.Plain()})
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		for _, p := range problems {
			s := segs[p.Segment]
			if _, err := fmt.Fprintf(opts.IO.Out, "%s:%d: %s [%s] segment %s: %s\n", name, s.Line, p.Severity, p.Check, s.ID, p.Reason); err != nil {
				return err
			}
		}
	}
	if len(problems) > 0 {
		word := "problems"
		if len(problems) == 1 {
			word = "problem"
		}
		return tm.Errorf(tm.EINVALID, "%d %s found in %s", len(problems), word, name)
	}
	return nil
}

// checkRecognizer returns the termbase's recognizer for the pair, or nil
// when there is no database or no term for the pair.
func checkRecognizer(ctx context.Context, opts *checkOptions, from tm.Lang) (*term.Recognizer, error) {
	db, err := opts.Store()
	if err != nil {
		if tm.ErrorCode(err) == tm.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	rec, err := db.Recognizer(ctx, from, opts.To)
	if err != nil || rec.Len() == 0 {
		return nil, err
	}
	return rec, nil
}

// checkSegments reads what check checks: an XLIFF (1.2 or 2.x) or PO
// file, or, when FILE is no file, a stored document version DOC[@V] with
// its translations into --to. It returns the name problems are reported
// under and the source language.
func checkSegments(ctx context.Context, opts *checkOptions) (string, []check.Segment, tm.Lang, error) {
	if _, err := os.Stat(opts.File); err != nil && opts.File != "-" {
		if !os.IsNotExist(err) {
			return "", nil, "", tm.Errorf(tm.EINVALID, "cannot read %s: %v", opts.File, unwrapPathErr(err))
		}
		return checkDocument(ctx, opts)
	}
	name, r, done, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return "", nil, "", err
	}
	defer done()
	kind, r, err := format.Detect(r)
	if err != nil {
		return "", nil, "", &tm.Error{Code: tm.EINVALID, Message: name, Err: err}
	}
	var segs []check.Segment
	switch kind {
	case format.XLIFF12, format.XLIFF2:
		dec := xliff.NewDecoder(r, name)
		from := opts.From
		for {
			u, err := dec.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", nil, "", err
			}
			if from == "" && u.File != nil {
				from = u.File.SourceLang
			}
			for _, s := range u.Segments {
				segs = append(segs, check.Segment{ID: s.ID, Line: s.Line, Source: s.Source, Target: s.Target})
			}
		}
		for _, w := range dec.Warnings() {
			fmt.Fprintln(opts.IO.ErrOut, "korpus: warning: "+w.String(name))
		}
		if from == "" {
			from = tm.MustLang("de")
		}
		return name, segs, from, nil
	case format.PO:
		from := opts.From
		if from == "" {
			from = tm.MustLang("de")
		}
		dec := po.NewDecoder(r, name, po.SourceLang(from), po.TargetLang(opts.To), po.ForCheck())
		n := 0
		for {
			u, err := dec.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", nil, "", err
			}
			line, plural := 0, ""
			for _, p := range u.Props {
				switch p.Type {
				case po.PropLine:
					line, _ = strconv.Atoi(p.Value)
				case po.PropPlural:
					plural = p.Value
				}
			}
			if plural == "" || plural == "0" {
				n++
			}
			id := strconv.Itoa(n)
			if plural != "" {
				id += "[" + plural + "]"
			}
			segs = append(segs, check.Segment{ID: id, Line: line, Source: u.Source, Target: u.Target})
		}
		return name, segs, from, nil
	}
	return "", nil, "", tm.Errorf(tm.EINVALID, "%s: %s is no XLIFF or PO file (check reads XLIFF 1.2/2.x, PO, or a stored DOC[@VERSION])", name, kind)
}

// checkDocument reads a stored document version and its translations
// into --to: segment ids s0, s1 … as export writes them, the segment's
// number (1-based) as its line.
func checkDocument(ctx context.Context, opts *checkOptions) (string, []check.Segment, tm.Lang, error) {
	ref, err := docRefArg(opts.File)
	if err != nil {
		return "", nil, "", err
	}
	db, err := opts.Store()
	if err != nil {
		if tm.ErrorCode(err) == tm.ENOTFOUND {
			return "", nil, "", tm.Errorf(tm.EINVALID, "%s: no such file, and no database to find a document in", opts.File)
		}
		return "", nil, "", err
	}
	doc, ver, sts, err := db.VersionTranslations(ctx, ref.Name, ref.Version, opts.To, store.TranslationOptions{})
	if err != nil {
		return "", nil, "", err
	}
	segs := make([]check.Segment, 0, len(sts))
	for _, st := range sts {
		s := check.Segment{ID: xliff.SegmentID(st.Segment.Index), Line: st.Segment.Index + 1, Source: tm.Text(st.Segment.Text)}
		if st.Unit != nil {
			s.Target = st.Unit.Target
		}
		segs = append(segs, s)
	}
	return doc.Name + "@" + strconv.Itoa(ver.Number), segs, doc.Lang, nil
}

// checkMemory gives the consistency check the memory's confirmed units
// and the length check the pair's length model, when there is a
// database with units of the pair.
func checkMemory(ctx context.Context, opts *checkOptions, from tm.Lang, co *check.Options) (func(), error) {
	none := func() {}
	db, err := opts.Store()
	if err != nil {
		if tm.ErrorCode(err) == tm.ENOTFOUND {
			return none, nil
		}
		return none, err
	}
	var lengths [][2]int
	stop := errors.New("enough")
	err = db.EachUnit(ctx, store.UnitFilter{SourceLang: from, TargetLang: opts.To}, func(u *tm.Unit) error {
		lengths = append(lengths, [2]int{utf8.RuneCountInString(strings.TrimSpace(u.Source.Plain())), utf8.RuneCountInString(strings.TrimSpace(u.Target.Plain()))})
		if len(lengths) >= maxLengthSample {
			return stop
		}
		return nil
	})
	if err != nil && err != stop {
		return none, err
	}
	if len(lengths) == 0 {
		return none, nil
	}
	if m, ok := check.EstimateLength(lengths); ok {
		co.Length = &m
	}
	m, err := db.NewMatcher(ctx, from, opts.To)
	if err != nil {
		return none, err
	}
	co.Memory = func(src tm.Content) []check.MemoryUnit {
		ms, err := m.Lookup(ctx, src, store.LookupOptions{Min: 100, Limit: 5})
		if err != nil {
			return nil
		}
		var out []check.MemoryUnit
		for _, x := range ms {
			if x.Kind != match.Exact && x.Kind != match.InContext {
				continue
			}
			switch x.Unit.Status {
			case tm.StatusTranslated, tm.StatusReviewed, tm.StatusFinal:
				out = append(out, check.MemoryUnit{ID: x.Unit.ID, Target: x.Unit.Target.Plain()})
			}
		}
		return out
	}
	return func() { m.Close() }, nil
}

// maxLengthSample bounds the units read to fit the length model.
const maxLengthSample = 20000
