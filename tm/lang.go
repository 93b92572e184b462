package tm

import (
	"golang.org/x/text/language"
)

// Lang is a canonical BCP 47 language tag such as "de", "de-DE", "en-GB".
type Lang string

// ParseLang validates and canonicalises a BCP 47 tag ("de_de" → "de-DE").
// Unknown or malformed tags are an EINVALID error.
func ParseLang(s string) (Lang, error) {
	if s == "" {
		return "", Errorf(EINVALID, "empty language tag")
	}
	b := []byte(s)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	tag, err := language.Parse(string(b))
	if err != nil {
		return "", Errorf(EINVALID, "invalid language tag %q: %v", s, err)
	}
	base, conf := tag.Base()
	if conf == language.No || base.String() == "und" {
		return "", Errorf(EINVALID, "unknown language %q", s)
	}
	return Lang(tag.String()), nil
}

// MustLang is ParseLang that panics; for constants and tests.
func MustLang(s string) Lang {
	l, err := ParseLang(s)
	if err != nil {
		panic(err)
	}
	return l
}

// Base returns the primary language subtag ("de" for "de-AT").
func (l Lang) Base() string {
	tag, err := language.Parse(string(l))
	if err != nil {
		return string(l)
	}
	b, _ := tag.Base()
	return b.String()
}

func (l Lang) String() string { return string(l) }
