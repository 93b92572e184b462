package po

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
)

// Option configures a Decoder.
type Option func(*Decoder)

// SourceLang is the source language of every unit (PO files do not name
// one). Next fails without it.
func SourceLang(l tm.Lang) Option { return func(d *Decoder) { d.src = l } }

// TargetLang is the target language when the header has no Language:.
func TargetLang(l tm.Lang) Option { return func(d *Decoder) { d.tgtOpt = l } }

// LangMap renames the header's Language: before it is parsed.
func LangMap(m map[string]tm.Lang) Option { return func(d *Decoder) { d.langs = m } }

// ForCheck makes the decoder keep untranslated entries (with a nil
// Target) and give every unit a PropLine prop with the line of its entry,
// for korpus check; import does not use it.
func ForCheck() Option { return func(d *Decoder) { d.forCheck = true } }

// maxLine bounds one physical line (a long msgstr is split over lines by
// every tool; 16 MB means a broken file).
const maxLine = 16 << 20

// Decoder reads a PO file one entry at a time. It implements tm.UnitReader.
type Decoder struct {
	name    string
	r       *bufio.Reader
	line    int
	src     tm.Lang
	tgtOpt  tm.Lang
	tgt     tm.Lang
	langs   map[string]tm.Lang
	conv    *encoding.Decoder
	first   bool // no entry read yet: the next may be the header
	pending []*tm.Unit
	skipped map[string]int
	err     error
	eof     bool
	// skipInvalid: see SkipInvalid; invalid lists what it skipped. bad
	// says how much of the entry whose error was just returned has been
	// read: badMid (stopped inside it), badDone (all of it), badNone (the
	// error is not one entry's: a header, a missing language, I/O).
	skipInvalid bool
	invalid     []tm.InvalidUnit
	bad         int
	forCheck    bool
}

const (
	badNone = iota
	badMid
	badDone
)

// SkipInvalid makes the decoder skip an entry that is invalid (a bad
// escape or keyword, a missing msgstr, a string that is not UTF-8 …)
// instead of failing: Invalid lists each with its position, Skipped
// counts them under tm.SkipInvalid. An invalid header still fails.
func SkipInvalid() Option { return func(d *Decoder) { d.skipInvalid = true } }

// Invalid returns the entries skipped as invalid so far (SkipInvalid).
func (d *Decoder) Invalid() []tm.InvalidUnit { return d.invalid }

// recoverEntry handles err, returned for the entry being read: with
// SkipInvalid and an error of one entry, it records it, reads past the
// rest of the entry (to the next blank line) and returns nil; otherwise
// it returns err.
func (d *Decoder) recoverEntry(err error) error {
	bad := d.bad
	d.bad = badNone
	var pe *ParseError
	if bad == badNone || !errors.As(err, &pe) {
		return err
	}
	if !d.skipInvalid {
		return &tm.UnitError{Err: err}
	}
	for bad == badMid {
		line, err := d.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
	}
	d.invalid = append(d.invalid, tm.InvalidUnit{File: cmp.Or(pe.File, "input"), Line: pe.Line, Column: pe.Column, Message: pe.Err.Error()})
	d.skip(tm.SkipInvalid)
	return nil
}

// NewDecoder returns a Decoder reading PO from r; name (usually the file
// name) prefixes error messages.
func NewDecoder(r io.Reader, name string, opts ...Option) *Decoder {
	d := &Decoder{name: name, r: bufio.NewReaderSize(r, 64<<10), first: true}
	for _, o := range opts {
		o(d)
	}
	return d
}

// Skipped returns the number of entries skipped so far, by reason.
func (d *Decoder) Skipped() map[string]int { return d.skipped }

func (d *Decoder) skip(reason string) {
	if d.skipped == nil {
		d.skipped = map[string]int{}
	}
	d.skipped[reason]++
}

// TargetLang is the target language: the header's, or the option's.
func (d *Decoder) TargetLang() tm.Lang { return d.tgt }

// str is one keyword's string, possibly continued over lines.
type str struct {
	set  bool
	line int
	b    []byte
}

// entry is one PO entry as read.
type entry struct {
	line      int // first line
	obsolete  bool
	fuzzy     bool
	flags     []string
	refs      []string
	notes     []tm.Note
	ctx, id   str
	idPlural  str
	msgstr    str
	plurals   []str
	sawStr    bool
	last      *str
	hasAny    bool
	keyLine   int
	keyColumn int
}

// Next returns the next unit, or io.EOF after the last.
func (d *Decoder) Next() (*tm.Unit, error) {
	for {
		if d.err != nil {
			return nil, d.err
		}
		if len(d.pending) > 0 {
			u := d.pending[0]
			d.pending = d.pending[1:]
			return u, nil
		}
		if d.eof {
			return nil, io.EOF
		}
		e, err := d.readEntry()
		if err != nil {
			if err = d.recoverEntry(err); err == nil {
				continue
			}
			d.err = err
			return nil, err
		}
		if e == nil {
			d.eof = true
			continue
		}
		d.bad = badNone
		n := len(d.pending)
		if err := d.units(e); err != nil {
			if err = d.recoverEntry(err); err == nil {
				d.pending = d.pending[:n]
				continue
			}
			d.err = err
			return nil, err
		}
	}
}

func (d *Decoder) readLine() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := d.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			return nil, errAt(d.name, d.line+1, 1, "line longer than %d MB", maxLine>>20)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) > 0 {
			err = nil
		}
		if err != nil {
			if err != io.EOF {
				return nil, tm.Errorf(tm.EINVALID, "%s: cannot read: %v", d.name, err)
			}
			return nil, io.EOF
		}
		d.line++
		if d.line == 1 {
			buf = bytes.TrimPrefix(buf, []byte("\xEF\xBB\xBF"))
		}
		return bytes.TrimRight(buf, "\r\n"), nil
	}
}

func col(line []byte, off int) int { return utf8.RuneCount(line[:off]) + 1 }

// readEntry reads lines up to the end of the next entry; nil at EOF.
func (d *Decoder) readEntry() (*entry, error) {
	e := &entry{}
	for {
		line, err := d.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		trimmed := bytes.TrimLeft(line, " \t")
		off := len(line) - len(trimmed)
		if len(bytes.TrimRight(trimmed, " \t")) == 0 {
			if e.hasAny {
				return d.finish(e)
			}
			continue
		}
		if !e.hasAny {
			e.line = d.line
		}
		// A comment or keyword after the msgstr starts the next entry;
		// without a blank line between them the current one ends here.
		obsoleteLine := bytes.HasPrefix(trimmed, []byte("#~"))
		startsNew := trimmed[0] == '#' || bytes.HasPrefix(trimmed, []byte("msgctxt")) || bytes.HasPrefix(trimmed, []byte("msgid"))
		if (e.sawStr && startsNew || e.obsolete && !obsoleteLine) && !(e.obsolete && obsoleteLine) {
			if err := d.unread(line); err != nil {
				return nil, err
			}
			return d.finish(e)
		}
		e.hasAny = true
		if trimmed[0] == '#' {
			d.comment(e, trimmed)
			continue
		}
		if err := d.keyword(e, line, off); err != nil {
			d.bad = badMid
			return nil, err
		}
	}
	if !e.hasAny {
		return nil, nil
	}
	return d.finish(e)
}

// unread puts a line back: the decoder keeps it for the next readEntry.
func (d *Decoder) unread(line []byte) error {
	rest := make([]byte, 0, len(line)+1+d.r.Buffered())
	rest = append(rest, line...)
	rest = append(rest, '\n')
	d.r = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), d.r), 64<<10)
	d.line--
	return nil
}

func (d *Decoder) comment(e *entry, c []byte) {
	text := string(c)
	switch {
	case strings.HasPrefix(text, "#~"):
		e.obsolete = true
	case strings.HasPrefix(text, "#,"):
		for _, f := range strings.Split(text[2:], ",") {
			f = strings.TrimSpace(f)
			switch f {
			case "":
			case "fuzzy":
				e.fuzzy = true
			default:
				e.flags = append(e.flags, f)
			}
		}
	case strings.HasPrefix(text, "#:"):
		e.refs = append(e.refs, strings.Fields(text[2:])...)
	case strings.HasPrefix(text, "#."):
		e.notes = append(e.notes, tm.Note{From: NoteExtracted, Text: d.convStr(strings.TrimSpace(text[2:]))})
	case strings.HasPrefix(text, "#|"):
	default:
		t := strings.TrimPrefix(text[1:], " ")
		if len(e.notes) > 0 && e.notes[len(e.notes)-1].From == "" && e.lastTranslatorComment() {
			e.notes[len(e.notes)-1].Text += "\n" + d.convStr(t)
		} else {
			e.notes = append(e.notes, tm.Note{Text: d.convStr(t)})
		}
	}
}

// lastTranslatorComment says whether the notes end with a translator
// comment, so consecutive "# " lines make one note.
func (e *entry) lastTranslatorComment() bool {
	return len(e.notes) > 0 && e.notes[len(e.notes)-1].From == ""
}

func (d *Decoder) keyword(e *entry, line []byte, off int) error {
	rest := line[off:]
	if rest[0] == '"' {
		if e.last == nil {
			return errAt(d.name, d.line, col(line, off), "string without a keyword (msgid, msgstr …) before it")
		}
		b, err := d.unquote(line, off)
		if err != nil {
			return err
		}
		e.last.b = append(e.last.b, b...)
		return nil
	}
	end := bytes.IndexAny(rest, " \t\"")
	if end < 0 {
		end = len(rest)
	}
	kw := string(rest[:end])
	var target *str
	switch {
	case kw == "msgctxt":
		if e.id.set || e.ctx.set {
			return errAt(d.name, d.line, col(line, off), "msgctxt after msgid or a second msgctxt")
		}
		target = &e.ctx
	case kw == "msgid":
		if e.id.set {
			return errAt(d.name, d.line, col(line, off), "second msgid in an entry (missing msgstr?)")
		}
		target = &e.id
	case kw == "msgid_plural":
		if !e.id.set || e.idPlural.set || e.sawStr {
			return errAt(d.name, d.line, col(line, off), "msgid_plural must follow msgid")
		}
		target = &e.idPlural
	case kw == "msgstr":
		if !e.id.set {
			return errAt(d.name, d.line, col(line, off), "msgstr without msgid")
		}
		if e.idPlural.set {
			return errAt(d.name, d.line, col(line, off), "plural entry needs msgstr[0], msgstr[1] …, not msgstr")
		}
		if e.sawStr {
			return errAt(d.name, d.line, col(line, off), "second msgstr in an entry")
		}
		target, e.sawStr = &e.msgstr, true
	case strings.HasPrefix(kw, "msgstr[") && strings.HasSuffix(kw, "]"):
		n, err := strconv.Atoi(kw[len("msgstr[") : len(kw)-1])
		if err != nil || n < 0 || n > 99 {
			return errAt(d.name, d.line, col(line, off), "bad plural index in %s", kw)
		}
		if !e.idPlural.set {
			return errAt(d.name, d.line, col(line, off), "%s without msgid_plural", kw)
		}
		if n != len(e.plurals) {
			return errAt(d.name, d.line, col(line, off), "%s out of order (want msgstr[%d])", kw, len(e.plurals))
		}
		e.plurals = append(e.plurals, str{})
		target, e.sawStr = &e.plurals[n], true
	default:
		return errAt(d.name, d.line, col(line, off), "unknown keyword %q (want msgctxt, msgid, msgid_plural, msgstr or msgstr[N])", kw)
	}
	p := off + end
	for p < len(line) && (line[p] == ' ' || line[p] == '\t') {
		p++
	}
	if p >= len(line) || line[p] != '"' {
		return errAt(d.name, d.line, col(line, p), "%s needs a quoted string", kw)
	}
	b, err := d.unquote(line, p)
	if err != nil {
		return err
	}
	*target = str{set: true, line: d.line, b: b}
	e.last = target
	if e.keyLine == 0 {
		e.keyLine, e.keyColumn = d.line, col(line, off)
	}
	return nil
}

// unquote decodes the C string starting at line[p] == '"'; only blanks or
// nothing may follow it.
func (d *Decoder) unquote(line []byte, p int) ([]byte, error) {
	var out []byte
	i := p + 1
	for {
		if i >= len(line) {
			return nil, errAt(d.name, d.line, col(line, p), "unterminated string")
		}
		c := line[i]
		switch c {
		case '"':
			for j := i + 1; j < len(line); j++ {
				if line[j] != ' ' && line[j] != '\t' {
					return nil, errAt(d.name, d.line, col(line, j), "unexpected text after the string")
				}
			}
			return out, nil
		case '\\':
			if i+1 >= len(line) {
				return nil, errAt(d.name, d.line, col(line, i), "backslash at the end of the line")
			}
			i++
			switch e := line[i]; e {
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			case 'a':
				out = append(out, '\a')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'v':
				out = append(out, '\v')
			case '\\', '"', '\'', '?':
				out = append(out, e)
			case 'x':
				j := i + 1
				for j < len(line) && j < i+3 && isHex(line[j]) {
					j++
				}
				if j == i+1 {
					return nil, errAt(d.name, d.line, col(line, i-1), `\x without hex digits`)
				}
				v, _ := strconv.ParseUint(string(line[i+1:j]), 16, 8)
				out = append(out, byte(v))
				i = j - 1
			case '0', '1', '2', '3', '4', '5', '6', '7':
				j := i
				for j < len(line) && j < i+3 && line[j] >= '0' && line[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(string(line[i:j]), 8, 16)
				if v > 255 {
					return nil, errAt(d.name, d.line, col(line, i-1), "octal escape out of range")
				}
				out = append(out, byte(v))
				i = j - 1
			default:
				return nil, errAt(d.name, d.line, col(line, i-1), "unknown escape \\%c", e)
			}
		default:
			out = append(out, c)
		}
		i++
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (d *Decoder) convStr(s string) string {
	if d.conv == nil {
		return s
	}
	out, err := d.conv.String(s)
	if err != nil {
		return s
	}
	return out
}

func (d *Decoder) text(s str) (string, error) {
	t := d.convStr(string(s.b))
	if d.conv == nil && !utf8.ValidString(t) {
		d.bad = badDone
		return "", errAt(d.name, s.line, 1, "string is not valid UTF-8 (the header's charset says UTF-8)")
	}
	return t, nil
}

func (d *Decoder) finish(e *entry) (*entry, error) {
	d.bad = badDone // for the errors below
	if !e.obsolete && e.id.set && !e.sawStr {
		return nil, errAt(d.name, e.keyLine, e.keyColumn, "entry without msgstr")
	}
	if !e.obsolete && !e.id.set && (e.ctx.set || e.sawStr) {
		return nil, errAt(d.name, e.keyLine, e.keyColumn, "entry without msgid")
	}
	return e, nil
}

// header reads the header entry's Language: and charset.
func (d *Decoder) header(e *entry) error {
	for _, l := range strings.Split(string(e.msgstr.b), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "language":
			if v == "" {
				continue
			}
			if m, ok := d.langs[v]; ok {
				d.tgt = m
				continue
			}
			tag := v
			if i := strings.IndexByte(tag, '@'); i >= 0 {
				tag = tag[:i]
			}
			if i := strings.IndexByte(tag, '.'); i >= 0 {
				tag = tag[:i]
			}
			l, err := tm.ParseLang(strings.ReplaceAll(tag, "_", "-"))
			if err != nil {
				return errAt(d.name, e.msgstr.line, 1, "header Language %q: %v", v, err)
			}
			d.tgt = l
		case "content-type":
			_, cs, ok := strings.Cut(strings.ToLower(v), "charset=")
			if !ok {
				continue
			}
			cs = strings.TrimSpace(strings.TrimRight(cs, ";"))
			switch cs {
			case "", "utf-8", "utf8", "charset", "us-ascii", "ascii":
				continue
			}
			enc, err := ianaindex.IANA.Encoding(cs)
			if err != nil || enc == nil {
				return errAt(d.name, e.msgstr.line, 1, "header charset %q is not supported (convert the file with msgconv --to-code=UTF-8)", cs)
			}
			d.conv = enc.NewDecoder()
		}
	}
	return nil
}

// units turns an entry into d.pending.
func (d *Decoder) units(e *entry) error {
	first := d.first
	d.first = false
	if e.obsolete {
		d.skip("obsolete")
		return nil
	}
	if !e.id.set {
		return nil // comments only
	}
	if first && len(e.id.b) == 0 && !e.ctx.set {
		if err := d.header(e); err != nil {
			return err
		}
		if d.tgt == "" {
			d.tgt = d.tgtOpt
		}
		return nil
	}
	if d.tgt == "" {
		d.tgt = d.tgtOpt
	}
	if d.src == "" {
		return errAt(d.name, e.line, 1, "a PO file names no source language: give one (--source-lang)")
	}
	if d.tgt == "" {
		return errAt(d.name, e.line, 1, "the PO header has no Language: give the target language (--target-lang)")
	}
	var props []tm.Prop
	if e.ctx.set {
		c, err := d.text(e.ctx)
		if err != nil {
			return err
		}
		props = append(props, tm.Prop{Type: PropContext, Value: c})
	}
	if len(e.refs) > 0 {
		props = append(props, tm.Prop{Type: PropReference, Value: strings.Join(e.refs, " ")})
	}
	if len(e.flags) > 0 {
		props = append(props, tm.Prop{Type: PropFlags, Value: strings.Join(e.flags, ", ")})
	}
	status := tm.StatusTranslated
	if e.fuzzy {
		status = tm.StatusNeedsReview
	}
	mk := func(src, tgt str, extra []tm.Prop) error {
		s, err := d.text(src)
		if err != nil {
			return err
		}
		t, err := d.text(tgt)
		if err != nil {
			return err
		}
		if t == "" && !d.forCheck {
			d.skip("untranslated")
			return nil
		}
		if s == "" {
			d.skip("empty source")
			return nil
		}
		u := &tm.Unit{
			SourceLang: d.src, TargetLang: d.tgt, Source: tm.Text(s), Target: tm.Text(t),
			Status: status, Origin: tm.OriginPO,
			Props: append(append([]tm.Prop(nil), props...), extra...), Notes: e.notes,
		}
		if d.forCheck {
			u.Props = append(u.Props, tm.Prop{Type: PropLine, Value: strconv.Itoa(e.line)})
		}
		d.pending = append(d.pending, u)
		return nil
	}
	if !e.idPlural.set {
		return mk(e.id, e.msgstr, nil)
	}
	for n, p := range e.plurals {
		src := e.id
		if n > 0 {
			src = e.idPlural
		}
		if err := mk(src, p, []tm.Prop{{Type: PropPlural, Value: strconv.Itoa(n)}}); err != nil {
			return err
		}
	}
	return nil
}
