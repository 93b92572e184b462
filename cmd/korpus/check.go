package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/check"
	"github.com/korpus/korpus/tm/term"
	"github.com/korpus/korpus/tm/xliff"
	"github.com/spf13/cobra"
)

type checkOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	File       string
	To         tm.Lang
	JSON       bool
	Only, Skip []string
}

func newCheckCmd(f *factory) *cobra.Command {
	opts := &checkOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "check FILE.xlf|FILE.xliff",
		Short: "Run quality checks on the translations of an XLIFF file",
		Long: `Check every translated segment of an XLIFF 1.2 or 2.x file and list the
problems found, one per line: FILE:LINE: SEVERITY [CHECK] segment ID: reason.

Checks (names for --only and --skip; see the README, "Quality checks"):
  numbers       a number of the source missing or changed in the target
                (German 3.000,50 = English 3,000.50; "19. Juni" = "June 19")
  codes         inline codes missing in the target, or extra
  untranslated  empty target (error), or target = source when the source
                has letters and more than one word (warning)
  spaces        leading, trailing or double spaces that differ from the source
  punctuation   the end punctuation differs
  brackets      unbalanced () [] {} or quotes in the target (when the source
                is balanced)
  length        target shorter than 0.5× or longer than 2× the source
                (sources of 20 characters or more)
  consistency   the same source translated differently earlier in the file
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
	name, r, done, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return err
	}
	defer done()
	dec := xliff.NewDecoder(r, name)
	var segs []check.Segment
	from := tm.Lang("")
	for {
		u, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
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
