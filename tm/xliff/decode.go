package xliff

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
	"github.com/korpus/korpus/tm/textio"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// maxGroupSegments bounds how many 1.2 trans-units of one group the decoder
// holds before it hands them out as a Unit, so memory stays flat on files
// that put everything in one group.
const maxGroupSegments = 1000

// Decoder reads units from an XLIFF 1.2 or 2.x document, one at a time.
type Decoder struct {
	name    string
	x       *xml.Decoder
	version Version
	file    *File
	files   int
	queue   []*Unit
	err     error
	done    bool // </xliff> read
	srcLang tm.Lang
	trgLang tm.Lang
	// 1.2: the open <body>/<group> frames collecting trans-units.
	frames []*frame12
	// 2.x: ids of open <group>s.
	groups2 []string
	// token start position, recorded before every token
	line, col int
	// positions of the codes of the unit being read, for error messages
	codePos map[*tm.Code][2]int
	// ns is the namespace of the core elements ("" for XLIFF 1.0 and
	// files without one); declared the version attribute as written.
	ns       string
	declared string
	opts     options
	warnings []Warning
	// depth is how many elements are open (kept by token and skip), so
	// that SkipInvalid can read past the rest of an invalid unit.
	depth   int
	invalid []tm.InvalidUnit
}

type frame12 struct {
	id    string
	segs  []*Segment
	notes []tm.Note
	line  int
}

// NewDecoder returns a decoder reading from r. name is used in errors
// ("file.xlf: line 3, column 7: …"). A UTF-16 or UTF-8 byte order mark and
// the encoding of the XML declaration are honoured.
func NewDecoder(r io.Reader, name string, opts ...Option) *Decoder {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(3)
	if bytes.Equal(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3) // a UTF-8 BOM, as many CAT tools write
	}
	if len(head) > 2 {
		head = head[:2]
	}
	utf16 := bytes.Equal(head, []byte{0xFF, 0xFE}) || bytes.Equal(head, []byte{0xFE, 0xFF})
	var in io.Reader = br
	if utf16 {
		in = transform.NewReader(br, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	}
	x := xml.NewDecoder(in)
	x.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		l := strings.ToLower(label)
		if utf16 && strings.HasPrefix(l, "utf-16") {
			return input, nil // already decoded from the BOM
		}
		enc, _, err := textio.Lookup(label)
		if err != nil {
			return nil, err
		}
		if enc == nil {
			return input, nil
		}
		return transform.NewReader(input, enc.NewDecoder()), nil
	}
	d := &Decoder{name: name, x: x}
	for _, o := range opts {
		o(&d.opts)
	}
	return d
}

// Version returns the XLIFF version; it is known after the first call to
// Next.
func (d *Decoder) Version() Version { return d.version }

// Name returns the input's name, as given to NewDecoder.
func (d *Decoder) Name() string { return d.name }

// File returns the <file> being read (nil before the first one).
func (d *Decoder) File() *File { return d.file }

// Next returns the next unit, io.EOF after the last one, or a *ParseError.
// After an error every call returns the same error.
func (d *Decoder) Next() (*Unit, error) {
	for len(d.queue) == 0 {
		if d.err != nil {
			return nil, d.err
		}
		if d.done {
			d.err = d.finish()
			continue
		}
		if err := d.step(); err != nil {
			d.err = err
		}
	}
	u := d.queue[0]
	d.queue[0] = nil
	d.queue = d.queue[1:]
	return u, nil
}

// finish checks that nothing but comments and space follow </xliff>.
func (d *Decoder) finish() error {
	for {
		tok, err := d.token()
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return d.errorf(ErrSyntax, "text after the root element")
			}
		case xml.StartElement:
			return d.errorf(ErrSyntax, "element <%s> after the root element", t.Name.Local)
		}
	}
}

// errorf returns a ParseError at the start of the last token.
func (d *Decoder) errorf(cause error, format string, args ...any) *ParseError {
	return d.errorAt(d.line, d.col, cause, format, args...)
}

func (d *Decoder) errorAt(line, col int, cause error, format string, args ...any) *ParseError {
	return &ParseError{File: d.name, Line: line, Column: col, Err: cause, Detail: fmt.Sprintf(format, args...)}
}

// token reads the next token, turning XML errors into ParseErrors and
// refusing DOCTYPEs that declare entities before anything expands them.
func (d *Decoder) token() (xml.Token, error) {
	d.line, d.col = d.x.InputPos()
	tok, err := d.x.Token()
	if err != nil {
		if err == io.EOF {
			if d.version == "" && !d.done {
				return nil, d.errorf(ErrNotXLIFF, "no root element")
			}
			if !d.done {
				return nil, d.errorf(ErrTruncated, "the file ends inside <xliff>")
			}
			return nil, io.EOF
		}
		line, col := d.x.InputPos()
		msg, syntax := xmltok.SyntaxMsg(err)
		switch {
		case syntax && strings.HasPrefix(msg, "unexpected EOF"):
			return nil, d.errorAt(line, col, ErrTruncated, "the file ends before </xliff>")
		case syntax && strings.HasPrefix(msg, "invalid character entity") && d.version == "":
			return nil, d.errorAt(line, col, ErrEntity, "%s", msg)
		}
		return nil, d.errorAt(line, col, ErrSyntax, "%s", msg)
	}
	if dir, ok := tok.(xml.Directive); ok && xmltok.DeclaresEntities(dir) {
		return nil, d.errorf(ErrEntity, "korpus does not expand entities")
	}
	switch tok.(type) {
	case xml.StartElement:
		d.depth++
	case xml.EndElement:
		d.depth--
	}
	return tok, nil
}

// step reads tokens until it has queued at least one unit or reached the end
// of the root element.
func (d *Decoder) step() error {
	for len(d.queue) == 0 && !d.done {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if d.version == "" {
				if err := d.root(t); err != nil {
					return err
				}
				continue
			}
			var err error
			if d.version.Is2() {
				err = d.start2(t)
			} else {
				err = d.start12(t)
			}
			if err != nil {
				return err
			}
		case xml.EndElement:
			if d.version.Is2() {
				d.end2(t)
			} else {
				d.end12(t)
			}
		case xml.CharData:
			if d.version == "" && len(bytes.TrimSpace(t)) > 0 {
				return d.errorf(ErrNotXLIFF, "text before the root element")
			}
		}
	}
	return nil
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == se.Name.Space) {
			return a.Value, true
		}
	}
	return "", false
}

func attrv(se xml.StartElement, local string) string {
	v, _ := attr(se, local)
	return v
}

func (d *Decoder) root(se xml.StartElement) error {
	if se.Name.Local != "xliff" {
		return d.errorf(ErrNotXLIFF, "root element is <%s>, want <xliff>", se.Name.Local)
	}
	v, _ := attr(se, "version")
	d.declared = v
	switch {
	case v == "" && se.Name.Space == NS22:
		v = "2.2"
	case v == "" && se.Name.Space == NS2:
		return d.errorf(ErrVersion, "<xliff> in the XLIFF 2 namespace has no version attribute")
	case v == "", v == "1.0", v == "1.1":
		// translate-toolkit's po2xliff writes 1.1, PASSOLO 1.0, and
		// some tools no version at all: their elements are the ones
		// 1.2 has (1.2 only added to them), so they are read as 1.2.
		v = "1.2"
	}
	switch Version(v) {
	case V12:
		switch se.Name.Space {
		case NS12, NS11, "":
		default:
			return d.errorf(ErrNotXLIFF, "XLIFF 1.x in namespace %q, want %q", se.Name.Space, NS12)
		}
	case V20, V21, V22:
		if se.Name.Space != NS2 && (v != "2.2" || se.Name.Space != NS22) {
			want := NS2
			if v == "2.2" {
				want = NS22
			}
			return d.errorf(ErrNotXLIFF, "XLIFF %s in namespace %q, want %q", v, se.Name.Space, want)
		}
		src, trg, err := d.langs(se, "srcLang", "trgLang")
		if err != nil {
			return err
		}
		d.srcLang, d.trgLang = src, trg
	default:
		return d.errorf(ErrVersion, "version %q (korpus reads 1.0, 1.1, 1.2, 2.0, 2.1 and 2.2)", v)
	}
	d.ns = se.Name.Space
	d.version = Version(v)
	return nil
}

// core reports whether n is an element of the XLIFF core namespace being
// read (1.x files without a namespace have their core elements in none).
func (d *Decoder) core(n xml.Name) bool {
	return n.Space == d.ns || n.Space == "" && !d.version.Is2()
}

// langs reads the source and target language attributes of se, named
// srcAttr and trgAttr; the source one is required, the target one may be
// absent or empty.
func (d *Decoder) langs(se xml.StartElement, srcAttr, trgAttr string) (src, trg tm.Lang, err error) {
	s, ok := attr(se, srcAttr)
	switch {
	case (!ok || s == "") && d.opts.src != "":
		src = d.opts.src
	case !ok || s == "":
		return "", "", d.errorf(ErrStructure, "<%s> has no %s (name it with import --source-lang)", se.Name.Local, srcAttr)
	default:
		if src, err = d.lang(s, srcAttr); err != nil {
			return "", "", err
		}
		if d.opts.src != "" && src != d.opts.src {
			return "", "", d.errorf(ErrLanguage, "%s %q contradicts --source-lang %s (rename it with --lang-map %s=%s)", srcAttr, s, d.opts.src, s, d.opts.src)
		}
	}
	switch t, ok := attr(se, trgAttr); {
	case ok && t != "":
		if trg, err = d.lang(t, trgAttr); err != nil {
			return "", "", err
		}
		if d.opts.trg != "" && trg != d.opts.trg {
			return "", "", d.errorf(ErrLanguage, "%s %q contradicts --target-lang %s (rename it with --lang-map %s=%s)", trgAttr, t, d.opts.trg, t, d.opts.trg)
		}
	default:
		trg = d.opts.trg
	}
	return src, trg, nil
}

// lang parses a language attribute: a name of --lang-map first (any
// string, as files carry "English" or "language0"), else a BCP 47 tag.
func (d *Decoder) lang(s, attrName string) (tm.Lang, error) {
	if l, ok := d.opts.langMap[s]; ok {
		return l, nil
	}
	l, err := tm.ParseLang(s)
	if err != nil {
		return "", d.errorf(ErrLanguage, "%s %q is not a BCP 47 language tag (map it with import --lang-map '%s=TAG')", attrName, s, s)
	}
	return l, nil
}

// Invalid returns the units skipped as invalid so far (SkipInvalid).
func (d *Decoder) Invalid() []tm.InvalidUnit { return d.invalid }

// recoverUnit handles err, raised while reading a 1.2 <trans-unit> or a
// 2.x <unit> that began at element depth depth: with SkipInvalid, an
// error of the unit's content (a language, inline codes, structure; not
// malformed XML) is recorded, the rest of the unit read past and nil
// returned. Any other error is returned as it is.
func (d *Decoder) recoverUnit(err error, depth int) error {
	var pe *ParseError
	if err == nil || !errors.As(err, &pe) ||
		!(errors.Is(pe.Err, ErrLanguage) || errors.Is(pe.Err, ErrInlineCodes) || errors.Is(pe.Err, ErrStructure)) {
		return err
	}
	if !d.opts.skipInvalid {
		return &tm.UnitError{Err: err}
	}
	for d.depth > depth {
		if _, err := d.token(); err != nil {
			return err
		}
	}
	msg := pe.Err.Error()
	if pe.Detail != "" {
		msg += ": " + pe.Detail
	}
	d.invalid = append(d.invalid, tm.InvalidUnit{File: pe.File, Line: pe.Line, Column: pe.Column, Message: msg})
	return nil
}

// ---- XLIFF 1.2 ----

func (d *Decoder) start12(se xml.StartElement) error {
	if !d.core(se.Name) {
		return d.skip() // extension elements
	}
	switch se.Name.Local {
	case "file":
		return d.file12(se)
	case "header":
		return d.header12()
	case "body":
		if d.file == nil {
			return d.errorf(ErrStructure, "<body> outside <file>")
		}
		d.frames = []*frame12{{line: d.line}}
	case "group":
		if len(d.frames) == 0 {
			return d.errorf(ErrStructure, "<group> outside <body>")
		}
		d.flush12()
		d.frames = append(d.frames, &frame12{id: attrv(se, "id"), line: d.line})
	case "note":
		if len(d.frames) == 0 {
			return d.skip()
		}
		n, err := d.note(se)
		if err != nil {
			return err
		}
		f := d.frames[len(d.frames)-1]
		f.notes = append(f.notes, n)
	case "trans-unit":
		if len(d.frames) == 0 {
			return d.errorf(ErrStructure, "<trans-unit> outside <body>")
		}
		depth := d.depth - 1
		return d.recoverUnit(d.transUnit(se), depth)
	default:
		// bin-unit, context-group, count-group, prop-group …
		return d.skip()
	}
	return nil
}

func (d *Decoder) end12(ee xml.EndElement) {
	switch ee.Name.Local {
	case "group", "body":
		if len(d.frames) > 0 {
			d.flush12()
			d.frames = d.frames[:len(d.frames)-1]
		}
	case "file":
		d.frames = nil
	case "xliff":
		d.done = true
	}
}

// flush12 queues the trans-units collected in the innermost frame.
func (d *Decoder) flush12() {
	if len(d.frames) == 0 {
		return
	}
	f := d.frames[len(d.frames)-1]
	if len(f.segs) == 0 && len(f.notes) == 0 {
		return
	}
	u := &Unit{ID: f.id, Segments: f.segs, Notes: f.notes, File: d.file, Line: f.line}
	if len(d.frames) > 2 {
		for _, g := range d.frames[1 : len(d.frames)-1] {
			u.Groups = append(u.Groups, g.id)
		}
	}
	f.segs, f.notes = nil, nil
	d.queue = append(d.queue, u)
}

func (d *Decoder) file12(se xml.StartElement) error {
	d.files++
	f := &File{
		Original: attrv(se, "original"),
		Datatype: attrv(se, "datatype"),
	}
	src, trg, err := d.langs(se, "source-language", "target-language")
	if err != nil {
		return err
	}
	f.SourceLang, f.TargetLang = src, trg
	if doc := attrv(se, "product-name"); doc != "" {
		if n, err := strconv.Atoi(attrv(se, "product-version")); err == nil && n > 0 {
			f.Korpus = &Meta{Document: doc, Version: n, Hash: attrv(se, "build-num")}
		}
	}
	d.file = f
	return nil
}

func (d *Decoder) header12() error {
	return d.children(func(t xml.StartElement) error {
		switch t.Name.Local {
		case "tool":
			if d.file != nil && d.file.Tool.ID == "" {
				d.file.Tool = Tool{ID: attrv(t, "tool-id"), Name: attrv(t, "tool-name"), Version: attrv(t, "tool-version")}
			}
		case "note":
			n, err := d.note(t)
			if err == nil && d.file != nil {
				d.file.Notes = append(d.file.Notes, n)
			}
			return err
		}
		return d.skip()
	})
}

// children reads the content of the element just started up to its end,
// handing each child element to child, which must read it up to its end
// (d.skip for those it does not want). Text between them is ignored.
func (d *Decoder) children(child func(xml.StartElement) error) error {
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := child(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skip skips the element just started.
func (d *Decoder) skip() error {
	err := d.x.Skip()
	if err == nil {
		d.depth--
		return nil
	}
	line, col := d.x.InputPos()
	if err == io.EOF || strings.Contains(err.Error(), "unexpected EOF") {
		return d.errorAt(line, col, ErrTruncated, "the file ends inside an element")
	}
	return d.errorAt(line, col, ErrSyntax, "%v", err)
}

// note reads a 1.2 <note> or 2.x <note> whose start was just read.
func (d *Decoder) note(se xml.StartElement) (tm.Note, error) {
	n := tm.Note{From: attrv(se, "from")}
	if n.From == "" {
		n.From = attrv(se, "category")
	}
	for _, a := range se.Attr {
		if a.Name.Space == nsXML && a.Name.Local == "lang" {
			n.Lang = a.Value
		}
	}
	text, err := d.text()
	n.Text = text
	return n, err
}

// text reads the character data up to the end of the current element,
// ignoring markup inside it.
func (d *Decoder) text() (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// transUnit reads a 1.2 <trans-unit> whose start was just read.
func (d *Decoder) transUnit(se xml.StartElement) error {
	d.codePos = map[*tm.Code][2]int{}
	id := attrv(se, "id")
	seg := &Segment{ID: id, Line: d.line}
	var segSource []*Segment // from <seg-source>
	var targetRuns tm.Content
	var targetSegs map[string]tm.Content
	hasTarget := false
	approved := attrv(se, "approved") == "yes"
	qualifier := ""
	var sdl map[string]sdlSeg // SDLXLIFF <sdl:seg> by mrk mid
	err := d.children(func(t xml.StartElement) error {
		if t.Name.Space == nsSDL && t.Name.Local == "seg-defs" {
			sdl = map[string]sdlSeg{}
			return d.children(func(s xml.StartElement) error {
				if s.Name.Space == nsSDL && s.Name.Local == "seg" {
					sdl[attrv(s, "id")] = sdlSeg{conf: attrv(s, "conf"), origin: attrv(s, "origin")}
				}
				return d.skip()
			})
		}
		if !d.core(t.Name) {
			return d.skip()
		}
		switch t.Name.Local {
		case "source":
			c, _, err := d.content12(t)
			seg.Source = c
			return err
		case "seg-source":
			_, mrks, err := d.content12(t)
			for _, m := range mrks {
				segSource = append(segSource, &Segment{ID: id + "_" + m.id, Source: m.c, Line: m.line})
			}
			return err
		case "target":
			hasTarget = true
			seg.State = attrv(t, "state")
			qualifier = attrv(t, "state-qualifier")
			if err := d.targetLang(t); err != nil {
				return err
			}
			c, mrks, err := d.content12(t)
			targetRuns = c
			if len(mrks) > 0 {
				targetSegs = map[string]tm.Content{}
				for _, m := range mrks {
					targetSegs[m.id] = m.c
				}
			}
			return err
		case "note":
			n, err := d.note(t)
			if err == nil && n.From != GlossNoteFrom {
				seg.Notes = append(seg.Notes, n)
			}
			return err
		case "alt-trans":
			m, err := d.altTrans(t)
			if m != nil {
				seg.Matches = append(seg.Matches, m)
			}
			return err
		}
		return d.skip()
	})
	if err != nil {
		return err
	}
	mqStatus, mqOrigin, mq := "", tm.Origin(""), false
	for _, a := range se.Attr {
		if a.Name.Space == nsMQ && a.Name.Local == "status" {
			var st tm.Status
			st, mqOrigin, mq = statusMQ(a.Value)
			mqStatus = string(st)
		}
	}
	// status derives a segment's status from everything the file says,
	// the tool's own attributes first.
	status := func(s *Segment, mid string) {
		hasTarget := s.Target != nil
		s.Status, s.Origin = statusQualified(Status12(s.State, hasTarget), qualifier, hasTarget)
		if sd, ok := sdl[mid]; ok {
			if st, ok := statusSDL(sd.conf); ok && hasTarget {
				s.Status = st
			}
			if sd.origin == "mt" {
				s.Origin = tm.OriginMT
			}
			return
		}
		if mq && hasTarget {
			s.Status, s.Origin = tm.Status(mqStatus), mqOrigin
			return
		}
		if approved && hasTarget && s.Status == tm.StatusTranslated {
			s.Status = tm.StatusReviewed
		}
	}
	f := d.frames[len(d.frames)-1]
	if len(segSource) > 0 {
		// A segmented trans-unit: one Segment per <mrk mtype="seg">,
		// handed out as a Unit of its own named after the trans-unit.
		for _, s := range segSource {
			mid := strings.TrimPrefix(s.ID, id+"_")
			s.Target = nonBlank(targetSegs[mid])
			s.State = seg.State
			status(s, mid)
			if err := d.checkTarget(s.Source, s.Target); err != nil {
				return err
			}
		}
		segSource[0].Notes = seg.Notes
		segSource[0].Matches = seg.Matches
		d.flush12()
		u := &Unit{ID: id, Segments: segSource, File: d.file, Line: seg.Line}
		for _, g := range d.frames[1:] {
			u.Groups = append(u.Groups, g.id)
		}
		d.queue = append(d.queue, u)
		return nil
	}
	if hasTarget {
		seg.Target = nonBlank(targetRuns)
	}
	status(seg, "")
	if err := d.checkTarget(seg.Source, seg.Target); err != nil {
		return err
	}
	f.segs = append(f.segs, seg)
	if len(f.segs) >= maxGroupSegments {
		d.flush12()
	}
	return nil
}

// sdlSeg is what an SDLXLIFF <sdl:seg> says about one segment.
type sdlSeg struct{ conf, origin string }

// nonBlank returns c, or nil when it has no text but white space (an empty
// SDLXLIFF <mrk mtype="seg"/> target, a <target> holding only indentation
// or only codes): such a target is no translation.
func nonBlank(c tm.Content) tm.Content {
	if len(c) == 0 || strings.TrimSpace(c.Plain()) == "" {
		return nil
	}
	return c
}

// targetLang checks the xml:lang of a <target> against the target language
// of the file: a target in another language is invalid.
func (d *Decoder) targetLang(t xml.StartElement) error {
	want := d.trgLang
	if d.file != nil {
		want = d.file.TargetLang
	}
	for _, a := range t.Attr {
		if a.Name.Space != nsXML || a.Name.Local != "lang" || a.Value == "" || want == "" {
			continue
		}
		l, ok := d.opts.langMap[a.Value]
		if !ok {
			var err error
			if l, err = tm.ParseLang(a.Value); err != nil {
				return d.errorf(ErrLanguage, "<target xml:lang=%q> is not a BCP 47 language tag (map it with import --lang-map)", a.Value)
			}
		}
		if l != want {
			what := "target-language"
			if d.version.Is2() {
				what = "trgLang"
			}
			return d.errorf(ErrLanguage, "<target xml:lang=%q> contradicts the file's %s %q", a.Value, what, want)
		}
	}
	return nil
}

func (d *Decoder) altTrans(se xml.StartElement) (*Match, error) {
	m := &Match{Similarity: -1, Quality: -1, Origin: attrv(se, "origin"), Type: "tm"}
	if q := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(attrv(se, "match-quality")), "%")); q != "" {
		if v, err := strconv.ParseFloat(q, 64); err == nil {
			m.Similarity = v
		}
	}
	if attrv(se, "alttranstype") == "x-mt" || attrv(se, "origin") == "mt" {
		m.Type = "mt"
	}
	err := d.children(func(t xml.StartElement) (err error) {
		switch t.Name.Local {
		case "source":
			m.Source, _, err = d.content12(t)
		case "target":
			m.Target, _, err = d.content12(t)
		default:
			err = d.skip()
		}
		return err
	})
	if err != nil || m.Target == nil && m.Source == nil {
		return nil, err
	}
	return m, nil
}

// runs collects inline content, merging adjacent text, but not across
// boundary (text before a 1.2 segment marker is not merged into it).
type runs struct {
	c        tm.Content
	boundary int
}

func (b *runs) push(r tm.Run) {
	if r.Code == nil {
		if r.Text == "" {
			return
		}
		if n := len(b.c); n > b.boundary && b.c[n-1].Code == nil {
			b.c[n-1].Text += r.Text
			return
		}
	}
	b.c = append(b.c, r)
}

// mrkSeg is one <mrk mtype="seg"> of a segmented source or target.
type mrkSeg struct {
	id   string
	c    tm.Content
	line int
}

// content12 reads 1.2 inline content up to the end of the element just
// started. <mrk mtype="seg"> at the top level are returned separately (and
// their content is also part of the returned content).
func (d *Decoder) content12(container xml.StartElement) (tm.Content, []mrkSeg, error) {
	var b runs
	var segs []mrkSeg
	type open struct {
		code *tm.Code
		seg  int // index into segs for mtype="seg", else -1
		from int // len(b.c) at the start of a seg mrk
	}
	var stack []open
	inSeg := func(stack []open) bool {
		for _, o := range stack {
			if o.seg >= 0 {
				return true
			}
		}
		return false
	}
	for {
		tok, err := d.token()
		if err != nil {
			return nil, nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.push(tm.Run{Text: string(t)})
		case xml.EndElement:
			if len(stack) == 0 {
				return b.c, segs, nil
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o.seg >= 0 {
				segs[o.seg].c = append(tm.Content(nil), b.c[o.from:]...)
				b.boundary = len(b.c)
				continue
			}
			cl := &tm.Code{Kind: tm.CodeClose, ID: o.code.ID, Elem: o.code.Elem}
			if o.code.Kind == tm.CodeMarkOpen {
				cl.Kind = tm.CodeMarkClose
			}
			b.push(tm.Run{Code: cl})
		case xml.StartElement:
			pos := [2]int{d.line, d.col}
			name := t.Name.Local
			code := &tm.Code{Elem: name, ID: attrv(t, "id"), Attrs: attrs(t, "id")}
			d.codePos[code] = pos
			if code.ID == "" && attrv(t, "rid") == "" && name != "mrk" {
				return nil, nil, d.errorAt(pos[0], pos[1], ErrStructure, "<%s> without id", name)
			}
			switch name {
			case "g":
				code.Kind = tm.CodeOpen
				b.push(tm.Run{Code: code})
				stack = append(stack, open{code: code, seg: -1})
			case "mrk":
				// SDLXLIFF nests its segments in the <g> of the
				// paragraph's formatting: a seg marker at any depth.
				if attrv(t, "mtype") == "seg" && !inSeg(stack) {
					segs = append(segs, mrkSeg{id: attrv(t, "mid"), line: d.line})
					stack = append(stack, open{seg: len(segs) - 1, from: len(b.c)})
					b.boundary = len(b.c)
					continue
				}
				code.Kind = tm.CodeMarkOpen
				code.ID = attrv(t, "mid")
				code.Attrs = attrs(t, "mid")
				b.push(tm.Run{Code: code})
				stack = append(stack, open{code: code, seg: -1})
			case "x":
				code.Kind = tm.CodeStandalone
				if err := d.skip(); err != nil {
					return nil, nil, err
				}
				b.push(tm.Run{Code: code})
			case "bx", "ex":
				code.Kind = tm.CodeOpen
				if name == "ex" {
					code.Kind = tm.CodeClose
				}
				if rid := attrv(t, "rid"); rid != "" && rid != code.ID {
					code.Attrs["id"] = code.ID
					code.ID = rid
				}
				if err := d.skip(); err != nil {
					return nil, nil, err
				}
				b.push(tm.Run{Code: code})
			case "ph", "bpt", "ept", "it":
				switch name {
				case "ph":
					code.Kind = tm.CodeStandalone
				case "bpt":
					code.Kind = tm.CodeOpen
				case "ept":
					code.Kind = tm.CodeClose
				case "it":
					code.Kind = tm.CodeIsolated
				}
				if rid := attrv(t, "rid"); rid != "" && rid != code.ID && name != "ph" {
					code.Attrs["id"] = code.ID
					code.ID = rid
				}
				data, err := d.text() // <sub> flattens into the native data
				if err != nil {
					return nil, nil, err
				}
				code.Data = data
				b.push(tm.Run{Code: code})
			default:
				return nil, nil, d.errorf(ErrStructure, "unexpected <%s> inside <%s>", name, container.Name.Local)
			}
			if len(code.Attrs) == 0 {
				code.Attrs = nil
			}
		}
	}
}

// attrs returns the attributes of se without a namespace, except skip.
func attrs(se xml.StartElement, skip string) map[string]string {
	m := map[string]string{}
	for _, a := range se.Attr {
		if a.Name.Space != "" || a.Name.Local == skip || a.Name.Local == "xmlns" {
			continue
		}
		m[a.Name.Local] = a.Value
	}
	return m
}

// ---- XLIFF 2.x ----

func (d *Decoder) start2(se xml.StartElement) error {
	if se.Name.Space == NSMeta && se.Name.Local == "metadata" && d.file != nil {
		return d.metadata2()
	}
	if se.Name.Space != d.ns {
		return d.skip()
	}
	switch se.Name.Local {
	case "file":
		d.files++
		d.file = &File{ID: attrv(se, "id"), Original: attrv(se, "original"), SourceLang: d.srcLang, TargetLang: d.trgLang}
		d.groups2 = nil
	case "group":
		if d.file == nil {
			return d.errorf(ErrStructure, "<group> outside <file>")
		}
		d.groups2 = append(d.groups2, attrv(se, "id"))
	case "notes":
		if d.file == nil {
			return d.skip()
		}
		notes, err := d.notes2()
		if err != nil {
			return err
		}
		if len(d.groups2) == 0 {
			d.file.Notes = append(d.file.Notes, notes...)
		}
	case "unit":
		if d.file == nil {
			return d.errorf(ErrStructure, "<unit> outside <file>")
		}
		depth := d.depth - 1
		u, err := d.unit2(se)
		if err != nil {
			return d.recoverUnit(err, depth)
		}
		d.queue = append(d.queue, u)
	default:
		return d.skip()
	}
	return nil
}

func (d *Decoder) end2(ee xml.EndElement) {
	if ee.Name.Space != d.ns {
		return
	}
	switch ee.Name.Local {
	case "group":
		if len(d.groups2) > 0 {
			d.groups2 = d.groups2[:len(d.groups2)-1]
		}
	case "xliff":
		d.done = true
	}
}

// metadata2 reads a file-level <mda:metadata>, looking for korpus's group.
func (d *Decoder) metadata2() error {
	var meta Meta
	inKorpus := false // within the last <mda:metaGroup> opened
	var walk func(t xml.StartElement) error
	walk = func(t xml.StartElement) error {
		switch t.Name.Local {
		case "metaGroup":
			inKorpus = attrv(t, "category") == "korpus"
		case "meta":
			if !inKorpus {
				break
			}
			typ := attrv(t, "type")
			v, err := d.text()
			switch typ {
			case "document":
				meta.Document = v
			case "version":
				meta.Version, _ = strconv.Atoi(v)
			case "version-hash":
				meta.Hash = v
			}
			return err
		}
		return d.children(walk)
	}
	if err := d.children(walk); err != nil {
		return err
	}
	if meta.Document != "" && meta.Version > 0 {
		d.file.Korpus = &meta
	}
	return nil
}

func (d *Decoder) notes2() ([]tm.Note, error) {
	var out []tm.Note
	err := d.children(func(t xml.StartElement) error {
		if t.Name.Local != "note" {
			return d.skip()
		}
		n, err := d.note(t)
		out = append(out, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// unit2 reads a 2.x <unit> whose start was just read.
func (d *Decoder) unit2(se xml.StartElement) (*Unit, error) {
	d.codePos = map[*tm.Code][2]int{}
	u := &Unit{ID: attrv(se, "id"), Groups: append([]string(nil), d.groups2...), File: d.file, Line: d.line}
	data := map[string]string{}
	var matches []refMatch
	err := d.children(func(t xml.StartElement) error {
		switch {
		case t.Name.Space == NSMatches && t.Name.Local == "matches":
			ms, err := d.matches2()
			matches = append(matches, ms...)
			return err
		case t.Name.Space != d.ns:
			return d.skip()
		case t.Name.Local == "notes":
			notes, err := d.notes2()
			u.Notes = append(u.Notes, notes...)
			return err
		case t.Name.Local == "originalData":
			return d.originalData(data)
		case t.Name.Local == "segment":
			s, err := d.segment2(t)
			if err == nil {
				u.Segments = append(u.Segments, s)
			}
			return err
		}
		return d.skip() // ignorable
	})
	if err != nil {
		return nil, err
	}
	for _, p := range matches {
		var to *Segment
		id := strings.TrimPrefix(p.ref, "#")
		for _, s := range u.Segments {
			if s.ID == id || "t="+s.ID == id {
				to = s
			}
		}
		if to == nil && len(u.Segments) > 0 {
			to = u.Segments[0]
		}
		if to != nil {
			to.Matches = append(to.Matches, p.m)
		}
	}
	var src, tgt tm.Content
	for _, s := range u.Segments {
		resolveData(s.Source, data)
		resolveData(s.Target, data)
		for _, m := range s.Matches {
			resolveData(m.Source, data)
			resolveData(m.Target, data)
		}
		src = append(src, s.Source...)
		tgt = append(tgt, s.Target...)
	}
	// 2.x codes may span segments: check the unit as a whole.
	if err := d.checkTarget(src, tgt); err != nil {
		return nil, err
	}
	return u, nil
}

func resolveData(c tm.Content, data map[string]string) {
	for _, r := range c {
		code := r.Code
		if code == nil || code.Attrs == nil {
			continue
		}
		for _, k := range []string{"dataRef", "dataRefStart", "dataRefEnd"} {
			ref, ok := code.Attrs[k]
			if !ok {
				continue
			}
			if k == "dataRef" || (k == "dataRefStart") == (code.Kind == tm.CodeOpen) {
				code.Data = data[ref]
			}
			delete(code.Attrs, k)
		}
		if len(code.Attrs) == 0 {
			code.Attrs = nil
		}
	}
}

func (d *Decoder) originalData(data map[string]string) error {
	return d.children(func(t xml.StartElement) error {
		c, err := d.content2(t)
		if err == nil {
			data[attrv(t, "id")] = c.Plain()
		}
		return err
	})
}

type refMatch struct {
	ref string
	m   *Match
}

func (d *Decoder) matches2() ([]refMatch, error) {
	var out []refMatch
	err := d.children(func(t xml.StartElement) error {
		if t.Name.Local != "match" {
			return d.skip()
		}
		m := &Match{Similarity: -1, Quality: -1, Origin: attrv(t, "origin"), Type: attrv(t, "type")}
		if v, err := strconv.ParseFloat(attrv(t, "similarity"), 64); err == nil {
			m.Similarity = v
		}
		if v, err := strconv.ParseFloat(attrv(t, "matchQuality"), 64); err == nil {
			m.Quality = v
		}
		data := map[string]string{}
		err := d.children(func(c xml.StartElement) (err error) {
			switch {
			case c.Name.Space == d.ns && c.Name.Local == "source":
				m.Source, err = d.content2(c)
			case c.Name.Space == d.ns && c.Name.Local == "target":
				m.Target, err = d.content2(c)
			case c.Name.Space == d.ns && c.Name.Local == "originalData":
				err = d.originalData(data)
			default:
				err = d.skip()
			}
			return err
		})
		if err != nil {
			return err
		}
		resolveData(m.Source, data)
		resolveData(m.Target, data)
		out = append(out, refMatch{ref: attrv(t, "ref"), m: m})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (d *Decoder) segment2(se xml.StartElement) (*Segment, error) {
	s := &Segment{ID: attrv(se, "id"), State: attrv(se, "state"), Line: d.line}
	subState := attrv(se, "subState")
	err := d.children(func(t xml.StartElement) (err error) {
		switch t.Name.Local {
		case "source":
			s.Source, err = d.content2(t)
		case "target":
			if err := d.targetLang(t); err != nil {
				return err
			}
			var c tm.Content
			if c, err = d.content2(t); len(c) > 0 {
				s.Target = c
			}
		default:
			err = d.skip()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	s.Status = Status2(s.State, subState, s.Target != nil)
	return s, nil
}

// content2 reads 2.x inline content up to the end of the element just
// started.
func (d *Decoder) content2(container xml.StartElement) (tm.Content, error) {
	var b runs
	var stack []*tm.Code
	for {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.push(tm.Run{Text: string(t)})
		case xml.EndElement:
			if len(stack) == 0 {
				return b.c, nil
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o == nil { // an element whose end adds nothing
				continue
			}
			cl := &tm.Code{Kind: tm.CodeClose, ID: o.ID, Elem: o.Elem}
			if o.Kind == tm.CodeMarkOpen {
				cl.Kind = tm.CodeMarkClose
			} else if v, ok := o.Attrs["dataRefEnd"]; ok {
				cl.Attrs = map[string]string{"dataRefEnd": v}
			}
			b.push(tm.Run{Code: cl})
		case xml.StartElement:
			pos := [2]int{d.line, d.col}
			name := t.Name.Local
			if t.Name.Space != d.ns {
				if err := d.skip(); err != nil {
					return nil, err
				}
				continue
			}
			code := &tm.Code{Elem: name, ID: attrv(t, "id"), Attrs: attrs(t, "id")}
			d.codePos[code] = pos
			if code.ID == "" && attrv(t, "startRef") == "" && name != "cp" {
				return nil, d.errorAt(pos[0], pos[1], ErrStructure, "<%s> without id", name)
			}
			switch name {
			case "pc", "mrk":
				code.Kind = tm.CodeOpen
				if name == "mrk" {
					code.Kind = tm.CodeMarkOpen
				}
				b.push(tm.Run{Code: code})
				stack = append(stack, code)
				if len(code.Attrs) == 0 {
					code.Attrs = nil
				}
				continue
			case "cp":
				h := attrv(t, "hex")
				r, err := strconv.ParseUint(h, 16, 32)
				if err != nil {
					return nil, d.errorAt(pos[0], pos[1], ErrStructure, "<cp hex=%q>", h)
				}
				b.push(tm.Run{Text: string(rune(r))})
				stack = append(stack, nil)
				continue
			case "ph":
				code.Kind = tm.CodeStandalone
			case "sc", "sm":
				code.Kind = tm.CodeOpen
				if name == "sm" {
					code.Kind = tm.CodeMarkOpen
				}
				if code.Attrs["isolated"] == "yes" {
					code.Kind = tm.CodeIsolated
				}
			case "ec", "em":
				code.Kind = tm.CodeClose
				if name == "em" {
					code.Kind = tm.CodeMarkClose
				}
				if ref := attrv(t, "startRef"); ref != "" {
					code.ID = ref
					delete(code.Attrs, "startRef")
				}
				if code.Attrs["isolated"] == "yes" {
					code.Kind = tm.CodeIsolated
				}
			default:
				return nil, d.errorAt(pos[0], pos[1], ErrStructure, "unexpected <%s> inside <%s>", name, container.Name.Local)
			}
			if len(code.Attrs) == 0 {
				code.Attrs = nil
			}
			if err := d.skip(); err != nil {
				return nil, err
			}
			b.push(tm.Run{Code: code})
		}
	}
}

// ---- inline code checks ----

// pairKey identifies the pair a code belongs to.
func pairKey(c *tm.Code) string { return c.ID }

// unpaired returns the Open and Close codes of c that have no partner, in
// order of appearance. Codes that XML nesting pairs (<g>, <pc>) are always
// paired.
func unpaired(c tm.Content) []*tm.Code {
	open := map[string][]*tm.Code{}
	var out []*tm.Code
	for _, r := range c {
		code := r.Code
		if code == nil {
			continue
		}
		switch code.Kind {
		case tm.CodeOpen:
			open[pairKey(code)] = append(open[pairKey(code)], code)
		case tm.CodeClose:
			k := pairKey(code)
			if n := len(open[k]); n > 0 {
				open[k] = open[k][:n-1]
			} else {
				out = append(out, code)
			}
		}
	}
	for _, r := range c {
		if code := r.Code; code != nil && code.Kind == tm.CodeOpen {
			for _, o := range open[pairKey(code)] {
				if o == code {
					out = append(out, code)
				}
			}
		}
	}
	return out
}

// checkTarget turns unpaired codes of the source into Isolated codes (XLIFF
// allows them to span segments) and rejects a target whose codes are
// unbalanced where the source's are not. A target may legally add, drop
// or reorder codes (1.2 <x/>, <g>; 2.x canDelete, canCopy, canReorder):
// that is kept and reported as a Warning.
func (d *Decoder) checkTarget(src, tgt tm.Content) error {
	isolated := map[string]bool{}
	for _, code := range unpaired(src) {
		code.Kind = tm.CodeIsolated
		isolated[string(code.Elem)+"\x00"+pairKey(code)] = true
	}
	if tgt == nil {
		return nil
	}
	for _, code := range unpaired(tgt) {
		if isolated[string(code.Elem)+"\x00"+pairKey(code)] {
			code.Kind = tm.CodeIsolated
			continue
		}
		pos := d.codePos[code]
		what := "opened but never closed"
		if code.Kind == tm.CodeClose {
			what = "closed but never opened"
		}
		return d.errorAt(pos[0], pos[1], ErrInlineCodes, "<%s id=%q> in the target is %s", code.Elem, code.ID, what)
	}
	d.compareCodes(src, tgt)
	return nil
}

// codeKey identifies a code for comparing source and target: the id (or
// the id a bx/ex/bpt/ept pair shares) and whether it opens, closes or
// stands alone.
func codeKey(c *tm.Code) string {
	kind := c.Kind
	if kind == tm.CodeIsolated {
		kind = tm.CodeStandalone
	}
	return string(kind) + "\x00" + c.ID
}

// compareCodes records a warning when the target's codes (marks aside)
// are not the source's in the source's order.
func (d *Decoder) compareCodes(src, tgt tm.Content) {
	var s, t []*tm.Code
	for _, c := range src.Codes() {
		if c.Kind != tm.CodeMarkOpen && c.Kind != tm.CodeMarkClose {
			s = append(s, c)
		}
	}
	for _, c := range tgt.Codes() {
		if c.Kind != tm.CodeMarkOpen && c.Kind != tm.CodeMarkClose {
			t = append(t, c)
		}
	}
	in := map[string]int{}
	for _, c := range s {
		in[codeKey(c)]++
	}
	for _, c := range t {
		k := codeKey(c)
		if in[k] == 0 {
			pos := d.codePos[c]
			d.warn(pos, "<%s id=%q> in the target has no counterpart in the source (kept)", c.Elem, c.ID)
			return
		}
		in[k]--
	}
	for _, c := range s {
		if in[codeKey(c)] > 0 {
			pos := d.codePos[t0(t, c)]
			d.warn(pos, "the target drops <%s id=%q> of the source (kept as written)", c.Elem, c.ID)
			return
		}
	}
	for i := range t {
		if codeKey(t[i]) != codeKey(s[i]) {
			d.warn(d.codePos[t[i]], "the target reorders the inline codes of the source (kept as written)")
			return
		}
	}
}

// t0 returns the first target code, or c when there is none, for a
// warning's position.
func t0(t []*tm.Code, c *tm.Code) *tm.Code {
	if len(t) > 0 {
		return t[0]
	}
	return c
}

func (d *Decoder) warn(pos [2]int, format string, args ...any) {
	d.warnings = append(d.warnings, Warning{Line: pos[0], Column: pos[1], Message: fmt.Sprintf(format, args...)})
}

// Warnings returns what the decoder accepted but reported so far, in input
// order.
func (d *Decoder) Warnings() []Warning { return d.warnings }
