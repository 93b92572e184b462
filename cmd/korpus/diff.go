package main

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/worddiff"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	IO     *IOStreams
	Store  func() (*store.DB, error)
	Getenv func(string) string

	Old, New tm.DocRef
	Format   *enumValue
	Target   tm.Lang
	Changes  bool
}

func newDiffCmd(f *factory) *cobra.Command {
	opts := &diffOptions{IO: f.IO, Store: f.StoreExisting, Getenv: f.Getenv, Format: newEnum("text", "text", "html", "json")}
	cmd := &cobra.Command{
		Use:   "diff DOC@V1 DOC@V2",
		Short: "Show what changed between two versions of a document",
		Long: `Align two stored versions of a document segment by segment and show
what changed: unchanged, modified (with a word-level diff), moved, new and
deleted segments, with a summary.

Formats:
  text  one line per segment: "  " unchanged, "~" modified (deleted words
        [-like this-], inserted {+like this+}; coloured on a terminal),
        ">" moved, "+" new, "-" deleted, then the segment number (from 1;
        the new version's, the old one's for a deleted segment, "new←old"
        for a modified or moved one)
  html  one self-contained page, side by side, for a reviewer's browser
  json  the summary and the aligned pairs with their edit operations
        ("index" counts from 0, as in korpus show --format jsonl)

--target LANG adds, under each segment (unchanged ones too), its
translation in the new version and whether it was carried over, needs
review, was updated or is missing, with the old version's translation
when it differs.

--changes leaves out what did not change: text and html show each change
with one unchanged segment of context on each side and a "…" line (html:
row) for every run of unchanged segments skipped, saying how many; json
lists only the changed pairs (and "changes": true). The summary still
counts every segment.

A reference without @VERSION is the latest version.

Exit codes: 0 success, 1 unknown document or version or database error,
2 usage error.`,
		Example: `  korpus diff article.txt@1 article.txt@2
  korpus diff article.txt@1 article.txt --format html > changes.html
  korpus diff article.txt@1 article.txt@2 --changes --target en
  korpus diff article.txt@1 article.txt@2 --target en --format json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Old, err = docRefArg(args[0]); err != nil {
				return err
			}
			if opts.New, err = docRefArg(args[1]); err != nil {
				return err
			}
			return diffRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	cmd.Flags().Var(langValue{l: &opts.Target}, "target", "show each segment's translation into this `LANG`")
	cmd.Flags().BoolVar(&opts.Changes, "changes", false, "show only what changed (text, html: with one segment of context each side; json: only changed pairs)")
	return cmd
}

// diffReport is the JSON output of korpus diff; its field names are a
// stable interface.
type diffReport struct {
	Old     diffVersion   `json:"old"`
	New     diffVersion   `json:"new"`
	Summary align.Summary `json:"summary"`
	Target  string        `json:"target,omitempty"`
	Changes bool          `json:"changes,omitempty"` // pairs holds only the changed pairs (--changes)
	Pairs   []diffPair    `json:"pairs"`

	// show says which pairs the text and html formats print (nil: all).
	show []bool
}

type diffVersion struct {
	Document string `json:"document"`
	Version  int    `json:"version"`
}

type diffSegment struct {
	Index int    `json:"index"`
	Text  string `json:"text"`
}

type diffPair struct {
	Change      align.Change     `json:"change"`
	Old         *diffSegment     `json:"old,omitempty"`
	New         *diffSegment     `json:"new,omitempty"`
	Score       int              `json:"score"`
	Ops         []worddiff.Op    `json:"ops,omitempty"`
	Translation *diffTranslation `json:"translation,omitempty"`
}

// Translation states of a pair under --target.
const (
	transCarried = "carried-over" // copied from the old version unchanged
	transReview  = "needs-review" // the old translation, offered for a modified source
	transUpdated = "updated"      // the new version has its own translation
	transMissing = "missing"      // the new segment has no translation
	transGone    = "deleted"      // the segment was deleted
)

type diffTranslation struct {
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
	State string `json:"state"`
}

func diffRun(ctx context.Context, opts *diffOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	_, ov, old, err := db.Version(ctx, opts.Old.Name, opts.Old.Version)
	if err != nil {
		return err
	}
	_, nv, new, err := db.Version(ctx, opts.New.Name, opts.New.Version)
	if err != nil {
		return err
	}
	va := align.Versions(old, new)
	rep := diffReport{
		Old:     diffVersion{Document: opts.Old.Name, Version: ov.Number},
		New:     diffVersion{Document: opts.New.Name, Version: nv.Number},
		Summary: va.Summary,
		Pairs:   make([]diffPair, 0, len(va.Pairs)),
	}
	var oldTr, newTr map[int64]tm.Unit
	if opts.Target != "" {
		rep.Target = string(opts.Target)
		if oldTr, err = db.Translations(ctx, segmentIDs(old), opts.Target); err != nil {
			return err
		}
		if newTr, err = db.Translations(ctx, segmentIDs(new), opts.Target); err != nil {
			return err
		}
	}
	for _, p := range va.Pairs {
		dp := diffPair{Change: p.Change, Score: p.Score, Ops: p.Ops}
		if p.Old >= 0 {
			dp.Old = &diffSegment{Index: p.Old, Text: old[p.Old].Text}
		}
		if p.New >= 0 {
			dp.New = &diffSegment{Index: p.New, Text: new[p.New].Text}
		}
		if opts.Target != "" {
			dp.Translation = translationState(p, old, new, oldTr, newTr)
		}
		rep.Pairs = append(rep.Pairs, dp)
	}
	w := bufio.NewWriter(opts.IO.Out)
	if opts.Changes {
		if opts.Format.String() == "json" {
			rep.Changes = true
			rep.Pairs = changedPairs(rep.Pairs)
		} else {
			rep.show = changesInContext(rep.Pairs, 1)
		}
	}
	switch opts.Format.String() {
	case "json":
		err = newReportPrinter(w, true, printDiffText).Print(rep)
	case "html":
		err = printDiffHTML(w, rep)
	default:
		color := opts.IO.OutTTY && opts.Getenv("NO_COLOR") == ""
		err = printDiffTextColor(w, rep, color)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}

// changedPairs returns the pairs that are not unchanged.
func changedPairs(pairs []diffPair) []diffPair {
	out := make([]diffPair, 0, len(pairs))
	for _, p := range pairs {
		if p.Change != align.Unchanged {
			out = append(out, p)
		}
	}
	return out
}

// changesInContext says which pairs --changes prints: every changed pair
// and up to context pairs before and after it.
func changesInContext(pairs []diffPair, context int) []bool {
	show := make([]bool, len(pairs))
	for i, p := range pairs {
		if p.Change == align.Unchanged {
			continue
		}
		for j := max(0, i-context); j <= min(len(pairs)-1, i+context); j++ {
			show[j] = true
		}
	}
	return show
}

// eachShown calls pair for every pair r.show keeps and skipped for every
// run of n pairs it leaves out, in order.
func eachShown(r diffReport, pair func(diffPair), skipped func(n int)) {
	run := 0
	for i, p := range r.Pairs {
		if r.show != nil && !r.show[i] {
			run++
			continue
		}
		if run > 0 {
			skipped(run)
			run = 0
		}
		pair(p)
	}
	if run > 0 {
		skipped(run)
	}
}

func segmentIDs(segs []tm.Segment) []int64 {
	out := make([]int64, len(segs))
	for i, s := range segs {
		out[i] = s.ID
	}
	return out
}

func translationState(p align.Pair, old, new []tm.Segment, oldTr, newTr map[int64]tm.Unit) *diffTranslation {
	var t diffTranslation
	var ou, nu tm.Unit
	var hasOld, hasNew bool
	if p.Old >= 0 {
		ou, hasOld = oldTr[old[p.Old].ID]
		t.Old = ou.Target.Plain()
	}
	if p.New >= 0 {
		nu, hasNew = newTr[new[p.New].ID]
		t.New = nu.Target.Plain()
	}
	switch {
	case p.New < 0:
		t.State = transGone
	case !hasNew:
		t.State = transMissing
	case nu.Origin == tm.OriginCarryOver && nu.Status == tm.StatusNeedsReview:
		t.State = transReview
	case nu.Origin == tm.OriginCarryOver || (hasOld && t.Old == t.New):
		t.State = transCarried
	default:
		t.State = transUpdated
	}
	return &t
}

// --- text ---------------------------------------------------------------

func printDiffText(w io.Writer, r diffReport) error { return printDiffTextColor(w, r, false) }

func printDiffTextColor(w io.Writer, r diffReport, color bool) error {
	paint := func(code, s string) string {
		if !color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
	s := r.Summary
	fmt.Fprintf(w, "%s@%d → %s@%d: %d unchanged, %d modified, %d moved, %d new, %d deleted\n",
		r.Old.Document, r.Old.Version, r.New.Document, r.New.Version,
		s.Unchanged, s.Modified, s.Moved, s.Inserted, s.Deleted)
	eachShown(r, func(p diffPair) {
		switch p.Change {
		case align.Unchanged:
			fmt.Fprintf(w, "  %d %s\n", p.New.Index+1, paint(ansiDim, p.New.Text))
		case align.Modified:
			fmt.Fprintf(w, "%s %d←%d (%d%%) %s\n", paint(ansiYellow, "~"), p.New.Index+1, p.Old.Index+1, p.Score, renderWordDiff(p.Ops, color))
		case align.Moved:
			fmt.Fprintf(w, "%s %d←%d %s\n", paint(ansiCyan, ">"), p.New.Index+1, p.Old.Index+1, p.New.Text)
		case align.Inserted:
			fmt.Fprintf(w, "%s %d %s\n", paint(ansiGreen, "+"), p.New.Index+1, paint(ansiGreen, p.New.Text))
		case align.Deleted:
			fmt.Fprintf(w, "%s %d %s\n", paint(ansiRed, "-"), p.Old.Index+1, paint(ansiRed, p.Old.Text))
		}
		if t := p.Translation; t != nil {
			fmt.Fprintf(w, "    %s [%s]: %s", r.Target, t.State, orDash(t.New))
			if t.Old != "" && t.Old != t.New {
				fmt.Fprintf(w, " (was: %s)", t.Old)
			}
			fmt.Fprintln(w)
		}
	}, func(n int) {
		fmt.Fprintf(w, "%s\n", paint(ansiDim, "  … "+plural(n, "unchanged segment", "unchanged segments")))
	})
	return nil
}

// --- html -----------------------------------------------------------------

const diffCSS = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}
.summary span{display:inline-block;margin-right:1em;padding:.2em .6em;border-radius:4px;background:#eee}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border-top:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
th.n,td.n{width:3em;color:#888;text-align:right}
th.c,td.c{width:6.5em;color:#555;font-size:.85em}
tr.unchanged td.t{color:#666}
tr.inserted td.new{background:#e6ffec}
tr.deleted td.old{background:#ffebe9}
tr.moved td.t{background:#eef6ff}
del{background:#ffcecb;text-decoration:line-through}
ins{background:#aceebb;text-decoration:none}
td.tr{font-size:.9em;color:#333;background:#fafafa}
.state{font-size:.8em;padding:0 .4em;border-radius:3px;background:#ddd}
tr.skipped td{color:#888;text-align:center;background:#f4f4f4}
.state.missing{background:#ffd8b5}.state.needs-review{background:#fff3b0}.state.carried-over{background:#d7f5dd}`

func printDiffHTML(w io.Writer, r diffReport) error {
	e := html.EscapeString
	s := r.Summary
	title := fmt.Sprintf("%s@%d → %s@%d", r.Old.Document, r.Old.Version, r.New.Document, r.New.Version)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>korpus diff: %s</title><style>%s</style></head><body>\n", e(title), diffCSS)
	fmt.Fprintf(w, "<h1>%s</h1>\n<p class=\"summary\"><span id=\"unchanged\">%d unchanged</span><span id=\"modified\">%d modified</span><span id=\"moved\">%d moved</span><span id=\"inserted\">%d new</span><span id=\"deleted\">%d deleted</span></p>\n",
		e(title), s.Unchanged, s.Modified, s.Moved, s.Inserted, s.Deleted)
	fmt.Fprintf(w, "<table>\n<thead><tr><th class=\"n\">#</th><th class=\"t\">version %d</th><th class=\"n\">#</th><th class=\"t\">version %d</th><th class=\"c\">change</th>", r.Old.Version, r.New.Version)
	if r.Target != "" {
		fmt.Fprintf(w, "<th class=\"t\">translation (%s)</th>", e(r.Target))
	}
	fmt.Fprint(w, "</tr></thead>\n<tbody>\n")
	cols := 5
	if r.Target != "" {
		cols++
	}
	eachShown(r, func(p diffPair) {
		oldN, oldT, newN, newT := "", "", "", ""
		if p.Old != nil {
			oldN, oldT = fmt.Sprint(p.Old.Index+1), e(p.Old.Text)
		}
		if p.New != nil {
			newN, newT = fmt.Sprint(p.New.Index+1), e(p.New.Text)
		}
		change := string(p.Change)
		if p.Change == align.Modified {
			var ob, nb strings.Builder
			for _, op := range p.Ops {
				switch op.Kind {
				case worddiff.Equal:
					ob.WriteString(e(op.Text))
					nb.WriteString(e(op.Text))
				case worddiff.Delete:
					ob.WriteString("<del>" + e(op.Text) + "</del>")
				case worddiff.Insert:
					nb.WriteString("<ins>" + e(op.Text) + "</ins>")
				}
			}
			oldT, newT = ob.String(), nb.String()
			change = fmt.Sprintf("modified %d%%", p.Score)
		}
		fmt.Fprintf(w, "<tr class=\"%s\"><td class=\"n\">%s</td><td class=\"t old\">%s</td><td class=\"n\">%s</td><td class=\"t new\">%s</td><td class=\"c\">%s</td>",
			p.Change, oldN, oldT, newN, newT, e(change))
		if t := p.Translation; t != nil {
			fmt.Fprintf(w, "<td class=\"tr\"><span class=\"state %s\">%s</span> %s", t.State, t.State, e(t.New))
			if t.Old != "" && t.Old != t.New {
				fmt.Fprintf(w, "<br><small>was: %s</small>", e(t.Old))
			}
			fmt.Fprint(w, "</td>")
		}
		fmt.Fprint(w, "</tr>\n")
	}, func(n int) {
		fmt.Fprintf(w, "<tr class=\"skipped\"><td colspan=\"%d\">… %s</td></tr>\n", cols, plural(n, "unchanged segment", "unchanged segments"))
	})
	_, err := fmt.Fprint(w, "</tbody></table>\n</body></html>\n")
	return err
}
