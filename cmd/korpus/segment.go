package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/segment"
	"github.com/korpus/korpus/tm/srx"
	"github.com/korpus/korpus/tm/textio"
	"github.com/spf13/cobra"
)

type segmentOptions struct {
	IO *IOStreams

	File     string // "-" or "" for standard input
	Lang     tm.Lang
	SRX      string
	Colon    bool // --split-colon
	Format   *enumValue
	Encoding string
}

func newSegmentCmd(f *factory) *cobra.Command {
	opts := &segmentOptions{IO: f.IO, Format: newSegmentFormat()}
	cmd := &cobra.Command{
		Use:   "segment [FILE|-]",
		Short: "Print the segments (sentences) of a plain-text file",
		Long: `Segment a plain-text file into paragraphs and sentences and print them.
Nothing is stored. Without FILE, or with -, the text is read from standard input.

Formats:
  text   one segment per line, a blank line between paragraphs
  jsonl  one JSON object per segment: {"para", "index", "text", "hash"}
         (para and index are 0-based; index counts segments in the document)

A language without built-in rules (German, English, French) is segmented
with generic rules and a warning on standard error.

Exit codes: 0 success (also for an empty file), 1 unreadable, binary or
invalid file or SRX file, 2 usage error.`,
		Example: `  korpus segment article.txt
  korpus segment --format jsonl --lang en notes.txt
  korpus segment --srx rules.srx --encoding windows-1252 old.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			return segmentRun(opts)
		},
	}
	cmd.Flags().Var(newLang(&opts.Lang, "de"), "lang", "language of the text (BCP 47)")
	cmd.Flags().StringVar(&opts.SRX, "srx", "", "segment with the rules of this SRX 2.0 `FILE` instead of the built-in ones")
	addSplitColonFlag(cmd, &opts.Colon)
	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
	cmd.Flags().Var(encodingValue{&opts.Encoding}, "encoding", "input encoding `NAME`, e.g. windows-1252, iso-8859-1, utf-16 (default: BOM, else UTF-8)")
	return cmd
}

func segmentRun(opts *segmentOptions) error {
	_, segs, err := segmentFile(opts.IO, opts.File, opts.Encoding, opts.Lang, opts.SRX, opts.Colon)
	if err != nil {
		return err
	}
	return printSegments(opts.IO.Out, opts.Format.String(), segs)
}

// segmentFile reads a text file (see readInput) and segments it with the
// rules for lang (splitting at ":" and ";" with splitColon), or those of the
// SRX file srxPath (see newSegmenter); the rules are checked before the file
// is read.
func segmentFile(ios *IOStreams, path, encoding string, lang tm.Lang, srxPath string, splitColon bool) (input, []tm.Segment, error) {
	if splitColon && srxPath != "" {
		return input{}, nil, usageErrorf("--split-colon applies to the built-in rules, not to --srx (write the rule into the SRX file)")
	}
	seg, err := newSegmenterWith(lang, srxPath, segment.Options{SplitColon: splitColon}, ios.ErrOut)
	if err != nil {
		return input{}, nil, err
	}
	in, err := readInput(ios, path, encoding)
	if err != nil {
		return in, nil, err
	}
	segs := segment.Document(in.Text, seg)
	if err := checkRuleTimeouts(seg, ios.ErrOut); err != nil {
		return in, nil, err
	}
	return in, segs, nil
}

// checkRuleTimeouts prints a warning for each SRX rule match that timed out
// (it counted as no match) and returns the segmenter's error once so many
// timed out that its rules were given up: the segments are then not to be
// used or stored.
func checkRuleTimeouts(seg tm.Segmenter, errOut io.Writer) error {
	w, ok := seg.(interface {
		Timeouts() []srx.Timeout
		Err() error
	})
	if !ok {
		return nil
	}
	if err := w.Err(); err != nil {
		return err
	}
	for _, t := range w.Timeouts() {
		fmt.Fprintf(errOut, "%s: warning: %s\n", programName, t)
	}
	return nil
}

// newSegmenter returns the segmenter for lang: the rules of the SRX file
// srxPath when given, else the built-in rules. A language without built-in
// rules gets generic rules and a warning on errOut.
func newSegmenter(lang tm.Lang, srxPath string, errOut io.Writer) (tm.Segmenter, error) {
	return newSegmenterWith(lang, srxPath, segment.Options{}, errOut)
}

// addSplitColonFlag adds --split-colon (segment, add).
func addSplitColonFlag(cmd *cobra.Command, v *bool) {
	cmd.Flags().BoolVar(v, "split-colon", false, `end a sentence at ":" or ";" before a full capitalised sentence (default: keep them together, as CAT tools do)`)
}

// newSegmenterWith is newSegmenter with options for the built-in rules.
func newSegmenterWith(lang tm.Lang, srxPath string, o segment.Options, errOut io.Writer) (tm.Segmenter, error) {
	if srxPath != "" {
		rules, err := srx.LoadFile(srxPath)
		if err != nil {
			return nil, namePath(srxPath, err)
		}
		s, err := rules.Segmenter(lang)
		if err != nil {
			return nil, namePath(srxPath, err)
		}
		return s, nil
	}
	s, err := segment.NewWithOptions(lang, o)
	if errors.Is(err, segment.ErrGenericRules) {
		fmt.Fprintf(errOut, "%s: warning: no segmentation rules for %q; using generic rules\n", programName, lang)
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// namePath makes sure an error about a file names it.
func namePath(path string, err error) error {
	if strings.Contains(err.Error(), path) {
		return err
	}
	return &tm.Error{Code: tm.ErrorCode(err), Message: path, Err: err}
}

// input is a decoded text file.
type input struct {
	Name     string // the file name as given ("-" for standard input)
	Text     string // NFC, "\n" line ends
	Encoding string // the encoding asked for, "" when detected
}

// readInput reads and decodes the text file path ("-" or "" for standard
// input). A missing file, a directory, a binary file or undecodable bytes
// are one-line EINVALID errors naming the file.
func readInput(ios *IOStreams, path, encoding string) (input, error) {
	in := input{Name: path, Encoding: encoding}
	var b []byte
	var err error
	if path == "" || path == "-" {
		in.Name = "-"
		b, err = io.ReadAll(ios.In)
		if err != nil {
			return in, tm.Errorf(tm.EINVALID, "standard input: %v", err)
		}
	} else {
		fi, serr := os.Stat(path)
		switch {
		case serr != nil:
			return in, tm.Errorf(tm.EINVALID, "%s: %v", path, unwrapPathErr(serr))
		case fi.IsDir():
			return in, tm.Errorf(tm.EINVALID, "%s: is a directory, not a text file", path)
		}
		b, err = os.ReadFile(path)
		if err != nil {
			return in, tm.Errorf(tm.EINVALID, "%s: %v", path, unwrapPathErr(err))
		}
	}
	in.Text, err = textio.Decode(b, encoding)
	if err != nil {
		name := in.Name
		if name == "-" {
			name = "standard input"
		}
		return in, &tm.Error{Code: tm.EINVALID, Message: name, Err: err}
	}
	return in, nil
}

// baseName is the default document name of a file: its base name.
func baseName(path string) string { return filepath.Base(path) }
