// Package check runs quality checks over translated segments: pure
// functions of source and target content (and, for the terms check, a
// term.Recognizer built by the caller), so that the CLI, the server and
// tests share them and none of them needs a store.
package check

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/term"
)

// Severity is how bad a problem is.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Check names, stable: they are what --only and --skip take and what the
// JSON "check" field holds.
const (
	Numbers      = "numbers"
	Codes        = "codes"
	Untranslated = "untranslated"
	Spaces       = "spaces"
	Punctuation  = "punctuation"
	Brackets     = "brackets"
	Length       = "length"
	Consistency  = "consistency"
	Terms        = "terms"
)

// Names lists every check in the order they run and are reported.
func Names() []string {
	return []string{Numbers, Codes, Untranslated, Spaces, Punctuation, Brackets, Length, Consistency, Terms}
}

// Known reports whether name is a check.
func Known(name string) bool {
	for _, n := range Names() {
		if n == name {
			return true
		}
	}
	return false
}

// Length band: a target whose length in characters is below MinRatio or
// above MaxRatio times the source's is reported, for sources of at least
// MinLengthChars characters (shorter ones vary too much: "Ja." → "Yes.").
const (
	MinRatio       = 0.5
	MaxRatio       = 2.0
	MinLengthChars = 20
)

// Segment is one translated segment to check.
type Segment struct {
	ID     string
	Line   int
	Source tm.Content
	Target tm.Content
}

// Problem is one finding in one segment.
type Problem struct {
	Segment  int // index into the segments given to Run
	Check    string
	Severity Severity
	Reason   string
}

// Options configure Run.
type Options struct {
	From, To tm.Lang
	// Enabled holds the checks to run; nil runs all.
	Enabled map[string]bool
	// Terms is the termbase's recognizer for From→To; nil (or empty)
	// skips the terms check.
	Terms *term.Recognizer
	// Memory, when set, returns the memory's confirmed units (translated,
	// reviewed or final) whose source is the segment's: the consistency
	// check reports a target that none of them has.
	Memory func(source tm.Content) []MemoryUnit
	// Length, when set, is the pair's length model estimated from the
	// memory (EstimateLength); nil uses the fixed MinRatio–MaxRatio band.
	Length *LengthModel
}

// MemoryUnit is a confirmed unit of the memory.
type MemoryUnit struct {
	ID     int64
	Target string
}

func (o *Options) on(name string) bool { return o.Enabled == nil || o.Enabled[name] }

// Run checks the segments and returns the problems, by segment and then
// in the order of Names.
func Run(segs []Segment, o Options) []Problem {
	var out []Problem
	first := map[string]int{} // normalised source → first segment with a target
	for i, s := range segs {
		src, tgt := s.Source.Plain(), s.Target.Plain()
		add := func(name string, sev Severity, format string, args ...any) {
			out = append(out, Problem{Segment: i, Check: name, Severity: sev, Reason: fmt.Sprintf(format, args...)})
		}
		if strings.TrimSpace(tgt) == "" && len(s.Target.Codes()) == 0 {
			// Nothing else can be said about a missing translation.
			if o.on(Untranslated) {
				add(Untranslated, Error, "empty target")
			}
			continue
		}
		if o.on(Numbers) {
			if r := numbers(src, tgt, o.From, o.To); r != "" {
				add(Numbers, Error, "%s", r)
			}
		}
		if o.on(Codes) {
			if r := codes(s.Source, s.Target); r != "" {
				add(Codes, Error, "%s", r)
			}
		}
		if o.on(Untranslated) && sameAsSource(src, tgt) {
			add(Untranslated, Warning, "target is the same as the source")
		}
		if o.on(Spaces) {
			if r := spaces(src, tgt); r != "" {
				add(Spaces, Warning, "%s", r)
			}
		}
		if o.on(Punctuation) {
			if a, b := endPunct(src), endPunct(tgt); a != b {
				add(Punctuation, Warning, "source ends with %s, target with %s", punctName(a), punctName(b))
			}
		}
		if o.on(Brackets) {
			if r := unbalanced(tgt, o.To); r != "" && unbalanced(src, o.From) == "" {
				add(Brackets, Warning, "%s", r)
			}
		}
		if o.on(Length) {
			ns, nt := utf8.RuneCountInString(strings.TrimSpace(src)), utf8.RuneCountInString(strings.TrimSpace(tgt))
			if ns >= MinLengthChars {
				if o.Length != nil {
					if z := o.Length.Z(ns, nt); math.Abs(z) > MaxLengthZ {
						add(Length, Warning, "target has %d characters, about %.0f expected for a source of %d (z = %.1f; %s→%s model from %d units of the memory)",
							nt, o.Length.C*float64(ns), ns, z, o.From, o.To, o.Length.Units)
					}
				} else if ratio := float64(nt) / float64(ns); ratio < MinRatio || ratio > MaxRatio {
					add(Length, Warning, "target is %.2f× the source's length (expected %.1f–%.1f)", ratio, MinRatio, MaxRatio)
				}
			}
		}
		if o.on(Consistency) {
			key := tm.Normalize(src)
			j, seen := first[key]
			if !seen {
				first[key] = i
			}
			switch {
			case seen && tm.Normalize(segs[j].Target.Plain()) != tm.Normalize(tgt):
				add(Consistency, Warning, "same source as segment %s (line %d) translated differently there: %q", segs[j].ID, segs[j].Line, segs[j].Target.Plain())
			case o.Memory != nil:
				if us := o.Memory(s.Source); len(us) > 0 {
					same := false
					for _, u := range us {
						if tm.Normalize(u.Target) == tm.Normalize(tgt) {
							same = true
							break
						}
					}
					if !same {
						add(Consistency, Warning, "the memory's confirmed unit %d translates this source differently: %q", us[0].ID, us[0].Target)
					}
				}
			}
		}
		if o.on(Terms) && o.Terms != nil {
			for _, r := range terms(o.Terms, src, tgt, o.To) {
				add(Terms, r.sev, "%s", r.reason)
			}
		}
	}
	return out
}

// ---- numbers

// decimalComma reports whether lang writes 3.000,50 (else 3,000.50).
func decimalComma(l tm.Lang) bool {
	switch l.Base() {
	case "en", "ja", "zh", "ko", "he", "th", "hi", "ga", "mt":
		return false
	}
	return true
}

// numberTokens finds the numbers in s and normalises them to digits with
// an optional "." decimal point, using lang's separators: German 3.000,50
// and English 3,000.50 both become 3000.50. A group separator must be
// followed by exactly three digits; decimals lose trailing zeros (1,50 =
// 1.5) and ½ ¼ ¾ are read as decimals (1 ½ = 1.5); a token that is no well-formed number
// (19.06.2025) yields its digit runs. A trailing dot (the ordinal in
// "19. Juni") is not part of the number, so 19. Juni and June 19 agree.
func numberTokens(s string, lang tm.Lang) []string {
	dec, grp := '.', ','
	if decimalComma(lang) {
		dec, grp = ',', '.'
	}
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !unicode.IsDigit(rs[i]) {
			if f := fractions[rs[i]]; f != "" {
				out = append(out, f)
			}
			i++
			continue
		}
		// Token: digits with single separators between digit runs.
		j := i
		var runs []string
		var seps []rune
		for {
			k := j
			for k < len(rs) && unicode.IsDigit(rs[k]) {
				k++
			}
			runs = append(runs, string(rs[j:k]))
			j = k
			if j+1 < len(rs) && (rs[j] == '.' || rs[j] == ',' || rs[j] == '\u00a0' || rs[j] == '\u202f' || rs[j] == '\'') && unicode.IsDigit(rs[j+1]) {
				seps = append(seps, rs[j])
				j++
				continue
			}
			break
		}
		i = j
		ns := normNumber(runs, seps, dec, grp)
		// A vulgar fraction after an integer: 1 ½ m = 1,50 m.
		k := j
		if k+1 < len(rs) && rs[k] == ' ' && fractions[rs[k+1]] != "" {
			k++
		}
		if f := fractions[rs[min(k, len(rs)-1)]]; k < len(rs) && f != "" && len(ns) == 1 && !strings.Contains(ns[0], ".") {
			ns[0] += f[1:]
			i = k + 1
		}
		out = append(out, ns...)
	}
	return out
}

// ordinalWords are the ordinals a translation writes out where German
// writes a number (zum 1. Jahrestag → the first anniversary): read as
// their numbers. Cardinal words are not (English "one" is a pronoun too).
var ordinalWords = map[string]map[string]string{
	"en": {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"},
	"fr": {"premier": "1", "première": "1", "deuxième": "2", "troisième": "3", "quatrième": "4", "cinquième": "5", "sixième": "6", "septième": "7", "huitième": "8", "neuvième": "9", "dixième": "10"},
}

// ordinalTokens returns the numbers of the ordinal words of s.
func ordinalTokens(s string, lang tm.Lang) map[string]int {
	words := ordinalWords[lang.Base()]
	out := map[string]int{}
	if words == nil {
		return out
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if n := words[strings.ToLower(w)]; n != "" {
			out[n]++
		}
	}
	return out
}

// fractions are the vulgar fractions read as decimals.
var fractions = map[rune]string{'½': "0.5", '¼': "0.25", '¾': "0.75"}

// trimZeros drops a decimal part's trailing zeros: 1.50 = 1.5, 3.0 = 3.
func trimZeros(n string) string {
	if !strings.Contains(n, ".") {
		return n
	}
	return strings.TrimSuffix(strings.TrimRight(n, "0"), ".")
}

func normNumber(runs []string, seps []rune, dec, grp rune) []string {
	var b strings.Builder
	b.WriteString(runs[0])
	seenDec := false
	for k, sep := range seps {
		next := runs[k+1]
		isGroup := (sep == grp || sep == '\u00a0' || sep == '\u202f' || sep == '\'') && len(next) == 3 && !seenDec
		switch {
		case isGroup:
			b.WriteString(next)
		case (sep == dec || sep == grp) && !seenDec && k == len(seps)-1:
			// The decimal point, or (leniently) the other separator before
			// a last run that is no group of three: 3.5 in German text.
			b.WriteString("." + next)
			seenDec = true
		default:
			return runs // not one number: its digit runs
		}
	}
	return []string{trimZeros(b.String())}
}

func numbers(src, tgt string, from, to tm.Lang) string {
	count := map[string]int{}
	for _, n := range numberTokens(tgt, to) {
		count[n]++
	}
	var missing []string
	for _, n := range numberTokens(src, from) {
		if count[n] > 0 {
			count[n]--
		} else {
			missing = append(missing, n)
		}
	}
	// A number written out as an ordinal word on the other side (1. →
	// first) counts; words alone are never reported (a second, le second).
	if len(missing) > 0 {
		words := ordinalTokens(tgt, to)
		kept := missing[:0]
		for _, n := range missing {
			if words[n] > 0 {
				words[n]--
			} else {
				kept = append(kept, n)
			}
		}
		missing = kept
	}
	words := ordinalTokens(src, from)
	var extra []string
	for _, n := range numberTokens(tgt, to) {
		if count[n] > 0 {
			count[n]--
			if words[n] > 0 {
				words[n]--
				continue
			}
			extra = append(extra, n)
		}
	}
	switch {
	case len(missing) > 0 && len(extra) > 0:
		return fmt.Sprintf("number %s of the source is %s in the target", strings.Join(missing, ", "), strings.Join(extra, ", "))
	case len(missing) > 0:
		return fmt.Sprintf("number %s of the source is missing in the target", strings.Join(missing, ", "))
	case len(extra) > 0:
		return fmt.Sprintf("number %s in the target is not in the source", strings.Join(extra, ", "))
	}
	return ""
}

// ---- codes

func codeKey(c *tm.Code) string {
	k := c.Kind
	switch k {
	case tm.CodeMarkOpen, tm.CodeMarkClose:
		return ""
	}
	if c.ID == "" {
		return string(k) + ":" + c.Data
	}
	return string(k) + ":" + c.ID
}

func codeName(k string) string {
	kind, id, _ := strings.Cut(k, ":")
	if id == "" {
		return kind
	}
	return kind + " " + id
}

func codes(src, tgt tm.Content) string {
	count := map[string]int{}
	for _, c := range tgt.Codes() {
		if k := codeKey(c); k != "" {
			count[k]++
		}
	}
	var missing, extra []string
	for _, c := range src.Codes() {
		k := codeKey(c)
		if k == "" {
			continue
		}
		if count[k] > 0 {
			count[k]--
		} else {
			missing = append(missing, codeName(k))
		}
	}
	for k, n := range count {
		for ; n > 0; n-- {
			extra = append(extra, codeName(k))
		}
	}
	sort.Strings(extra)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing in the target: "+strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		parts = append(parts, "not in the source: "+strings.Join(extra, ", "))
	}
	if len(parts) == 0 {
		return codeOrder(src, tgt)
	}
	return "inline codes " + strings.Join(parts, "; ")
}

// codeOrder reports inline codes of the target in an order no format
// allows: a paired code closing before it opens, two pairs overlapping
// (<b><i></b></i>) where the source nests them, or codes that may not be
// reordered (XLIFF 2 canReorder="no") in another order than the source's.
// Other reordering is a translator's right and not reported.
func codeOrder(src, tgt tm.Content) string {
	pairID := func(c *tm.Code) string {
		if c.ID == "" || (c.Kind != tm.CodeOpen && c.Kind != tm.CodeClose) {
			return ""
		}
		return c.ID
	}
	// nesting returns the first problem of c's paired codes ("" if none).
	nesting := func(c tm.Content) string {
		var stack []string
		open := map[string]bool{}
		for _, c := range c.Codes() {
			id := pairID(c)
			if id == "" {
				continue
			}
			if c.Kind == tm.CodeOpen {
				open[id] = true
				stack = append(stack, id)
				continue
			}
			if !open[id] {
				return fmt.Sprintf("inline code %s closes before it opens", id)
			}
			if stack[len(stack)-1] != id {
				return fmt.Sprintf("inline codes %s and %s overlap (the source nests them)", stack[len(stack)-1], id)
			}
			stack = stack[:len(stack)-1]
			delete(open, id)
		}
		return ""
	}
	// XLIFF 1.2 <bpt>/<ept> may overlap; only a target that breaks what
	// the source nests properly is reported.
	if r := nesting(tgt); r != "" && nesting(src) == "" {
		return r
	}
	fixed := func(c tm.Content) []string {
		var out []string
		for _, k := range c.Codes() {
			if k.Attrs["canReorder"] == "no" {
				out = append(out, codeKey(k))
			}
		}
		return out
	}
	if a, b := fixed(src), fixed(tgt); len(a) > 0 && strings.Join(a, " ") != strings.Join(b, " ") {
		return "inline codes that may not be reordered (canReorder=\"no\") are in another order than in the source"
	}
	return ""
}

// ---- length

// LengthModel is the Gale–Church length model of a language pair: the
// translation of a source of n characters has about C·n characters, with
// variance S2·n. EstimateLength fits it to a memory's units.
type LengthModel struct {
	C, S2 float64
	Units int // the units it was estimated from
}

// Length model estimation: at least MinLengthUnits units of at least
// MinLengthChars source characters; a target more than MaxLengthZ
// standard deviations from the expected length is reported.
const (
	MinLengthUnits = 30
	MaxLengthZ     = 4.0
)

// Z is how many standard deviations a target of nt characters is from
// the length expected for a source of ns.
func (m *LengthModel) Z(ns, nt int) float64 {
	return (float64(nt) - m.C*float64(ns)) / math.Sqrt(m.S2*float64(ns))
}

// EstimateLength fits the model to (source, target) character counts:
// C is total target over total source length; S2 the mean squared
// deviation per source character, the largest 5% left out (misaligned
// or half-translated units would otherwise widen the band for all). ok is
// false with fewer than MinLengthUnits usable pairs.
func EstimateLength(lengths [][2]int) (LengthModel, bool) {
	var ss, tt float64
	var use [][2]int
	for _, l := range lengths {
		if l[0] >= MinLengthChars && l[1] > 0 {
			use = append(use, l)
			ss += float64(l[0])
			tt += float64(l[1])
		}
	}
	if len(use) < MinLengthUnits {
		return LengthModel{}, false
	}
	c := tt / ss
	dev := make([]float64, len(use))
	for i, l := range use {
		d := float64(l[1]) - c*float64(l[0])
		dev[i] = d * d / float64(l[0])
	}
	sort.Float64s(dev)
	dev = dev[:len(dev)-len(dev)/20]
	var sum float64
	for _, d := range dev {
		sum += d
	}
	s2 := sum / float64(len(dev))
	if s2 <= 0 {
		return LengthModel{}, false
	}
	return LengthModel{C: c, S2: s2, Units: len(use)}, true
}

// ---- untranslated

// sameAsSource: a target equal to the source is plausible for names,
// numbers and one-word labels, so only a source with letters and more
// than one word is reported.
func sameAsSource(src, tgt string) bool {
	ns := tm.Normalize(src)
	if ns != tm.Normalize(tgt) || len(strings.Fields(ns)) < 2 {
		return false
	}
	return strings.IndexFunc(ns, unicode.IsLetter) >= 0
}

// ---- spaces

func lead(s string) string  { return s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))] }
func trail(s string) string { return s[len(strings.TrimRightFunc(s, unicode.IsSpace)):] }

func doubles(s string) int {
	s = strings.TrimSpace(s)
	n := 0
	prev := false
	for _, r := range s {
		sp := r == ' ' || r == '\t'
		if sp && prev {
			n++
		}
		prev = sp
	}
	return n
}

func spaces(src, tgt string) string {
	var parts []string
	if lead(src) != lead(tgt) {
		parts = append(parts, fmt.Sprintf("leading space %q, source has %q", lead(tgt), lead(src)))
	}
	if trail(src) != trail(tgt) {
		parts = append(parts, fmt.Sprintf("trailing space %q, source has %q", trail(tgt), trail(src)))
	}
	if doubles(tgt) > doubles(src) {
		parts = append(parts, "double space in the target")
	}
	return strings.Join(parts, "; ")
}

// ---- punctuation

// closers are skipped when looking for a segment's end punctuation, so
// „Ja.“ and "Yes." both end with ".".
const closers = "\"'“”‘’«»‹›)]}"

// endPunct returns the segment's end punctuation ("" for none); the
// ellipsis "..." is written "…".
func endPunct(s string) string {
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(closers, r) })
	if strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") {
		return "…"
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', ':', ';', ',', '。', '！', '？':
		return string(r)
	}
	return ""
}

func punctName(p string) string {
	if p == "" {
		return "no punctuation"
	}
	return fmt.Sprintf("%q", p)
}

// ---- brackets

// unbalanced returns why s has unbalanced brackets or double quotes
// ("" when balanced). Quotes are read the way lang writes them: German
// „…“ and »…«, English “…”; straight quotes must come in pairs.
func unbalanced(s string, lang tm.Lang) string {
	var stack []rune
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	for _, r := range s {
		switch r {
		case '(', '[', '{':
			stack = append(stack, r)
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != pairs[r] {
				return fmt.Sprintf("unbalanced %q", r)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Sprintf("unbalanced %q", stack[len(stack)-1])
	}
	if strings.Count(s, `"`)%2 != 0 {
		return `unbalanced '"'`
	}
	open, close := "“", "”"
	if lang.Base() == "de" {
		open, close = "„", "“"
	}
	if strings.Count(s, open) != strings.Count(s, close) {
		return fmt.Sprintf("unbalanced quotes %s…%s", open, close)
	}
	if strings.Count(s, "«") != strings.Count(s, "»") {
		return "unbalanced quotes «…»"
	}
	return ""
}

// ---- terms

type termProblem struct {
	sev    Severity
	reason string
}

// terms: for each term of the termbase in the source, a forbidden or
// deprecated target term used in the target is an error; else an
// approved target missing (inflections count, by the target language's
// stemmer) is a warning. Compound hits are weaker and not checked.
func terms(r *term.Recognizer, src, tgt string, to tm.Lang) []termProblem {
	var out []termProblem
	seen := map[int64]bool{}
	for _, h := range r.Find(src) {
		if h.Kind == term.Compound || seen[h.ConceptID] {
			continue
		}
		seen[h.ConceptID] = true
		var approved []string
		found, bad := false, ""
		for _, t := range h.Targets {
			if t.Status.Approved() {
				approved = append(approved, t.Text)
				if term.Contains(tgt, t, to) {
					found = true
				}
			} else if bad == "" && term.Contains(tgt, t, to) {
				bad = fmt.Sprintf("%s term %q used for %q", t.Status, t.Text, h.Text)
			}
		}
		switch {
		case bad != "":
			if len(approved) > 0 {
				bad += fmt.Sprintf(" (use %q)", approved[0])
			}
			out = append(out, termProblem{Error, bad})
		case !found && len(approved) > 0:
			out = append(out, termProblem{Warning, fmt.Sprintf("term %q: %q not in the target", h.Text, strings.Join(approved, `" or "`))})
		}
	}
	return out
}
