package term

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/korpus/korpus/tm"
)

// TBX decoding. One decoder reads the shapes termbases are exchanged in:
//
//   - TBX 2 / TBX-Basic of ISO 30042:2008: <martif><text><body><termEntry>
//     <langSet xml:lang><tig><term/><termNote type="…"/></tig> (or
//     <ntig><termGrp>), with <descrip type="definition|subjectField">,
//     <note> at any level; Weblate and translate-toolkit write this with
//     a bare <descrip> and <note from="translator">, memoQ and Trados
//     (MultiTerm) with descripGrp and termNoteGrp wrappers;
//   - TBX v3 of ISO 30042:2019 (<tbx>, namespace urn:iso:std:iso:30042:ed-2)
//     <conceptEntry><langSec><termSec>, in the DCA style (<termNote
//     type="partOfSpeech">) and the DCT style (<basic:partOfSpeech> in a
//     module namespace): element names are matched on their local name.
//
// The file is read one entry at a time, so a termbase of any size streams.

// TBXDecoder reads concepts from a TBX file.
type TBXDecoder struct {
	d     *xml.Decoder
	name  string
	root  bool
	nodes int // entries read, for the error of a file with none
}

// NewTBXDecoder returns a decoder of the TBX file r, called name in errors.
func NewTBXDecoder(r io.Reader, name string) *TBXDecoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	return &TBXDecoder{d: d, name: name}
}

func (t *TBXDecoder) errAt(line, col int, format string, args ...any) error {
	return asError(&ParseError{File: t.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (t *TBXDecoder) xmlErr(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		_, col := t.d.InputPos()
		return t.errAt(se.Line, col, "%s", se.Msg)
	}
	line, col := t.d.InputPos()
	return t.errAt(line, col, "%v", err)
}

// Next returns the next concept, io.EOF after the last.
func (t *TBXDecoder) Next() (*Concept, error) {
	for {
		tok, err := t.d.Token()
		if err == io.EOF {
			if !t.root {
				return nil, t.errAt(0, 0, "not a TBX file: no <martif> or <tbx> element")
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, t.xmlErr(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, col := t.d.InputPos()
		if !t.root {
			switch se.Name.Local {
			case "martif", "tbx":
				t.root = true
				continue
			}
			return nil, t.errAt(line, col, "not a TBX file: the root element is <%s>, not <martif> or <tbx>", se.Name.Local)
		}
		switch se.Name.Local {
		case "termEntry", "conceptEntry":
			n, err := t.tree(se)
			if err != nil {
				return nil, err
			}
			n.line, n.col = line, col
			t.nodes++
			return t.concept(n)
		}
	}
}

// node is an element read into memory (one entry at a time).
type node struct {
	name      string
	attrs     []xml.Attr
	kids      []*node
	text      strings.Builder // all character data inside, in order
	line, col int
}

func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) lang() string {
	for _, a := range n.attrs {
		if a.Name.Local == "lang" && (a.Name.Space == "xml" || a.Name.Space == "http://www.w3.org/XML/1998/namespace" || a.Name.Space == "") {
			return a.Value
		}
	}
	return ""
}

func (n *node) value() string { return strings.Join(strings.Fields(n.text.String()), " ") }

// tree reads the element se started into a node tree.
func (t *TBXDecoder) tree(se xml.StartElement) (*node, error) {
	root := &node{name: se.Name.Local, attrs: se.Attr}
	stack := []*node{root}
	for depth := 0; len(stack) > 0; depth++ {
		if depth > 10_000_000 {
			return nil, t.errAt(root.line, root.col, "entry too large")
		}
		tok, err := t.d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, t.xmlErr(err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			line, col := t.d.InputPos()
			n := &node{name: v.Name.Local, attrs: v.Attr, line: line, col: col}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, n := range stack {
				n.text.Write(v)
			}
		}
	}
	return root, nil
}

// concept turns a termEntry/conceptEntry into a Concept.
func (t *TBXDecoder) concept(n *node) (*Concept, error) {
	c := &Concept{ExtID: n.attr("id")}
	if err := t.entryLevel(c, n, ""); err != nil {
		return nil, err
	}
	if len(c.Terms) == 0 {
		return nil, t.errAt(n.line, n.col, "<%s id=%q> has no term", n.name, c.ExtID)
	}
	return c, nil
}

// entryLevel reads the children of an entry or a language section; lang
// is "" at entry level.
func (t *TBXDecoder) entryLevel(c *Concept, n *node, lang tm.Lang) error {
	for _, k := range n.kids {
		switch k.name {
		case "langSet", "langSec":
			if lang != "" {
				return t.errAt(k.line, k.col, "<%s> inside a language section", k.name)
			}
			raw := k.lang()
			if raw == "" {
				return t.errAt(k.line, k.col, "<%s> without xml:lang", k.name)
			}
			l, err := tm.ParseLang(raw)
			if err != nil {
				return t.errAt(k.line, k.col, "<%s xml:lang=%q>: %v", k.name, raw, err)
			}
			if err := t.entryLevel(c, k, l); err != nil {
				return err
			}
		case "tig", "ntig", "termSec":
			if lang == "" {
				return t.errAt(k.line, k.col, "<%s> outside a language section", k.name)
			}
			tr, err := t.term(k, lang)
			if err != nil {
				return err
			}
			c.Terms = append(c.Terms, tr)
		case "descrip", "definition", "subjectField":
			typ := k.attr("type")
			if k.name != "descrip" {
				typ = k.name
			}
			v := k.value()
			if v == "" {
				continue
			}
			switch typ {
			case "subjectField":
				if c.Subject == "" {
					c.Subject = v
				}
			case "definition":
				c.Definitions = append(c.Definitions, Description{Lang: lang, Text: v})
			default:
				c.Notes = append(c.Notes, Description{Lang: lang, Text: v})
			}
		case "descripGrp":
			if err := t.entryLevel(c, k, lang); err != nil {
				return err
			}
		case "note":
			if v := k.value(); v != "" {
				c.Notes = append(c.Notes, Description{Lang: lang, Text: v})
			}
		}
	}
	return nil
}

// term reads a tig, ntig or termSec.
func (t *TBXDecoder) term(n *node, lang tm.Lang) (Term, error) {
	tr := Term{Lang: lang}
	var notes []string
	var walk func(n *node) error
	walk = func(n *node) error {
		for _, k := range n.kids {
			typ := k.attr("type")
			switch k.name {
			case "term":
				if tr.Text != "" {
					return t.errAt(k.line, k.col, "two <term> elements in one <%s>", n.name)
				}
				tr.Text = k.value()
				if tr.Text == "" {
					return t.errAt(k.line, k.col, "empty <term>")
				}
				continue
			case "termGrp", "termNoteGrp", "descripGrp":
				if err := walk(k); err != nil {
					return err
				}
				continue
			case "note":
				if v := k.value(); v != "" {
					notes = append(notes, v)
				}
				continue
			case "termNote", "descrip":
			default:
				// DCT style: the data category is the element name.
				typ = k.name
			}
			v := k.value()
			switch typ {
			case "partOfSpeech":
				tr.POS = v
			case "administrativeStatus", "normativeAuthorization":
				st, ok := ParseStatus(v)
				if !ok {
					return t.errAt(k.line, k.col, "unknown %s %q (want preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts, supersededTerm-admn-sts or forbidden)", typ, v)
				}
				tr.Status = st
			case "usageNote", "context", "Usage note":
				if v != "" {
					notes = append(notes, v)
				}
			}
		}
		return nil
	}
	if err := walk(n); err != nil {
		return tr, err
	}
	if tr.Text == "" {
		return tr, t.errAt(n.line, n.col, "<%s> without <term>", n.name)
	}
	tr.Note = strings.Join(notes, "; ")
	return tr, nil
}
