package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/cobra"
)

type addOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)
	// User is who adds ($KORPUS_USER, else the OS user): carried units'
	// history names them.
	User string

	File     string
	Doc      string
	Lang     tm.Lang
	SRX      string
	Colon    bool // --split-colon
	Encoding string
	JSON     bool
	// Memory is --memory: the memory carry-over reads and writes ("": each
	// copy in its translation's memory).
	Memory string
	// MaxSegment is --max-segment: a longer segment is an error (0:
	// tm.DefaultMaxSegment).
	MaxSegment int
}

func newAddCmd(f *factory) *cobra.Command {
	opts := &addOptions{IO: f.IO, Store: f.Store, MaxSegment: f.MaxSegment()}
	cmd := &cobra.Command{
		Use:   "add FILE",
		Short: "Segment a plain-text file and store it as a document version",
		Long: `Segment a plain-text file and store it in the database as a document.

The document is named after the file's base name unless --doc is given.
Adding a changed text under the same name stores a new version (numbered
1, 2, 3 …); adding a text identical to the latest version stores nothing
and says so. An empty file (or one of only white space) is an error.
FILE - reads standard input and needs --doc.

A new version gets the translations of the previous one carried over:
unchanged and moved segments keep theirs, modified ones get the old one
for review (needs-review). --memory NAME carries over only the
translations in that memory and stores the copies there; without it each
copy stays in its translation's memory.

--json prints the report as one object: {"document", "version", "lang",
"created" (the document is new), "unchanged", "previous_version",
"paragraphs", "segments", "words", "chars", "carry_over"}.

Exit codes: 0 success (also when nothing was stored), 1 unreadable or
invalid file, a language other than the document's, an unknown memory,
database error,
2 usage error.`,
		Example: `  korpus add article.txt
  korpus add --doc article.txt article-edited.txt
  korpus add --lang en --json notes.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.File == "-" && opts.Doc == "" {
				return usageErrorf("reading standard input needs --doc NAME")
			}
			if opts.Doc != "" || cmd.Flags().Changed("doc") {
				if err := store.CheckDocName(opts.Doc); err != nil {
					return usageErrorf("--doc: %v", err)
				}
			}
			if opts.Doc == "" {
				opts.Doc = baseName(opts.File)
			}
			opts.Doc = docName(opts.Doc)
			opts.User = unitsUser(f.Getenv)
			return addRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().Var(newLang(&opts.Lang, "de"), "lang", "language of the text (BCP 47)")
	cmd.Flags().StringVar(&opts.Doc, "doc", "", "document `NAME` (default: the file's base name)")
	addSplitColonFlag(cmd, &opts.Colon)
	cmd.Flags().StringVar(&opts.SRX, "srx", "", "segment with the rules of this SRX 2.0 `FILE` instead of the built-in ones")
	cmd.Flags().Var(encodingValue{&opts.Encoding}, "encoding", "input encoding `NAME`, e.g. windows-1252 (default: BOM, else UTF-8)")
	cmd.Flags().StringVar(&opts.Memory, "memory", "", "carry over only the translations in memory `NAME` and store the copies there (default: each copy stays in its translation's memory)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	return cmd
}

// addReport is what add prints; its JSON field names are a stable interface.
type addReport struct {
	Document        string `json:"document"`
	Version         int    `json:"version"`
	Lang            string `json:"lang"`
	Created         bool   `json:"created"`   // the document is new
	Unchanged       bool   `json:"unchanged"` // identical to the latest version: nothing stored
	PreviousVersion int    `json:"previous_version,omitempty"`
	Paragraphs      int    `json:"paragraphs"`
	Segments        int    `json:"segments"`
	Words           int    `json:"words"`
	Chars           int    `json:"chars"`
	// CarryOver is what carrying translations over to the new version did
	// (absent for a new document or an unchanged text).
	CarryOver *carryOverResult `json:"carry_over,omitempty"`
}

// carryOverResult reports the alignment of a new version to the previous
// one and the translations carried over.
type carryOverResult struct {
	// Carried counts the translations carried over to the new version.
	Carried int `json:"carried"`
	// ToReview counts the carried translations of modified segments,
	// stored as needs-review.
	ToReview int `json:"to_review"`
	// Changes is the version alignment's summary (align.Summary).
	Changes any `json:"changes,omitempty"`
	// Summary is one line for the text report.
	Summary string `json:"-"`
}

func addRun(ctx context.Context, opts *addOptions) error {
	in, segs, err := segmentFile(opts.IO, opts.File, opts.Encoding, opts.Lang, opts.SRX, opts.Colon)
	if err != nil {
		return err
	}
	if len(segs) == 0 {
		name := in.Name
		if name == "-" {
			name = "standard input"
		}
		return tm.Errorf(tm.EINVALID, "%s holds no text (it is empty or only white space); nothing stored", name)
	}
	if err := checkSegmentLengths(in.Name, in.Text, segs, opts.MaxSegment); err != nil {
		return err
	}
	db, err := opts.Store()
	if err != nil {
		return err
	}
	carry := &versionCarry{}
	res, err := db.AddVersion(ctx, store.AddVersionInput{
		Name:       opts.Doc,
		Lang:       opts.Lang,
		SourceName: in.Name,
		Encoding:   in.Encoding,
		Text:       in.Text,
		Segments:   segs,
		Words:      tm.CountWords(in.Text),
		Chars:      tm.CountChars(in.Text),
		Carry:      carry.pairs,
		User:       opts.User,
		Memory:     opts.Memory,
	})
	if err != nil {
		return err
	}
	rep := addReport{
		Document:   res.Doc.Name,
		Version:    res.Version.Number,
		Lang:       string(res.Version.Lang),
		Created:    res.Created,
		Unchanged:  res.Unchanged,
		Paragraphs: res.Version.Paras,
		Segments:   res.Version.Segments,
		Words:      res.Version.Words,
		Chars:      res.Version.Chars,
	}
	if res.Previous != nil {
		rep.PreviousVersion = res.Previous.Number
		if rep.CarryOver, err = carry.report(ctx, db, res); err != nil {
			return fmt.Errorf("version %d of %q and its carried translations are stored, but indexing them failed: %w", res.Version.Number, res.Doc.Name, err)
		}
	}
	return newReportPrinter(opts.IO.Out, opts.JSON, printAddText).Print(rep)
}

func printAddText(w io.Writer, r addReport) error {
	if r.Unchanged {
		_, err := fmt.Fprintf(w, "unchanged: %s is identical to version %d; nothing stored\n", r.Document, r.Version)
		return err
	}
	_, err := fmt.Fprintf(w, "added %s version %d: %s, %s, %s\n", r.Document, r.Version,
		plural(r.Paragraphs, "paragraph", "paragraphs"), plural(r.Segments, "segment", "segments"), plural(r.Words, "word", "words"))
	if err == nil && r.CarryOver != nil && r.CarryOver.Summary != "" {
		_, err = fmt.Fprintln(w, r.CarryOver.Summary)
	}
	return err
}

// checkSegmentLengths refuses a document with a segment longer than max
// bytes (--max-segment), naming the line where it starts: it could not be
// matched or looked up, and would make the match index hang.
func checkSegmentLengths(name, text string, segs []tm.Segment, max int) error {
	if max <= 0 {
		max = tm.DefaultMaxSegment
	}
	if name == "-" {
		name = "standard input"
	}
	off := 0 // where the previous segment was found in text
	for _, s := range segs {
		head := s.Text
		if len(head) > 64 {
			head = strings.ToValidUTF8(head[:64], "")
		}
		if i := strings.Index(text[off:], head); i >= 0 && head != "" {
			off += i
		}
		if len(s.Text) > max {
			line := 1 + strings.Count(text[:off], "\n")
			return tm.Errorf(tm.EINVALID, "%s: line %d: segment %d is %d bytes, longer than %s (--max-segment); nothing stored",
				name, line, s.Index+1, len(s.Text), tm.FormatSize(max))
		}
	}
	return nil
}
