package tmx

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// Encoder writes a TMX 1.4b file, one <tu> per Encode call. The output
// validates against the TMX 1.4b DTD.
type Encoder struct {
	w       *bufio.Writer
	h       Header
	started bool
	closed  bool
	err     error
}

// NewEncoder returns an Encoder writing to w. Required header attributes
// left empty get defaults: creationtool "korpus", creationtoolversion
// "1", segtype "sentence", o-tmf "korpus", adminlang "en", datatype
// "plaintext", srclang "*all*".
func NewEncoder(w io.Writer, h Header) *Encoder {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&h.CreationTool, "korpus")
	def(&h.CreationToolVersion, "1")
	def(&h.SegType, "sentence")
	def(&h.OTMF, "korpus")
	def(&h.AdminLang, "en")
	def(&h.DataType, "plaintext")
	def(&h.SrcLang, AllLangs)
	return &Encoder{w: bufio.NewWriterSize(w, 64<<10), h: h}
}

func (e *Encoder) s(s string) {
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// text writes character data, escaped.
func (e *Encoder) text(s string) {
	if e.err != nil {
		return
	}
	e.err = xmltok.Escape(e.w, s, xmltok.Text)
}

// attr writes ` name="value"`.
func (e *Encoder) attr(name, value string) {
	e.s(" ")
	e.s(name)
	e.s(`="`)
	if e.err == nil {
		e.err = xmltok.Escape(e.w, value, xmltok.Attr)
	}
	e.s(`"`)
}

func (e *Encoder) start() {
	e.started = true
	h := e.h
	e.s("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header")
	e.attr("creationtool", h.CreationTool)
	e.attr("creationtoolversion", h.CreationToolVersion)
	e.attr("segtype", h.SegType)
	e.attr("o-tmf", h.OTMF)
	e.attr("adminlang", h.AdminLang)
	e.attr("srclang", h.SrcLang)
	e.attr("datatype", h.DataType)
	if h.OEncoding != "" {
		e.attr("o-encoding", h.OEncoding)
	}
	e.history(h.CreationDate, h.CreationID, h.ChangeDate, h.ChangeID)
	if len(h.Props) == 0 && len(h.Notes) == 0 {
		e.s("/>\n")
	} else {
		e.s(">\n")
		for _, n := range h.Notes {
			e.note("    ", n)
		}
		for _, p := range h.Props {
			e.prop("    ", p.Type, p)
		}
		e.s("  </header>\n")
	}
	e.s("  <body>\n")
}

// history writes the creationdate, creationid, changedate and changeid
// attributes that are set, in that order (<header> and <tu> have them).
func (e *Encoder) history(created time.Time, creator string, changed time.Time, changer string) {
	if !created.IsZero() {
		e.attr("creationdate", FormatDate(created))
	}
	if creator != "" {
		e.attr("creationid", creator)
	}
	if !changed.IsZero() {
		e.attr("changedate", FormatDate(changed))
	}
	if changer != "" {
		e.attr("changeid", changer)
	}
}

func (e *Encoder) prop(indent, typ string, p tm.Prop) {
	e.s(indent + "<prop")
	e.attr("type", typ)
	if p.Lang != "" {
		e.attr("xml:lang", p.Lang)
	}
	e.s(">")
	e.text(p.Value)
	e.s("</prop>\n")
}

func (e *Encoder) note(indent string, n tm.Note) {
	e.s(indent + "<note")
	if n.Lang != "" {
		e.attr("xml:lang", n.Lang)
	}
	e.s(">")
	e.text(n.Text)
	e.s("</note>\n")
}

// Attributes the DTD allows, for props of type "tmx:NAME" written back as
// attributes. Dates, ids, usagecount and srclang of <tu> come from Unit
// fields instead.
var (
	tuWritable  = map[string]bool{"tuid": true, "o-encoding": true, "datatype": true, "lastusagedate": true, "creationtool": true, "creationtoolversion": true, "segtype": true, "o-tmf": true}
	tuvWritable = map[string]bool{"o-encoding": true, "datatype": true, "usagecount": true, "lastusagedate": true, "creationtool": true, "creationtoolversion": true, "creationdate": true, "creationid": true, "changedate": true, "o-tmf": true, "changeid": true}
	segtypes    = map[string]bool{"block": true, "paragraph": true, "sentence": true, "phrase": true}
)

// Encode writes one unit as a <tu> with a source and a target <tuv>.
func (e *Encoder) Encode(u *tm.Unit) error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return errors.New("tmx: Encode after Close")
	}
	if u.SourceLang == "" || u.TargetLang == "" {
		return tm.Errorf(tm.EINVALID, "tmx: unit %d has no source or target language", u.ID)
	}
	if !e.started {
		e.start()
	}
	// Sort props into where they go.
	var tuProps, tuAttrs []tm.Prop
	var src, tgt tuvParts
	for _, p := range u.Props {
		g := propGroup(p.Type)
		side, attrPrefix, propPrefix := &src, "tmx:source@", "tmx:source:"
		if g >= 4 {
			side, attrPrefix, propPrefix = &tgt, "tmx:target@", "tmx:target:"
		}
		switch g {
		case 0:
			tuProps = append(tuProps, p)
		case 1:
			name := strings.TrimPrefix(p.Type, "tmx:")
			if tuWritable[name] && (name != "segtype" || segtypes[p.Value]) {
				tuAttrs = append(tuAttrs, tm.Prop{Type: name, Value: p.Value})
			} else {
				tuProps = append(tuProps, p)
			}
		case 2, 4: // a <tuv> attribute, where the DTD allows it
			if name := strings.TrimPrefix(p.Type, attrPrefix); tuvWritable[name] {
				side.attrs = append(side.attrs, tm.Prop{Type: name, Value: p.Value})
			} else {
				tuProps = append(tuProps, p)
			}
		case 3, 5: // a <tuv> prop
			p.Type = strings.TrimPrefix(p.Type, propPrefix)
			side.props = append(side.props, p)
		}
	}
	var tuNotes []tm.Note
	for _, n := range u.Notes {
		switch noteGroup(n.From) {
		case 1:
			src.notes = append(src.notes, n)
		case 2:
			tgt.notes = append(tgt.notes, n)
		default:
			tuNotes = append(tuNotes, n)
		}
	}

	e.s("    <tu")
	for _, a := range sortedAttrs(tuAttrs) {
		e.attr(a.Type, a.Value)
	}
	if e.h.SrcLang != string(u.SourceLang) {
		e.attr("srclang", string(u.SourceLang))
	}
	e.history(u.Created, u.Creator, u.Changed, u.Changer)
	if u.Usage > 0 {
		e.attr("usagecount", strconv.Itoa(u.Usage))
	}
	e.s(">\n")
	// The DTD wants (note|prop)* in any mix; notes first keeps it simple.
	for _, n := range tuNotes {
		e.note("      ", n)
	}
	for _, p := range tuProps {
		e.prop("      ", p.Type, p)
	}
	if u.Status != "" && u.Status != tm.StatusTranslated {
		e.prop("      ", PropStatus, tm.Prop{Value: string(u.Status)})
	}
	if u.Origin != "" && u.Origin != tm.OriginTMX {
		e.prop("      ", PropOrigin, tm.Prop{Value: string(u.Origin)})
	}
	if u.Prev != "" {
		e.prop("      ", PropPrev, tm.Prop{Value: u.Prev})
	}
	if u.Next != "" {
		e.prop("      ", PropNext, tm.Prop{Value: u.Next})
	}
	ids := codeNumbers(u.Source, u.Target)
	e.tuv(u.SourceLang, &src, u.Source, ids)
	e.tuv(u.TargetLang, &tgt, u.Target, ids)
	e.s("    </tu>\n")
	return e.err
}

func sortedAttrs(ps []tm.Prop) []tm.Prop {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Type < ps[j].Type })
	return ps
}

// tuvParts is what goes into a <tuv> besides its <seg>.
type tuvParts struct {
	attrs, props []tm.Prop
	notes        []tm.Note
}

func (e *Encoder) tuv(l tm.Lang, p *tuvParts, c tm.Content, ids map[string]string) {
	e.s("      <tuv")
	e.attr("xml:lang", string(l))
	for _, a := range sortedAttrs(p.attrs) {
		e.attr(a.Type, a.Value)
	}
	if meta := codesMeta(c, ids); meta != "" {
		p.props = append(p.props, tm.Prop{Type: PropCodes, Value: meta})
	}
	if len(p.props) == 0 && len(p.notes) == 0 {
		e.s("><seg>")
	} else {
		e.s(">\n")
		for _, n := range p.notes {
			e.note("        ", n)
		}
		for _, pr := range p.props {
			e.prop("        ", pr.Type, pr)
		}
		e.s("        <seg>")
	}
	e.content(c, ids)
	e.s("</seg></tuv>\n")
}

// content writes segment content, mapping codes of other formats onto
// TMX elements and keeping <hi> properly nested. ids renumbers code ids
// that are not TMX's integers (nil: keep them).
func (e *Encoder) content(c tm.Content, ids map[string]string) {
	hiDepth := 0
	var autoIDs []string
	next := 0 // the last id given to a <bpt> without one: above all others
	for _, r := range c {
		if r.Code == nil {
			continue
		}
		id := r.Code.ID
		if n, ok := ids[id]; ok {
			id = n
		}
		if n, err := strconv.Atoi(id); err == nil && n > next && n < 1<<30 {
			next = n
		}
	}
	for _, r := range c {
		if r.Code == nil {
			e.text(r.Text)
			continue
		}
		code := r.Code
		elem := code.Elem
		foreign := foreignCode(code)
		id := code.ID
		if n, ok := ids[id]; ok {
			id = n
		}
		switch code.Kind {
		case tm.CodeOpen:
			elem = "bpt"
		case tm.CodeClose:
			elem = "ept"
		case tm.CodeStandalone:
			if elem != "ut" {
				elem = "ph"
			}
		case tm.CodeIsolated:
			elem = "it"
		case tm.CodeMarkOpen:
			e.s("<hi")
			if id != "" {
				e.attr("x", id)
			}
			if t := codeType(code, foreign); t != "" {
				e.attr("type", t)
			}
			e.s(">")
			hiDepth++
			continue
		case tm.CodeMarkClose:
			if hiDepth > 0 {
				e.s("</hi>")
				hiDepth--
			}
			continue
		default:
			elem = "ph"
		}
		e.s("<" + elem)
		switch elem {
		case "bpt":
			if id == "" {
				next++
				id = strconv.Itoa(next)
				autoIDs = append(autoIDs, id)
			}
			e.attr("i", id)
			if x, ok := code.Attrs["x"]; ok && !foreign {
				e.attr("x", x)
			} else if foreign {
				e.attr("x", id) // matches the code across the <tuv>s
			}
		case "ept":
			if id == "" && len(autoIDs) > 0 {
				id = autoIDs[len(autoIDs)-1]
				autoIDs = autoIDs[:len(autoIDs)-1]
			}
			if id == "" {
				id = "0"
			}
			e.attr("i", id)
		case "it":
			if id != "" {
				e.attr("x", id)
			}
			pos := code.Attrs["pos"]
			switch {
			case pos == "close": // XLIFF 1.2 <it pos="close">
				pos = "end"
			case pos != "begin" && pos != "end":
				pos = "begin"
				if code.Elem == "ex" || code.Elem == "ec" || code.Elem == "ept" {
					pos = "end"
				}
			}
			e.attr("pos", pos)
		default:
			if id != "" {
				e.attr("x", id)
			}
		}
		if v, ok := code.Attrs["assoc"]; ok && elem == "ph" {
			e.attr("assoc", v) // TMX and XLIFF 1.2 share p, f, b
		}
		if t := codeType(code, foreign); t != "" && elem != "ept" && elem != "ut" {
			e.attr("type", t)
		}
		e.s(">")
		if code.Attrs[markupAttr] != "" {
			e.s(code.Data) // verbatim markup holding <sub>
		} else {
			e.text(code.Data)
		}
		e.s("</" + elem + ">")
	}
	for ; hiDepth > 0; hiDepth-- {
		e.s("</hi>")
	}
}

// PropCodes is the <tuv> prop in which korpus keeps what TMX cannot hold
// of inline codes read from XLIFF (or another format): for each code of
// the <seg>, in order, its element, id and attributes (ctype, equiv-text,
// XLIFF 2 type, subType, disp, equiv, canCopy …) as JSON. The decoder
// gives them back to the codes, so XLIFF → TMX → XLIFF keeps the markup;
// other tools ignore the prop and still see standard <bpt>/<ept>/<ph>/<it>.
const PropCodes = "x-korpus-codes"

// codeMeta is one code's entry in PropCodes.
type codeMeta struct {
	Elem  string            `json:"e"`
	ID    string            `json:"id,omitempty"`
	Attrs map[string]string `json:"a,omitempty"`
}

// tmxElems are the inline elements of TMX and the attributes it has for
// each, besides its id; a code with another element or attribute came from
// another format.
var tmxElems = map[string]map[string]bool{
	"bpt": {"x": true, "type": true},
	"ept": {},
	"ph":  {"assoc": true, "type": true},
	"it":  {"pos": true, "type": true},
	"ut":  {},
	"hi":  {"type": true},
}

// foreignCode reports whether TMX markup cannot give c back as it is.
func foreignCode(c *tm.Code) bool {
	allowed, ok := tmxElems[c.Elem]
	if !ok {
		return true
	}
	for k := range c.Attrs {
		if !allowed[k] && k != markupAttr {
			return true
		}
	}
	return false
}

// codeType is the TMX type of a code: its own for a TMX code; for one from
// XLIFF the 1.2 ctype (underlined is TMX's ulined), or the 2.x subType
// xlf:b/i/u/lb/pb or type (link, image; fmt, ui, quote and other as
// user-defined x-fmt …).
func codeType(c *tm.Code, foreign bool) string {
	a := c.Attrs
	if !foreign {
		return a["type"]
	}
	if v, ok := a["ctype"]; ok {
		if v == "underlined" {
			return "ulined"
		}
		return v
	}
	switch a["subType"] {
	case "xlf:b":
		return "bold"
	case "xlf:i":
		return "italic"
	case "xlf:u":
		return "ulined"
	case "xlf:lb":
		return "lb"
	case "xlf:pb":
		return "pb"
	}
	switch t := a["type"]; t {
	case "fmt", "ui", "quote", "other", "generic":
		return "x-" + t
	default:
		return t
	}
}

// codeNumbers maps the code ids of a unit to TMX's integers (1, 2, … in
// order of first appearance, shared by source and target so that x
// matches across the <tuv>s), or returns nil when every id already is one.
func codeNumbers(src, tgt tm.Content) map[string]string {
	ok := true
	for _, c := range [2]tm.Content{src, tgt} {
		for _, r := range c {
			if r.Code != nil && r.Code.ID != "" && !isNumber(r.Code.ID) {
				ok = false
			}
		}
	}
	if ok {
		return nil
	}
	ids := map[string]string{}
	for _, c := range [2]tm.Content{src, tgt} {
		for _, r := range c {
			if r.Code == nil || r.Code.ID == "" {
				continue
			}
			if _, seen := ids[r.Code.ID]; !seen {
				ids[r.Code.ID] = strconv.Itoa(len(ids) + 1)
			}
		}
	}
	return ids
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// codesMeta returns the PropCodes value for c, or "" when TMX markup
// holds all of its codes.
func codesMeta(c tm.Content, ids map[string]string) string {
	need := false
	for _, r := range c {
		if r.Code != nil {
			_, renumbered := ids[r.Code.ID]
			if renumbered || foreignCode(r.Code) {
				need = true
				break
			}
		}
	}
	if !need {
		return "" // the common case: TMX's own codes, or none
	}
	var meta []codeMeta
	hiDepth := 0 // as content writes <hi>: an unmatched close is dropped
	for _, r := range c {
		if r.Code == nil {
			continue
		}
		switch r.Code.Kind {
		case tm.CodeMarkOpen:
			hiDepth++
		case tm.CodeMarkClose:
			if hiDepth == 0 {
				continue
			}
			hiDepth--
		}
		a := r.Code.Attrs
		if a[markupAttr] != "" {
			a = nil // TMX's own <sub> markup, in the <seg>
		}
		meta = append(meta, codeMeta{Elem: r.Code.Elem, ID: r.Code.ID, Attrs: a})
	}
	for ; hiDepth > 0; hiDepth-- {
		meta = append(meta, codeMeta{Elem: "hi"}) // the </hi> content adds
	}
	b, err := json.Marshal(meta)
	if err != nil {
		return ""
	}
	return string(b)
}

// restoreCodes gives the codes of c back what PropCodes kept of them; it
// reports false (and changes nothing) when value does not fit c.
func restoreCodes(c tm.Content, value string) bool {
	var meta []codeMeta
	if json.Unmarshal([]byte(value), &meta) != nil {
		return false
	}
	codes := c.Codes()
	if len(meta) != len(codes) {
		return false
	}
	for _, m := range meta {
		if m.Elem == "" {
			return false
		}
	}
	for i, m := range meta {
		codes[i].Elem, codes[i].ID = m.Elem, m.ID
		if codes[i].Attrs[markupAttr] == "" {
			codes[i].Attrs = m.Attrs
		}
	}
	return true
}

// Close finishes the document and flushes it; it reports the first error.
func (e *Encoder) Close() error {
	if e.closed {
		return e.err
	}
	e.closed = true
	if !e.started {
		e.start()
	}
	e.s("  </body>\n</tmx>\n")
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.err
}
