package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/unitfmt"
	"github.com/korpus/korpus/tm/worddiff"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/text/width"
)

// reportPrinter prints a command's report in the one output format chosen
// when the command starts (--json or text), so run functions build the
// report value once and never test the format themselves:
//
//	p := newReportPrinter(opts.IO.Out, opts.JSON, printAddText)
//	return p.Print(report)
type reportPrinter[T any] interface {
	Print(report T) error
}

// newReportPrinter returns a JSON printer (indented, one value) when
// asJSON, else a text printer calling text.
func newReportPrinter[T any](w io.Writer, asJSON bool, text func(io.Writer, T) error) reportPrinter[T] {
	if asJSON {
		return jsonPrinter[T]{w: w}
	}
	return textPrinter[T]{w: w, text: text}
}

type jsonPrinter[T any] struct{ w io.Writer }

func (p jsonPrinter[T]) Print(v T) error {
	enc := json.NewEncoder(p.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type textPrinter[T any] struct {
	w    io.Writer
	text func(io.Writer, T) error
}

func (p textPrinter[T]) Print(v T) error { return p.text(p.w, v) }

// segmentJSON is the shape of one segment in jsonl output (segment, show).
type segmentJSON struct {
	Para  int    `json:"para"`
	Index int    `json:"index"`
	Text  string `json:"text"`
	Hash  string `json:"hash"`
}

// segmentPrinter writes segments as they come, in the format chosen once.
type segmentPrinter interface {
	Print(tm.Segment) error
	// Close flushes the output and returns the first write error.
	Close() error
}

// segmentFormats are the values of --format for segment listings.
func newSegmentFormat() *enumValue { return newEnum("text", "text", "jsonl") }

// newSegmentPrinter returns the printer for format "text" (one segment a
// line, a blank line between paragraphs) or "jsonl" (one segmentJSON a
// line).
func newSegmentPrinter(w io.Writer, format string) segmentPrinter {
	bw := bufio.NewWriterSize(w, 64<<10)
	if format == "jsonl" {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return &jsonlSegments{w: bw, enc: enc}
	}
	return &textSegments{w: bw, para: -1}
}

// printSegments writes segs with the printer for format; a write error
// stops it and is returned.
func printSegments(w io.Writer, format string, segs []tm.Segment) error {
	p := newSegmentPrinter(w, format)
	for _, s := range segs {
		if err := p.Print(s); err != nil {
			break
		}
	}
	return p.Close()
}

type textSegments struct {
	w    *bufio.Writer
	para int
}

func (p *textSegments) Print(s tm.Segment) error {
	if p.para >= 0 && s.Para != p.para {
		p.w.WriteByte('\n')
	}
	p.para = s.Para
	p.w.WriteString(s.Text)
	return p.w.WriteByte('\n')
}

func (p *textSegments) Close() error { return p.w.Flush() }

type jsonlSegments struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func (p *jsonlSegments) Print(s tm.Segment) error {
	return p.enc.Encode(segmentJSON{Para: s.Para, Index: s.Index, Text: s.Text, Hash: s.Hash})
}

func (p *jsonlSegments) Close() error { return p.w.Flush() }

// thousands formats n with commas: 1234567 → "1,234,567".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// plural returns "1 segment" / "2 segments" (n formatted with thousands).
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// jsonTime is the time format of JSON output: RFC 3339 in UTC.
func jsonTime(t time.Time) string { return report.Time(t) }

// localTime is the time format of tables for people.
func localTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// progress reports the progress of long work (imports, alignment) on
// ErrOut. Commands get one from factory.Progress and call Add as work gets
// done and Done at the end; on pipes and in tests it does nothing.
type progress interface {
	Add(n int)
	Done()
}

// Progress returns a progress bar on ErrOut when it is a terminal, else a
// no-op. total is the amount of work (-1 when unknown); bytes says whether
// it is counted in bytes.
func (f *factory) Progress(what string, total int64, bytes bool) progress {
	if !f.IO.ErrTTY {
		return noProgress{}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f.IO.ErrOut),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowBytes(bytes),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return barProgress{bar}
}

type noProgress struct{}

func (noProgress) Add(int) {}
func (noProgress) Done()   {}

type barProgress struct{ bar *progressbar.ProgressBar }

func (p barProgress) Add(n int) { p.bar.Add(n) }
func (p barProgress) Done()     { p.bar.Finish() }

// output is where a command writes its result: standard output (no -o, or
// -o -), or for -o FILE a temporary file beside FILE that Commit renames
// over it, so FILE is written completely or not at all.
//
//	out, err := openOutput(opts.IO.Out, opts.Output)
//	if err != nil {
//		return err
//	}
//	defer out.Discard()
//	… write to out …
//	return out.Commit()
type output struct {
	io.Writer
	name string   // FILE, "" for standard output
	tmp  *os.File // nil for standard output and once committed
}

// openOutput returns an output writing to name, or to stdout when name is
// empty or "-" (every command's -o - is standard output, as in most Unix
// tools; a file named "-" is written as -o ./-).
func openOutput(stdout io.Writer, name string) (*output, error) {
	if isStdout(name) {
		return &output{Writer: stdout}, nil
	}
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		return nil, tm.Errorf(tm.EINVALID, "cannot write %s: is a directory", name)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, tm.Errorf(tm.EINVALID, "cannot write %s: %v", name, unwrapPathErr(err))
	}
	o := &output{Writer: tmp, name: name, tmp: tmp}
	// CreateTemp makes the file private; an output is an ordinary file.
	if err := tmp.Chmod(0o644); err != nil {
		o.Discard()
		return nil, writeError(name, err)
	}
	return o, nil
}

// isStdout says whether the -o value name means standard output: "" (no
// -o) or "-".
func isStdout(name string) bool { return name == "" || name == "-" }

// outputName is how messages name the -o value: the file, or "standard
// output".
func outputName(name string) string {
	if isStdout(name) {
		return "standard output"
	}
	return name
}

// Commit closes the temporary file and renames it over FILE; for standard
// output it does nothing.
func (o *output) Commit() error {
	if o.tmp == nil {
		return nil
	}
	if err := o.tmp.Close(); err != nil {
		return writeError(o.name, err)
	}
	if err := os.Rename(o.tmp.Name(), o.name); err != nil {
		return writeError(o.name, err)
	}
	o.tmp = nil
	return nil
}

// Discard removes the temporary file unless it was committed; defer it
// after openOutput.
func (o *output) Discard() {
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
		o.tmp = nil
	}
}

// writeError says which output could not be written (domain errors pass
// through); file "" is standard output.
func writeError(file string, err error) error {
	if _, ok := err.(*tm.Error); ok {
		return err
	}
	return tm.Errorf(tm.EINTERNAL, "cannot write %s: %v", outputName(file), unwrapPathErr(err))
}

// unwrapPathErr drops the "open FILE:" prefix of an *os.PathError: the
// messages name the file themselves.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// unitEncoder is what the TMX, TSV and JSONL encoders share.
type unitEncoder interface {
	Encode(*tm.Unit) error
	Close() error
}

// newUnitEncoder returns the encoder of export and export-tm for format
// tsv, jsonl or tmx (a korpus TMX header with source language from).
func newUnitEncoder(w io.Writer, format string, from tm.Lang) unitEncoder {
	return unitfmt.NewEncoder(w, format, from)
}

// writeTable writes rows as left-aligned columns two spaces apart, padded
// by display width: a CJK character takes two columns of a terminal and a
// combining mark none, which text/tabwriter (counting runes) gets wrong.
// The last column is not padded.
func writeTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	bw := bufio.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			bw.WriteString(cell)
			if i < len(row)-1 {
				bw.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// displayWidth is the number of terminal columns s takes: two for East
// Asian wide and fullwidth characters, none for combining marks and
// format characters, one for the others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Terminal styles, shared by every coloured output.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDel    = ansiRed + "\x1b[9m" // deleted words: red, struck through
	ansiIns    = ansiGreen           // inserted words
)

// renderWordDiff writes a word diff as one line: on a terminal (color)
// deleted words red and struck through, inserted ones green; else
// [-deleted-] and {+inserted+}, as git diff --word-diff does.
func renderWordDiff(ops []worddiff.Op, color bool) string {
	var b strings.Builder
	for _, op := range ops {
		switch {
		case op.Kind == worddiff.Equal:
			b.WriteString(op.Text)
		case op.Kind == worddiff.Delete && color:
			b.WriteString(ansiDel + op.Text + ansiReset)
		case op.Kind == worddiff.Delete:
			b.WriteString("[-" + op.Text + "-]")
		case color:
			b.WriteString(ansiIns + op.Text + ansiReset)
		default:
			b.WriteString("{+" + op.Text + "+}")
		}
	}
	return b.String()
}
