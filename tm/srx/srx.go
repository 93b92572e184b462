// Package srx loads SRX 2.0 segmentation rule files (language maps,
// cascade, break and no-break rules) and segments text with them.
//
// An SRX file holds named sets of rules and a map from language codes to
// them:
//
//	<srx xmlns="http://www.lisa.org/srx20" version="2.0">
//	  <header segmentsubflows="yes" cascade="yes"/>
//	  <body>
//	    <languagerules>
//	      <languagerule languagerulename="German">
//	        <rule break="no">
//	          <beforebreak>\bz\.\s?B\.</beforebreak>
//	          <afterbreak>\s</afterbreak>
//	        </rule>
//	        <rule break="yes">
//	          <beforebreak>[.?!]+</beforebreak>
//	          <afterbreak>\s+\p{Lu}</afterbreak>
//	        </rule>
//	      </languagerule>
//	      <languagerule languagerulename="Default">…</languagerule>
//	    </languagerules>
//	    <maprules>
//	      <languagemap languagepattern="DE.*" languagerulename="German"/>
//	      <languagemap languagepattern=".*" languagerulename="Default"/>
//	    </maprules>
//	  </body>
//	</srx>
//
// A language code selects the languagerules whose languagepattern matches
// it: all matching maps in order when cascade is on, the first one when it
// is off. Between two characters the first rule (in that order) that
// matches there decides: break or no break. A rule matches at a position
// when some match of its beforebreak ends there (it may start anywhere
// before) and a match of its afterbreak starts there; an absent pattern
// matches anything. Where no rule matches there is no break. (Java-based
// tools scan with Matcher.find, which skips matches that overlap an earlier
// one; the definition here has no such gaps and gives the same result on
// ordinary text.) Segments are trimmed of surrounding whitespace and empty
// ones dropped.
//
// Rules are Java regular expressions. They are translated where needed (see
// translateJava) and compiled with regexp2, which has the look-around and
// possessive quantifiers that Go's regexp lacks.
package srx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/internal/xmltok"
)

// Namespace is the SRX 2.0 XML namespace.
const Namespace = "http://www.lisa.org/srx20"

// MatchTimeout bounds one regular-expression match, so that a rule with
// catastrophic backtracking cannot hang segmentation. A match that times out
// counts as no match.
const MatchTimeout = 200 * time.Millisecond

// ParseError is an error in an SRX file at a position: File (the name
// given to Load), Line and Column (1-based, Line 0 when the whole file is
// at fault) and Err, the cause (a sentinel below, wrapped with a detail).
// It reads "rules.srx: line 12, column 3: cause: detail".
type ParseError xmltok.ParseError

func (e *ParseError) Error() string {
	msg := (*xmltok.ParseError)(e).Error()
	if e.File == "" {
		return ": " + msg // as an unnamed input has always been reported
	}
	return msg
}

func (e *ParseError) Unwrap() error { return e.Err }

// Sentinel causes wrapped by ParseError.
var (
	ErrSyntax      = errors.New("malformed XML")
	ErrNotSRX      = errors.New("not an SRX document")
	ErrMissingAttr = errors.New("missing attribute")
	ErrBadValue    = errors.New("bad attribute value")
	ErrUnknownRule = errors.New("unknown languagerulename")
	ErrBadRegex    = errors.New("bad regular expression")
)

// Header holds the SRX header settings.
type Header struct {
	// SegmentSubflows says whether text in inline elements (subflows) is
	// segmented on its own. Default yes.
	SegmentSubflows bool
	// Cascade says whether all matching language maps apply (yes) or only
	// the first (no).
	Cascade bool
	// FormatHandles says, per kind of inline code ("start", "end",
	// "isolated"), whether codes at a break belong to the segment before it.
	// Plain-text segmentation does not use them.
	FormatHandles map[string]bool
}

// Rule is one break or no-break rule.
type Rule struct {
	Break bool
	// Before and After are the Java patterns as written in the file; an
	// absent pattern matches anything.
	Before, After string
	// Line and Column locate the <rule> element.
	Line, Column int

	c *compiledRule
}

// LanguageRule is a named, ordered list of rules.
type LanguageRule struct {
	Name  string
	Rules []*Rule
}

// LanguageMap maps language codes matching Pattern (a Java regular
// expression, matched against the whole code, ignoring case) to the
// languagerule named RuleName.
type LanguageMap struct {
	Pattern  string
	RuleName string
	Line     int
	Column   int

	re *regexp2.Regexp
}

// Rules is a loaded SRX document.
type Rules struct {
	// Name is the file name used in messages.
	Name          string
	Version       string
	Header        Header
	LanguageRules []*LanguageRule
	Maps          []*LanguageMap

	byName map[string]*LanguageRule
}

// Load parses an SRX 2.0 document and compiles all its rules. name is used
// in error messages ("rules.srx: line 12, column 3: …"). Errors are
// EINVALID *tm.Error values wrapping a *ParseError.
func Load(r io.Reader, name string) (*Rules, error) {
	p := &parser{name: name, rules: &Rules{
		Name:    name,
		Version: "2.0",
		Header:  Header{SegmentSubflows: true, FormatHandles: map[string]bool{}},
		byName:  map[string]*LanguageRule{},
	}}
	if err := p.parse(r); err != nil {
		return nil, &tm.Error{Code: tm.EINVALID, Err: err}
	}
	return p.rules, nil
}

// LoadFile parses the SRX file at path.
func LoadFile(path string) (*Rules, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, tm.Errorf(tm.EINVALID, "%s: %v", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, tm.Errorf(tm.EINVALID, "%s: is a directory, not an SRX file", path)
	}
	return Load(f, path)
}

type parser struct {
	name  string
	rules *Rules
	d     *xml.Decoder
	// position of the start of the token just read
	line, col int
}

func (p *parser) errAt(line, col int, cause error, format string, args ...any) error {
	if line > 0 && col < 1 {
		// encoding/xml's InputPos says column 0 after it has put back a
		// newline (found by FuzzLoad on "0&\n"); the tmx decoder clamps
		// the same way.
		col = 1
	}
	return (*ParseError)(xmltok.At(p.name, line, col, cause, format, args...))
}

func (p *parser) errf(cause error, format string, args ...any) error {
	return p.errAt(p.line, p.col, cause, format, args...)
}

// isSRX says whether an element belongs to SRX (its namespace, or none).
func isSRX(n xml.Name) bool { return n.Space == Namespace || n.Space == "" }

func attr(e xml.StartElement, name string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == name && (a.Name.Space == "" || a.Name.Space == Namespace) {
			return a.Value, true
		}
	}
	return "", false
}

func (p *parser) yesNo(e xml.StartElement, name string, def bool) (bool, error) {
	v, ok := attr(e, name)
	if !ok {
		return def, nil
	}
	switch strings.TrimSpace(v) {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, p.errf(ErrBadValue, "<%s %s=%q>: want yes or no", e.Name.Local, name, v)
}

func (p *parser) required(e xml.StartElement, name string) (string, error) {
	v, ok := attr(e, name)
	if !ok {
		return "", p.errf(ErrMissingAttr, "<%s> has no %s attribute", e.Name.Local, name)
	}
	return v, nil
}

func (p *parser) parse(r io.Reader) error {
	// A BOM decides the encoding (UTF-16 files become UTF-8 here); else the
	// XML declaration does, through charsetReader.
	p.d = xml.NewDecoder(transform.NewReader(r, unicode.BOMOverride(transform.Nop)))
	p.d.CharsetReader = charsetReader
	var (
		stack []string // local names of open SRX elements
		lang  *LanguageRule
		rule  *Rule
		text  *strings.Builder // beforebreak/afterbreak being read
		sawBB bool
		sawAB bool
		root  bool
	)
	for {
		p.line, p.col = p.d.InputPos()
		tok, err := p.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := p.d.InputPos()
			msg, _ := xmltok.SyntaxMsg(err)
			return p.errAt(line, col, ErrSyntax, "%s", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !root {
				if t.Name.Local != "srx" || !isSRX(t.Name) {
					return p.errf(ErrNotSRX, "root element is <%s>, want <srx>", t.Name.Local)
				}
				root = true
				if v, ok := attr(t, "version"); ok {
					if v != "2.0" && v != "1.0" {
						return p.errf(ErrBadValue, "unsupported SRX version %q", v)
					}
					p.rules.Version = v
				}
				stack = append(stack, "srx")
				continue
			}
			if len(stack) == 0 {
				// encoding/xml accepts more than one root element;
				// XML does not (a panic here was found by FuzzLoad).
				return p.errf(ErrSyntax, "element <%s> after the end of <srx>", t.Name.Local)
			}
			if !isSRX(t.Name) {
				// foreign elements (okpsrx:options …) are extensions
				if err := p.d.Skip(); err != nil {
					return p.errAt(p.line, p.col, ErrSyntax, "%v", err)
				}
				continue
			}
			parent := stack[len(stack)-1]
			stack = append(stack, t.Name.Local)
			switch t.Name.Local {
			case "header":
				h := &p.rules.Header
				if h.SegmentSubflows, err = p.yesNo(t, "segmentsubflows", true); err != nil {
					return err
				}
				if h.Cascade, err = p.yesNo(t, "cascade", false); err != nil {
					return err
				}
			case "formathandle":
				typ, err := p.required(t, "type")
				if err != nil {
					return err
				}
				inc, err := p.yesNo(t, "include", false)
				if err != nil {
					return err
				}
				p.rules.Header.FormatHandles[typ] = inc
			case "languagerule":
				name, err := p.required(t, "languagerulename")
				if err != nil {
					return err
				}
				if _, dup := p.rules.byName[name]; dup {
					return p.errf(ErrBadValue, "languagerule %q defined twice", name)
				}
				lang = &LanguageRule{Name: name}
				p.rules.LanguageRules = append(p.rules.LanguageRules, lang)
				p.rules.byName[name] = lang
			case "rule":
				if lang == nil || parent != "languagerule" {
					return p.errf(ErrNotSRX, "<rule> outside <languagerule>")
				}
				brk, err := p.yesNo(t, "break", true)
				if err != nil {
					return err
				}
				rule = &Rule{Break: brk, Line: p.line, Column: p.col}
				sawBB, sawAB = false, false
			case "beforebreak", "afterbreak":
				if rule == nil || parent != "rule" {
					return p.errf(ErrNotSRX, "<%s> outside <rule>", t.Name.Local)
				}
				if (t.Name.Local == "beforebreak" && sawBB) || (t.Name.Local == "afterbreak" && sawAB) {
					return p.errf(ErrNotSRX, "<rule> has two <%s> elements", t.Name.Local)
				}
				text = &strings.Builder{}
			case "languagemap":
				pat, err := p.required(t, "languagepattern")
				if err != nil {
					return err
				}
				name, err := p.required(t, "languagerulename")
				if err != nil {
					return err
				}
				m := &LanguageMap{Pattern: pat, RuleName: name, Line: p.line, Column: p.col}
				if m.re, err = compileLangPattern(pat); err != nil {
					return p.errf(ErrBadRegex, "languagemap languagepattern %q: %v", pat, err)
				}
				p.rules.Maps = append(p.rules.Maps, m)
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if !isSRX(t.Name) || len(stack) == 0 {
				continue
			}
			stack = stack[:len(stack)-1]
			switch t.Name.Local {
			case "beforebreak":
				rule.Before, sawBB, text = text.String(), true, nil
			case "afterbreak":
				rule.After, sawAB, text = text.String(), true, nil
			case "rule":
				c, err := compileRule(rule)
				if err != nil {
					return p.errAt(rule.Line, rule.Column, ErrBadRegex, "rule %d of languagerule %q: %v", len(lang.Rules)+1, lang.Name, err)
				}
				rule.c = c
				lang.Rules = append(lang.Rules, rule)
				rule = nil
			case "languagerule":
				lang = nil
			}
		}
	}
	if !root {
		return p.errAt(0, 0, ErrNotSRX, "no <srx> element")
	}
	for _, m := range p.rules.Maps {
		if _, ok := p.rules.byName[m.RuleName]; !ok {
			return p.errAt(m.Line, m.Column, ErrUnknownRule, "languagemap refers to languagerule %q, which is not defined", m.RuleName)
		}
	}
	return nil
}

// charsetReader decodes the encodings an XML declaration may name. UTF-16
// input has been converted to UTF-8 by the BOM check already.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	if l == "utf-8" || strings.HasPrefix(l, "utf-16") {
		return input, nil
	}
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		if enc, err = htmlindex.Get(label); err != nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
	}
	return enc.NewDecoder().Reader(input), nil
}

// compileLangPattern compiles a languagepattern for whole-code,
// case-insensitive matching (language codes are case-insensitive in
// BCP 47; OmegaT writes "DE.*", others "de.*" or "(DE|de).*").
func compileLangPattern(pat string) (*regexp2.Regexp, error) {
	t, err := translateJava(pat)
	if err != nil {
		return nil, err
	}
	return regexp2.Compile(`\A(?:`+t+`)\z`, regexp2.IgnoreCase)
}

// Match reports whether the map applies to the language code.
func (m *LanguageMap) Match(code string) bool {
	ok, err := m.re.MatchString(code)
	return err == nil && ok
}

// compiledRule is a rule ready to run: one regexp matching, at its start
// position, exactly where beforebreak ends and afterbreak starts, and the
// prefilter classes of the characters around the position.
type compiledRule struct {
	re     *regexp2.Regexp
	before edge // text[pos-1], text[pos-2], …
	after  edge // text[pos], text[pos+1], …
}

func compileRule(r *Rule) (*compiledRule, error) {
	c := &compiledRule{}
	var pat bytes.Buffer
	pat.WriteString(`\G`)
	for i, src := range []string{r.Before, r.After} {
		what := "beforebreak"
		if i == 1 {
			what = "afterbreak"
		}
		if src == "" {
			continue
		}
		t, err := translateJava(src)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %v", what, src, err)
		}
		tree, err := syntax.Parse(t, syntax.ParseOptions{})
		if err != nil {
			return nil, fmt.Errorf("%s %q: %v", what, src, err)
		}
		if i == 0 {
			c.before = edgeOf(tree, true)
			pat.WriteString(`(?<=` + t + `)`)
		} else {
			c.after = edgeOf(tree, false)
			pat.WriteString(`(?=` + t + `)`)
		}
	}
	re, err := regexp2.Compile(pat.String())
	if err != nil {
		return nil, fmt.Errorf("%q: %v", pat.String(), err)
	}
	re.MatchTimeout = MatchTimeout
	c.re = re
	return c, nil
}

// RulesFor returns the languagerules the maps select for lang, in order:
// every matching map when the header says cascade, else the first.
func (r *Rules) RulesFor(lang tm.Lang) []*LanguageRule {
	var out []*LanguageRule
	for _, m := range r.Maps {
		if !m.Match(string(lang)) {
			continue
		}
		out = append(out, r.byName[m.RuleName])
		if !r.Header.Cascade {
			break
		}
	}
	return out
}

// Segmenter returns a segmenter applying the rules that the SRX language
// maps select for lang (all matching maps when cascade is on). It is an
// ENOTFOUND error when no map matches lang.
func (r *Rules) Segmenter(lang tm.Lang) (tm.Segmenter, error) {
	lrs := r.RulesFor(lang)
	if len(lrs) == 0 {
		return nil, tm.Errorf(tm.ENOTFOUND, "%s: no languagemap matches language %q", r.Name, lang)
	}
	var rules []*Rule
	for _, lr := range lrs {
		rules = append(rules, lr.Rules...)
	}
	return newSegmenter(r.Name, rules), nil
}
