package term

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/tm"
)

// Format is a termbase file format.
type Format string

// Termbase formats.
const (
	FormatTBX Format = "tbx"
	FormatTSV Format = "tsv" // tab-separated: OmegaT glossaries, korpus export
	FormatCSV Format = "csv" // comma-separated, quoted as RFC 4180
)

// Detect looks at the start of r: XML is TBX, otherwise a glossary that
// is tab-separated when its first line holds a tab, comma-separated
// otherwise. It returns a reader that still yields everything.
func Detect(r io.Reader) (Format, io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return "", br, err
	}
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "", br, tm.Errorf(tm.EINVALID, "empty file")
	}
	if b[0] == '<' {
		return FormatTBX, br, nil
	}
	// The first line that is not a comment (OmegaT glossaries may start
	// with # lines) decides the separator.
	line, rest, _ := bytes.Cut(b, []byte("\n"))
	for i := 0; i < 1000 && len(rest) > 0 && (len(line) == 0 || line[0] == '#'); i++ {
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
	}
	if bytes.IndexByte(line, '\t') >= 0 {
		return FormatTSV, br, nil
	}
	return FormatCSV, br, nil
}

// GlossaryDecoder reads a CSV or TSV glossary, in one of two shapes:
//
//   - OmegaT's: no header, columns source term, target term and an
//     optional comment; lines starting with # are comments. The
//     languages are the ones given to NewGlossaryDecoder.
//   - header-named: the first line names the columns. "source"/"target"
//     (or "term"/"translation") take the given languages, a language tag
//     ("de", "en-GB") names its own; "status", "pos"/"part of speech",
//     "definition", "note"/"comment"/"description"/"translator_comments"/
//     "developer_comments", "subject" and "concept"/"id" (rows with the
//     same id are one concept: several terms per language) are read;
//     "source_status"/"target_status" set each side's status; other
//     columns (Weblate's location, fuzzy, context) are ignored.
type GlossaryDecoder struct {
	r          *csv.Reader
	name       string
	from, to   tm.Lang
	header     *glossHeader
	started    bool
	pending    *Concept // a concept whose next row may continue it
	pendingKey string
	done       bool
}

type glossHeader struct {
	langCols   map[int]tm.Lang
	status     map[int]int // status columns: -1 every term, 0 the first term column's, 1 the others'
	pos, def   int
	note, subj int
	id         int
}

// NewGlossaryDecoder returns a decoder of the glossary r (format TSV or
// CSV); from and to are the languages of OmegaT's columns and of header
// columns named source and target.
func NewGlossaryDecoder(r io.Reader, name string, f Format, from, to tm.Lang) *GlossaryDecoder {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.ReuseRecord = false
	if f == FormatTSV {
		cr.Comma = '\t'
		cr.LazyQuotes = true
	}
	return &GlossaryDecoder{r: cr, name: name, from: from, to: to}
}

func (g *GlossaryDecoder) errAt(line, col int, format string, args ...any) error {
	return asError(&ParseError{File: g.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

var headerNames = map[string]string{
	"source": "source", "target": "target", "term": "source", "translation": "target",
	"source term": "source", "target term": "target",
	"status": "status", "source_status": "source_status", "target_status": "target_status",
	"pos": "pos", "part of speech": "pos", "partofspeech": "pos", "part_of_speech": "pos",
	"definition": "definition", "note": "note", "notes": "note", "comment": "note", "comments": "note",
	"description": "note", "translator_comments": "note", "developer_comments": "note", "explanation": "note",
	"subject": "subject", "subjectfield": "subject", "domain": "subject",
	"concept": "id", "id": "id", "concept id": "id", "entry": "id",
	"location": "ignore", "fuzzy": "ignore", "context": "ignore", "flags": "ignore",
}

// parseHeader returns the header of a header-named file, nil when rec is
// not a header (OmegaT's shape).
func (g *GlossaryDecoder) parseHeader(rec []string) (*glossHeader, error) {
	h := &glossHeader{langCols: map[int]tm.Lang{}, status: map[int]int{}, pos: -1, def: -1, note: -1, subj: -1, id: -1}
	known := 0
	for i, f := range rec {
		key := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		switch headerNames[key] {
		case "source":
			h.langCols[i] = g.from
		case "target":
			h.langCols[i] = g.to
		case "status":
			h.status[i] = -1
		case "source_status":
			h.status[i] = 0
		case "target_status":
			h.status[i] = 1
		case "pos":
			h.pos = i
		case "definition":
			h.def = i
		case "note":
			h.note = i
		case "subject":
			h.subj = i
		case "id":
			h.id = i
		case "ignore":
		default:
			l, err := tm.ParseLang(key)
			if err != nil || len(key) > 8 {
				continue
			}
			h.langCols[i] = l
		}
		known++
	}
	if known < len(rec) || len(h.langCols) < 2 {
		if known == len(rec) && len(h.langCols) < 2 {
			return nil, fmt.Errorf("the header names fewer than two term columns (want source and target, or language tags such as de and en)")
		}
		return nil, nil
	}
	return h, nil
}

// Next returns the next concept, io.EOF after the last.
func (g *GlossaryDecoder) Next() (*Concept, error) {
	for lines := 0; ; lines++ {
		if g.done {
			if g.pending != nil {
				c := g.pending
				g.pending = nil
				return c, nil
			}
			return nil, io.EOF
		}
		rec, err := g.r.Read()
		if err == io.EOF {
			g.done = true
			if !g.started {
				return nil, g.errAt(0, 0, "no glossary entries")
			}
			continue
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, g.errAt(pe.Line, pe.Column, "%v", pe.Err)
			}
			return nil, g.errAt(0, 0, "%v", err)
		}
		line, _ := g.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if !g.started {
			g.started = true
			h, err := g.parseHeader(rec)
			if err != nil {
				return nil, g.errAt(line, 1, "%v", err)
			}
			if h != nil {
				g.header = h
				continue
			}
		}
		c, key, err := g.row(rec, line)
		if err != nil {
			return nil, err
		}
		if g.pending != nil && key != "" && key == g.pendingKey {
			for _, t := range c.Terms {
				if !hasTerm(g.pending.Terms, t) {
					g.pending.Terms = append(g.pending.Terms, t)
				}
			}
			g.pending.Definitions = append(g.pending.Definitions, c.Definitions...)
			g.pending.Notes = append(g.pending.Notes, c.Notes...)
			continue
		}
		prev := g.pending
		g.pending, g.pendingKey = c, key
		if prev != nil {
			return prev, nil
		}
	}
}

func (g *GlossaryDecoder) row(rec []string, line int) (*Concept, string, error) {
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	col := func(i int) int {
		_, c := g.r.FieldPos(min(i, len(rec)-1))
		return c
	}
	c := &Concept{}
	if g.header == nil {
		if g.from == "" || g.to == "" {
			return nil, "", g.errAt(line, 1, "a glossary without a header needs --from and --to")
		}
		src, trg := field(0), field(1)
		if src == "" {
			return nil, "", g.errAt(line, col(0), "empty source term")
		}
		if len(rec) < 2 || trg == "" {
			return nil, "", g.errAt(line, col(1), "no target term (OmegaT glossaries are source<TAB>target[<TAB>comment])")
		}
		c.Terms = []Term{{Lang: g.from, Text: src}, {Lang: g.to, Text: trg}}
		if n := field(2); n != "" {
			c.Notes = []Description{{Text: n}}
		}
		return c, "", nil
	}
	h := g.header
	first := len(rec)
	for i := range h.langCols {
		first = min(first, i)
	}
	var side []int // 0 for terms of the first term column, 1 for the others
	for i := range rec {
		l, ok := h.langCols[i]
		if !ok || field(i) == "" {
			continue
		}
		c.Terms = append(c.Terms, Term{Lang: l, Text: field(i), POS: field(h.pos)})
		side = append(side, min(i-first, 1))
	}
	if len(c.Terms) == 0 {
		return nil, "", g.errAt(line, 1, "no term in this row")
	}
	for i, which := range h.status {
		v := field(i)
		st, ok := ParseStatus(v)
		if !ok {
			return nil, "", g.errAt(line, col(i), "unknown status %q (want preferred, admitted, deprecated or forbidden)", v)
		}
		for j := range c.Terms {
			if which < 0 || side[j] == which {
				c.Terms[j].Status = st
			}
		}
	}
	if d := field(h.def); d != "" {
		c.Definitions = []Description{{Text: d}}
	}
	if n := field(h.note); n != "" {
		c.Notes = []Description{{Text: n}}
	}
	c.Subject = field(h.subj)
	c.ExtID = field(h.id)
	return c, c.ExtID, nil
}

func hasTerm(ts []Term, t Term) bool {
	for _, u := range ts {
		if u.Lang == t.Lang && u.Text == t.Text {
			return true
		}
	}
	return false
}
