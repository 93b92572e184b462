package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/term"
	"github.com/korpus/korpus/tm/xliff"
	"github.com/spf13/cobra"
)

type pretranslateOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Ref        tm.DocRef
	To         tm.Lang
	Min        int
	Candidates int
	Format     *enumValue
	Output     string
	CopySource bool
	Memories   []string
	// Bilingual is --bilingual FILE: fill the empty segments of an
	// SDLXLIFF, MQXLIFF or XLIFF 1.2 file in place (pretranslate_file.go).
	Bilingual string
}

func newPretranslateCmd(f *factory) *cobra.Command {
	opts := &pretranslateOptions{IO: f.IO, Store: f.StoreExisting, Format: newEnum("xliff", "xliff", "xliff2")}
	cmd := &cobra.Command{
		Use:   "pretranslate DOC[@VERSION] --to LANG -o FILE",
		Short: "Write a document as XLIFF with targets filled from the memory",
		Long: `Look up every segment of a stored document version (the latest unless
@VERSION is given) and write the document as XLIFF (1.2 with --format
xliff, 2.1 with xliff2) for a translator:

  101 in-context   target from the match, the stored unit's state
  100 exact        target from the match, state translated (or the
                   stored unit's, when it is draft or needs-review)
  fuzzy ≥ --min    target from the best match, state needs-review
                   (1.2 needs-review-translation, 2.x initial with
                   subState korpus:needs-review)
  no match         no target; with --copy-source the source as target,
                   state new (1.2) or initial (2.x), for CAT tools such
                   as OmegaT that translate only units with a target
                   (korpus import skips such a 1.2 target while it
                   still equals its source)

Up to --candidates matches per segment are added with their scores as
<alt-trans match-quality="…"> (1.2) or <mtc:match similarity="…"> (2.x),
whose origin names the memory the match came from and the unit's origin:
origin="korpus:legacy/tmx". The summary on stderr says how many targets
came from each memory.
The file is written to a temporary file and renamed, never half-written.
With -o - the XLIFF goes to standard output (the summary to stderr).

With --bilingual FILE (no document) korpus fills a bilingual file another
tool made — a Trados Studio SDLXLIFF, a memoQ MQXLIFF, any XLIFF 1.2 —
and writes it to -o byte for byte as it was, except that each segment
without a target and without inline codes in its source gets the best
match ≥ --min (in context of its neighbouring segments): in SDLXLIFF the
text goes into the segment's <mrk mtype="seg"> in <target> and its
<sdl:seg> gets conf Translated (exact, in-context) or Draft (fuzzy),
origin="tm", percent; locked segments are left alone. In MQXLIFF and
plain 1.2 a <target state="translated|needs-review-translation"> is
written, and memoQ's mq:status becomes PreTranslated. Nothing else
changes, so the file keeps the structure the tool wrote. --to, when
given, must be the file's target language.

Exit codes: 0 success, 1 error (unknown document or version, no units
for the language pair, cannot write FILE), 2 usage error.`,
		Example: `  korpus pretranslate article.txt --to en -o article.en.xlf
  korpus pretranslate article.txt@2 --to en --min 85 --candidates 1 --format xliff2 -o a.xlf
  korpus pretranslate article.txt --to en --copy-source -o article.en.xlf  # for OmegaT
  korpus pretranslate --bilingual brochure.docx.sdlxliff -o brochure.pre.sdlxliff --min 85`,
		Args: cobra.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Bilingual != "" {
				if len(args) > 0 {
					return usageErrorf("--bilingual FILE takes no document argument")
				}
				if err := checkMin(opts.Min); err != nil {
					return err
				}
				if opts.Output == "" {
					return usageErrorf("-o FILE is required")
				}
				return pretranslateFileRun(cmd.Context(), opts)
			}
			if len(args) == 0 {
				return usageErrorf("pretranslate needs a document (DOC[@VERSION]) or --bilingual FILE")
			}
			ref, err := docRefArg(args[0])
			if err != nil {
				return err
			}
			opts.Ref = ref
			if err := requireTo(opts.To); err != nil {
				return err
			}
			if err := checkMin(opts.Min); err != nil {
				return err
			}
			if err := checkCount("candidates", opts.Candidates); err != nil {
				return err
			}
			if opts.Output == "" {
				return usageErrorf("-o FILE is required")
			}
			return pretranslateRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.Var(langValue{l: &opts.To}, "to", "target language (BCP 47), required")
	fl.IntVar(&opts.Min, "min", 75, "lowest fuzzy score used (0–100)")
	fl.IntVar(&opts.Candidates, "candidates", 3, "most candidates per segment")
	fl.Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	fl.StringVarP(&opts.Output, "output", "o", "", "XLIFF `FILE` to write (- is standard output)")
	fl.StringSliceVar(&opts.Memories, "memory", nil, "only these memories (NAME,NAME…; default: all); scores are after their penalties")
	fl.BoolVar(&opts.CopySource, "copy-source", false, "give segments without a match their source as target, state new/initial")
	fl.StringVar(&opts.Bilingual, "bilingual", "", "fill the empty segments of this SDLXLIFF, MQXLIFF or XLIFF 1.2 `FILE` (another tool's) in place and write it to -o, every other byte kept")
	return cmd
}

func pretranslateRun(ctx context.Context, opts *pretranslateOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	min := opts.Min
	if min == 0 {
		min = 1 // any match; 0 would mean the default
	}
	dm, err := db.MatchDocument(ctx, opts.Ref.Name, opts.Ref.Version, opts.To, store.DocMatchOptions{Min: min, Limit: opts.Candidates, Memories: opts.Memories})
	if err != nil {
		return err
	}
	if opts.To.Base() == dm.Doc.Lang.Base() {
		return usageErrorf("--to %s: that is the language of %s (%s)", opts.To, dm.Doc.Name, dm.Doc.Lang)
	}
	if !dm.Pairs {
		return tm.Errorf(tm.ENOTFOUND, "the memory holds no %s→%s units", dm.Doc.Lang, opts.To)
	}
	rec, err := db.Recognizer(ctx, dm.Doc.Lang, opts.To)
	if err != nil {
		return err
	}
	v := xliff.V12
	if opts.Format.String() == "xliff2" {
		v = xliff.V21
	}
	out, err := openOutput(opts.IO.Out, opts.Output)
	if err != nil {
		return err
	}
	defer out.Discard()
	counts := map[match.Kind]int{}
	fromMemory := map[string]int{} // segments whose target came from each memory
	untranslated, termSegs := 0, 0
	enc := xliff.NewEncoder(out, v)
	if err := enc.StartFile(documentFile(dm.Doc, dm.Version, opts.To)); err != nil {
		return err
	}
	para := func(i int) int { return dm.Segments[i].Segment.Para }
	err = encodeParagraphs(enc, len(dm.Segments), para, func(i int) *xliff.Segment {
		s := dm.Segments[i]
		seg := &xliff.Segment{ID: xliff.SegmentID(s.Segment.Index), Source: tm.Text(s.Segment.Text), Status: tm.StatusNew,
			Glossary: glossaryOf(rec, s.Segment.Text)}
		if len(seg.Glossary) > 0 {
			termSegs++
		}
		if len(s.Matches) > 0 {
			best := s.Matches[0]
			// A document's source is plain text: codes of the match's
			// target would be orphans there (and were refused on
			// import). The target gets the text; the candidates below
			// keep the codes, where the CAT tool shows them.
			seg.Target = tm.Text(best.Unit.Target.Plain())
			switch best.Kind {
			case match.InContext, match.Exact:
				// The stored unit's own status: an in-context match of
				// a draft is still a draft; exact is at most translated.
				seg.Status = best.Unit.Status
				if !seg.Status.Valid() || seg.Status == tm.StatusNew {
					seg.Status = tm.StatusTranslated
				}
				if best.Kind == match.Exact && (seg.Status == tm.StatusReviewed || seg.Status == tm.StatusFinal) {
					seg.Status = tm.StatusTranslated
				}
			default:
				seg.Status = tm.StatusNeedsReview
			}
			counts[best.Kind]++
			fromMemory[best.Memory]++
			for _, m := range s.Matches {
				// The real score (101 for in-context; XLIFF 2's
				// matches module caps it at 100 on writing).
				sim := float64(m.Score)
				origin := matchOrigin(m)
				seg.Matches = append(seg.Matches, &xliff.Match{Source: m.Unit.Source, Target: m.Unit.Target, Similarity: sim, Quality: -1, Origin: origin, Type: "tm"})
			}
		} else {
			untranslated++
			if opts.CopySource {
				copySource(seg)
			}
		}
		return seg
	}, nil)
	if err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	copied := ""
	if opts.CopySource {
		copied = " (source copied)"
	}
	terms := ""
	if rec.Len() > 0 {
		terms = fmt.Sprintf("; terms in %s", plural(termSegs, "segment", "segments"))
	}
	fmt.Fprintf(opts.IO.ErrOut, "pretranslated %s@%d → %s: %s in-context, %s exact, %s fuzzy, %s without match%s%s\n",
		dm.Doc.Name, dm.Version.Number, outputName(opts.Output), thousands(counts[match.InContext]), thousands(counts[match.Exact]), thousands(counts[match.Fuzzy]), thousands(untranslated), copied, terms+memorySummary(fromMemory))
	return nil
}

// matchOrigin is the XLIFF origin of a candidate (alt-trans origin in 1.2,
// mtc:match origin in 2.x): "korpus:MEMORY", with "/ORIGIN" when the unit
// has an origin, e.g. "korpus:legacy/tmx", so the translator's tool shows
// which memory a match came from.
func matchOrigin(m match.Match) string {
	o := "korpus:" + m.Memory
	if m.Unit.Origin != "" {
		o += "/" + string(m.Unit.Origin)
	}
	return o
}

// memorySummary is "; targets from main 30, legacy 2" (most first), or ""
// when no segment got a target.
func memorySummary(n map[string]int) string {
	if len(n) == 0 {
		return ""
	}
	names := make([]string, 0, len(n))
	for m := range n {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool {
		if n[names[i]] != n[names[j]] {
			return n[names[i]] > n[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, m := range names {
		parts[i] = fmt.Sprintf("%s %s", m, thousands(n[m]))
	}
	return "; targets from memory " + strings.Join(parts, ", ")
}

// glossaryOf is the termbase entries for a segment's source: one per
// concept and source form found, with the concept's approved target terms
// (a concept with none approved is left out: there is nothing to use).
func glossaryOf(r *term.Recognizer, text string) []xliff.GlossEntry {
	var out []xliff.GlossEntry
	seen := map[string]bool{}
	for _, h := range r.Find(text) {
		key := strconv.FormatInt(h.ConceptID, 10) + "\x00" + h.Text
		ts := h.Approved()
		if seen[key] || len(ts) == 0 {
			continue
		}
		seen[key] = true
		g := xliff.GlossEntry{Term: h.Text}
		for _, t := range ts {
			g.Translations = append(g.Translations, t.Text)
		}
		out = append(out, g)
	}
	return out
}
