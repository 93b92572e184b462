package srx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SRX rules are java.util.regex patterns. regexp2 (a port of the .NET
// engine) accepts most of that syntax as it is: look-around, possessive
// quantifiers, \Q…\E, \p{Lu}, inline flags. translateJava rewrites the rest
// into equivalent .NET syntax:
//
//   - class intersection [\p{L}&&[^rwn]] becomes .NET subtraction
//     [\p{L}-[rwn]], or look-ahead intersection (?:(?=[B])[A]) in general;
//     nested classes [a[bc]] are flattened (Java unions them);
//   - \h, \H, \v, \V (Java 8 horizontal/vertical whitespace) become classes
//     (.NET reads \v as the vertical tab alone);
//   - POSIX and java.lang.Character properties (\p{Punct}, \p{Alpha},
//     \p{javaLowerCase}, \p{IsAlphabetic}, \p{InGreek}, \p{sc=Latn}…) become
//     the classes or Unicode properties regexp2 knows;
//   - \x{1F600} becomes the character; a backslash before a character that is
//     no ASCII letter or digit quotes it, as in Java (\ظ is ظ);
//   - \Q…\E is expanded to escaped literals (so classes can hold it too);
//   - the flags u (UNICODE_CASE), U (UNICODE_CHARACTER_CLASS) and d
//     (UNIX_LINES) are dropped: regexp2's case folding and \w, \s, \d, \b are
//     Unicode-aware already, which is what (?U) asks of Java.
//
// Known differences that remain: \s, \w, \d and \b are always Unicode-aware
// (Java's default is ASCII-only, so \s here also matches a no-break space);
// "." does not match \n only (Java also excludes \r, U+0085, U+2028, U+2029).
func translateJava(p string) (string, error) {
	t := &javaTranslator{src: []rune(p)}
	out, err := t.seq()
	if err != nil {
		return "", err
	}
	return out, nil
}

type javaTranslator struct {
	src []rune
	i   int
}

func (t *javaTranslator) more() bool { return t.i < len(t.src) }
func (t *javaTranslator) peek(k int) rune {
	if t.i+k < len(t.src) {
		return t.src[t.i+k]
	}
	return -1
}

func (t *javaTranslator) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", t.i, fmt.Sprintf(format, args...))
}

// seq translates the pattern outside character classes.
func (t *javaTranslator) seq() (string, error) {
	var b strings.Builder
	for t.more() {
		c := t.src[t.i]
		switch {
		case c == '\\':
			s, nested, err := t.escape(false)
			if err != nil {
				return "", err
			}
			if nested != nil {
				s, err = nested.expr()
				if err != nil {
					return "", err
				}
			}
			b.WriteString(s)
		case c == '[':
			cl, err := t.class()
			if err != nil {
				return "", err
			}
			s, err := cl.expr()
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c == '(' && t.peek(1) == '?':
			b.WriteString(t.group())
		default:
			b.WriteRune(c)
			t.i++
		}
	}
	return b.String(), nil
}

// group handles "(?" openings: inline flags lose u, U and d; everything
// else ((?:, (?=, (?<=, (?<name>…) is copied.
func (t *javaTranslator) group() string {
	j := t.i + 2
	flags := []rune{}
	for j < len(t.src) && strings.ContainsRune("idmsuxU-", t.src[j]) {
		flags = append(flags, t.src[j])
		j++
	}
	if len(flags) == 0 || j >= len(t.src) || (t.src[j] != ')' && t.src[j] != ':') {
		t.i += 2
		return "(?"
	}
	var kept strings.Builder
	for _, f := range flags {
		if f != 'u' && f != 'U' && f != 'd' {
			kept.WriteRune(f)
		}
	}
	k := strings.TrimSuffix(kept.String(), "-")
	end := t.src[j]
	t.i = j + 1
	switch {
	case k == "" && end == ')':
		return ""
	case k == "":
		return "(?:"
	default:
		return "(?" + k + string(end)
	}
}

// javaClass is a parsed Java character class: operands joined by &&, each
// a union of plain .NET class text and nested classes.
type javaClass struct {
	neg      bool
	operands []classOperand
}

type classOperand struct {
	raw    strings.Builder
	nested []*javaClass
}

// body returns the class as the inside of a .NET [...] when it can be one:
// not negated, a single operand, nested classes all plain themselves.
func (c *javaClass) body() (string, bool) {
	if c.neg || len(c.operands) != 1 {
		return "", false
	}
	return c.operands[0].body()
}

func (o *classOperand) body() (string, bool) {
	var b strings.Builder
	b.WriteString(escapeTrailingDash(o.raw.String()))
	for _, n := range o.nested {
		s, ok := n.body()
		if !ok {
			return "", false
		}
		b.WriteString(escapeTrailingDash(s))
	}
	return b.String(), true
}

// escapeTrailingDash keeps a literal "-" at the end of a fragment from
// turning into a range or a .NET subtraction when more text follows.
func escapeTrailingDash(s string) string {
	if strings.HasSuffix(s, "-") && !strings.HasSuffix(s, `\-`) {
		return s[:len(s)-1] + `\-`
	}
	return s
}

// operandExpr renders one operand as an expression matching one character.
func (o *classOperand) expr() (string, error) {
	if s, ok := o.body(); ok {
		return "[" + s + "]", nil
	}
	var alts []string
	if r := o.raw.String(); r != "" {
		alts = append(alts, "["+escapeTrailingDash(r)+"]")
	}
	for _, n := range o.nested {
		s, err := n.expr()
		if err != nil {
			return "", err
		}
		alts = append(alts, s)
	}
	if len(alts) == 0 {
		return "", fmt.Errorf("empty character class")
	}
	return "(?:" + strings.Join(alts, "|") + ")", nil
}

// expr renders the class as an expression matching one character.
func (c *javaClass) expr() (string, error) {
	if s, ok := c.body(); ok {
		return "[" + s + "]", nil
	}
	if len(c.operands) == 1 && c.neg {
		if s, ok := c.operands[0].body(); ok {
			return "[^" + s + "]", nil
		}
	}
	// [A&&[^B]&&[^C]] is the .NET subtraction [A-[BC]].
	if len(c.operands) > 1 && !c.neg {
		if a, ok := c.operands[0].body(); ok && a != "" {
			var sub strings.Builder
			simple := true
			for _, o := range c.operands[1:] {
				if o.raw.Len() != 0 || len(o.nested) != 1 || !o.nested[0].neg || len(o.nested[0].operands) != 1 {
					simple = false
					break
				}
				s, ok := o.nested[0].operands[0].body()
				if !ok {
					simple = false
					break
				}
				sub.WriteString(escapeTrailingDash(s))
			}
			if simple {
				return "[" + escapeTrailingDash(a) + "-[" + sub.String() + "]]", nil
			}
		}
	}
	// General case: intersection by look-ahead, negation by a negative one.
	var b strings.Builder
	b.WriteString("(?:")
	if c.neg {
		b.WriteString("(?!")
	}
	first := ""
	for i, o := range c.operands {
		s, err := o.expr()
		if err != nil {
			return "", err
		}
		if i == 0 {
			first = s
			continue
		}
		b.WriteString("(?=" + s + ")")
	}
	if c.neg {
		b.WriteString(first + `)[\s\S])`)
	} else {
		b.WriteString(first + ")")
	}
	return b.String(), nil
}

// class parses a Java character class starting at "[".
func (t *javaTranslator) class() (*javaClass, error) {
	start := t.i
	t.i++ // [
	c := &javaClass{}
	if t.peek(0) == '^' {
		c.neg = true
		t.i++
	}
	c.operands = []classOperand{{}}
	op := &c.operands[0]
	first := true
	for {
		if !t.more() {
			t.i = start
			return nil, t.errorf("unclosed character class")
		}
		ch := t.src[t.i]
		switch {
		case ch == ']' && !first:
			t.i++
			return c, nil
		case ch == '[':
			n, err := t.class()
			if err != nil {
				return nil, err
			}
			op.nested = append(op.nested, n)
		case ch == '&' && t.peek(1) == '&':
			t.i += 2
			c.operands = append(c.operands, classOperand{})
			op = &c.operands[len(c.operands)-1]
		case ch == '\\':
			s, nested, err := t.escape(true)
			if err != nil {
				return nil, err
			}
			if nested != nil {
				op.nested = append(op.nested, nested)
			} else {
				op.raw.WriteString(s)
			}
		case ch == ']':
			op.raw.WriteString(`\]`)
			t.i++
		default:
			op.raw.WriteRune(ch)
			t.i++
		}
		first = false
	}
}

const (
	hSpace = ` \t\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000`
	vSpace = `\n\x0B\f\r\x85\u2028\u2029`
)

// escape translates the escape at t.i ("\" …). Inside a class it returns
// class text (without brackets); outside, a full expression. A negated
// property inside a class comes back as a nested class to union with.
func (t *javaTranslator) escape(inClass bool) (string, *javaClass, error) {
	if t.i+1 >= len(t.src) {
		return "", nil, t.errorf("trailing backslash")
	}
	c := t.src[t.i+1]
	switch c {
	case 'Q':
		t.i += 2
		var b strings.Builder
		for t.more() {
			if t.src[t.i] == '\\' && t.peek(1) == 'E' {
				t.i += 2
				break
			}
			b.WriteString(quoteRune(t.src[t.i]))
			t.i++
		}
		if inClass {
			return b.String(), nil, nil
		}
		return "(?:" + b.String() + ")", nil, nil
	case 'E':
		t.i += 2 // a stray \E is ignored, as in Java
		return "", nil, nil
	case 'h', 'H', 'v', 'V':
		t.i += 2
		set := hSpace
		if c == 'v' || c == 'V' {
			set = vSpace
		}
		neg := c == 'H' || c == 'V'
		return classText(set, neg, inClass)
	case 'p', 'P':
		t.i += 2
		name := ""
		if t.peek(0) == '{' {
			end := t.i
			for end < len(t.src) && t.src[end] != '}' {
				end++
			}
			if end >= len(t.src) {
				return "", nil, t.errorf("unclosed \\%c{", c)
			}
			name = string(t.src[t.i+1 : end])
			t.i = end + 1
		} else if t.more() {
			name = string(t.src[t.i])
			t.i++
		}
		set, isClass, err := javaProperty(name)
		if err != nil {
			return "", nil, t.errorf("%v", err)
		}
		neg := c == 'P'
		if !isClass {
			// set is a \p{…} name regexp2 knows
			if neg {
				return `\P{` + set + `}`, nil, nil
			}
			return `\p{` + set + `}`, nil, nil
		}
		return classText(set, neg, inClass)
	case 'x':
		if t.peek(2) == '{' {
			end := t.i + 3
			for end < len(t.src) && t.src[end] != '}' {
				end++
			}
			if end >= len(t.src) {
				return "", nil, t.errorf("unclosed \\x{")
			}
			v, err := strconv.ParseUint(string(t.src[t.i+3:end]), 16, 32)
			if err != nil || v > utf8.MaxRune {
				return "", nil, t.errorf("bad \\x{…} escape")
			}
			t.i = end + 1
			return quoteRune(rune(v)), nil, nil
		}
	case 'N':
		return "", nil, t.errorf("\\N{name} is not supported")
	}
	if c >= 0x80 || !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
		// Java: a backslash before a non-alphabetic character quotes it.
		t.i += 2
		return quoteRune(c), nil, nil
	}
	// Everything else (\s \d \b \uXXXX \t \1 …) means the same in .NET.
	t.i += 2
	return `\` + string(c), nil, nil
}

// classText renders a class body set as class text or an expression.
func classText(set string, neg, inClass bool) (string, *javaClass, error) {
	switch {
	case !inClass && neg:
		return "[^" + set + "]", nil, nil
	case !inClass:
		return "[" + set + "]", nil, nil
	case neg:
		n := &javaClass{neg: true, operands: []classOperand{{}}}
		n.operands[0].raw.WriteString(set)
		return "", n, nil
	default:
		return set, nil, nil
	}
}

// quoteRune writes r so that it stands for itself in and out of classes.
func quoteRune(r rune) string {
	switch {
	case r < 0x20 || r == 0x7F:
		return fmt.Sprintf(`\x%02X`, r)
	case strings.ContainsRune(`\.+*?()|[]{}^$#-&~ `, r):
		return `\` + string(r)
	default:
		return string(r)
	}
}

// javaProperty maps the name inside Java's \p{…}. isClass says whether the
// result is class text (for POSIX and java.lang.Character classes) or a
// property name for regexp2's \p{…}.
func javaProperty(name string) (set string, isClass bool, err error) {
	if s, ok := posixClasses[name]; ok {
		return s, true, nil
	}
	if s, ok := javaCharClasses[name]; ok {
		return s, true, nil
	}
	lower := strings.ToLower(name)
	for _, pre := range []string{"gc=", "general_category=", "sc=", "script=", "blk=", "block="} {
		if strings.HasPrefix(lower, pre) {
			v := name[len(pre):]
			if strings.HasPrefix(pre, "b") {
				return unicodeBlock(v)
			}
			return v, false, nil
		}
	}
	switch {
	case strings.HasPrefix(name, "In") && len(name) > 2:
		return unicodeBlock(name[2:])
	case strings.HasPrefix(name, "Is") && len(name) > 2:
		rest := name[2:]
		if s, ok := javaIsProperties[strings.ToLower(strings.ReplaceAll(rest, "_", ""))]; ok {
			return s, true, nil
		}
		return rest, false, nil // category or script: \p{IsLu}, \p{IsLatin}
	}
	return name, false, nil
}

// POSIX character classes (US-ASCII only in Java).
var posixClasses = map[string]string{
	"Lower":  `a-z`,
	"Upper":  `A-Z`,
	"ASCII":  `\x00-\x7F`,
	"Alpha":  `a-zA-Z`,
	"Digit":  `0-9`,
	"Alnum":  `a-zA-Z0-9`,
	"Punct":  `!-/:-@\[-\x60\{-~`,
	"Graph":  `!-~`,
	"Print":  `\x20-\x7E`,
	"Blank":  ` \t`,
	"Cntrl":  `\x00-\x1F\x7F`,
	"XDigit": `0-9a-fA-F`,
	"Space":  ` \t\n\x0B\f\r`,
}

// java.lang.Character classes.
var javaCharClasses = map[string]string{
	"javaLowerCase":     `\p{Ll}`,
	"javaUpperCase":     `\p{Lu}`,
	"javaTitleCase":     `\p{Lt}`,
	"javaDigit":         `\p{Nd}`,
	"javaLetter":        `\p{L}`,
	"javaLetterOrDigit": `\p{L}\p{Nd}`,
	"javaAlphabetic":    `\p{L}\p{Nl}\p{Other_Alphabetic}`,
	"javaIdeographic":   `\p{Ideographic}`,
	"javaSpaceChar":     `\p{Z}`,
	"javaWhitespace":    `\t-\r\x1C-\x1F\x20\u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000`,
	"javaISOControl":    `\x00-\x1F\x7F-\x9F`,
	"javaDefined":       `\P{Cn}`,
}

// Java binary properties spelled \p{IsXxx}; keys lower case without "_".
var javaIsProperties = map[string]string{
	"alphabetic":            `\p{L}\p{Nl}\p{Other_Alphabetic}`,
	"letter":                `\p{L}`,
	"lowercase":             `\p{Ll}\p{Other_Lowercase}`,
	"uppercase":             `\p{Lu}\p{Other_Uppercase}`,
	"titlecase":             `\p{Lt}`,
	"digit":                 `\p{Nd}`,
	"punctuation":           `\p{P}`,
	"control":               `\p{Cc}`,
	"whitespace":            `\p{White_Space}`,
	"hexdigit":              `\p{Hex_Digit}`,
	"ideographic":           `\p{Ideographic}`,
	"joincontrol":           `\p{Join_Control}`,
	"assigned":              `\P{Cn}`,
	"emoji":                 `\p{Emoji}`,
	"noncharactercodepoint": `\p{Noncharacter_Code_Point}`,
}

// unicodeBlock returns the class of a Unicode block named as Java allows
// (case, spaces, "-" and "_" ignored). regexp2 has no block tables; the
// blocks SRX rules are likely to name are listed here.
func unicodeBlock(name string) (string, bool, error) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_':
			return -1
		}
		return unicode.ToLower(r)
	}, name)
	if s, ok := unicodeBlocks[key]; ok {
		return s, true, nil
	}
	return "", false, fmt.Errorf("unknown or unsupported Unicode block %q", name)
}

var unicodeBlocks = map[string]string{
	"basiclatin":                 `\u0000-\u007F`,
	"latin1supplement":           `\u0080-\u00FF`,
	"latinextendeda":             `\u0100-\u017F`,
	"latinextendedb":             `\u0180-\u024F`,
	"ipaextensions":              `\u0250-\u02AF`,
	"combiningdiacriticalmarks":  `\u0300-\u036F`,
	"greek":                      `\u0370-\u03FF`,
	"greekandcoptic":             `\u0370-\u03FF`,
	"cyrillic":                   `\u0400-\u04FF`,
	"armenian":                   `\u0530-\u058F`,
	"hebrew":                     `\u0590-\u05FF`,
	"arabic":                     `\u0600-\u06FF`,
	"devanagari":                 `\u0900-\u097F`,
	"thai":                       `\u0E00-\u0E7F`,
	"georgian":                   `\u10A0-\u10FF`,
	"hanguljamo":                 `\u1100-\u11FF`,
	"latinextendedadditional":    `\u1E00-\u1EFF`,
	"greekextended":              `\u1F00-\u1FFF`,
	"generalpunctuation":         `\u2000-\u206F`,
	"currencysymbols":            `\u20A0-\u20CF`,
	"letterlikesymbols":          `\u2100-\u214F`,
	"arrows":                     `\u2190-\u21FF`,
	"mathematicaloperators":      `\u2200-\u22FF`,
	"cjksymbolsandpunctuation":   `\u3000-\u303F`,
	"hiragana":                   `\u3040-\u309F`,
	"katakana":                   `\u30A0-\u30FF`,
	"cjkunifiedideographs":       `\u4E00-\u9FFF`,
	"hangulsyllables":            `\uAC00-\uD7AF`,
	"halfwidthandfullwidthforms": `\uFF00-\uFFEF`,
}
