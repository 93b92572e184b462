package unitio

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func toRecord(u *tm.Unit) record {
	r := record{
		SourceLang: string(u.SourceLang), TargetLang: string(u.TargetLang),
		Source: u.Source.Plain(), Target: u.Target.Plain(),
		Created: formatTime(u.Created), Changed: formatTime(u.Changed),
		Creator: u.Creator, Changer: u.Changer,
		Origin: string(u.Origin), Status: string(u.Status), Usage: u.Usage,
		Props: u.Props, Notes: u.Notes,
	}
	if u.Source.HasCodes() {
		r.SourceCodes = u.Source
	}
	if u.Target.HasCodes() {
		r.TargetCodes = u.Target
	}
	return r
}

// fieldError says which field of a record is wrong.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return fmt.Sprintf("%s: %v", e.field, e.err) }

func fieldErr(field, format string, args ...any) error {
	return &fieldError{field: field, err: fmt.Errorf(format, args...)}
}

// toUnit validates a record and turns it into a unit.
func (r *record) toUnit(defaultOrigin tm.Origin) (*tm.Unit, error) {
	sl, err := tm.ParseLang(r.SourceLang)
	if err != nil {
		return nil, &fieldError{"source_lang", err}
	}
	tl, err := tm.ParseLang(r.TargetLang)
	if err != nil {
		return nil, &fieldError{"target_lang", err}
	}
	u := &tm.Unit{
		SourceLang: sl, TargetLang: tl,
		Source: tm.Text(r.Source), Target: tm.Text(r.Target),
		Creator: r.Creator, Changer: r.Changer,
		Origin: tm.Origin(r.Origin), Status: tm.Status(r.Status), Usage: r.Usage,
		Props: r.Props, Notes: r.Notes,
	}
	if u.Origin == "" {
		u.Origin = defaultOrigin
	}
	if r.SourceCodes != nil {
		if err := checkContent(r.SourceCodes); err != nil {
			return nil, &fieldError{"source_codes", err}
		}
		u.Source = r.SourceCodes
	}
	if r.TargetCodes != nil {
		if err := checkContent(r.TargetCodes); err != nil {
			return nil, &fieldError{"target_codes", err}
		}
		u.Target = r.TargetCodes
	}
	if r.Usage < 0 {
		return nil, fieldErr("usage", "negative usage count %d", r.Usage)
	}
	for _, f := range []struct {
		name string
		s    string
		t    *time.Time
	}{{"created", r.Created, &u.Created}, {"changed", r.Changed, &u.Changed}} {
		if f.s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, f.s)
		if err != nil {
			return nil, fieldErr(f.name, "invalid time %q (want RFC 3339, e.g. 2024-01-02T03:04:05Z)", f.s)
		}
		*f.t = t.UTC()
	}
	return u, nil
}

// checkContent rejects codes without a kind and unbalanced open/close pairs.
func checkContent(c tm.Content) error {
	var open []string
	for _, r := range c {
		if r.Code == nil {
			continue
		}
		switch r.Code.Kind {
		case tm.CodeOpen:
			open = append(open, r.Code.ID)
		case tm.CodeClose:
			if len(open) == 0 {
				return fmt.Errorf("unbalanced inline codes: close code %q without an open code", r.Code.ID)
			}
			open = open[:len(open)-1]
		case tm.CodeStandalone, tm.CodeIsolated, tm.CodeMarkOpen, tm.CodeMarkClose:
		default:
			return fmt.Errorf("inline code with unknown kind %q", r.Code.Kind)
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("unbalanced inline codes: open code %q is never closed", open[len(open)-1])
	}
	return nil
}

// mustJSON returns v as compact JSON with <, > and & left as they are
// (as the JSONL encoder writes them), so code data such as "<b>" stays
// readable in a TSV field.
func mustJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // tm.Content, Prop and Note always marshal
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// invalidUTF8 returns the error for line s of file that is not UTF-8,
// with the column of the first bad byte.
func invalidUTF8(file string, line int, s string) error {
	col := 1
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				break
			}
		}
		col++
	}
	return lineErr(file, line, col, "invalid UTF-8 (save the file as UTF-8, or UTF-16 with a byte-order mark)")
}
