// Package unitrow turns a unit read from a file into the columns a store
// keeps for it: plain texts, the normalised source hash, inline codes,
// props and notes as JSON, context hashes, dates and the identity key that
// decides what is a duplicate. It is the part of an import that does not
// depend on the database, written once for every backend.
//
// The SQLite store (store/units.go) still has its own copy from before the
// PostgreSQL backend (prepareRow); it moves here once the import code there
// is no longer being changed by others (issue 12's notes).
package unitrow

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
	"golang.org/x/text/unicode/norm"
)

// Skip reasons: the same sentences the SQLite store reports.
const (
	SkipNoSourceLang = "no source language (name it with import --source-lang)"
	SkipNoTargetLang = "no target language (name it with import --target-lang)"
	SkipOnlyCodes    = "source is only inline codes, no text"
	SkipSameLang     = "source and target language are the same"
	SkipEmptySource  = "empty source"
	SkipEmptyTarget  = "empty target"
	SkipUntranslated = "target is an untranslated copy of the source"
)

// Row is a unit with its derived columns.
type Row struct {
	U                  *tm.Unit
	Skip               string // reason, when the unit is not stored
	SrcText, TgtText   string // Content.Plain, NFC
	SrcHash            string // tm.Hash(SrcText)
	SrcCodes, TgtCodes *string
	Props, Notes       *string // JSON, nil when empty
	PrevHash, NextHash string
	PrevText, NextText *string
	Created, Changed   time.Time // milliseconds, UTC
	Undated            bool      // Created and Changed are the import time
	Origin, Status     string
	// Key identifies the unit for deduplication within a memory: equal
	// for units with the same languages, normalised source, target text
	// and inline codes.
	Key [32]byte
}

// Prepare derives the columns of u as an import with opts stores it; now
// is the import time, given to units without dates. It renames languages,
// sets the origin and normalises the texts of u in place.
func Prepare(u *tm.Unit, opts *tm.ImportOptions, now time.Time) *Row {
	row := &Row{U: u}
	if l, ok := opts.LangMap[u.SourceLang]; ok {
		u.SourceLang = l
	}
	if l, ok := opts.LangMap[u.TargetLang]; ok {
		u.TargetLang = l
	}
	if opts.Origin != "" {
		u.Origin = opts.Origin
	}
	u.Source, u.Target = NFC(u.Source), NFC(u.Target)
	row.SrcText, row.TgtText = u.Source.Plain(), u.Target.Plain()
	switch {
	case u.SourceLang == "":
		row.Skip = SkipNoSourceLang
	case u.TargetLang == "":
		row.Skip = SkipNoTargetLang
	case u.SourceLang == u.TargetLang:
		row.Skip = SkipSameLang
	case strings.TrimSpace(row.SrcText) == "" && u.Source.HasCodes():
		row.Skip = SkipOnlyCodes
	case strings.TrimSpace(row.SrcText) == "":
		row.Skip = SkipEmptySource
	case strings.TrimSpace(row.TgtText) == "":
		row.Skip = SkipEmptyTarget
	case u.Status == tm.StatusNew && tm.Normalize(row.SrcText) == tm.Normalize(row.TgtText):
		row.Skip = SkipUntranslated
	}
	if row.Skip != "" {
		return row
	}
	row.SrcHash = tm.Hash(row.SrcText)
	row.SrcCodes = jsonOrNil(u.Source, !u.Source.HasCodes())
	row.TgtCodes = jsonOrNil(u.Target, !u.Target.HasCodes())
	row.Props = jsonOrNil(u.Props, len(u.Props) == 0)
	row.Notes = jsonOrNil(u.Notes, len(u.Notes) == 0)
	if u.Prev != "" {
		p := u.Prev
		row.PrevHash, row.PrevText = tm.Hash(p), &p
	}
	if u.Next != "" {
		n := u.Next
		row.NextHash, row.NextText = tm.Hash(n), &n
	}
	now = Millis(now)
	row.Created, row.Changed = now, now
	row.Undated = u.Created.IsZero() && u.Changed.IsZero()
	if !u.Created.IsZero() {
		row.Created = Millis(u.Created)
		row.Changed = row.Created
	}
	if !u.Changed.IsZero() {
		row.Changed = Millis(u.Changed)
		if u.Created.IsZero() {
			row.Created = row.Changed
		}
	}
	row.Origin = string(u.Origin)
	row.Status = string(u.Status)
	if u.Status == "" || u.Status == tm.StatusNew {
		row.Status = string(tm.StatusTranslated)
	}
	row.Key = Key(u.SourceLang, u.TargetLang, row.SrcHash, row.TgtText, row.SrcCodes, row.TgtCodes)
	return row
}

// Key is the identity of a unit within a memory: the sha256 of its
// languages, source hash, target text and codes, each length-prefixed so
// that no two different tuples give the same bytes.
func Key(src, tgt tm.Lang, srcHash, tgtText string, srcCodes, tgtCodes *string) [32]byte {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	put := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	opt := func(s *string) {
		if s == nil {
			h.Write([]byte{0})
			return
		}
		h.Write([]byte{1})
		put(*s)
	}
	put(string(src))
	put(string(tgt))
	put(srcHash)
	put(tgtText)
	opt(srcCodes)
	opt(tgtCodes)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Millis is t in UTC, cut to the milliseconds a store keeps.
func Millis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// NFC returns c with its text in NFC, as korpus stores all text.
func NFC(c tm.Content) tm.Content {
	for i, r := range c {
		if r.Code == nil && !norm.NFC.IsNormalString(r.Text) {
			c[i].Text = norm.NFC.String(r.Text)
		}
	}
	return c
}

func jsonOrNil(v any, empty bool) *string {
	if empty {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	s := string(b)
	return &s
}

// SameJSON compares a stored JSON column with a new value by meaning, not
// by bytes; nil and "" are both empty.
func SameJSON(stored, v *string) bool {
	a, b := deref(stored), deref(v)
	if a == "" || b == "" {
		return (a == "") == (b == "")
	}
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Content rebuilds content from its plain text and codes JSON (nil or ""
// for plain text).
func Content(text string, codes *string) tm.Content {
	if codes != nil && *codes != "" {
		var c tm.Content
		if json.Unmarshal([]byte(*codes), &c) == nil && len(c) > 0 {
			return c
		}
	}
	return tm.Text(text)
}
