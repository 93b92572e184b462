package tmx

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
	"golang.org/x/text/encoding/ianaindex"
)

// Option configures a Decoder.
type Option func(*Decoder)

// SourceLang makes l the source language of every <tu>, whatever the
// file's srclang says (useful for srclang="*all*" files). A <tu> without a
// <tuv> in l is skipped.
func SourceLang(l tm.Lang) Option { return func(d *Decoder) { d.srcOpt = l } }

// TargetLangs keeps only units whose target language is one of ls. A tag
// without a region ("en") also selects its regional variants ("en-US").
func TargetLangs(ls ...tm.Lang) Option { return func(d *Decoder) { d.tgtOpt = ls } }

// LangMap renames languages before they are parsed, so that a file may
// carry names that are not BCP 47 tags ("English", "language0").
func LangMap(m map[string]tm.Lang) Option {
	return func(d *Decoder) {
		for k, v := range m {
			d.langs[k] = v
		}
	}
}

// SkipInvalid makes the decoder skip a <tu> that is invalid (a bad
// language tag, unbalanced inline codes, a <tuv> without <seg> …) instead
// of failing: Invalid lists each with its position, Skipped counts them
// under tm.SkipInvalid. Malformed XML still fails, since nothing after it
// can be read reliably.
func SkipInvalid() Option { return func(d *Decoder) { d.skipInvalid = true } }

// MaxSegment bounds what the decoder keeps of one text run (the text
// between two tags) to 8×max bytes of XML, room for max bytes of text
// written with entity references: a longer run is read through without
// being kept, and its <tu> is skipped under tm.SegmentTooLong(max). So a
// 200 MB <seg> costs no more memory than a normal one. (A huge CDATA
// section, comment or attribute value cannot be read through that way:
// the file is then refused with a syntax error, still in bounded memory.)
// Units within 8×max bytes but over max are left to the caller
// (tm.UnitTooLong).
func MaxSegment(max int) Option {
	return func(d *Decoder) {
		d.maxSeg = max
		d.pr.max = 8 * max
	}
}

// Decoder reads a TMX file one <tu> at a time. It implements tm.UnitReader.
type Decoder struct {
	name   string
	pr     *posReader
	x      *xml.Decoder
	srcOpt tm.Lang
	tgtOpt []tm.Lang

	header     Header
	headerRead bool
	done       bool
	err        error // sticky: once set, every call returns it
	pending    []*tm.Unit
	langs      map[string]tm.Lang
	stack      []string
	skipped    map[string]int
	// skipInvalid: see SkipInvalid; invalid lists what it skipped.
	skipInvalid bool
	invalid     []tm.InvalidUnit
	maxSeg      int // MaxSegment (0: no bound)

	// Position of the start of the last token read.
	tokLine, tokCol int
}

// NewDecoder returns a Decoder reading TMX from r; name (usually the file
// name) prefixes error messages.
func NewDecoder(r io.Reader, name string, opts ...Option) *Decoder {
	d := &Decoder{
		name:  name,
		pr:    &posReader{r: xmltok.BOMReader(r, 64<<10), line: 1},
		langs: map[string]tm.Lang{},
	}
	d.x = xml.NewDecoder(d.pr)
	d.x.Strict = true
	d.x.CharsetReader = charsetReader
	for _, o := range opts {
		o(d)
	}
	return d
}

// charsetReader decodes the encodings an XML declaration may name. UTF-16
// input has already been transcoded after its byte-order mark was seen.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode":
		return input, nil
	}
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

// posReader counts lines and characters of what the XML decoder consumed,
// because encoding/xml reports only lines. It does its own buffering so
// that counting costs no extra call per byte.
type posReader struct {
	r    io.Reader
	buf  []byte
	i, n int
	err  error
	off  int64
	line int // 1-based
	col  int // characters consumed on the current line
	// max, when > 0, bounds the bytes of a text run passed on (see
	// MaxSegment): run counts the bytes since the last '<', skipping is
	// set while the rest of a longer run is read through, cut records
	// that a run was cut, and entity that an entity reference is open
	// (a run is never cut inside one, nor inside a UTF-8 sequence).
	max      int
	run      int
	skipping bool
	cut      bool
	entity   bool
}

func (p *posReader) fill() {
	if p.buf == nil {
		p.buf = make([]byte, 64<<10)
	}
	p.i, p.n = 0, 0
	for p.n == 0 && p.err == nil {
		p.n, p.err = p.r.Read(p.buf)
	}
}

func (p *posReader) ReadByte() (byte, error) {
	for {
		if p.i >= p.n {
			if p.err != nil {
				return 0, p.err
			}
			p.fill()
			if p.n == 0 {
				return 0, p.err
			}
		}
		b := p.buf[p.i]
		p.i++
		p.off++
		if b == '\n' {
			p.line++
			p.col = 0
		} else if b&0xC0 != 0x80 {
			p.col++
		}
		if p.max == 0 {
			return b, nil
		}
		switch {
		case b == '<':
			p.run, p.skipping, p.entity = 0, false, false
			return b, nil
		case p.skipping:
			continue // read through, not kept
		case b == '&':
			p.entity = true
		case b == ';':
			p.entity = false
		}
		p.run++
		if p.run > p.max && !p.entity && b&0xC0 != 0x80 {
			p.skipping, p.cut = true, true
			continue
		}
		return b, nil
	}
}

func (p *posReader) Read(b []byte) (int, error) {
	if p.i >= p.n {
		if p.err != nil {
			return 0, p.err
		}
		p.fill()
		if p.n == 0 {
			return 0, p.err
		}
	}
	n := copy(b, p.buf[p.i:p.n])
	for _, c := range b[:n] {
		p.off++
		if c == '\n' {
			p.line++
			p.col = 0
		} else if c&0xC0 != 0x80 {
			p.col++
		}
	}
	p.i += n
	return n, nil
}

// Skipped returns the number of <tu>s skipped so far, by reason.
func (d *Decoder) Skipped() map[string]int { return d.skipped }

// Invalid returns the <tu>s skipped as invalid so far (SkipInvalid).
func (d *Decoder) Invalid() []tm.InvalidUnit { return d.invalid }

// recoverTU handles err, raised while reading the <tu> that began at
// stack depth depth: with SkipInvalid, an error of the unit's content
// (not of the XML) is recorded, the rest of the <tu> is read past and
// nil returned; any other error is returned as it is.
func (d *Decoder) recoverTU(err error, depth int) error {
	var pe *ParseError
	if !errors.As(err, &pe) ||
		!(errors.Is(pe.Err, ErrLang) || errors.Is(pe.Err, ErrUnbalanced) || errors.Is(pe.Err, ErrStructure)) {
		return err
	}
	if !d.skipInvalid {
		return &tm.UnitError{Err: err}
	}
	for len(d.stack) > depth {
		if _, err := d.tok(); err != nil {
			return err
		}
	}
	d.invalid = append(d.invalid, tm.InvalidUnit{File: cmp.Or(pe.File, "tmx"), Line: pe.Line, Column: pe.Column, Message: pe.Err.Error()})
	d.skip(tm.SkipInvalid)
	return nil
}

func (d *Decoder) skip(reason string) {
	if d.skipped == nil {
		d.skipped = map[string]int{}
	}
	d.skipped[reason]++
}

// errAt returns an EINVALID error for a problem at line:col.
func (d *Decoder) errAt(line, col int, cause error, format string, args ...any) error {
	if col < 1 {
		col = 1
	}
	return &tm.Error{Code: tm.EINVALID, Err: (*ParseError)(xmltok.At(d.name, line, col, cause, format, args...))}
}

// errTok returns an error at the start of the last token.
func (d *Decoder) errTok(cause error, format string, args ...any) error {
	return d.errAt(d.tokLine, d.tokCol, cause, format, args...)
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// tok returns the next raw token, checking that elements nest and turning
// decoder errors into positioned ones.
func (d *Decoder) tok() (xml.Token, error) {
	start := d.x.InputOffset()
	pending := int(d.pr.off - start)
	if pending < 0 || pending > 1 {
		pending = 0
	}
	d.tokLine, d.tokCol = d.pr.line, d.pr.col-pending+1
	t, err := d.x.RawToken()
	if err != nil {
		if err == io.EOF {
			if len(d.stack) > 0 {
				return nil, d.errAt(d.pr.line, d.pr.col+1, ErrTruncated, "<%s> is not closed", d.stack[len(d.stack)-1])
			}
			return nil, io.EOF
		}
		msg, syntax := xmltok.SyntaxMsg(err)
		if syntax && strings.Contains(msg, "unexpected EOF") {
			where := "inside a tag"
			if len(d.stack) > 0 {
				where = fmt.Sprintf("inside <%s>", d.stack[len(d.stack)-1])
			}
			return nil, d.errAt(d.pr.line, d.pr.col+1, ErrTruncated, "%s", where)
		}
		return nil, d.errAt(d.pr.line, d.pr.col, ErrSyntax, "%s", msg)
	}
	switch t := t.(type) {
	case xml.StartElement:
		d.stack = append(d.stack, qname(t.Name))
	case xml.EndElement:
		name := qname(t.Name)
		if len(d.stack) == 0 {
			return nil, d.errTok(ErrSyntax, "unexpected end element </%s>", name)
		}
		if top := d.stack[len(d.stack)-1]; top != name {
			return nil, d.errTok(ErrSyntax, "element <%s> closed by </%s>", top, name)
		}
		d.stack = d.stack[:len(d.stack)-1]
	}
	return t, nil
}

// skipElement consumes the rest of the element whose start was just read.
func (d *Decoder) skipElement() error {
	depth := len(d.stack) - 1
	for len(d.stack) > depth {
		if _, err := d.tok(); err != nil {
			return err
		}
	}
	return nil
}

func isSpace(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// Header reads the file up to <body> and returns the TMX header.
func (d *Decoder) Header() (Header, error) {
	if d.err != nil {
		return Header{}, d.err
	}
	if !d.headerRead {
		if err := d.readHeader(); err != nil {
			d.err = err
			return Header{}, err
		}
		d.headerRead = true
	}
	return d.header, nil
}

func (d *Decoder) readHeader() error {
	// Prolog and root element.
	for {
		t, err := d.tok()
		if err == io.EOF {
			return d.errAt(d.pr.line, d.pr.col+1, ErrTruncated, "no <tmx> element")
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.Directive:
			if xmltok.DeclaresEntities(t) {
				return d.errTok(ErrEntity, "the DOCTYPE declares entities; korpus does not expand them (use a plain <!DOCTYPE tmx SYSTEM \"tmx14.dtd\">)")
			}
		case xml.CharData:
			if !isSpace(t) {
				return d.errTok(ErrSyntax, "text before the root element")
			}
		case xml.StartElement:
			if qname(t.Name) != "tmx" {
				return d.errTok(ErrRoot, "root element is <%s>, want <tmx>", qname(t.Name))
			}
			goto root
		}
	}
root:
	// <header>, then <body>.
	sawHeader := false
	for {
		t, ok, err := d.nextChild("tmx")
		if err != nil {
			return err
		}
		if !ok {
			return d.errTok(ErrStructure, "<tmx> has no <body>")
		}
		switch qname(t.Name) {
		case "header":
			if err := d.parseHeader(t); err != nil {
				return err
			}
			sawHeader = true
		case "body":
			if !sawHeader {
				return d.errTok(ErrStructure, "<body> before <header>")
			}
			return nil
		default:
			if err := d.skipElement(); err != nil {
				return err
			}
		}
	}
}

func (d *Decoder) parseHeader(start xml.StartElement) error {
	h := &d.header
	for _, a := range start.Attr {
		v := a.Value
		switch qname(a.Name) {
		case "creationtool":
			h.CreationTool = v
		case "creationtoolversion":
			h.CreationToolVersion = v
		case "segtype":
			h.SegType = v
		case "o-tmf":
			h.OTMF = v
		case "adminlang":
			h.AdminLang = v
		case "srclang":
			h.SrcLang = v
		case "datatype":
			h.DataType = v
		case "o-encoding":
			h.OEncoding = v
		case "creationdate":
			h.CreationDate, _ = ParseDate(v)
		case "creationid":
			h.CreationID = v
		case "changedate":
			h.ChangeDate, _ = ParseDate(v)
		case "changeid":
			h.ChangeID = v
		}
	}
	if h.SrcLang != "" && h.SrcLang != AllLangs {
		if _, err := d.lang(h.SrcLang); err != nil {
			return d.errTok(ErrLang, "header srclang: %v", err)
		}
	}
	// Text directly inside <header> is ignored.
	return d.children("", func(t xml.StartElement) error {
		if ok, err := d.propOrNote(t, &h.Props, &h.Notes); ok || err != nil {
			return err
		}
		return d.skipElement() // <ude> and unknown elements
	})
}

// nextChild reads the content of the element elem up to the start of its
// next child element (ok true) or its end (ok false). Text other than
// white space is an error, unless elem is "" (then text is ignored).
func (d *Decoder) nextChild(elem string) (t xml.StartElement, ok bool, err error) {
	for {
		tok, err := d.tok()
		if err != nil {
			return t, false, err
		}
		switch tok := tok.(type) {
		case xml.CharData:
			if elem != "" && !isSpace(tok) {
				return t, false, d.errTok(ErrStructure, "text directly inside <%s>", elem)
			}
		case xml.StartElement:
			return tok, true, nil
		case xml.EndElement:
			return t, false, nil
		}
	}
}

// children reads the content of the element elem whose start was just
// read, up to its end, as nextChild does: each child element goes to
// child, which must read it up to its end (skipElement for those it does
// not want).
func (d *Decoder) children(elem string, child func(xml.StartElement) error) error {
	for {
		t, ok, err := d.nextChild(elem)
		if err != nil || !ok {
			return err
		}
		if err := child(t); err != nil {
			return err
		}
	}
}

// propOrNote reads a <prop> or <note> child into props or notes; for any
// other element it returns false and reads nothing.
func (d *Decoder) propOrNote(t xml.StartElement, props *[]tm.Prop, notes *[]tm.Note) (bool, error) {
	switch qname(t.Name) {
	case "prop":
		p, err := d.parseProp(t)
		if err == nil {
			*props = append(*props, p)
		}
		return true, err
	case "note":
		n, err := d.parseNote(t, "")
		if err == nil {
			*notes = append(*notes, n)
		}
		return true, err
	}
	return false, nil
}

// text reads the character data of a text-only element up to its end.
func (d *Decoder) text() (string, error) {
	var b strings.Builder
	for {
		t, err := d.tok()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", d.errTok(ErrStructure, "unexpected <%s> in text-only element", qname(t.Name))
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

func langAttr(attrs []xml.Attr) string {
	lang := ""
	for _, a := range attrs {
		if a.Name.Local == "lang" {
			if a.Name.Space == "xml" {
				return a.Value
			}
			lang = a.Value // deprecated plain lang
		}
	}
	return lang
}

func (d *Decoder) parseProp(start xml.StartElement) (tm.Prop, error) {
	p := tm.Prop{Lang: langAttr(start.Attr)}
	for _, a := range start.Attr {
		if qname(a.Name) == "type" {
			p.Type = a.Value
		}
	}
	v, err := d.text()
	p.Value = v
	return p, err
}

func (d *Decoder) parseNote(start xml.StartElement, from string) (tm.Note, error) {
	n := tm.Note{Lang: langAttr(start.Attr), From: from}
	v, err := d.text()
	n.Text = v
	return n, err
}

// lang parses a language code, caching the result.
func (d *Decoder) lang(s string) (tm.Lang, error) {
	if l, ok := d.langs[s]; ok {
		return l, nil
	}
	l, err := tm.ParseLang(s)
	if err != nil {
		return "", fmt.Errorf("%w (map it with import --lang-map '%s=TAG')", err, s)
	}
	d.langs[s] = l
	return l, nil
}

// Next returns the next translation unit, or io.EOF after the last one.
func (d *Decoder) Next() (*tm.Unit, error) {
	if !d.headerRead {
		if _, err := d.Header(); err != nil {
			return nil, err
		}
	}
	for len(d.pending) == 0 {
		if d.err != nil {
			return nil, d.err
		}
		if d.done {
			return nil, io.EOF
		}
		if err := d.readTU(); err != nil {
			d.err = err
			return nil, err
		}
	}
	u := d.pending[0]
	d.pending[0] = nil
	d.pending = d.pending[1:]
	return u, nil
}

// readTU reads body content up to and including the next <tu> (or the end
// of the file) and queues its units.
func (d *Decoder) readTU() error {
	for {
		t, ok, err := d.nextChild("body")
		switch {
		case err != nil:
			return err
		case !ok: // </body>
			return d.finish()
		case qname(t.Name) == "tu":
			return d.parseTU(t)
		}
		if err := d.skipElement(); err != nil {
			return err
		}
	}
}

// finish reads what follows </body> and checks the file ends properly.
func (d *Decoder) finish() error {
	for {
		t, err := d.tok()
		if err == io.EOF {
			d.done = true
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return d.errTok(ErrSyntax, "text after </body>")
			}
		case xml.StartElement:
			if len(d.stack) == 2 || len(d.stack) == 1 {
				return d.errTok(ErrStructure, "unexpected <%s> after </body>", qname(t.Name))
			}
			return d.errTok(ErrSyntax, "content after the root element")
		}
	}
}

// tuv is one parsed <tuv>.
type tuv struct {
	lang    tm.Lang
	attrs   map[string]string
	props   []tm.Prop
	notes   []tm.Note
	content tm.Content
}

var tuAttrFields = map[string]bool{"creationdate": true, "changedate": true, "creationid": true, "changeid": true}

func (d *Decoder) parseTU(start xml.StartElement) error {
	line, col := d.tokLine, d.tokCol
	d.pr.cut = false
	depth := len(d.stack) - 1 // outside the <tu>
	attrs := map[string]string{}
	for _, a := range start.Attr {
		attrs[qname(a.Name)] = a.Value
	}
	var props []tm.Prop
	var notes []tm.Note
	var tuvs []tuv
	err := d.children("tu", func(t xml.StartElement) error {
		if ok, err := d.propOrNote(t, &props, &notes); ok || err != nil {
			return err
		}
		if qname(t.Name) != "tuv" {
			return d.skipElement()
		}
		v, err := d.parseTUV(t)
		if err == nil {
			tuvs = append(tuvs, v)
		}
		return err
	})
	if err == nil && d.pr.cut {
		// A text run of this <tu> was longer than MaxSegment allows
		// and was not kept: the unit is skipped, not cut short.
		d.pr.cut = false
		d.skip(tm.SegmentTooLong(d.maxSeg))
		return nil
	}
	if err == nil {
		err = d.makeUnits(line, col, attrs, props, notes, tuvs)
	}
	if err != nil {
		return d.recoverTU(err, depth)
	}
	return nil
}

func (d *Decoder) parseTUV(start xml.StartElement) (tuv, error) {
	var v tuv
	raw := langAttr(start.Attr)
	if raw == "" {
		return v, d.errTok(ErrLang, "<tuv> has no xml:lang")
	}
	l, err := d.lang(raw)
	if err != nil {
		return v, d.errTok(ErrLang, "<tuv xml:lang=%q>: %v", raw, err)
	}
	v.lang = l
	for _, a := range start.Attr {
		if a.Name.Local == "lang" {
			continue
		}
		if v.attrs == nil {
			v.attrs = map[string]string{}
		}
		v.attrs[qname(a.Name)] = a.Value
	}
	sawSeg := false
	err = d.children("tuv", func(t xml.StartElement) error {
		if ok, err := d.propOrNote(t, &v.props, &v.notes); ok || err != nil {
			return err
		}
		if qname(t.Name) != "seg" {
			return d.skipElement()
		}
		c, err := d.parseSeg()
		if err == nil {
			v.content, sawSeg = c, true
		}
		return err
	})
	if err != nil {
		return v, err
	}
	if !sawSeg {
		return v, d.errTok(ErrStructure, "<tuv xml:lang=%q> has no <seg>", raw)
	}
	for i, p := range v.props {
		if p.Type == PropCodes && restoreCodes(v.content, p.Value) {
			v.props = append(v.props[:i:i], v.props[i+1:]...)
			break
		}
	}
	return v, nil
}

// contentBuilder appends runs, merging adjacent text.
type contentBuilder struct{ c tm.Content }

func (b *contentBuilder) text(s string) {
	if s == "" {
		return
	}
	if n := len(b.c); n > 0 && b.c[n-1].Code == nil {
		b.c[n-1].Text += s
		return
	}
	b.c = append(b.c, tm.Run{Text: s})
}

func (b *contentBuilder) code(c *tm.Code) { b.c = append(b.c, tm.Run{Code: c}) }

type openBpt struct {
	line, col int
}

// parseSeg reads <seg> content up to </seg>.
func (d *Decoder) parseSeg() (tm.Content, error) {
	var b contentBuilder
	open := map[string]openBpt{}
	var order []string
	if err := d.parseRuns(&b, open, &order, "seg"); err != nil {
		return nil, err
	}
	for _, i := range order {
		if p, ok := open[i]; ok {
			return nil, d.errAt(p.line, p.col, ErrUnbalanced, "<bpt i=%q> has no matching <ept i=%q> in the same <seg>", i, i)
		}
	}
	return b.c, nil
}

// parseRuns reads mixed content (of <seg> or <hi>) up to its end element.
func (d *Decoder) parseRuns(b *contentBuilder, open map[string]openBpt, order *[]string, elem string) error {
	for {
		t, err := d.tok()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			b.text(string(t))
		case xml.EndElement:
			return nil
		case xml.StartElement:
			line, col := d.tokLine, d.tokCol
			name := qname(t.Name)
			switch name {
			case "bpt", "ept", "ph", "it", "ut":
				c, err := d.parseCode(name, t)
				if err != nil {
					return err
				}
				switch name {
				case "bpt":
					if _, dup := open[c.ID]; dup {
						return d.errAt(line, col, ErrUnbalanced, "<bpt i=%q> opened twice", c.ID)
					}
					open[c.ID] = openBpt{line, col}
					*order = append(*order, c.ID)
				case "ept":
					if _, ok := open[c.ID]; !ok {
						return d.errAt(line, col, ErrUnbalanced, "<ept i=%q> has no matching <bpt i=%q> before it in the same <seg>", c.ID, c.ID)
					}
					delete(open, c.ID)
				}
				b.code(c)
			case "hi":
				c := &tm.Code{Kind: tm.CodeMarkOpen, Elem: "hi"}
				for _, a := range t.Attr {
					switch k := qname(a.Name); k {
					case "x":
						c.ID = a.Value
					default:
						setAttr(c, k, a.Value)
					}
				}
				b.code(c)
				if err := d.parseRuns(b, open, order, "hi"); err != nil {
					return err
				}
				b.code(&tm.Code{Kind: tm.CodeMarkClose, ID: c.ID, Elem: "hi"})
			default:
				return d.errAt(line, col, ErrStructure, "unexpected <%s> inside <%s>", name, elem)
			}
		}
	}
}

func setAttr(c *tm.Code, k, v string) {
	if c.Attrs == nil {
		c.Attrs = map[string]string{}
	}
	c.Attrs[k] = v
}

// parseCode reads an inline code element whose start was just read.
func (d *Decoder) parseCode(name string, start xml.StartElement) (*tm.Code, error) {
	c := &tm.Code{Elem: name}
	idAttr := "x"
	switch name {
	case "bpt":
		c.Kind, idAttr = tm.CodeOpen, "i"
	case "ept":
		c.Kind, idAttr = tm.CodeClose, "i"
	case "ph", "ut":
		c.Kind = tm.CodeStandalone
	case "it":
		c.Kind = tm.CodeIsolated
	}
	hasID := false
	for _, a := range start.Attr {
		k := qname(a.Name)
		if k == idAttr {
			c.ID, hasID = a.Value, true
			continue
		}
		setAttr(c, k, a.Value)
	}
	if !hasID && idAttr == "i" {
		return nil, d.errTok(ErrStructure, "<%s> without the required i attribute", name)
	}
	var data, markup strings.Builder
	sub := false
	depth := len(d.stack) - 1
	for len(d.stack) > depth {
		t, err := d.tok()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.CharData:
			data.Write(t)
			xmltok.EscapeTo(&markup, string(t), xmltok.Text)
		case xml.StartElement:
			sub = true
			markup.WriteByte('<')
			markup.WriteString(qname(t.Name))
			for _, a := range t.Attr {
				markup.WriteString(" " + qname(a.Name) + `="`)
				xmltok.EscapeTo(&markup, a.Value, xmltok.Attr)
				markup.WriteByte('"')
			}
			markup.WriteByte('>')
		case xml.EndElement:
			if len(d.stack) > depth {
				markup.WriteString("</" + qname(t.Name) + ">")
			}
		}
	}
	if sub {
		c.Data = markup.String()
		setAttr(c, markupAttr, "1")
	} else {
		c.Data = data.String()
	}
	return c, nil
}

// markupAttr marks a code whose Data is XML markup (it held <sub>).
const markupAttr = "#markup"

// Prop type groups, in the canonical order the decoder emits.
func propGroup(typ string) int {
	switch {
	case strings.HasPrefix(typ, "tmx:source@"):
		return 2
	case strings.HasPrefix(typ, "tmx:source:"):
		return 3
	case strings.HasPrefix(typ, "tmx:target@"):
		return 4
	case strings.HasPrefix(typ, "tmx:target:"):
		return 5
	case strings.HasPrefix(typ, "tmx:"):
		return 1
	}
	return 0
}

// sortProps puts props into the canonical order: plain <tu> props in
// document order, then <tu> attributes by name, then source <tuv>
// attributes by name and props, then the same for the target.
func sortProps(ps []tm.Prop) {
	sort.SliceStable(ps, func(i, j int) bool {
		gi, gj := propGroup(ps[i].Type), propGroup(ps[j].Type)
		if gi != gj {
			return gi < gj
		}
		if gi == 1 || gi == 2 || gi == 4 {
			return ps[i].Type < ps[j].Type
		}
		return false
	})
}

func noteGroup(from string) int {
	switch from {
	case "tmx:source":
		return 1
	case "tmx:target":
		return 2
	}
	return 0
}

func sortNotes(ns []tm.Note) {
	sort.SliceStable(ns, func(i, j int) bool { return noteGroup(ns[i].From) < noteGroup(ns[j].From) })
}

func (d *Decoder) matches(sel, l tm.Lang) bool {
	if sel == l {
		return true
	}
	return !strings.Contains(string(sel), "-") && l.Base() == string(sel)
}

func (d *Decoder) wantTarget(l tm.Lang) bool {
	if len(d.tgtOpt) == 0 {
		return true
	}
	for _, s := range d.tgtOpt {
		if d.matches(s, l) {
			return true
		}
	}
	return false
}

// makeUnits turns a parsed <tu> into units, one per (source, target) pair.
func (d *Decoder) makeUnits(line, col int, attrs map[string]string, props []tm.Prop, notes []tm.Note, tuvs []tuv) error {
	if len(tuvs) < 2 {
		d.skip("tu with fewer than two languages")
		return nil
	}
	srclang := attrs["srclang"]
	if srclang == "" {
		srclang = d.header.SrcLang
	}
	var sources []int
	switch {
	case d.srcOpt != "":
		for i, v := range tuvs {
			if d.matches(d.srcOpt, v.lang) {
				sources = append(sources, i)
				break
			}
		}
	case srclang == AllLangs:
		for i := range tuvs {
			sources = append(sources, i)
		}
	case srclang == "":
		sources = []int{0}
	default:
		sl, err := d.lang(srclang)
		if err != nil {
			return d.errAt(line, col, ErrLang, "<tu srclang=%q>: %v", srclang, err)
		}
		for i, v := range tuvs {
			if v.lang == sl {
				sources = append(sources, i)
				break
			}
		}
		if len(sources) == 0 {
			for i, v := range tuvs {
				if v.lang.Base() == sl.Base() {
					sources = append(sources, i)
					break
				}
			}
		}
	}
	if len(sources) == 0 {
		d.skip("tu without a <tuv> in the source language (name the source with import --source-lang)")
		return nil
	}
	for _, si := range sources {
		for ti := range tuvs {
			if ti == si || tuvs[ti].lang == tuvs[si].lang || !d.wantTarget(tuvs[ti].lang) {
				continue
			}
			d.pending = append(d.pending, d.unit(attrs, props, notes, &tuvs[si], &tuvs[ti]))
		}
	}
	return nil
}

func (d *Decoder) unit(attrs map[string]string, props []tm.Prop, notes []tm.Note, src, tgt *tuv) *tm.Unit {
	u := &tm.Unit{
		SourceLang: src.lang,
		TargetLang: tgt.lang,
		Source:     src.content,
		Target:     tgt.content,
		Origin:     tm.OriginTMX,
	}
	ps := make([]tm.Prop, 0, len(props)+len(attrs)+len(src.props)+len(tgt.props)+4)
	for _, p := range props {
		switch p.Type {
		case PropStatus:
			if st := tm.Status(p.Value); st.Valid() {
				u.Status = st
				continue
			}
		case PropOrigin:
			u.Origin = tm.Origin(p.Value)
			continue
		case PropPrev, PropNext: // OmegaT's context of an in-context translation
			if p.Value != "" && p.Lang == "" {
				if p.Type == PropPrev {
					u.Prev = p.Value
				} else {
					u.Next = p.Value
				}
				continue
			}
		case "x-ConfirmationLevel": // Trados Studio
			if st, ok := tm.StatusOfConfirmationLevel(p.Value); ok && u.Status == "" {
				u.Status = st
			}
		case "x-Origin": // Trados Studio: TM, Alignment, MachineTranslation …
			switch strings.ToLower(p.Value) {
			case "machinetranslation", "mt", "nmt", "automatedtranslation":
				u.Origin = tm.OriginMT
			case "alignment":
				u.Origin = tm.OriginAlignment
			}
		}
		ps = append(ps, p)
	}
	used := map[string]bool{}
	field := func(name string, set func(string) bool) {
		if v, ok := attrs[name]; ok && set(v) {
			return
		}
		if v, ok := tgt.attrs[name]; ok && set(v) {
			used[name] = true
		}
	}
	setDate := func(t *time.Time) func(string) bool {
		return func(v string) bool {
			pt, err := ParseDate(v)
			if err != nil {
				return false
			}
			*t = pt
			return true
		}
	}
	setStr := func(s *string) func(string) bool { return func(v string) bool { *s = v; return true } }
	field("creationdate", setDate(&u.Created))
	field("changedate", setDate(&u.Changed))
	field("creationid", setStr(&u.Creator))
	field("changeid", setStr(&u.Changer))
	for k, v := range attrs {
		switch {
		case k == "srclang":
		case k == "usagecount":
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				u.Usage = n
				continue
			}
			ps = append(ps, tm.Prop{Type: "tmx:" + k, Value: v})
		case tuAttrFields[k]:
			if k == "creationid" || k == "changeid" {
				continue
			}
			if _, err := ParseDate(v); err == nil {
				continue
			}
			ps = append(ps, tm.Prop{Type: "tmx:" + k, Value: v})
		default:
			ps = append(ps, tm.Prop{Type: "tmx:" + k, Value: v})
		}
	}
	for k, v := range src.attrs {
		ps = append(ps, tm.Prop{Type: "tmx:source@" + k, Value: v})
	}
	for _, p := range src.props {
		p.Type = "tmx:source:" + p.Type
		ps = append(ps, p)
	}
	for k, v := range tgt.attrs {
		if used[k] {
			continue
		}
		ps = append(ps, tm.Prop{Type: "tmx:target@" + k, Value: v})
	}
	for _, p := range tgt.props {
		p.Type = "tmx:target:" + p.Type
		ps = append(ps, p)
	}
	if len(ps) > 0 {
		sortProps(ps)
		u.Props = ps
	}
	var ns []tm.Note
	if n := len(notes) + len(src.notes) + len(tgt.notes); n > 0 {
		ns = make([]tm.Note, 0, n)
		ns = append(ns, notes...)
		for _, n := range src.notes {
			n.From = "tmx:source"
			ns = append(ns, n)
		}
		for _, n := range tgt.notes {
			n.From = "tmx:target"
			ns = append(ns, n)
		}
		u.Notes = ns
	}
	return u
}
