// Package xliff reads and writes XLIFF 1.2 and XLIFF 2.x (2.0, 2.1, 2.2)
// as korpus exchanges them with translators' CAT tools.
//
// The model is shared by both versions. A File carries the languages, the
// original file name and, for files korpus exported, the document name,
// version number and version hash (Meta) that an import checks against. A
// Unit is an XLIFF 2 <unit>, or in XLIFF 1.2 the trans-units that are direct
// children of one <group> (or of <body>); its Segments are the 2.x
// <segment>s or the 1.2 <trans-unit>s. korpus writes one Unit per
// paragraph and one Segment per sentence, with ids derived from the
// document's paragraph and segment indexes, so they are stable across
// exports of the same version:
//
//	XLIFF 1.2                                  XLIFF 2.1
//	<file original="a.txt" source-language="de"  <file id="f1" original="a.txt">
//	      target-language="en" datatype="plaintext"  <mda:metadata>…korpus…</mda:metadata>
//	      product-name="a" product-version="2"       <unit id="p0">
//	      build-num="9f86d0…">                          <segment id="s0" state="translated">
//	  <body><group id="p0">                               <source>Guten Tag.</source>
//	    <trans-unit id="s0">                              <target>Good day.</target>
//	      <source>Guten Tag.</source>                   </segment>
//	      <target state="translated">Good day.</target>
//	    </trans-unit>
//
// Inline codes become tm.Code values (see tm/content.go): 1.2 <g>, <bx/>/<ex/>
// and <bpt>/<ept> and 2.x <pc>, <sc/>/<ec/> are Open/Close, <x/>, <ph> are
// Standalone, <it>, unpaired <bx/>/<ex/> and isolated <sc/>/<ec/> are
// Isolated, <mrk>, <sm/>/<em/> are MarkOpen/MarkClose. Code.Elem and
// Code.Attrs keep the element and its attributes so that writing the same
// version gives back the same markup; 2.x originalData is resolved into
// Code.Data and written back as originalData.
//
// Translation candidates (1.2 <alt-trans>, 2.x <mtc:matches>) are Matches
// of a Segment. Decoder streams: it holds one Unit at a time.
package xliff

import (
	"errors"
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// Version is an XLIFF version: "1.2", "2.0", "2.1" or "2.2".
type Version string

// Supported versions.
const (
	V12 Version = "1.2"
	V20 Version = "2.0"
	V21 Version = "2.1"
	V22 Version = "2.2"
)

// Is2 reports whether v is an XLIFF 2.x version.
func (v Version) Is2() bool { return v == V20 || v == V21 || v == V22 }

// Namespaces.
const (
	NS11      = "urn:oasis:names:tc:xliff:document:1.1" // 1.0 has none
	NS12      = "urn:oasis:names:tc:xliff:document:1.2"
	NS2       = "urn:oasis:names:tc:xliff:document:2.0" // 2.0 and 2.1
	NS22      = "urn:oasis:names:tc:xliff:document:2.2"
	NSMatches = "urn:oasis:names:tc:xliff:matches:2.0"
	NSMeta    = "urn:oasis:names:tc:xliff:metadata:2.0"
	// NSGlossary is the 2.x glossary module (gls:glossary).
	NSGlossary = "urn:oasis:names:tc:xliff:glossary:2.0"
	nsXML      = "http://www.w3.org/XML/1998/namespace"
	nsSDL      = "http://sdl.com/FileTypes/SdlXliff/1.0" // Trados SDLXLIFF
	nsMQ       = "MQXliff"                               // memoQ MQXLIFF
)

// Option configures a Decoder.
type Option func(*options)

type options struct {
	src, trg    tm.Lang
	langMap     map[string]tm.Lang
	skipInvalid bool
}

// SkipInvalid makes the decoder skip a unit (1.2 <trans-unit>, 2.x
// <unit>) that is invalid — unbalanced inline codes, a bad or
// contradicting language, a broken structure — instead of failing:
// Invalid lists each with its position. Malformed XML still fails.
func SkipInvalid() Option { return func(o *options) { o.skipInvalid = true } }

// SourceLang is the source language of files that name none (XLIFF 1.x
// often lacks source-language); a file naming another one is an error.
func SourceLang(l tm.Lang) Option { return func(o *options) { o.src = l } }

// TargetLang is the target language of files that name none (po2xliff
// and PASSOLO write no target-language); a file naming another one is an
// error.
func TargetLang(l tm.Lang) Option { return func(o *options) { o.trg = l } }

// LangMap renames the languages of the file before they are parsed, so a
// file may carry names that are no BCP 47 tags ("English", "language0").
func LangMap(m map[string]tm.Lang) Option { return func(o *options) { o.langMap = m } }

// Warning is something the decoder accepted but a translator should look
// at, such as a target that adds, drops or reorders inline codes.
type Warning struct {
	Line, Column int
	Message      string
}

func (w Warning) String(file string) string { return xmltok.Format(file, w.Line, w.Column, w.Message) }

// Tool names the program that wrote a file (1.2 <tool>; not written in 2.x).
type Tool struct {
	ID      string
	Name    string
	Version string
}

// Meta identifies the korpus document version a file was exported from.
// In XLIFF 1.2 it is kept in the <file> attributes product-name (document),
// product-version (version number) and build-num (version hash); in XLIFF
// 2.x in a file-level <mda:metaGroup category="korpus">.
type Meta struct {
	Document string
	Version  int
	Hash     string
}

// File is one <file> element.
type File struct {
	ID         string // 2.x file id (1.2 has none)
	Original   string // original file name
	SourceLang tm.Lang
	TargetLang tm.Lang // may be empty
	Datatype   string  // 1.2 datatype ("plaintext" when written and empty)
	Tool       Tool
	// Korpus is set for files korpus exported, nil for foreign files.
	Korpus *Meta
	Notes  []tm.Note
}

// Unit is an XLIFF 2 <unit>, or the trans-units that are direct children of
// one XLIFF 1.2 <group> (ID is the group id, or "" for trans-units directly
// in <body>). The decoder may split a very large 1.2 group into several
// Units with the same ID.
type Unit struct {
	ID string
	// Groups are the ids of the enclosing <group>s, outermost first (in 1.2
	// without the group that is the Unit itself).
	Groups   []string
	Segments []*Segment
	Notes    []tm.Note // 2.x unit notes, 1.2 group notes
	// File is the file the unit belongs to (set by the decoder; the encoder
	// uses the file of the last StartFile).
	File *File
	// Line is where the unit starts in the input (set by the decoder).
	Line int
}

// Segment is a 2.x <segment> or a 1.2 <trans-unit> (or one <mrk
// mtype="seg"> of a 1.2 <seg-source>, with the id "TUID_MID").
type Segment struct {
	ID     string
	Source tm.Content
	// Target is nil when the segment has no target element or an empty one.
	Target tm.Content
	// State is the raw state attribute as read ("" when absent). Status is
	// the korpus status derived from it (see Status12/Status2); the encoder
	// writes Status.
	State  string
	Status tm.Status
	Notes  []tm.Note // 1.2 trans-unit notes (2.x writes them as unit notes)
	// Origin is where the target came from when the file says so (tm.OriginMT
	// for a machine translation); "" otherwise.
	Origin tm.Origin
	// Matches are translation candidates: 1.2 <alt-trans>, 2.x <mtc:match>.
	Matches []*Match
	// Glossary is the termbase entries found in Source, for the
	// translator (encoder only): 2.x <gls:glossary> in the unit, 1.2 one
	// <note from="korpus-terms" annotates="source"> (the decoder skips
	// that note, so a file read back brings no term notes into a memory).
	Glossary []GlossEntry
	Line     int // where the segment starts in the input (decoder)
}

// GlossNoteFrom is the from attribute of the XLIFF 1.2 note that lists a
// segment's terms.
const GlossNoteFrom = "korpus-terms"

// GlossEntry is a term of a segment's source and its translations.
type GlossEntry struct {
	Term         string   // as found in the source
	Translations []string // the approved target terms
	Definition   string
	Source       string // where it comes from (gls:term/@source): a glossary name
}

// Match is a translation candidate for a segment.
type Match struct {
	Source tm.Content
	Target tm.Content
	// Similarity is the fuzzy score of Source against the segment's source,
	// 0–100 (1.2 match-quality, 2.x similarity; 2.x clamps it to 100). A
	// negative value means unknown and is not written.
	Similarity float64
	// Quality is the quality of Target, 0–100 (2.x matchQuality; not
	// written in 1.2); negative: unknown.
	Quality float64
	Origin  string // where it came from ("korpus-tm", a file name …)
	Type    string // 2.x type: tm, mt, am, icm, idm, tb, other ("" = tm)
}

// Status12 maps an XLIFF 1.2 state value to a korpus status. An absent
// state is "translated" when there is a target and "new" otherwise.
func Status12(state string, hasTarget bool) tm.Status {
	switch state {
	case "new", "needs-translation":
		return tm.StatusNew
	case "needs-adaptation", "needs-l10n", "x-draft":
		return tm.StatusDraft
	case "needs-review-translation", "needs-review-adaptation", "needs-review-l10n":
		return tm.StatusNeedsReview
	case "translated":
		return tm.StatusTranslated
	case "signed-off", "x-reviewed":
		return tm.StatusReviewed
	case "final":
		return tm.StatusFinal
	}
	return defaultStatus(hasTarget)
}

// statusQualified refines a 1.2 status with the state-qualifier: a new
// target that a machine translated (leveraged-mt, mt-suggestion) or that a
// TM filled in (leveraged-tm, exact/fuzzy-match …) is a draft, not a
// confirmed translation.
func statusQualified(st tm.Status, qualifier string, hasTarget bool) (tm.Status, tm.Origin) {
	if !hasTarget || st != tm.StatusNew {
		if qualifier == "leveraged-mt" || qualifier == "mt-suggestion" {
			return st, tm.OriginMT
		}
		return st, ""
	}
	switch qualifier {
	case "leveraged-mt", "mt-suggestion":
		return tm.StatusDraft, tm.OriginMT
	case "exact-match", "fuzzy-match", "id-match", "leveraged-glossary", "leveraged-inherited", "leveraged-tm", "tm-suggestion":
		return tm.StatusDraft, ""
	}
	return st, ""
}

// statusMQ maps a memoQ MQXLIFF mq:status to a korpus status (ok false for
// an unknown one).
func statusMQ(s string) (st tm.Status, origin tm.Origin, ok bool) {
	switch s {
	case "NotStarted":
		return tm.StatusNew, "", true
	case "MachineTranslated":
		return tm.StatusDraft, tm.OriginMT, true
	case "PreTranslated", "PartiallyEdited", "Edited", "AssembledFromFragments", "FragmentAssembled":
		return tm.StatusDraft, "", true
	case "ManuallyConfirmed", "Confirmed", "ConfirmedTranslator", "TranslatorConfirmed":
		return tm.StatusTranslated, "", true
	case "Reviewer1Confirmed", "Proofread", "ProofreadConfirmed":
		return tm.StatusReviewed, "", true
	case "Reviewer2Confirmed":
		return tm.StatusFinal, "", true
	case "Rejected":
		return tm.StatusNeedsReview, "", true
	}
	return "", "", false
}

// statusSDL maps the confirmation level of an SDLXLIFF segment
// (<sdl:seg conf="…">) to a korpus status; ok is false for none or an
// unknown one ("Unspecified"), which leaves the status to state.
func statusSDL(conf string) (s tm.Status, ok bool) {
	if st, ok := tm.StatusOfConfirmationLevel(conf); ok {
		return st, true
	}
	return "", false
}

// defaultStatus is the status of a segment without a (known) state:
// translated when it has a target, else new.
func defaultStatus(hasTarget bool) tm.Status {
	if hasTarget {
		return tm.StatusTranslated
	}
	return tm.StatusNew
}

// State12 maps a korpus status to an XLIFF 1.2 state value.
func State12(s tm.Status) string {
	switch s {
	case tm.StatusNew:
		return "needs-translation"
	case tm.StatusDraft:
		return "x-draft"
	case tm.StatusNeedsReview:
		return "needs-review-translation"
	case tm.StatusReviewed:
		return "signed-off"
	case tm.StatusFinal:
		return "final"
	}
	return "translated"
}

// subStatePrefix qualifies korpus statuses in the 2.x subState attribute.
const subStatePrefix = "korpus:"

// Status2 maps an XLIFF 2.x state and subState to a korpus status.
func Status2(state, subState string, hasTarget bool) tm.Status {
	if strings.HasPrefix(subState, subStatePrefix) {
		switch s := tm.Status(strings.TrimPrefix(subState, subStatePrefix)); s {
		case tm.StatusDraft, tm.StatusNeedsReview:
			return s
		}
	}
	switch state {
	case "initial":
		// Not yet translated, target or not: tools fill targets of
		// untranslated segments with source copies or pre-translations
		// under this state (korpus's own drafts carry subState
		// korpus:draft). The importer tells copies from translations.
		return tm.StatusNew
	case "translated":
		return tm.StatusTranslated
	case "reviewed":
		return tm.StatusReviewed
	case "final":
		return tm.StatusFinal
	}
	return defaultStatus(hasTarget)
}

// State2 maps a korpus status to an XLIFF 2.x state and subState.
func State2(s tm.Status) (state, subState string) {
	switch s {
	case tm.StatusNew:
		return "initial", ""
	case tm.StatusDraft:
		return "initial", subStatePrefix + string(tm.StatusDraft)
	case tm.StatusNeedsReview:
		return "translated", subStatePrefix + string(tm.StatusNeedsReview)
	case tm.StatusReviewed:
		return "reviewed", ""
	case tm.StatusFinal:
		return "final", ""
	}
	return "translated", ""
}

// SegmentID returns the id korpus gives the segment with document index i.
func SegmentID(i int) string { return "s" + strconv.Itoa(i) }

// ParaID returns the id korpus gives the paragraph with index i.
func ParaID(i int) string { return "p" + strconv.Itoa(i) }

// ParseSegmentID returns the segment index of a korpus segment id ("s12"
// → 12) and false for any other id.
func ParseSegmentID(id string) (int, bool) {
	if len(id) < 2 || id[0] != 's' {
		return 0, false
	}
	n, err := strconv.Atoi(id[1:])
	if err != nil || n < 0 || strconv.Itoa(n) != id[1:] {
		return 0, false
	}
	return n, true
}

// Sentinel causes of a ParseError; test with errors.Is.
var (
	ErrSyntax      = errors.New("malformed XML")
	ErrNotXLIFF    = errors.New("not an XLIFF file")
	ErrVersion     = errors.New("unsupported XLIFF version")
	ErrEntity      = errors.New("DOCTYPE with entity declarations is not allowed")
	ErrLanguage    = errors.New("unknown language")
	ErrTruncated   = errors.New("unexpected end of file")
	ErrInlineCodes = errors.New("unbalanced inline codes")
	ErrStructure   = errors.New("invalid XLIFF structure")
)

// ParseError is an error at a position of an XLIFF input. Its Error reads
// "name: line 12, column 4: cause: detail". Lines and columns start at 1;
// the column counts bytes (as encoding/xml does), and points at the start
// of the offending element, or where the parser stopped for malformed XML.
// It is an EINVALID tm.Error for tm.ErrorCode.
type ParseError struct {
	File   string // input name ("" when unknown)
	Line   int
	Column int
	Err    error  // a sentinel above (or a wrapped cause)
	Detail string // what exactly was wrong
}

func (e *ParseError) Error() string {
	msg := e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return xmltok.Format(e.File, e.Line, e.Column, msg)
}

// Unwrap returns the cause and the EINVALID code carrier, so that both
// errors.Is(err, ErrSyntax) and tm.ErrorCode(err) == tm.EINVALID hold.
func (e *ParseError) Unwrap() []error {
	return []error{e.Err, &tm.Error{Code: tm.EINVALID, Message: "invalid XLIFF"}}
}
