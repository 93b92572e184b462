package main

import (
	"fmt"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/textio"
	"github.com/spf13/pflag"
	"golang.org/x/text/unicode/norm"
)

// enumValue is a flag whose value must be one of a fixed set; an invalid
// value is a usage error that lists the allowed ones:
//
//	opts.Format = newEnum("text", "text", "jsonl")
//	cmd.Flags().Var(opts.Format, "format", "output format: "+opts.Format.Allowed())
type enumValue struct {
	value   string
	allowed []string
}

var _ pflag.Value = (*enumValue)(nil)

// newEnum returns an enum flag value with default def, one of allowed.
func newEnum(def string, allowed ...string) *enumValue {
	ok := false
	for _, a := range allowed {
		ok = ok || a == def
	}
	if !ok {
		panic(fmt.Sprintf("enum default %q not in %v", def, allowed))
	}
	return &enumValue{value: def, allowed: allowed}
}

// String returns the current value.
func (e *enumValue) String() string { return e.value }

// Set accepts one of the allowed values (case-insensitive).
func (e *enumValue) Set(s string) error {
	for _, a := range e.allowed {
		if strings.EqualFold(s, a) {
			e.value = a
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", e.Allowed())
}

// Type is shown in help: "text|jsonl".
func (e *enumValue) Type() string { return strings.Join(e.allowed, "|") }

// Allowed lists the allowed values: "text, jsonl".
func (e *enumValue) Allowed() string { return strings.Join(e.allowed, ", ") }

// langValue is a language flag: a BCP 47 tag validated and canonicalised
// with tm.ParseLang ("de_de" becomes "de-DE"); an invalid tag is a usage
// error.
//
//	cmd.Flags().Var(newLang(&opts.Lang, "de"), "lang", "source language (BCP 47)")
type langValue struct{ l *tm.Lang }

var _ pflag.Value = langValue{}

// newLang sets *p to def (which must be valid) and returns the flag value.
func newLang(p *tm.Lang, def string) langValue {
	*p = tm.MustLang(def)
	return langValue{l: p}
}

// String returns the current tag.
func (v langValue) String() string {
	if v.l == nil {
		return ""
	}
	return string(*v.l)
}

// Set validates and canonicalises a tag.
func (v langValue) Set(s string) error {
	l, err := tm.ParseLang(s)
	if err != nil {
		return err
	}
	*v.l = l
	return nil
}

// Type is the placeholder shown in help: "--lang LANG".
func (v langValue) Type() string { return "LANG" }

// encodingValue is an --encoding flag: a name textio.Lookup knows
// ("windows-1252", "latin1", "UTF-16"); an unknown name is a usage error
// found before any file is read.
//
//	cmd.Flags().Var(encodingValue{&opts.Encoding}, "encoding", "input encoding `NAME` …")
type encodingValue struct{ p *string }

var _ pflag.Value = encodingValue{}

// String returns the name as given ("" when detected from the BOM).
func (v encodingValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

// Set checks that the name is known.
func (v encodingValue) Set(s string) error {
	if _, _, err := textio.Lookup(s); err != nil {
		return fmt.Errorf("unknown encoding; known names include %s", strings.Join(textio.ExampleEncodings, ", "))
	}
	*v.p = s
	return nil
}

// Type is shown in help.
func (v encodingValue) Type() string { return "NAME" }

// docRefArg parses a DOC[@VERSION] argument; a bad one is a usage error.
func docRefArg(s string) (tm.DocRef, error) {
	ref, err := tm.ParseDocRef(s)
	if err != nil {
		return ref, &usageError{err: err}
	}
	ref.Name = docName(ref.Name)
	return ref, nil
}

// docName is a document name as stored: NFC, so that a name typed on a
// terminal and a file name written in NFD (macOS) are the same document.
func docName(s string) string { return norm.NFC.String(s) }

// requireTo is the check of a required --to flag.
func requireTo(to tm.Lang) error {
	if to == "" {
		return usageErrorf("--to is required (the target language, e.g. --to en)")
	}
	return nil
}

// checkMin checks a --min score flag: 0–100.
func checkMin(min int) error {
	if min < 0 || min > 100 {
		return usageErrorf("--min %d: must be between 0 and 100", min)
	}
	return nil
}

// checkCount checks a count flag (--limit, --candidates): at least 1.
func checkCount(flag string, n int) error {
	if n < 1 {
		return usageErrorf("--%s %d: must be at least 1", flag, n)
	}
	return nil
}

// sizeValue is a size flag (--max-segment): "64KiB", "1MiB", "70000".
type sizeValue struct{ n *int }

var _ pflag.Value = sizeValue{}

func (v sizeValue) String() string {
	if v.n == nil || *v.n == 0 {
		return ""
	}
	return tm.FormatSize(*v.n)
}

func (v sizeValue) Set(s string) error {
	n, err := tm.ParseSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

func (v sizeValue) Type() string { return "SIZE" }
