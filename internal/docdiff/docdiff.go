// Package docdiff builds the comparison of two stored versions of a
// document that `korpus diff` prints and the server's review page shows:
// the segments aligned (align.Versions), with word diffs and, for a target
// language, each segment's translation and its state. One builder and one
// HTML view, so the CLI and the page cannot drift apart.
package docdiff

import (
	"context"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/korpus/korpus/align"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/worddiff"
)

// Report is the JSON output of korpus diff; its field names are a
// stable interface.
type Report struct {
	Old     Version       `json:"old"`
	New     Version       `json:"new"`
	Summary align.Summary `json:"summary"`
	Target  string        `json:"target,omitempty"`
	Changes bool          `json:"changes,omitempty"` // pairs holds only the changed pairs (--changes)
	Pairs   []Pair        `json:"pairs"`

	// Show says which pairs the text and html formats print (nil: all).
	Show []bool `json:"-"`
}

type Version struct {
	Document string `json:"document"`
	Version  int    `json:"version"`
}

type Segment struct {
	Index int    `json:"index"`
	Text  string `json:"text"`
}

type Pair struct {
	Change      align.Change  `json:"change"`
	Old         *Segment      `json:"old,omitempty"`
	New         *Segment      `json:"new,omitempty"`
	Score       int           `json:"score"`
	Ops         []worddiff.Op `json:"ops,omitempty"`
	Translation *Translation  `json:"translation,omitempty"`
}

// Translation states of a pair under --target.
const (
	Carried = "carried-over" // copied from the old version unchanged
	Review  = "needs-review" // the old translation, offered for a modified source
	Updated = "updated"      // the new version has its own translation
	Missing = "missing"      // the new segment has no translation
	Gone    = "deleted"      // the segment was deleted
)

type Translation struct {
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
	State string `json:"state"`
}

// ChangedPairs returns the pairs that are not unchanged.
func ChangedPairs(pairs []Pair) []Pair {
	out := make([]Pair, 0, len(pairs))
	for _, p := range pairs {
		if p.Change != align.Unchanged {
			out = append(out, p)
		}
	}
	return out
}

// ChangesInContext says which pairs --changes prints: every changed pair
// and up to context pairs before and after it.
func ChangesInContext(pairs []Pair, context int) []bool {
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

// EachShown calls pair for every pair r.Show keeps and skipped for every
// run of n pairs it leaves out, in order.
func EachShown(r Report, pair func(Pair), skipped func(n int)) {
	run := 0
	for i, p := range r.Pairs {
		if r.Show != nil && !r.Show[i] {
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

func translationState(p align.Pair, old, new []tm.Segment, oldTr, newTr map[int64]tm.Unit) *Translation {
	var t Translation
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
		t.State = Gone
	case !hasNew:
		t.State = Missing
	case nu.Origin == tm.OriginCarryOver && nu.Status == tm.StatusNeedsReview:
		t.State = Review
	case nu.Origin == tm.OriginCarryOver || (hasOld && t.Old == t.New):
		t.State = Carried
	default:
		t.State = Updated
	}
	return &t
}

const css = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
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

func WriteHTML(w io.Writer, r Report) error {
	e := html.EscapeString
	s := r.Summary
	title := fmt.Sprintf("%s@%d → %s@%d", r.Old.Document, r.Old.Version, r.New.Document, r.New.Version)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>korpus diff: %s</title><style>%s</style></head><body>\n", e(title), css)
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
	EachShown(r, func(p Pair) {
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

// Build compares version oldRef with newRef (Version 0: the latest); with
// a target language each pair carries its translation. It reads only.
func Build(ctx context.Context, db *store.DB, oldRef, newRef tm.DocRef, target tm.Lang) (Report, error) {
	_, ov, old, err := db.Version(ctx, oldRef.Name, oldRef.Version)
	if err != nil {
		return Report{}, err
	}
	_, nv, new, err := db.Version(ctx, newRef.Name, newRef.Version)
	if err != nil {
		return Report{}, err
	}
	va := align.Versions(old, new)
	rep := Report{
		Old:     Version{Document: oldRef.Name, Version: ov.Number},
		New:     Version{Document: newRef.Name, Version: nv.Number},
		Summary: va.Summary,
		Pairs:   make([]Pair, 0, len(va.Pairs)),
	}
	var oldTr, newTr map[int64]tm.Unit
	if target != "" {
		rep.Target = string(target)
		if oldTr, err = db.Translations(ctx, segmentIDs(old), target); err != nil {
			return Report{}, err
		}
		if newTr, err = db.Translations(ctx, segmentIDs(new), target); err != nil {
			return Report{}, err
		}
	}
	for _, p := range va.Pairs {
		dp := Pair{Change: p.Change, Score: p.Score, Ops: p.Ops}
		if p.Old >= 0 {
			dp.Old = &Segment{Index: p.Old, Text: old[p.Old].Text}
		}
		if p.New >= 0 {
			dp.New = &Segment{Index: p.New, Text: new[p.New].Text}
		}
		if target != "" {
			dp.Translation = translationState(p, old, new, oldTr, newTr)
		}
		rep.Pairs = append(rep.Pairs, dp)
	}
	return rep, nil
}

// plural is "1 segment" or "1,234 segments".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	s := strconv.Itoa(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out) + " " + many
}
