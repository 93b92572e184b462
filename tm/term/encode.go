package term

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
)

// TBXEncoder writes concepts as TBX-Basic (ISO 30042:2008, <martif
// type="TBX-Basic">): the dialect Weblate, OmegaT, translate-toolkit,
// memoQ and Trados all read. Status goes into termNote
// administrativeStatus, part of speech into termNote partOfSpeech,
// definitions into descrip definition, notes into note.
type TBXEncoder struct {
	w    *bufio.Writer
	lang string
	n    int
	err  error
}

// NewTBXEncoder starts a TBX file whose main language is lang.
func NewTBXEncoder(w io.Writer, lang string) *TBXEncoder {
	e := &TBXEncoder{w: bufio.NewWriter(w), lang: lang}
	if lang == "" {
		lang = "en"
	}
	e.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	e.printf("<martif type=\"TBX-Basic\" xml:lang=\"%s\">\n", esc(lang))
	e.printf("  <martifHeader>\n    <fileDesc>\n      <sourceDesc><p>exported by korpus</p></sourceDesc>\n    </fileDesc>\n")
	e.printf("    <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n  </martifHeader>\n")
	e.printf("  <text>\n    <body>\n")
	return e
}

func (e *TBXEncoder) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Encode writes one concept.
func (e *TBXEncoder) Encode(c *Concept) error {
	id := e.entryID(c)
	e.printf("      <termEntry id=\"%s\">\n", esc(id))
	if c.Subject != "" {
		e.printf("        <descrip type=\"subjectField\">%s</descrip>\n", esc(c.Subject))
	}
	e.texts(c.Definitions, "", "        <descrip type=\"definition\">%s</descrip>\n")
	e.texts(c.Notes, "", "        <note>%s</note>\n")
	for _, l := range c.Langs() {
		e.printf("        <langSet xml:lang=\"%s\">\n", esc(string(l)))
		e.texts(c.Definitions, l, "          <descrip type=\"definition\">%s</descrip>\n")
		for _, t := range c.Terms {
			if t.Lang != l {
				continue
			}
			e.printf("          <tig>\n            <term>%s</term>\n", esc(t.Text))
			if t.POS != "" {
				e.printf("            <termNote type=\"partOfSpeech\">%s</termNote>\n", esc(t.POS))
			}
			if s := t.Status.TBX(); s != "" {
				e.printf("            <termNote type=\"administrativeStatus\">%s</termNote>\n", s)
			}
			if t.Note != "" {
				e.printf("            <note>%s</note>\n", esc(t.Note))
			}
			e.printf("          </tig>\n")
		}
		e.texts(c.Notes, l, "          <note>%s</note>\n")
		e.printf("        </langSet>\n")
	}
	e.printf("      </termEntry>\n")
	return e.err
}

// entryID returns the id of c's entry: its external id when that is an
// XML ID, else "c" and its id in the store (or its position in the file).
func (e *TBXEncoder) entryID(c *Concept) string {
	e.n++
	if c.ExtID != "" && validID(c.ExtID) {
		return c.ExtID
	}
	if c.ID != 0 {
		return "c" + strconv.FormatInt(c.ID, 10)
	}
	return "c" + strconv.Itoa(e.n)
}

// texts writes format with each text of ts in language lang ("" for the
// concept's own, language-less ones).
func (e *TBXEncoder) texts(ts []Description, lang tm.Lang, format string) {
	for _, d := range ts {
		if d.Lang == lang {
			e.printf(format, esc(d.Text))
		}
	}
}

// Close ends the file.
func (e *TBXEncoder) Close() error {
	e.printf("    </body>\n  </text>\n</martif>\n")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// TBX3Encoder writes concepts as TBX v3 (ISO 30042:2019), TBX-Basic
// dialect, DCT style: data categories are elements of the dialect's
// namespace (basic:definition, basic:subjectField, basic:partOfSpeech,
// basic:administrativeStatus), the core structure conceptEntry › langSec
// › termSec › term. Concept-level definitions and the subject field come
// first in the conceptEntry, a language's definitions and notes before
// its termSecs (the core structure puts auxiliary information before the
// termSecs), a term's part of speech and status after the term, its note
// last.
type TBX3Encoder struct {
	TBXEncoder
}

// TBX v3 namespaces: the core structure and the TBX-Basic dialect.
const (
	NSTBX3      = "urn:iso:std:iso:30042:ed-2"
	NSTBXBasic3 = "http://www.tbxinfo.net/ns/basic"
)

// NewTBX3Encoder starts a TBX v3 DCT file whose main language is lang.
func NewTBX3Encoder(w io.Writer, lang string) *TBX3Encoder {
	e := &TBX3Encoder{TBXEncoder{w: bufio.NewWriter(w), lang: lang}}
	if lang == "" {
		lang = "en"
	}
	e.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	e.printf("<tbx type=\"TBX-Basic\" style=\"dct\" xml:lang=\"%s\" xmlns=\"%s\" xmlns:basic=\"%s\">\n", esc(lang), NSTBX3, NSTBXBasic3)
	e.printf("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc><p>exported by korpus</p></sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n")
	e.printf("  <text>\n    <body>\n")
	return e
}

// Encode writes one concept.
func (e *TBX3Encoder) Encode(c *Concept) error {
	id := e.entryID(c)
	e.printf("      <conceptEntry id=\"%s\">\n", esc(id))
	if c.Subject != "" {
		e.printf("        <basic:subjectField>%s</basic:subjectField>\n", esc(c.Subject))
	}
	e.texts(c.Definitions, "", "        <basic:definition>%s</basic:definition>\n")
	e.texts(c.Notes, "", "        <note>%s</note>\n")
	for _, l := range c.Langs() {
		e.printf("        <langSec xml:lang=\"%s\">\n", esc(string(l)))
		e.texts(c.Definitions, l, "          <basic:definition>%s</basic:definition>\n")
		e.texts(c.Notes, l, "          <note>%s</note>\n")
		for _, t := range c.Terms {
			if t.Lang != l {
				continue
			}
			e.printf("          <termSec>\n            <term>%s</term>\n", esc(t.Text))
			if t.POS != "" {
				e.printf("            <basic:partOfSpeech>%s</basic:partOfSpeech>\n", esc(t.POS))
			}
			if s := t.Status.TBX(); s != "" {
				e.printf("            <basic:administrativeStatus>%s</basic:administrativeStatus>\n", s)
			}
			if t.Note != "" {
				e.printf("            <note>%s</note>\n", esc(t.Note))
			}
			e.printf("          </termSec>\n")
		}
		e.printf("        </langSec>\n")
	}
	e.printf("      </conceptEntry>\n")
	return e.err
}

// Close ends the file.
func (e *TBX3Encoder) Close() error {
	e.printf("    </body>\n  </text>\n</tbx>\n")
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// validID reports whether s is an XML NCName (an xml:id / ID value).
func validID(s string) bool {
	for i, r := range s {
		ok := r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f
		if i > 0 {
			ok = ok || r == '-' || r == '.' || r >= '0' && r <= '9'
		}
		if !ok {
			return false
		}
	}
	return s != ""
}

// TSVEncoder writes a header-named, tab-separated glossary: one line per
// pair of a source and a target term of a concept, with the columns
// concept, source, target, source_status, target_status, pos,
// definition, note (read back by GlossaryDecoder; OmegaT reads its first
// three columns only if the concept column is dropped, so korpus puts
// source and target first).
type TSVEncoder struct {
	w        *bufio.Writer
	from, to string
	err      error
}

// NewTSVEncoder starts a glossary of source language from, target to.
func NewTSVEncoder(w io.Writer, from, to string) *TSVEncoder {
	e := &TSVEncoder{w: bufio.NewWriter(w), from: from, to: to}
	_, e.err = fmt.Fprintf(e.w, "%s\t%s\tsource_status\ttarget_status\tpos\tdefinition\tnote\tconcept\n", from, to)
	return e
}

func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\r", " ", "\n", " ", "\"", "'").Replace(s)
}

// Encode writes the concept's pairs (every source term with every target
// term).
func (e *TSVEncoder) Encode(c *Concept) error {
	var src, trg []Term
	for _, t := range c.Terms {
		switch {
		case string(t.Lang) == e.from || t.Lang.Base() == e.from:
			src = append(src, t)
		case string(t.Lang) == e.to || t.Lang.Base() == e.to:
			trg = append(trg, t)
		}
	}
	def := ""
	if len(c.Definitions) > 0 {
		def = c.Definitions[0].Text
	}
	var notes []string
	for _, n := range c.Notes {
		notes = append(notes, n.Text)
	}
	id := c.ExtID
	if id == "" {
		id = strconv.FormatInt(c.ID, 10)
	}
	for _, s := range src {
		for _, t := range trg {
			pos := s.POS
			if pos == "" {
				pos = t.POS
			}
			if e.err == nil {
				_, e.err = fmt.Fprintf(e.w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", tsvField(s.Text), tsvField(t.Text),
					s.Status, t.Status, tsvField(pos), tsvField(def), tsvField(strings.Join(notes, "; ")), tsvField(id))
			}
		}
	}
	return e.err
}

// Close flushes the file.
func (e *TSVEncoder) Close() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}
