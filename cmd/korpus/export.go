package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/xliff"
	"github.com/spf13/cobra"
)

// exportOptions are the flags and injected dependencies of korpus export.
type exportOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Ref    tm.DocRef
	To     tm.Lang
	Format *enumValue
	Output string
	Exact  bool
	// CopySource writes an untranslated segment's source as its target
	// (XLIFF only), for CAT tools that translate only units with a target.
	CopySource bool
}

func newExportCmd(f *factory) *cobra.Command {
	opts := &exportOptions{IO: f.IO, Store: f.StoreExisting, Format: newEnum("xliff", "xliff", "xliff2", "tmx", "tsv", "jsonl")}
	cmd := &cobra.Command{
		Use:   "export DOC[@VERSION] --to LANG",
		Short: "Write a document version for translation (XLIFF 1.2/2.1, TMX, TSV, JSONL)",
		Long: `Write a stored document version (the latest unless @VERSION is given)
for translation into --to LANG.

  xliff   XLIFF 1.2 (default): a <group> per paragraph, a <trans-unit> per
          segment
  xliff2  XLIFF 2.1 core: a <unit> per paragraph, a <segment> per sentence
  tmx     TMX 1.4b with the translated segments
  tsv     TSV, every segment (an empty target when untranslated)
  jsonl   JSON Lines, every segment

Segment ids are "s" and the segment index ("s12"), paragraph ids "p" and
the paragraph index, so they are stable across exports of one version.
Existing translations (the newest unit of the memory linked to the
segment) are filled in with their status; --exact also fills untranslated
segments with an exact match from the memory (status needs-review). XLIFF
records the original file name, both languages, and the document name,
version number and version hash, which korpus import checks.

--copy-source (xliff, xliff2) gives every segment without a translation
its source as target, with state new (1.2) or initial (2.x): "copy source
to target", which CAT tools such as OmegaT need to translate a unit at
all. korpus import skips a 1.2 target under such a state that still
equals its source (an untranslated copy), so only edited targets are
stored (2.x: not yet, a target under state initial reads as a draft).

The output goes to standard output (also with -o -), or to -o FILE,
which is written completely or not at all.

Exit codes: 0 success, 1 runtime error (unknown document or version,
cannot write), 2 usage error.`,
		Example: `  korpus export article.txt --to en -o article.en.xlf
  korpus export article.txt@2 --to en --format xliff2 -o article.en.xlf
  korpus export article.txt --to en --copy-source -o article.en.xlf  # for OmegaT
  korpus export article.txt --to en --format tsv | cut -f3,4`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := docRefArg(args[0])
			if err != nil {
				return err
			}
			opts.Ref = ref
			if opts.To == "" {
				return usageErrorf("--to LANG is required")
			}
			if err := checkCopySource(opts.CopySource, opts.Format.String()); err != nil {
				return err
			}
			return exportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(langValue{l: &opts.To}, "to", "target language `LANG` (BCP 47), required")
	cmd.Flags().VarP(opts.Format, "format", "f", "output format: "+opts.Format.Allowed())
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output (- or none: standard output)")
	cmd.Flags().BoolVar(&opts.Exact, "exact", false, "fill untranslated segments with exact matches from the memory")
	cmd.Flags().BoolVar(&opts.CopySource, "copy-source", false, "give untranslated segments their source as target, state new/initial (xliff, xliff2)")
	return cmd
}

// exportReport says what an export wrote (printed on standard error when
// the output is a file).
type exportReport struct {
	Segments   int
	Translated int
	Copied     int // untranslated segments given their source (--copy-source)
	Written    int
}

func exportRun(ctx context.Context, opts *exportOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	doc, ver, segs, err := db.VersionTranslations(ctx, opts.Ref.Name, opts.Ref.Version, opts.To, store.TranslationOptions{Exact: opts.Exact})
	if err != nil {
		return err
	}
	if opts.To.Base() == doc.Lang.Base() {
		return usageErrorf("--to %s: that is the language of %s (%s)", opts.To, doc.Name, doc.Lang)
	}
	out, err := openOutput(opts.IO.Out, opts.Output)
	if err != nil {
		return err
	}
	defer out.Discard()
	p := newProgress(opts.IO, "exporting", int64(len(segs)), "segments")
	defer p.Done()
	var rep exportReport
	switch opts.Format.String() {
	case "xliff", "xliff2":
		rep, err = writeXLIFF(out, opts, doc, ver, segs, p)
	default:
		rep, err = writeUnits(out, opts, doc, segs, p)
	}
	if err != nil {
		return writeError(opts.Output, err)
	}
	p.Done()
	if err := out.Commit(); err != nil {
		return err
	}
	if !isStdout(opts.Output) {
		copied := ""
		if opts.CopySource {
			copied = fmt.Sprintf(", %s with the source copied", thousands(rep.Copied))
		}
		fmt.Fprintf(opts.IO.ErrOut, "Exported %s@%d to %s (%s): %s, %s translated%s.\n", doc.Name, ver.Number, opts.Output,
			opts.Format, plural(rep.Segments, "segment", "segments"), thousands(rep.Translated), copied)
	}
	return nil
}

// translation returns the target and status a segment is exported with.
// Document segments are plain text, so a target is written without inline
// codes (a memory unit from TMX may have some): XLIFF allows in a target
// only the codes of its source, and korpus import enforces that.
func translation(st store.SegmentTranslation) (tm.Content, tm.Status, []tm.Note) {
	if st.Unit == nil || len(st.Unit.Target) == 0 {
		return nil, tm.StatusNew, nil
	}
	target := st.Unit.Target
	if target.HasCodes() {
		target = tm.Text(target.Plain())
	}
	if st.Exact {
		return target, tm.StatusNeedsReview, nil
	}
	return target, st.Unit.Status, st.Unit.Notes
}

// documentFile is the XLIFF <file> of a document version translated into
// to, as export and pretranslate write it: the original file's base name,
// both languages, and the document name, version and hash an import checks.
func documentFile(doc tm.Document, ver tm.Version, to tm.Lang) *xliff.File {
	original := filepath.Base(ver.Source)
	if ver.Source == "" {
		original = doc.Name
	}
	lang := ver.Lang
	if lang == "" {
		lang = doc.Lang
	}
	return &xliff.File{
		Original: original, SourceLang: lang, TargetLang: to, Datatype: "plaintext",
		Korpus: &xliff.Meta{Document: doc.Name, Version: ver.Number, Hash: ver.Hash},
	}
}

func writeXLIFF(w io.Writer, opts *exportOptions, doc tm.Document, ver tm.Version, segs []store.SegmentTranslation, p Progress) (exportReport, error) {
	rep := exportReport{Segments: len(segs)}
	v := xliff.V12
	if opts.Format.String() == "xliff2" {
		v = xliff.V21
	}
	enc := xliff.NewEncoder(w, v)
	if err := enc.StartFile(documentFile(doc, ver, opts.To)); err != nil {
		return rep, err
	}
	para := func(i int) int { return segs[i].Segment.Para }
	err := encodeParagraphs(enc, len(segs), para, func(i int) *xliff.Segment {
		s := segs[i].Segment
		target, status, notes := translation(segs[i])
		if target != nil {
			rep.Translated++
		}
		seg := &xliff.Segment{
			ID: xliff.SegmentID(s.Index), Source: tm.Text(s.Text), Target: target, Status: status, Notes: notes,
		}
		if opts.CopySource && copySource(seg) {
			rep.Copied++
		}
		return seg
	}, p.Add)
	if err != nil {
		return rep, err
	}
	rep.Written = rep.Segments
	return rep, enc.Close()
}

// checkCopySource rejects --copy-source for a format other than XLIFF:
// only XLIFF has a state that marks a target as an untranslated copy.
func checkCopySource(copySource bool, format string) error {
	if copySource && format != "xliff" && format != "xliff2" {
		return usageErrorf("--copy-source needs --format xliff or xliff2, not %s", format)
	}
	return nil
}

// copySource gives a segment without a target its source as target, with
// status new (XLIFF 1.2 state="needs-translation", 2.x state="initial"): what a CAT
// tool's "copy source to target" does, and what korpus import skips as an
// untranslated copy as long as the target still equals the source. It
// reports whether it copied.
func copySource(seg *xliff.Segment) bool {
	if seg.Target != nil {
		return false
	}
	seg.Target, seg.Status = seg.Source, tm.StatusNew
	return true
}

// writeUnits writes the segments as translation units: TMX gets the
// translated ones, TSV and JSONL every segment (a worksheet).
func writeUnits(w io.Writer, opts *exportOptions, doc tm.Document, segs []store.SegmentTranslation, p Progress) (exportReport, error) {
	rep := exportReport{Segments: len(segs)}
	format := opts.Format.String()
	enc := newUnitEncoder(w, format, doc.Lang)
	for i, st := range segs {
		p.Add(1)
		target, status, notes := translation(st)
		if target != nil {
			rep.Translated++
		} else if format == "tmx" {
			continue
		}
		u := &tm.Unit{SourceLang: doc.Lang, TargetLang: opts.To, Source: tm.Text(st.Segment.Text), Target: target,
			Status: status, Notes: notes, Origin: tm.OriginXLIFF, SegmentID: st.Segment.ID}
		if st.Unit != nil && !st.Exact {
			u.Origin, u.Creator, u.Changer, u.Created, u.Changed = st.Unit.Origin, st.Unit.Creator, st.Unit.Changer, st.Unit.Created, st.Unit.Changed
		} else {
			u.Origin = ""
		}
		if i > 0 {
			u.Prev = segs[i-1].Segment.Text
		}
		if i+1 < len(segs) {
			u.Next = segs[i+1].Segment.Text
		}
		if err := enc.Encode(u); err != nil {
			return rep, err
		}
		rep.Written++
	}
	return rep, enc.Close()
}

// encodeParagraphs encodes the n segments of a document as XLIFF units,
// one a paragraph (id xliff.ParaID of para(i)), segment i made by seg(i).
// written, when not nil, is told how many segments each unit held once it
// is written.
func encodeParagraphs(enc *xliff.Encoder, n int, para func(i int) int, seg func(i int) *xliff.Segment, written func(int)) error {
	var unit *xliff.Unit
	flush := func() error {
		if unit == nil {
			return nil
		}
		err := enc.Encode(unit)
		if written != nil {
			written(len(unit.Segments))
		}
		unit = nil
		return err
	}
	for i := range n {
		id := xliff.ParaID(para(i))
		if unit != nil && unit.ID != id {
			if err := flush(); err != nil {
				return err
			}
		}
		if unit == nil {
			unit = &xliff.Unit{ID: id}
		}
		unit.Segments = append(unit.Segments, seg(i))
	}
	return flush()
}
