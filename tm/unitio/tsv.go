package unitio

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// TSVEncoder writes units as TSV with the header line of Columns.
type TSVEncoder struct {
	w       *bufio.Writer
	started bool
	err     error
}

// NewTSVEncoder returns an encoder writing to w.
func NewTSVEncoder(w io.Writer) *TSVEncoder {
	return &TSVEncoder{w: bufio.NewWriterSize(w, 64<<10)}
}

func (e *TSVEncoder) header() {
	e.started = true
	_, e.err = e.w.WriteString(strings.Join(Columns, "\t") + "\n")
}

// Encode writes one unit as a line.
func (e *TSVEncoder) Encode(u *tm.Unit) error {
	if !e.started {
		e.header()
	}
	if e.err != nil {
		return e.err
	}
	r := toRecord(u)
	fields := []string{r.SourceLang, r.TargetLang, r.Source, r.Target, "", "",
		r.Created, r.Changed, r.Creator, r.Changer, r.Origin, r.Status, itoa(r.Usage), "", ""}
	if r.SourceCodes != nil {
		fields[4] = mustJSON(r.SourceCodes)
	}
	if r.TargetCodes != nil {
		fields[5] = mustJSON(r.TargetCodes)
	}
	if len(r.Props) > 0 {
		fields[13] = mustJSON(r.Props)
	}
	if len(r.Notes) > 0 {
		fields[14] = mustJSON(r.Notes)
	}
	for i, f := range fields {
		if i > 0 {
			e.w.WriteByte('\t')
		}
		EscapeTSV(e.w, f)
	}
	_, e.err = e.w.WriteString("\n")
	return e.err
}

// Close writes the header if nothing was written and flushes.
func (e *TSVEncoder) Close() error {
	if !e.started {
		e.header()
	}
	if e.err != nil {
		return e.err
	}
	e.err = e.w.Flush()
	return e.err
}

// EscapeTSV writes s with \\, \t, \n and \r escaped.
func EscapeTSV(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '\\':
			esc = `\\`
		case '\t':
			esc = `\t`
		case '\n':
			esc = `\n`
		case '\r':
			esc = `\r`
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// UnescapeTSV reverses EscapeTSV. It returns the byte offset of a bad
// escape in s with the error.
func UnescapeTSV(s string) (string, int, error) {
	i := strings.IndexByte(s, '\\')
	if i < 0 {
		return s, 0, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", i, errors.New(`backslash at the end of a field (write \\ for a backslash)`)
		}
		i++
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		default:
			return "", i - 1, fmt.Errorf(`unknown escape \%c (only \\, \t, \n and \r exist)`, s[i])
		}
	}
	return b.String(), 0, nil
}

// TSVDecoder reads units from TSV. It implements tm.UnitReader.
type TSVDecoder struct {
	r      *bufio.Reader
	file   string
	line   int
	cols   map[string]int
	ncols  int
	Origin tm.Origin // origin of units without an origin column value; default "tsv"
	err    error
	skips
}

// NewTSVDecoder returns a decoder reading r; file names it in errors.
func NewTSVDecoder(r io.Reader, file string) *TSVDecoder {
	return &TSVDecoder{r: bufio.NewReaderSize(r, 64<<10), file: file, Origin: tm.OriginTSV}
}

func (d *TSVDecoder) readLine() (string, error) {
	for {
		b, long, err := readLine(d.r, d.MaxLine)
		if err == io.EOF && (len(b) > 0 || long) {
			err = nil
		}
		if err != nil {
			return "", err
		}
		d.line++
		if long && d.cols != nil {
			d.skip()
			continue
		}
		if long {
			return "", lineErr(d.file, d.line, 0, "header line longer than %d bytes", d.MaxLine)
		}
		return d.checkLine(string(b))
	}
}

func (d *TSVDecoder) checkLine(s string) (string, error) {
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if !utf8.ValidString(s) {
		return "", invalidUTF8(d.file, d.line, s)
	}
	return s, nil
}

func (d *TSVDecoder) readHeader() error {
	s, err := d.readLine()
	if err == io.EOF {
		return lineErr(d.file, 1, 0, "empty file: want a header line %q", "source_lang\ttarget_lang\tsource\ttarget")
	}
	if err != nil {
		return err
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	d.cols = map[string]int{}
	names := strings.Split(s, "\t")
	d.ncols = len(names)
	for i, n := range names {
		if _, dup := d.cols[n]; dup {
			return lineErr(d.file, 1, 0, "column %q appears twice", n)
		}
		d.cols[n] = i
	}
	for _, req := range Columns[:4] {
		if _, ok := d.cols[req]; !ok {
			return lineErr(d.file, 1, 0, "header lacks the column %q (want at least source_lang, target_lang, source, target)", req)
		}
	}
	return nil
}

// Next returns the next unit, or io.EOF at the end.
func (d *TSVDecoder) Next() (*tm.Unit, error) {
	if d.err != nil {
		return nil, d.err
	}
	if d.cols == nil {
		if err := d.readHeader(); err != nil {
			d.err = err
			return nil, err
		}
	}
	for {
		u, err := d.next()
		if err != nil && d.recoverLine(&err) {
			continue
		}
		if err != nil {
			d.err = err
		}
		return u, err
	}
}

func (d *TSVDecoder) next() (*tm.Unit, error) {
	var s string
	for {
		var err error
		s, err = d.readLine()
		if err != nil {
			return nil, err
		}
		if s != "" {
			break
		}
	}
	raw := strings.Split(s, "\t")
	if len(raw) != d.ncols {
		return nil, lineErr(d.file, d.line, 0, "%d fields, the header has %d (tabs inside a field must be written \\t)", len(raw), d.ncols)
	}
	col := 1
	fields := make([]string, len(raw))
	for i, f := range raw {
		v, off, err := UnescapeTSV(f)
		if err != nil {
			return nil, lineErr(d.file, d.line, col+utf8.RuneCountInString(f[:off]), "%v", err)
		}
		fields[i] = v
		col += utf8.RuneCountInString(f) + 1
	}
	get := func(name string) string {
		if i, ok := d.cols[name]; ok {
			return fields[i]
		}
		return ""
	}
	rec := record{
		SourceLang: get("source_lang"), TargetLang: get("target_lang"),
		Source: get("source"), Target: get("target"),
		Created: get("created"), Changed: get("changed"),
		Creator: get("creator"), Changer: get("changer"),
		Origin: get("origin"), Status: get("status"),
	}
	if v := get("usage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, d.fieldError(raw, &fieldError{"usage", fmt.Errorf("not an integer: %q", v)})
		}
		rec.Usage = n
	}
	for _, j := range []struct {
		name string
		dst  any
	}{{"source_codes", &rec.SourceCodes}, {"target_codes", &rec.TargetCodes}, {"props", &rec.Props}, {"notes", &rec.Notes}} {
		if v := get(j.name); v != "" {
			if err := json.Unmarshal([]byte(v), j.dst); err != nil {
				return nil, d.fieldError(raw, &fieldError{j.name, errors.New(jsonErrorText(err))})
			}
		}
	}
	u, err := rec.toUnit(d.Origin)
	if err != nil {
		return nil, d.fieldError(raw, err)
	}
	return u, nil
}

// fieldError positions an error at the start of the field it names.
func (d *TSVDecoder) fieldError(raw []string, err error) error {
	col := 0
	var fe *fieldError
	if errors.As(err, &fe) {
		if i, ok := d.cols[fe.field]; ok {
			col = 1
			for _, f := range raw[:i] {
				col += utf8.RuneCountInString(f) + 1
			}
		}
	}
	return lineErr(d.file, d.line, col, "%v", err)
}
