// Package tm is the domain of korpus: documents and their versions, segments,
// translation units, languages, and the interfaces the other packages
// implement. It imports no other korpus package.
//
// Subpackages hold the domain logic that needs no storage: tm/segment (the
// built-in sentence segmenter), tm/srx (SRX 2.0 rule files), tm/xliff and
// tm/tmx (exchange formats), tm/match (fuzzy matching).
package tm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Document is a named source text whose content is stored as versions.
type Document struct {
	ID      int64
	Name    string
	Lang    Lang
	Created time.Time
	// Versions is filled by listings; the latest version is last.
	Versions []Version
}

// Version is one stored revision of a document's content.
type Version struct {
	ID       int64
	DocID    int64
	Number   int    // 1, 2, 3, …
	Hash     string // sha256 of the stored (decoded, NFC) text
	Lang     Lang
	Source   string // original file name
	Created  time.Time
	Paras    int
	Segments int
	Words    int
	Chars    int
}

// Segment is one sentence (or heading, list item…) of a document version.
type Segment struct {
	ID    int64
	Para  int    // 0-based paragraph index in the document
	Index int    // 0-based segment index in the document
	Text  string // NFC text
	Hash  string // Hash(Normalize(Text)); equal for texts that differ only in whitespace
}

// Status is the workflow state of a translation.
type Status string

// Translation statuses, ordered from least to most trusted.
const (
	StatusNew         Status = "new"
	StatusDraft       Status = "draft"
	StatusNeedsReview Status = "needs-review"
	StatusTranslated  Status = "translated"
	StatusReviewed    Status = "reviewed"
	StatusFinal       Status = "final"
)

// Origin says where a translation unit came from.
type Origin string

// Known origins.
const (
	OriginXLIFF     Origin = "xliff"
	OriginTMX       Origin = "tmx"
	OriginTSV       Origin = "tsv"
	OriginAlignment Origin = "alignment"
	OriginCarryOver Origin = "carry-over"
	OriginManual    Origin = "manual"
	// OriginMT is a machine translation (an MT draft from a CAT tool).
	OriginMT Origin = "mt"
	// OriginPO is a gettext PO file.
	OriginPO Origin = "po"
)

// Prop is a TMX <prop> (or XLIFF metadata) carried with a unit.
type Prop struct {
	Type  string `json:"type"`
	Lang  string `json:"lang,omitempty"`
	Value string `json:"value"`
}

// Note is a TMX/XLIFF <note>.
type Note struct {
	Lang string `json:"lang,omitempty"`
	From string `json:"from,omitempty"`
	Text string `json:"text"`
}

// Unit is a translation unit: a source text and its translation into one
// target language, with where it came from and its context.
type Unit struct {
	ID         int64
	SourceLang Lang
	TargetLang Lang
	Source     Content
	Target     Content
	Status     Status
	Origin     Origin
	Creator    string
	Changer    string
	Created    time.Time
	Changed    time.Time
	// Context: the plain source text of the previous and next segment where
	// known (empty at document boundaries or when unknown).
	Prev string
	Next string
	// SegmentID links a translation to a stored document segment (0: none).
	SegmentID int64
	// Score is the alignment or match score that produced the unit (0–1 for
	// alignment, 0–101 for matches; 0 when not applicable).
	Score float64
	Usage int
	Props []Prop
	Notes []Note
	// MemoryID is the stored memory holding the unit (0: not stored or
	// unknown); the store names it.
	MemoryID int64
}

// Normalize returns the form of text used for hashing and exact matching:
// NFC, whitespace runs folded to one space, trimmed.
func Normalize(text string) string {
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Hash returns the hex sha256 of Normalize(text), truncated to 16 bytes.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(Normalize(text)))
	return hex.EncodeToString(sum[:16])
}

// UnitReader streams translation units, as the TMX, XLIFF and TSV decoders
// do. Next returns io.EOF after the last unit.
type UnitReader interface {
	Next() (*Unit, error)
}

// ImportStats counts what an import did.
type ImportStats struct {
	Read      int `json:"read"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	// Merged counts units equal (languages, source, target, inline
	// codes) to one read before them from the same input: stored once.
	Merged  int            `json:"merged"`
	Skipped int            `json:"skipped"`
	Reasons map[string]int `json:"skip_reasons,omitempty"` // reason → count
}

// Skip counts one skipped unit with its reason.
func (s *ImportStats) Skip(reason string) {
	s.Skipped++
	if s.Reasons == nil {
		s.Reasons = map[string]int{}
	}
	s.Reasons[reason]++
}

// SkipInvalid is the skip reason of a unit that import --skip-invalid
// left out because it is invalid (InvalidUnit says where and why).
const SkipInvalid = "invalid (skipped by --skip-invalid, listed with its position)"

// UnitError is an error of one unit, not of the whole file, that a
// decoder with its SkipInvalid option would have skipped; it wraps the
// decoder's positioned error, so that import can say so.
type UnitError struct{ Err error }

func (e *UnitError) Error() string { return e.Err.Error() }
func (e *UnitError) Unwrap() error { return e.Err }

// InvalidUnit is a unit a decoder skipped instead of refusing the whole
// file (import --skip-invalid): where it starts and the error that would
// otherwise have stopped the import.
type InvalidUnit struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// String formats u as korpus formats positioned errors:
// "file: line L, column C: message" (without the column when it is 0,
// unknown).
func (u InvalidUnit) String() string {
	if u.Column == 0 {
		return fmt.Sprintf("%s: line %d: %s", u.File, u.Line, u.Message)
	}
	return fmt.Sprintf("%s: line %d, column %d: %s", u.File, u.Line, u.Column, u.Message)
}

// StatusOfConfirmationLevel maps a Trados Studio confirmation level (the
// conf of an SDLXLIFF <sdl:seg>, the x-ConfirmationLevel prop of its TMX)
// to a korpus status; ok is false for "Unspecified" or an unknown one.
func StatusOfConfirmationLevel(conf string) (s Status, ok bool) {
	switch conf {
	case "Draft":
		return StatusDraft, true
	case "Translated":
		return StatusTranslated, true
	case "RejectedTranslation", "RejectedSignOff":
		return StatusNeedsReview, true
	case "ApprovedTranslation":
		return StatusReviewed, true
	case "ApprovedSignOff":
		return StatusFinal, true
	}
	return "", false
}

// ConfirmationLevel maps a korpus status to the Trados Studio
// confirmation level closest to it ("Unspecified" for new).
func ConfirmationLevel(s Status) string {
	switch s {
	case StatusDraft:
		return "Draft"
	case StatusNeedsReview:
		return "RejectedTranslation"
	case StatusReviewed:
		return "ApprovedTranslation"
	case StatusFinal:
		return "ApprovedSignOff"
	case StatusTranslated:
		return "Translated"
	}
	return "Unspecified"
}

// Valid reports whether s is one of the statuses above.
func (s Status) Valid() bool {
	switch s {
	case StatusNew, StatusDraft, StatusNeedsReview, StatusTranslated, StatusReviewed, StatusFinal:
		return true
	}
	return false
}
