// Package term is korpus's terminology: concepts with their terms in
// several languages (a termbase), the TBX and CSV/TSV glossary formats,
// and recognition of a termbase's terms in a sentence, German inflection
// and compounds included. It imports only tm.
package term

import (
	"strconv"
	"strings"

	"github.com/korpus/korpus/tm"
)

// Status is a term's usage status (TBX administrativeStatus, normalised).
type Status string

// Term statuses, from the most to the least recommended. The empty status
// is "not stated" and counts as admitted.
const (
	Preferred  Status = "preferred"
	Admitted   Status = "admitted"
	Deprecated Status = "deprecated"
	Forbidden  Status = "forbidden"
)

// ParseStatus reads a status as termbases write it: korpus's own names,
// TBX's picklist values (preferredTerm-admn-sts, admittedTerm-admn-sts,
// deprecatedTerm-admn-sts, supersededTerm-admn-sts, notRecommended…,
// obsolete…), and the words Weblate and memoQ use ("forbidden",
// "obsolete", "approved"). ok is false for a value it does not know.
func ParseStatus(s string) (Status, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.TrimSuffix(v, "-admn-sts")
	v = strings.TrimSuffix(v, "term")
	switch v {
	case "":
		return "", true
	case "preferred", "preferredterm", "approved", "standardized", "standardizedterm", "standardised", "normative":
		return Preferred, true
	case "admitted", "admittedterm", "admissible", "allowed", "permitted", "valid":
		return Admitted, true
	case "deprecated", "deprecatedterm", "superseded", "supersededterm", "notrecommended", "notrecommendedterm", "obsolete", "obsoleteterm", "legacy":
		return Deprecated, true
	case "forbidden", "forbiddenterm", "prohibited", "do not use", "donotuse", "notallowed", "rejected":
		return Forbidden, true
	}
	return "", false
}

// TBX returns the TBX-Basic administrativeStatus picklist value.
func (s Status) TBX() string {
	switch s {
	case Preferred:
		return "preferredTerm-admn-sts"
	case Admitted:
		return "admittedTerm-admn-sts"
	case Deprecated:
		return "deprecatedTerm-admn-sts"
	case Forbidden:
		// TBX-Basic has no "forbidden"; supersededTerm is its closest,
		// but Weblate reads the literal "forbidden", and so does korpus.
		return "forbidden"
	}
	return ""
}

// Approved reports whether the term may be used as a translation.
func (s Status) Approved() bool { return s != Deprecated && s != Forbidden }

// Term is one designation of a concept in one language.
type Term struct {
	ID     int64   `json:"id,omitempty"`
	Lang   tm.Lang `json:"lang"`
	Text   string  `json:"text"`
	Status Status  `json:"status,omitempty"`
	POS    string  `json:"pos,omitempty"` // part of speech: noun, verb, adjective …
	Note   string  `json:"note,omitempty"`
}

// Description is a text about a concept, in a language or for all.
type Description struct {
	Lang tm.Lang `json:"lang,omitempty"`
	Text string  `json:"text"`
}

// Concept is a termbase entry: one meaning and its terms in any number of
// languages, several per language where there are synonyms or forbidden
// variants.
type Concept struct {
	ID       int64  `json:"id,omitempty"`
	Glossary string `json:"glossary,omitempty"`
	// ExtID is the id the concept had in the file it came from
	// (termEntry/@id, conceptEntry/@id).
	ExtID       string        `json:"ext_id,omitempty"`
	Subject     string        `json:"subject,omitempty"`
	Definitions []Description `json:"definitions,omitempty"`
	Notes       []Description `json:"notes,omitempty"`
	Terms       []Term        `json:"terms"`
}

// In returns the concept's terms in lang (matched on the base language
// when no term has the exact tag: de-DE finds de).
func (c *Concept) In(lang tm.Lang) []Term {
	var out []Term
	for _, t := range c.Terms {
		if t.Lang == lang {
			out = append(out, t)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, t := range c.Terms {
		if t.Lang.Base() == lang.Base() {
			out = append(out, t)
		}
	}
	return out
}

// Langs returns the concept's languages in order of first appearance.
func (c *Concept) Langs() []tm.Lang {
	var out []tm.Lang
	seen := map[tm.Lang]bool{}
	for _, t := range c.Terms {
		if !seen[t.Lang] {
			seen[t.Lang] = true
			out = append(out, t.Lang)
		}
	}
	return out
}

// Reader streams concepts, as the TBX and glossary decoders do. Next
// returns io.EOF after the last one.
type Reader interface {
	Next() (*Concept, error)
}

// ParseError is a bad termbase file: where and why.
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// asError wraps a ParseError as a tm EINVALID error.
func asError(e *ParseError) error {
	return &tm.Error{Code: tm.EINVALID, Err: e}
}
