package xliff

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// FillSegment is a segment of a bilingual XLIFF 1.2 file (SDLXLIFF,
// MQXLIFF or plain 1.2) that has no target yet: Fill asks for one.
type FillSegment struct {
	// ID is the decoder's segment id: the trans-unit id, or for an
	// SDLXLIFF segment "TUID_MID".
	ID     string
	Source tm.Content
	// Prev and Next are the plain sources of the neighbouring segments
	// in file order ("" at the start and end), for in-context matches.
	Prev, Next string
}

// Filled is the target the caller gives a segment: plain text (a
// segment whose source has inline codes is never offered), its status
// and the match score (0–101).
type Filled struct {
	Target string
	Status tm.Status
	Score  int
}

// FillStats counts what Fill did.
type FillStats struct {
	Segments int // segments in the file
	Filled   int // given a target
	// InContext, Exact and Fuzzy split Filled by score (101, 100, less).
	InContext, Exact, Fuzzy int
	// Kept counts segments that already had a target; Codes those whose
	// source holds inline codes; Locked those Trados locked or in a
	// translate="no" trans-unit; NoMatch those the caller had no target
	// for.
	Kept, Codes, Locked, NoMatch int
}

// Fill writes in to w unchanged except that segments without a target get
// the one fill returns (false: none). It is how korpus pretranslates a
// bilingual file that another tool made, keeping the structure the tool
// wrote:
//
//   - SDLXLIFF (Trados Studio): the text goes into the segment's
//     <mrk mtype="seg" mid="…"> inside <target> (an empty <mrk/> is
//     expanded in place, the <g> around it kept), and the segment's
//     <sdl:seg> gets conf (Translated for exact and in-context matches,
//     Draft for fuzzy ones), origin="tm" and percent. Locked segments
//     (<sdl:seg locked="true">) are left alone.
//   - MQXLIFF (memoQ) and plain XLIFF 1.2: a <target> is written (or an
//     empty one filled) with state (translated, or needs-review-translation
//     for a fuzzy match) and state-qualifier (exact-match, leveraged-tm),
//     and memoQ's mq:status becomes PreTranslated with mq:percent.
//
// Every other byte — the header, <sdl:doc-info>, <sdl:cxts>, tag
// definitions, comments, whitespace, namespace prefixes — is copied as it
// is. The input must be UTF-8 (as Trados and memoQ write it). in is
// decoded first (any error of the XLIFF decoder is returned and nothing
// is written).
func Fill(in []byte, w io.Writer, name string, fill func(FillSegment) (Filled, bool)) (FillStats, error) {
	var st FillStats
	if bytes.HasPrefix(in, []byte{0xFF, 0xFE}) || bytes.HasPrefix(in, []byte{0xFE, 0xFF}) {
		return st, &ParseError{File: name, Line: 1, Column: 1, Err: ErrStructure, Detail: "a UTF-16 file cannot be filled in place (convert it to UTF-8)"}
	}
	// Pass 1: the segments, through the decoder.
	d := NewDecoder(bytes.NewReader(in), name)
	var segs []*Segment
	for {
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return st, err
		}
		if d.Version().Is2() {
			return st, &ParseError{File: name, Line: u.Line, Column: 1, Err: ErrVersion, Detail: "Fill writes into XLIFF 1.2 files (SDLXLIFF, MQXLIFF); this is XLIFF " + string(d.Version())}
		}
		segs = append(segs, u.Segments...)
	}
	targets := map[string]Filled{}
	for i, s := range segs {
		st.Segments++
		switch {
		case s.Target != nil:
			st.Kept++
			continue
		case s.Source.HasCodes():
			st.Codes++
			continue
		}
		fs := FillSegment{ID: s.ID, Source: s.Source}
		if i > 0 {
			fs.Prev = segs[i-1].Source.Plain()
		}
		if i+1 < len(segs) {
			fs.Next = segs[i+1].Source.Plain()
		}
		if f, ok := fill(fs); ok && strings.TrimSpace(f.Target) != "" {
			targets[s.ID] = f
		} else {
			st.NoMatch++
		}
	}
	// Pass 2: splice the targets into the bytes.
	f := &filler{in: in, targets: targets, st: &st}
	if err := f.run(); err != nil {
		return st, err
	}
	_, err := w.Write(f.out())
	return st, err
}

// splice replaces in[from:to] with text; target marks the one that
// writes a segment's target.
type splice struct {
	from, to int
	text     string
	target   bool
}

// filler is pass 2 of Fill.
type filler struct {
	in      []byte
	targets map[string]Filled
	st      *FillStats
	done    []splice

	// the trans-unit being read
	tu          string
	tuStart     []byte // raw start tag
	tuFrom      int    // offset of its start tag
	noTranslate bool
	segmented   bool     // has <seg-source>
	pending     []splice // of this trans-unit, committed at its end
	pendingIDs  []string // segment id of each pending splice
	locked      map[string]bool
	sdlSegs     map[string][2]int // mid → raw <sdl:seg> start tag
	sourceEnd   int               // end of </source> or </seg-source>
	target      [2]int            // plain trans-unit: <target> start tag
	targetEnd   int               // offset of </target> (-1: self-closed)
	hasTarget   bool
	mq          bool
}

func (f *filler) out() []byte {
	sort.Slice(f.done, func(i, j int) bool { return f.done[i].from < f.done[j].from })
	var b bytes.Buffer
	b.Grow(len(f.in) + 64*len(f.done))
	at := 0
	for _, s := range f.done {
		b.Write(f.in[at:s.from])
		b.WriteString(s.text)
		at = s.to
	}
	b.Write(f.in[at:])
	return b.Bytes()
}

func (f *filler) run() error {
	x := xml.NewDecoder(bytes.NewReader(f.in))
	type open struct {
		name xml.Name
		from int // offset of the start tag
	}
	var stack []open
	inTarget := 0 // depth of <target> in stack (0: outside)
	for {
		from := int(x.InputOffset())
		tok, err := x.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err // pass 1 read the same bytes without error
		}
		to := int(x.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, open{t.Name, from})
			switch {
			case t.Name.Local == "trans-unit" && t.Name.Space != nsSDL:
				f.startTU(t, from, to)
			case f.tu == "" && f.tuStart == nil:
			case t.Name.Local == "target" && t.Name.Space != nsSDL:
				inTarget = len(stack)
				f.hasTarget, f.target, f.targetEnd = true, [2]int{from, to}, -1
			case t.Name.Local == "mrk" && inTarget > 0 && attrv(t, "mtype") == "seg":
				f.targetMrk(x, t, from, to)
				stack = stack[:len(stack)-1] // targetMrk read its end
			case t.Name.Space == nsSDL && t.Name.Local == "seg":
				mid := attrv(t, "id")
				f.sdlSegs[mid] = [2]int{from, to}
				if attrv(t, "locked") == "true" {
					f.locked[mid] = true
				}
			case t.Name.Local == "seg-source":
				f.segmented = true
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			stack = stack[:len(stack)-1]
			switch {
			case t.Name.Local == "trans-unit" && t.Name.Space != nsSDL && f.tuStart != nil:
				f.endTU(from)
			case t.Name.Local == "target" && inTarget == len(stack)+1:
				inTarget = 0
				if from != to { // not <target/>
					f.targetEnd = from
				}
			case t.Name.Local == "source" || t.Name.Local == "seg-source":
				if t.Name.Space != nsSDL && f.tuStart != nil && len(stack) >= 1 && stack[len(stack)-1].name.Local == "trans-unit" {
					f.sourceEnd = to
				}
			}
		}
	}
}

func (f *filler) startTU(t xml.StartElement, from, to int) {
	*f = filler{in: f.in, targets: f.targets, st: f.st, done: f.done}
	f.tu, f.tuStart, f.tuFrom = attrv(t, "id"), f.in[from:to], from
	f.noTranslate = attrv(t, "translate") == "no"
	f.locked, f.sdlSegs = map[string]bool{}, map[string][2]int{}
	for _, a := range t.Attr {
		if a.Name.Space == nsMQ && a.Name.Local == "status" {
			f.mq = true
		}
	}
}

// targetMrk handles an SDLXLIFF <mrk mtype="seg"> in <target>, reading
// it to its end: a filled segment's content is replaced by the text.
func (f *filler) targetMrk(x *xml.Decoder, t xml.StartElement, from, to int) {
	mid := attrv(t, "mid")
	contentFrom, depth := to, 1
	var endFrom, endTo int
	for depth > 0 {
		endFrom = int(x.InputOffset())
		tok, err := x.Token()
		if err != nil {
			return
		}
		endTo = int(x.InputOffset())
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	id := f.tu + "_" + mid
	tg, ok := f.targets[id]
	if !ok {
		return
	}
	text := escapeText(tg.Target)
	if endFrom == endTo { // <mrk …/>: give it content and an end tag
		start := f.in[from:to]
		start = bytes.TrimSuffix(bytes.TrimRight(bytes.TrimSuffix(start, []byte(">")), " \t\r\n"), []byte("/"))
		f.add(id, splice{from, to, string(bytes.TrimRight(start, " \t\r\n")) + ">" + text + "</" + rawName(f.in[from:to]) + ">", true})
		return
	}
	f.add(id, splice{contentFrom, endFrom, text, true})
}

func (f *filler) add(id string, s splice) {
	f.pending = append(f.pending, s)
	f.pendingIDs = append(f.pendingIDs, id)
}

// endTU commits the splices of the trans-unit that ends at offset end.
func (f *filler) endTU(end int) {
	if !f.segmented {
		f.plainTU(end)
	}
	for i, s := range f.pending {
		id := f.pendingIDs[i]
		mid := strings.TrimPrefix(id, f.tu+"_")
		if f.noTranslate || (f.segmented && f.locked[mid]) {
			f.st.Locked++
			continue
		}
		tg := f.targets[id]
		f.done = append(f.done, s)
		if !s.target {
			continue
		}
		f.st.Filled++
		switch {
		case tg.Score > 100:
			f.st.InContext++
		case tg.Score == 100:
			f.st.Exact++
		default:
			f.st.Fuzzy++
		}
		if r, ok := f.sdlSegs[mid]; ok && f.segmented {
			tag := f.in[r[0]:r[1]]
			conf := "Translated"
			if tg.Score < 100 {
				conf = "Draft"
			} else if tg.Status == tm.StatusReviewed || tg.Status == tm.StatusFinal {
				conf = tm.ConfirmationLevel(tg.Status)
			}
			for _, a := range [][2]string{{"conf", conf}, {"origin", "tm"}, {"origin-system", "korpus"}, {"percent", strconv.Itoa(min(tg.Score, 100))}} {
				tag = setAttr(tag, a[0], a[1])
			}
			f.done = append(f.done, splice{r[0], r[1], string(tag), false})
		}
	}
	f.tu, f.tuStart = "", nil
}

// plainTU queues the target of a trans-unit without <seg-source>.
func (f *filler) plainTU(end int) {
	tg, ok := f.targets[f.tu]
	if !ok || f.sourceEnd == 0 {
		return
	}
	state, qualifier := "translated", "exact-match"
	if tg.Score < 100 {
		state, qualifier = "needs-review-translation", "leveraged-tm"
	}
	text := escapeText(tg.Target)
	prefix := ""
	if n := rawName(f.tuStart); strings.Contains(n, ":") {
		prefix = n[:strings.IndexByte(n, ':')+1]
	}
	if !f.hasTarget {
		f.add(f.tu, splice{f.sourceEnd, f.sourceEnd, "<" + prefix + `target state="` + state + `" state-qualifier="` + qualifier + `">` + text + "</" + prefix + "target>", true})
	} else {
		start := f.in[f.target[0]:f.target[1]]
		selfClosed := f.targetEnd < 0
		if selfClosed {
			start = bytes.TrimRight(bytes.TrimSuffix(bytes.TrimRight(bytes.TrimSuffix(start, []byte(">")), " \t\r\n"), []byte("/")), " \t\r\n")
			start = append(append([]byte(nil), start...), '>')
		}
		start = setAttr(setAttr(start, "state", state), "state-qualifier", qualifier)
		to := f.targetEnd
		if selfClosed {
			f.add(f.tu, splice{f.target[0], f.target[1], string(start) + text + "</" + rawName(f.in[f.target[0]:f.target[1]]) + ">", true})
		} else {
			// The blank content (indentation) is replaced too.
			f.add(f.tu, splice{f.target[0], to, string(start) + text, true})
		}
	}
	if m := mqPrefix.FindSubmatch(f.tuStart); f.mq && m != nil {
		p := string(m[1])
		tag := setAttr(setAttr(f.tuStart, p+":status", "PreTranslated"), p+":percent", strconv.Itoa(min(tg.Score, 100)))
		f.add(f.tu, splice{f.tuFrom, f.tuFrom + len(f.tuStart), string(tag), false})
	}
}

// mqPrefix finds the prefix memoQ's status attribute is written with.
var mqPrefix = regexp.MustCompile(`\s([A-Za-z_][\w.-]*):status\s*=`)

// rawName is the element name of a raw start tag as written ("sdl:seg").
func rawName(tag []byte) string {
	tag = bytes.TrimPrefix(tag, []byte("<"))
	if i := bytes.IndexAny(tag, " \t\r\n/>"); i >= 0 {
		tag = tag[:i]
	}
	return string(tag)
}

// setAttr sets the attribute name (as written, with its prefix) of a raw
// start tag, replacing its value or adding it before the end of the tag.
func setAttr(tag []byte, name, value string) []byte {
	var v strings.Builder
	xmltok.EscapeTo(&v, value, xmltok.Attr)
	re := regexp.MustCompile(`([\s])` + regexp.QuoteMeta(name) + `\s*=\s*("[^"]*"|'[^']*')`)
	if loc := re.FindSubmatchIndex(tag); loc != nil {
		out := append([]byte(nil), tag[:loc[4]]...)
		out = append(out, '"')
		out = append(out, v.String()...)
		out = append(out, '"')
		return append(out, tag[loc[5]:]...)
	}
	end := len(tag) - 1 // the '>'
	if end > 0 && tag[end-1] == '/' {
		end--
	}
	for end > 0 && (tag[end-1] == ' ' || tag[end-1] == '\t' || tag[end-1] == '\n' || tag[end-1] == '\r') {
		end--
	}
	out := append([]byte(nil), tag[:end]...)
	out = append(out, fmt.Sprintf(` %s="%s"`, name, v.String())...)
	return append(out, tag[end:]...)
}

func escapeText(s string) string {
	var b strings.Builder
	xmltok.EscapeTo(&b, s, xmltok.Text)
	return b.String()
}
