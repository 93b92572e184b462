package xliff

import (
	"bufio"
	"encoding/xml"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// Encoder writes an XLIFF document: StartFile, then Encode for each unit
// of that file, StartFile for the next file, and Close at the end. It
// writes XLIFF 1.2 (valid against the transitional and strict schemas) or
// XLIFF 2.x core (2.0 or 2.1; candidates use the matches module, korpus
// metadata the metadata module). The first error is kept and returned by
// every later call.
type Encoder struct {
	w       *bufio.Writer
	v       Version
	err     error
	started bool // root written
	file    *File
	inFile  bool
	files   int
	groups  []string // open group path
	nextID  int
	used    map[string]bool // ids written in the current file
	// Tool is written in XLIFF 1.2 headers; the zero value writes korpus.
	Tool Tool
}

// NewEncoder returns an encoder writing version v (V12, V20 or V21; V22 is
// written as 2.1 would be, with version="2.2" and the 2.2 namespace).
func NewEncoder(w io.Writer, v Version) *Encoder {
	e := &Encoder{w: bufio.NewWriterSize(w, 64<<10), v: v}
	if v != V12 && !v.Is2() {
		e.err = tm.Errorf(tm.EINVALID, "xliff: cannot write version %q", v)
	}
	return e
}

func (e *Encoder) ws(s ...string) {
	if e.err != nil {
		return
	}
	for _, x := range s {
		if _, err := e.w.WriteString(x); err != nil {
			e.err = err
			return
		}
	}
}

// StartFile begins a <file>, ending the previous one. In XLIFF 2.x every
// file must have the source (and target) language of the first.
func (e *Encoder) StartFile(f *File) error {
	if e.err != nil {
		return e.err
	}
	if f.SourceLang == "" {
		e.err = tm.Errorf(tm.EINVALID, "xliff: file %q has no source language", f.Original)
		return e.err
	}
	if !e.started {
		e.ws(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
		if e.v == V12 {
			e.ws(`<xliff version="1.2" xmlns="`, NS12, `">`, "\n")
		} else {
			ns := NS2
			if e.v == V22 {
				ns = NS22
			}
			e.ws(`<xliff version="`, string(e.v), `" xmlns="`, ns, `" xmlns:mtc="`, NSMatches, `" xmlns:mda="`, NSMeta, `" srcLang="`, esc(string(f.SourceLang)), `"`)
			if f.TargetLang != "" {
				e.ws(` trgLang="`, esc(string(f.TargetLang)), `"`)
			}
			e.ws(">\n")
		}
		e.started = true
	} else if e.v.Is2() && e.file != nil && (f.SourceLang != e.file.SourceLang || f.TargetLang != e.file.TargetLang) {
		e.err = tm.Errorf(tm.EINVALID, "xliff: XLIFF 2 files of one document must share their languages (%s→%s, then %s→%s)",
			e.file.SourceLang, e.file.TargetLang, f.SourceLang, f.TargetLang)
		return e.err
	}
	e.endFile()
	e.file = f
	e.inFile = true
	e.used = map[string]bool{}
	e.files++
	if e.v == V12 {
		e.startFile12(f)
	} else {
		e.startFile2(f)
	}
	return e.err
}

func (e *Encoder) startFile12(f *File) {
	original := f.Original
	if original == "" {
		original = "korpus"
	}
	datatype := f.Datatype
	if datatype == "" {
		datatype = "plaintext"
	}
	e.ws(` <file original="`, esc(original), `" source-language="`, esc(string(f.SourceLang)), `"`)
	if f.TargetLang != "" {
		e.ws(` target-language="`, esc(string(f.TargetLang)), `"`)
	}
	e.ws(` datatype="`, esc(datatype), `"`)
	tool := f.Tool
	if tool.ID == "" {
		tool = e.Tool
	}
	if tool.ID == "" {
		tool = Tool{ID: "korpus", Name: "korpus"}
	}
	e.ws(` tool-id="`, esc(tool.ID), `"`)
	if m := f.Korpus; m != nil {
		e.ws(` product-name="`, esc(m.Document), `" product-version="`, strconv.Itoa(m.Version), `"`)
		if m.Hash != "" {
			e.ws(` build-num="`, esc(m.Hash), `"`)
		}
	}
	e.ws(` xml:space="preserve">`, "\n  <header>\n")
	e.ws(`   <tool tool-id="`, esc(tool.ID), `" tool-name="`, esc(firstNonEmpty(tool.Name, tool.ID)), `"`)
	if tool.Version != "" {
		e.ws(` tool-version="`, esc(tool.Version), `"`)
	}
	e.ws("/>\n")
	for _, n := range f.Notes {
		e.note12(n, "   ")
	}
	e.ws("  </header>\n  <body>\n")
}

func (e *Encoder) startFile2(f *File) {
	id := f.ID
	if id == "" || !isNMToken(id) {
		id = "f" + strconv.Itoa(e.files)
	}
	e.ws(` <file id="`, esc(id), `"`)
	if f.Original != "" {
		e.ws(` original="`, esc(f.Original), `"`)
	}
	if f.Korpus != nil {
		// korpus maps targets back by segment id: no re-segmenting
		e.ws(` canResegment="no"`)
	}
	e.ws(` xml:space="preserve">`, "\n")
	if m := f.Korpus; m != nil {
		e.ws("  <mda:metadata>\n   <mda:metaGroup category=\"korpus\">\n")
		e.ws(`    <mda:meta type="document">`, esc(m.Document), "</mda:meta>\n")
		e.ws(`    <mda:meta type="version">`, strconv.Itoa(m.Version), "</mda:meta>\n")
		if m.Hash != "" {
			e.ws(`    <mda:meta type="version-hash">`, esc(m.Hash), "</mda:meta>\n")
		}
		e.ws("   </mda:metaGroup>\n  </mda:metadata>\n")
	}
	e.notes2(f.Notes, "  ")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func (e *Encoder) endFile() {
	if !e.inFile {
		return
	}
	e.setGroups(nil)
	if e.v == V12 {
		e.ws("  </body>\n </file>\n")
	} else {
		e.ws(" </file>\n")
	}
	e.inFile = false
}

func (e *Encoder) indent() string { return strings.Repeat(" ", 2+len(e.groups)) }

// setGroups closes and opens <group> elements so that path is open. It
// reports whether it opened the innermost one.
func (e *Encoder) setGroups(path []string) bool {
	common := 0
	for common < len(path) && common < len(e.groups) && path[common] == e.groups[common] {
		common++
	}
	for len(e.groups) > common {
		e.groups = e.groups[:len(e.groups)-1]
		e.ws(e.indent(), "</group>\n")
	}
	for _, id := range path[common:] {
		e.ws(e.indent(), `<group id="`, esc(e.unique("group", e.groupID(id), "g")), "\">\n")
		e.groups = append(e.groups, id)
	}
	return common < len(path)
}

func (e *Encoder) groupID(id string) string {
	if e.v.Is2() && !isNMToken(id) {
		return "g" + strings.Map(nmChar, id)
	}
	return id
}

func nmChar(r rune) rune {
	if r == '-' || r == '_' || r == '.' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f {
		return r
	}
	return '_'
}

func isNMToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if nmChar(r) != r {
			return false
		}
	}
	return true
}

func (e *Encoder) genID(prefix string) string {
	e.nextID++
	return prefix + strconv.Itoa(e.nextID)
}

// unique returns id, or a variant of it (a generated one for ""), that is
// not yet used in the file among the ids of kind (1.2: "group" and
// "trans-unit" are separate; 2.x groups and units share one set), and
// marks it used. Input from other tools or versions may repeat ids where
// the written version must not.
func (e *Encoder) unique(kind, id, prefix string) string {
	if e.v.Is2() {
		kind = "2"
	}
	if id == "" {
		id = e.genID(prefix)
	}
	for base, n := id, 2; e.used[kind+"\x00"+id]; n++ {
		id = base + "_" + strconv.Itoa(n)
	}
	e.used[kind+"\x00"+id] = true
	return id
}

// Encode writes one unit into the current file.
func (e *Encoder) Encode(u *Unit) error {
	if e.err != nil {
		return e.err
	}
	if !e.inFile {
		e.err = tm.Errorf(tm.EINVALID, "xliff: Encode before StartFile")
		return e.err
	}
	if len(u.Segments) == 0 && (e.v.Is2() || len(u.Notes) == 0) {
		return nil // a 2.x unit needs a segment; 1.2 keeps group notes
	}
	if e.v == V12 {
		e.unit12(u)
	} else {
		e.unit2(u)
	}
	return e.err
}

// Close ends the document and flushes. It does not close the writer.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if !e.started {
		e.err = tm.Errorf(tm.EINVALID, "xliff: no file written")
		return e.err
	}
	e.endFile()
	e.ws("</xliff>\n")
	if e.err == nil {
		e.err = e.w.Flush()
	}
	if e.err != nil {
		return e.err
	}
	e.err = errClosed
	return nil
}

var errClosed = tm.Errorf(tm.EINTERNAL, "xliff: encoder closed")

// ---- 1.2 ----

func (e *Encoder) unit12(u *Unit) {
	path := u.Groups
	if u.ID != "" {
		path = append(append([]string(nil), u.Groups...), u.ID)
	}
	opened := e.setGroups(path)
	in := e.indent()
	var lead []tm.Note // unit notes written on the first trans-unit
	if len(u.Notes) > 0 {
		if u.ID == "" || !opened {
			if len(u.Segments) == 0 {
				return
			}
			// no group to hold them (or it is already past its notes):
			// they go to the first trans-unit
			lead = u.Notes
		} else {
			// a group's notes come before its trans-units and groups
			for _, n := range u.Notes {
				e.note12(n, in)
			}
		}
	}
	for _, s := range u.Segments {
		id := s.ID
		if id != "" && e.used["trans-unit\x00"+id] && u.ID != "" {
			id = u.ID + "_" + id // 2.x segment ids are unique per unit only
		}
		id = e.unique("trans-unit", id, "tu")
		e.ws(in, `<trans-unit id="`, esc(id), "\">\n")
		e.ws(in, " <source>")
		e.content12(s.Source)
		e.ws("</source>\n")
		if s.Target != nil {
			status := s.Status
			if status == "" {
				status = tm.StatusTranslated
			}
			e.ws(in, ` <target state="`, State12(status), `">`)
			e.content12(s.Target)
			e.ws("</target>\n")
		}
		for _, n := range lead {
			e.note12(n, in+" ")
		}
		lead = nil
		for _, n := range s.Notes {
			e.note12(n, in+" ")
		}
		if len(s.Glossary) > 0 {
			e.ws(in, ` <note from="`, GlossNoteFrom, `" annotates="source">`, xmltok.EscapeString(GlossText(s.Glossary), xmltok.Text), "</note>\n")
		}
		for _, m := range s.Matches {
			e.ws(in, ` <alt-trans`)
			if m.Similarity >= 0 {
				e.ws(` match-quality="`, fmtScore(m.Similarity), `"`)
			} else if m.Quality >= 0 {
				e.ws(` match-quality="`, fmtScore(m.Quality), `"`)
			}
			if m.Origin != "" {
				e.ws(` origin="`, esc(m.Origin), `"`)
			}
			if m.Type == "mt" {
				e.ws(` alttranstype="x-mt"`)
			}
			e.ws(">\n")
			if m.Source != nil {
				e.ws(in, "  <source>")
				e.content12(m.Source)
				e.ws("</source>\n")
			}
			e.ws(in, "  <target>")
			e.content12(m.Target)
			e.ws("</target>\n", in, " </alt-trans>\n")
		}
		e.ws(in, "</trans-unit>\n")
	}
}

// GlossText is the text of the XLIFF 1.2 term note: one line per term,
// "Verträge → treaty; pact", as OmegaT shows notes in its Comments pane
// and Okapi reads a note annotating the source.
func GlossText(g []GlossEntry) string {
	var b strings.Builder
	for i, e := range g {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Term + " → " + strings.Join(e.Translations, "; "))
		if e.Definition != "" {
			b.WriteString(" (" + e.Definition + ")")
		}
	}
	return b.String()
}

func fmtScore(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (e *Encoder) note12(n tm.Note, in string) {
	e.ws(in, "<note")
	if n.Lang != "" {
		e.ws(` xml:lang="`, esc(n.Lang), `"`)
	}
	if n.From != "" {
		e.ws(` from="`, esc(n.From), `"`)
	}
	e.ws(">", xmltok.EscapeString(n.Text, xmltok.Text), "</note>\n")
}

// allowed attributes per written element, so that attributes read from
// another format or element never make the output invalid.
var allowed12 = map[string][]string{
	"g":   {"ctype", "clone", "equiv-text"},
	"x":   {"ctype", "clone", "equiv-text"},
	"bx":  {"ctype", "clone", "equiv-text"},
	"ex":  {"equiv-text"},
	"ph":  {"ctype", "crc", "assoc", "equiv-text"},
	"bpt": {"ctype", "crc", "equiv-text"},
	"ept": {"crc", "equiv-text"},
	"it":  {"ctype", "crc", "equiv-text"},
	"mrk": {"comment"},
}

var allowed2 = map[string][]string{
	"pc":  {"canCopy", "canDelete", "canOverlap", "canReorder", "dispStart", "dispEnd", "dir", "equivStart", "equivEnd", "subFlowsStart", "subFlowsEnd", "subType", "type"},
	"ph":  {"canCopy", "canDelete", "canReorder", "disp", "equiv", "subFlows", "subType", "type"},
	"sc":  {"canCopy", "canDelete", "canOverlap", "canReorder", "dir", "disp", "equiv", "subFlows", "subType", "type"},
	"ec":  {"canCopy", "canDelete", "canOverlap", "canReorder", "dir", "disp", "equiv", "subFlows", "subType", "type"},
	"mrk": {"translate", "type", "ref", "value"},
	"sm":  {"translate", "type", "ref", "value"},
	"em":  {},
}

// mrkAttrs are the attributes of allowed2["mrk"] but type, which
// content2 writes from the kind of the mark.
var mrkAttrs = []string{"translate", "ref", "value"}

// writeAttrs writes the attributes of c that elem allows, if c was read
// from the same kind of element.
func (e *Encoder) writeAttrs(c *tm.Code, elem string, same bool) {
	if !same {
		return
	}
	table := allowed12
	if e.v.Is2() {
		table = allowed2
	}
	e.ws(attrList(c, table[elem]))
}

// attrList returns the attributes of c among names, sorted by name, as
// ` name="value"`….
func attrList(c *tm.Code, names []string) string {
	if c.Attrs == nil {
		return ""
	}
	keys := make([]string, 0, len(c.Attrs))
	for k := range c.Attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, n := range names {
			if n == k {
				b.WriteString(" " + k + `="` + esc(c.Attrs[k]) + `"`)
			}
		}
	}
	return b.String()
}

// pairing works out which Open/Close and MarkOpen/MarkClose codes of c can
// be written as nesting elements (<g>, <pc>, <mrk>): those whose partner
// follows in properly nested order. It returns the set of such codes and
// the set of codes that have a partner at all.
func pairing(c tm.Content) (nested, paired map[*tm.Code]*tm.Code) {
	nested = map[*tm.Code]*tm.Code{}
	paired = map[*tm.Code]*tm.Code{}
	var stack []*tm.Code
	for _, r := range c {
		code := r.Code
		if code == nil {
			continue
		}
		switch code.Kind {
		case tm.CodeOpen, tm.CodeMarkOpen:
			stack = append(stack, code)
		case tm.CodeClose, tm.CodeMarkClose:
			want := tm.CodeOpen
			if code.Kind == tm.CodeMarkClose {
				want = tm.CodeMarkOpen
			}
			for i := len(stack) - 1; i >= 0; i-- {
				o := stack[i]
				if o.Kind == want && o.ID == code.ID {
					paired[o], paired[code] = code, o
					if i == len(stack)-1 {
						nested[o], nested[code] = code, o
					}
					stack = append(stack[:i], stack[i+1:]...)
					break
				}
			}
		}
	}
	return nested, paired
}

func isOpenish(c *tm.Code) bool {
	switch c.Elem {
	case "ex", "ept", "ec", "em":
		return false
	case "bx", "bpt", "sc", "sm", "g", "pc":
		return true
	}
	switch c.Attrs["pos"] {
	case "close", "end":
		return false
	}
	return c.Kind != tm.CodeClose && c.Kind != tm.CodeMarkClose
}

// codeIDs gives codes without an id one, the same for both ends of a
// pair, unique within a unit.
type codeIDs struct {
	ids map[*tm.Code]string
	n   int
}

func (g *codeIDs) id(c *tm.Code, partner *tm.Code) string {
	if c.ID != "" {
		return c.ID
	}
	if id, ok := g.ids[c]; ok {
		return id
	}
	if g.ids == nil {
		g.ids = map[*tm.Code]string{}
	}
	g.n++
	id := "k" + strconv.Itoa(g.n)
	g.ids[c] = id
	if partner != nil {
		g.ids[partner] = id
	}
	return id
}

func (e *Encoder) content12(c tm.Content) {
	nested, paired := pairing(c)
	var ids codeIDs
	for _, r := range c {
		code := r.Code
		if code == nil {
			e.ws(xmltok.EscapeString(r.Text, xmltok.Text))
			continue
		}
		id := esc(ids.id(code, paired[code]))
		switch code.Kind {
		case tm.CodeOpen, tm.CodeClose:
			// A pair is a <g> when it nests, has no native data and was
			// read from <g> or <pc> (or made up); <bpt>/<ept> when it has
			// native data or was read from them; else <bx/>/<ex/>.
			p, open := paired[code], code.Kind == tm.CodeOpen
			opener, bpt, bx := code, "bpt", "bx"
			if !open {
				opener, bpt, bx = p, "ept", "ex"
			}
			switch {
			case p != nil && nested[code] != nil && code.Data == "" && p.Data == "" && (opener.Elem == "g" || opener.Elem == "pc" || opener.Elem == ""):
				if open {
					e.ws(`<g id="`, id, `"`)
					e.writeAttrs(code, "g", code.Elem == "g")
					e.ws(">")
				} else {
					e.ws("</g>")
				}
			case p != nil && (code.Data != "" || p.Data != "" || opener.Elem == "bpt"):
				e.native(code, bpt, id, "")
			default:
				e.bxex(code, bx, id)
			}
		case tm.CodeStandalone:
			if code.Data != "" || code.Elem == "ph" {
				e.native(code, "ph", id, "")
			} else {
				e.ws(`<x id="`, id, `"`)
				e.writeAttrs(code, "x", code.Elem == "x")
				e.ws("/>")
			}
		case tm.CodeIsolated:
			if code.Data != "" || code.Elem == "it" {
				pos := "open"
				if !isOpenish(code) {
					pos = "close"
				}
				e.native(code, "it", id, ` pos="`+pos+`"`)
			} else if isOpenish(code) {
				e.bxex(code, "bx", id)
			} else {
				e.bxex(code, "ex", id)
			}
		case tm.CodeMarkOpen:
			if nested[code] == nil {
				continue // a mark XLIFF 1.2 cannot express is dropped
			}
			mtype := code.Attrs["mtype"]
			if mtype == "" {
				switch t := code.Attrs["type"]; {
				case t == "term":
					mtype = "term"
				default:
					mtype = "x-mark"
				}
			}
			// no mid: in a target it must name a <seg-source> segment
			e.ws(`<mrk mtype="`, esc(mtype), `"`)
			e.writeAttrs(code, "mrk", code.Elem == "mrk")
			e.ws(">")
		case tm.CodeMarkClose:
			if nested[code] != nil {
				e.ws("</mrk>")
			}
		}
	}
}

// native writes a 1.2 code element that holds its native data,
// <elem id="id"{more}{attributes}>data</elem>.
func (e *Encoder) native(code *tm.Code, elem, id, more string) {
	e.ws("<", elem, ` id="`, id, `"`, more)
	e.writeAttrs(code, elem, code.Elem == elem)
	e.ws(">", xmltok.EscapeString(code.Data, xmltok.Text), "</", elem, ">")
}

func (e *Encoder) bxex(code *tm.Code, elem, id string) {
	if own := code.Attrs["id"]; own != "" && (code.Elem == "bx" || code.Elem == "ex") {
		e.ws("<", elem, ` id="`, esc(own), `" rid="`, id, `"`)
	} else {
		e.ws("<", elem, ` id="`, id, `"`)
	}
	e.writeAttrs(code, elem, code.Elem == elem)
	e.ws("/>")
}

// ---- 2.x ----

func (e *Encoder) notes2(notes []tm.Note, in string) {
	if len(notes) == 0 {
		return
	}
	e.ws(in, "<notes>\n")
	for _, n := range notes {
		e.ws(in, " <note")
		if n.From != "" {
			e.ws(` category="`, esc(n.From), `"`)
		}
		e.ws(">", xmltok.EscapeString(n.Text, xmltok.Text), "</note>\n")
	}
	e.ws(in, "</notes>\n")
}

// data2 collects the originalData of one unit.
type data2 struct {
	ids   map[string]string // data → id
	order []string
}

func (d *data2) ref(s string) string {
	if id, ok := d.ids[s]; ok {
		return id
	}
	if d.ids == nil {
		d.ids = map[string]string{}
	}
	id := "d" + strconv.Itoa(len(d.order)+1)
	d.ids[s] = id
	d.order = append(d.order, s)
	return id
}

func (e *Encoder) unit2(u *Unit) {
	e.setGroups(u.Groups)
	in := e.indent()
	id := u.ID
	if !isNMToken(id) {
		id = ""
	}
	id = e.unique("unit", id, "u")
	// Render segments first: originalData comes before them.
	var data data2
	var segs strings.Builder
	// <sc/>/<ec/> may pair across the segments of a unit
	var src, tgt tm.Content
	for _, s := range u.Segments {
		src = append(src, s.Source...)
		tgt = append(tgt, s.Target...)
	}
	var srcIDs, tgtIDs codeIDs
	_, paired := pairing(src)
	_, pairedT := pairing(tgt)
	for k, v := range pairedT {
		paired[k] = v
	}
	var matches, gloss strings.Builder
	notes := append([]tm.Note(nil), u.Notes...)
	usedIDs := map[string]bool{}
	for i, s := range u.Segments {
		sid := s.ID
		if sid != "" && (!isNMToken(sid) || usedIDs[sid]) || sid == "" && len(s.Matches) > 0 {
			sid = "s" + strconv.Itoa(i+1) + "_" + id
		}
		usedIDs[sid] = true
		notes = append(notes, s.Notes...)
		segs.WriteString(in + ` <segment`)
		if sid != "" {
			segs.WriteString(` id="` + esc(sid) + `"`)
		}
		if s.Target != nil {
			status := s.Status
			if status == "" {
				status = tm.StatusTranslated
			}
			state, sub := State2(status)
			segs.WriteString(` state="` + state + `"`)
			if sub != "" {
				segs.WriteString(` subState="` + esc(sub) + `"`)
			}
		}
		segs.WriteString(">\n" + in + "  <source>")
		segs.WriteString(content2(s.Source, &data, paired, &srcIDs))
		segs.WriteString("</source>\n")
		if s.Target != nil {
			segs.WriteString(in + "  <target>")
			segs.WriteString(content2(s.Target, &data, paired, &tgtIDs))
			segs.WriteString("</target>\n")
		}
		segs.WriteString(in + " </segment>\n")
		for _, g := range s.Glossary {
			gloss.WriteString(in + "  <gls:glossEntry>\n" + in + "   <gls:term")
			if g.Source != "" {
				gloss.WriteString(` source="` + esc(g.Source) + `"`)
			}
			gloss.WriteString(">" + xmltok.EscapeString(g.Term, xmltok.Text) + "</gls:term>\n")
			for _, tr := range g.Translations {
				gloss.WriteString(in + "   <gls:translation>" + xmltok.EscapeString(tr, xmltok.Text) + "</gls:translation>\n")
			}
			if g.Definition != "" {
				gloss.WriteString(in + "   <gls:definition>" + xmltok.EscapeString(g.Definition, xmltok.Text) + "</gls:definition>\n")
			}
			gloss.WriteString(in + "  </gls:glossEntry>\n")
		}
		for _, m := range s.Matches {
			var md data2
			msrc := content2(m.Source, &md, nil, &codeIDs{})
			mtgt := content2(m.Target, &md, nil, &codeIDs{})
			matches.WriteString(in + `  <mtc:match ref="#` + esc(sid) + `"`)
			if m.Similarity >= 0 {
				matches.WriteString(` similarity="` + fmtScore(clamp(m.Similarity)) + `"`)
			}
			if m.Quality >= 0 {
				matches.WriteString(` matchQuality="` + fmtScore(clamp(m.Quality)) + `"`)
			}
			if m.Origin != "" {
				matches.WriteString(` origin="` + esc(m.Origin) + `"`)
			}
			typ := m.Type
			switch typ {
			case "am", "mt", "icm", "idm", "tb", "tm", "other":
			default:
				typ = "tm"
			}
			matches.WriteString(` type="` + typ + "\">\n")
			writeOriginalData(&matches, in+"   ", &md)
			matches.WriteString(in + "   <source>" + msrc + "</source>\n")
			matches.WriteString(in + "   <target>" + mtgt + "</target>\n")
			matches.WriteString(in + "  </mtc:match>\n")
		}
	}
	e.ws(in, `<unit id="`, esc(id), "\">\n")
	if matches.Len() > 0 {
		e.ws(in, " <mtc:matches>\n", matches.String(), in, " </mtc:matches>\n")
	}
	if gloss.Len() > 0 {
		// Declared here, so that files without terms stay as they were.
		e.ws(in, ` <gls:glossary xmlns:gls="`, NSGlossary, "\">\n", gloss.String(), in, " </gls:glossary>\n")
	}
	e.notes2(notes, in+" ")
	var od strings.Builder
	writeOriginalData(&od, in+" ", &data)
	e.ws(od.String(), segs.String(), in, "</unit>\n")
}

func clamp(f float64) float64 {
	if f > 100 {
		return 100
	}
	return f
}

func writeOriginalData(b *strings.Builder, in string, d *data2) {
	if len(d.order) == 0 {
		return
	}
	b.WriteString(in + "<originalData>\n")
	for _, s := range d.order {
		b.WriteString(in + ` <data id="` + d.ids[s] + `">` + xmltok.EscapeString(s, xmltok.TextCP) + "</data>\n")
	}
	b.WriteString(in + "</originalData>\n")
}

// content2 renders 2.x inline content; unitPaired, when not nil, says
// which codes have a partner anywhere in the unit.
//
// gen numbers codes that have no id; sources and targets use one each, so
// that a target with the codes of its source in the same order gets the
// same ids.
func content2(c tm.Content, data *data2, unitPaired map[*tm.Code]*tm.Code, gen *codeIDs) string {
	var b strings.Builder
	nested, paired := pairing(c)
	if unitPaired != nil {
		paired = unitPaired
	}
	// attrs writes the attributes elem allows, when code was read from
	// elem; end finishes an empty element with the data reference and
	// the attributes.
	attrs := func(code *tm.Code, elem string) {
		if code.Elem == elem {
			b.WriteString(attrList(code, allowed2[elem]))
		}
	}
	end := func(code *tm.Code, elem string) {
		if code.Data != "" {
			b.WriteString(` dataRef="` + data.ref(code.Data) + `"`)
		}
		attrs(code, elem)
		b.WriteString("/>")
	}
	for _, r := range c {
		code := r.Code
		if code == nil {
			b.WriteString(xmltok.EscapeString(r.Text, xmltok.TextCP))
			continue
		}
		id := gen.id(code, paired[code])
		if !isNMToken(id) {
			id = "c" + strings.Map(nmChar, id)
		}
		id = esc(id)
		switch code.Kind {
		case tm.CodeOpen:
			if p := nested[code]; p != nil && code.Elem != "sc" {
				b.WriteString(`<pc id="` + id + `"`)
				if code.Data != "" {
					b.WriteString(` dataRefStart="` + data.ref(code.Data) + `"`)
				}
				if p.Data != "" {
					b.WriteString(` dataRefEnd="` + data.ref(p.Data) + `"`)
				}
				attrs(code, "pc")
				b.WriteString(">")
				continue
			}
			b.WriteString(`<sc id="` + id + `"`)
			if paired[code] == nil {
				b.WriteString(` isolated="yes"`)
			}
			end(code, "sc")
		case tm.CodeClose:
			if p := nested[code]; p != nil && p.Elem != "sc" {
				b.WriteString("</pc>")
				continue
			}
			if paired[code] == nil {
				b.WriteString(`<ec id="` + id + `" isolated="yes"`)
			} else {
				b.WriteString(`<ec startRef="` + id + `"`)
			}
			end(code, "ec")
		case tm.CodeStandalone:
			b.WriteString(`<ph id="` + id + `"`)
			end(code, "ph")
		case tm.CodeIsolated:
			elem := "sc"
			if !isOpenish(code) {
				elem = "ec"
			}
			b.WriteString("<" + elem + ` id="` + id + `" isolated="yes"`)
			end(code, elem)
		case tm.CodeMarkOpen:
			if nested[code] != nil && code.Elem != "sm" {
				b.WriteString(`<mrk id="` + id + `"`)
			} else {
				b.WriteString(`<sm id="` + id + `"`)
			}
			typ := "generic"
			switch {
			case code.Elem == "mrk" && code.Attrs["mtype"] == "", code.Elem == "sm":
				if t := code.Attrs["type"]; t == "comment" || t == "term" || strings.Contains(t, ":") {
					typ = t
				}
			case code.Attrs["mtype"] == "term" || code.Attrs["type"] == "term":
				typ = "term"
			}
			b.WriteString(` type="` + esc(typ) + `"`)
			if code.Elem == "mrk" || code.Elem == "sm" {
				b.WriteString(attrList(code, mrkAttrs))
			}
			if nested[code] != nil && code.Elem != "sm" {
				b.WriteString(">")
			} else {
				b.WriteString("/>")
			}
		case tm.CodeMarkClose:
			if p := nested[code]; p != nil && p.Elem != "sm" {
				b.WriteString("</mrk>")
			} else if paired[code] != nil {
				b.WriteString(`<em startRef="` + id + `"/>`)
			}
			// an unpaired mark end is dropped: <em/> must refer to an <sm/>
		}
	}
	return b.String()
}

// esc escapes an attribute value. (It writes a value that needs no
// escaping as text, tab and newline included, as it is.)
func esc(s string) string {
	if !strings.ContainsAny(s, `"'`) && xmltok.Plain(s, xmltok.Text) {
		return s
	}
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return s
	}
	return b.String()
}
