// Package tmx reads and writes TMX 1.4b translation memories, streaming
// one <tu> at a time so that memory stays flat for files of any size.
//
// A TMX file looks like this:
//
//	<?xml version="1.0" encoding="UTF-8"?>
//	<tmx version="1.4">
//	  <header srclang="de-DE" adminlang="en" segtype="sentence" o-tmf="korpus"
//	          creationtool="korpus" creationtoolversion="1" datatype="plaintext"/>
//	  <body>
//	    <tu tuid="2" creationdate="20240101T120000Z">
//	      <prop type="x-domain">ui</prop>
//	      <tuv xml:lang="de-DE"><seg>Klicken Sie auf <bpt i="1">&lt;b&gt;</bpt>Speichern<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
//	      <tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
//	    </tu>
//	  </body>
//	</tmx>
//
// The Decoder turns each <tu> into one tm.Unit per (source language, other
// language) pair; the source language is the tu's srclang, else the
// header's. With srclang="*all*" every ordered pair of languages becomes a
// unit unless a source language is chosen with the SourceLang option.
//
// Mapping to tm.Unit, chosen so that decode → encode → decode is a fixed
// point:
//   - creationdate, changedate, creationid, changeid of the <tu> (or, when
//     the <tu> lacks one, of the target <tuv>, as OmegaT writes them) become
//     Unit.Created, Changed, Creator, Changer; usagecount becomes Unit.Usage.
//   - Other <tu> attributes become props of type "tmx:NAME" (tuid →
//     "tmx:tuid", lastusagedate → "tmx:lastusagedate" …); other attributes
//     of the source/target <tuv> become "tmx:source@NAME" / "tmx:target@NAME".
//   - <tu> props keep their type; <tuv> props get the type
//     "tmx:source:TYPE" / "tmx:target:TYPE". <tu> notes have an empty
//     Note.From; <tuv> notes have From "tmx:source" / "tmx:target".
//   - Inline codes: <bpt i> → CodeOpen (ID i), <ept i> → CodeClose (ID i),
//     <ph x> → CodeStandalone (ID x), <ut x> → CodeStandalone (Elem "ut"),
//     <it pos x> → CodeIsolated (ID x, Attrs pos), <hi x type> →
//     CodeMarkOpen … CodeMarkClose. Code.Data is the code's text (the native
//     markup, e.g. "<b>"). A code holding <sub> elements keeps its inner
//     markup verbatim in Data and the attribute key "#markup" in Attrs.
//
// Whitespace inside <seg> is always kept as written (TMX has no xml:space
// on <seg>; korpus never trims segments). Files may be UTF-8 or, with a
// byte-order mark, UTF-16 (as Trados writes them); other encodings named in
// the XML declaration are decoded with golang.org/x/text.
//
// A DOCTYPE that declares entities is refused before anything is expanded;
// a plain <!DOCTYPE tmx SYSTEM "tmx14.dtd"> is accepted.
package tmx

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// Header is the TMX <header>: how the memory was made.
type Header struct {
	CreationTool        string
	CreationToolVersion string
	SegType             string // block, paragraph, sentence or phrase
	OTMF                string // o-tmf: the original TM format
	AdminLang           string
	SrcLang             string // a language tag or "*all*"
	DataType            string
	OEncoding           string
	CreationDate        time.Time
	CreationID          string
	ChangeDate          time.Time
	ChangeID            string
	Props               []tm.Prop
	Notes               []tm.Note
}

// Props korpus writes for a unit's status (when not "translated") and
// origin (when not "tmx") and reads back into Unit.Status and Unit.Origin.
// The decoder also takes the status from Trados's x-ConfirmationLevel
// (kept as a prop too) when there is no x-korpus-status.
const (
	PropStatus = "x-korpus-status"
	PropOrigin = "x-korpus-origin"
)

// Props of a <tu> in OmegaT's TMX (project_save.tmx, the -omegat.tmx and
// -level1/2.tmx exports) that korpus maps: prev and next hold the source
// text of the segments before and after an alternative (in-context)
// translation, read into Unit.Prev/Next and written from them, so that
// lookup's in-context (101) matches and OmegaT both see the context. file
// (the source file of an alternative translation) and id (its segment
// key) are kept as props of those types.
const (
	PropPrev = "prev"
	PropNext = "next"
	PropFile = "file"
	PropID   = "id"
)

// AllLangs is the srclang value meaning that any language may be the source.
const AllLangs = "*all*"

// dateLayout is the TMX date format (ISO 8601 basic, UTC).
const dateLayout = "20060102T150405Z"

// FormatDate formats t the TMX way, e.g. "20240101T120000Z".
func FormatDate(t time.Time) string { return t.UTC().Format(dateLayout) }

// ParseDate parses a TMX date. It accepts the standard form and, because
// real files vary, also RFC 3339 and the form without the trailing Z.
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{dateLayout, "20060102T150405", time.RFC3339Nano, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid TMX date %q (want YYYYMMDDThhmmssZ)", s)
}

// Sentinel causes carried by ParseError.Err; test with errors.Is.
var (
	ErrSyntax     = errors.New("malformed XML")
	ErrRoot       = errors.New("not a TMX file")
	ErrEntity     = errors.New("DOCTYPE with entity declarations refused")
	ErrLang       = errors.New("bad language code")
	ErrTruncated  = errors.New("unexpected end of file")
	ErrUnbalanced = errors.New("unbalanced inline codes")
	ErrStructure  = errors.New("invalid TMX structure")
)

// ParseError is an error in a TMX file, with its position: File (the
// name given to NewDecoder), Line and Column (1-based; Column counts
// characters) and Err, the cause (a sentinel above, wrapped with a
// detail). It reads "file.tmx: line 412, column 9: cause: detail", with
// "tmx" for an unnamed input.
type ParseError xmltok.ParseError

func (e *ParseError) Error() string {
	return xmltok.Format(cmp.Or(e.File, "tmx"), e.Line, e.Column, e.Err.Error())
}

func (e *ParseError) Unwrap() error { return e.Err }
