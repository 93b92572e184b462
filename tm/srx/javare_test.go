package srx

import (
	"testing"

	"github.com/dlclark/regexp2/v2"
)

// TestTranslateJava compiles Java patterns through the translation layer
// and checks what they match, so the tests hold whatever the exact .NET
// spelling.
func TestTranslateJava(t *testing.T) {
	for _, tc := range []struct {
		java     string
		match    []string
		nonMatch []string
	}{
		// class intersection (LanguageTool's Polish rules)
		{`^[\p{L}&&[^rwn]]$`, []string{"a", "ż"}, []string{"r", "w", "n", "1"}},
		{`^[\p{Ll}&&[^aeiou]][\p{Ll}&&[^aeiou]]+$`, []string{"bcd"}, []string{"bad", "Bcd"}},
		{`^[a-z&&[def]]$`, []string{"e"}, []string{"a", "x"}},
		{`^[a-z&&[^d-f]&&[^x]]$`, []string{"a", "g"}, []string{"e", "x"}},
		// nested union
		{`^[a[bc]]$`, []string{"a", "b", "c"}, []string{"d", "["}},
		{`^[a[^bc]]$`, []string{"a", "d"}, []string{"b"}},
		// POSIX and java.lang.Character classes
		{`^\p{Punct}$`, []string{"!", ".", "~", "["}, []string{"a", "„", " "}},
		{`^[\p{Punct}\p{Lu}]$`, []string{"A", "?"}, []string{"a"}},
		{`^\P{Punct}$`, []string{"a"}, []string{"!"}},
		{`^[x\P{Alpha}]$`, []string{"x", "1"}, []string{"a"}},
		{`^\p{javaLowerCase}+$`, []string{"äbc"}, []string{"Abc"}},
		{`^\p{IsAlphabetic}+$`, []string{"Straße"}, []string{"a1"}},
		{`^\p{IsLatin}+$`, []string{"abc"}, []string{"αβγ"}},
		{`^\p{InGreek}+$`, []string{"αβγ"}, []string{"abc"}},
		{`^\p{sc=Greek}+$`, []string{"αβγ"}, []string{"abc"}},
		// whitespace classes of Java 8
		{`^a\hb$`, []string{"a b", "a\u00a0b", "a\tb"}, []string{"a\nb"}},
		{`^a\vb$`, []string{"a\nb", "a\u2028b"}, []string{"a b"}},
		{`^a\Hb$`, []string{"axb"}, []string{"a b"}},
		{`^[\h]$`, []string{" "}, []string{"x"}},
		// quoting and escapes
		{`^\Q.*?\E$`, []string{".*?"}, []string{"abc"}},
		{`^[\Q-]\E]+$`, []string{"-]"}, []string{"a"}},
		{`^\x{1F600}$`, []string{"😀"}, []string{"x"}},
		{`^[^\.]\s[ضص\ظ]\.$`, []string{"a ظ."}, []string{"a x."}},
		{`^\u00e4$`, []string{"ä"}, []string{"a"}},
		// flags Java has and .NET lacks
		{`^(?iu)straße$`, []string{"STRAßE", "straße"}, []string{"strasse"}},
		{`^(?U)\w+$`, []string{"Grüße"}, []string{"a b"}},
		{`^(?i:ab)c$`, []string{"ABc"}, []string{"ABC"}},
		// possessive quantifiers and look-around pass through
		{`^a*+a$`, nil, []string{"aaa"}},
		{`(?<!\d)\.\s`, []string{"a. "}, []string{"1. "}},
	} {
		p, err := translateJava(tc.java)
		if err != nil {
			t.Errorf("%s: %v", tc.java, err)
			continue
		}
		re, err := regexp2.Compile(p)
		if err != nil {
			t.Errorf("%s → %s: %v", tc.java, p, err)
			continue
		}
		for _, s := range tc.match {
			if ok, _ := re.MatchString(s); !ok {
				t.Errorf("%s (→ %s) does not match %q", tc.java, p, s)
			}
		}
		for _, s := range tc.nonMatch {
			if ok, _ := re.MatchString(s); ok {
				t.Errorf("%s (→ %s) matches %q", tc.java, p, s)
			}
		}
	}
}

func TestTranslateJavaErrors(t *testing.T) {
	for _, p := range []string{`[abc`, `\p{Lu`, `\x{zz}`, `\N{LATIN SMALL LETTER A}`, `abc\`} {
		if out, err := translateJava(p); err == nil {
			t.Errorf("%s: no error (→ %s)", p, out)
		}
	}
}

// TestPrefilterClasses checks the characters the prefilter derives from
// patterns, nearest the edge first.
func TestPrefilterClasses(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		atEnd   bool
		// for each distance from the edge, characters that must be in the
		// class and characters that must not
		in, out []string
		paths   int // alternatives kept apart; -1: not checked
	}{
		{`\bNr\.\s`, true, []string{" \t", ".", "r", "N"}, []string{"x", "x", "x", "x"}, 0},
		{`[.!?…]['"»]?`, true, []string{".!?'\"»"}, []string{"a "}, 2},
		{`[.!?]+\s+`, true, []string{" ", " .!?"}, []string{".a", "a"}, -1},
		{`\s+\p{Lu}`, false, []string{" ", "A Ä"}, []string{"A", "a"}, -1},
		{`(?i)abc`, false, []string{"aA", "bB", "cC"}, []string{"b", "a", "a"}, 0},
		{`\b(usw|bzw|Dr)\.`, true, []string{".", "wr", "sz"}, []string{"a", "x", "x"}, 3},
		{`.*`, true, nil, nil, 0},
		{``, false, nil, nil, 0},
	} {
		r := &Rule{Before: tc.pattern}
		if !tc.atEnd {
			r = &Rule{After: tc.pattern}
		}
		c, err := compileRule(r)
		if err != nil {
			t.Fatal(err)
		}
		e := c.after
		if tc.atEnd {
			e = c.before
		}
		if len(e.union) != len(tc.in) {
			t.Errorf("%s: %d classes, want %d", tc.pattern, len(e.union), len(tc.in))
			continue
		}
		if tc.paths >= 0 && len(e.paths) != tc.paths {
			t.Errorf("%s: %d paths, want %d", tc.pattern, len(e.paths), tc.paths)
		}
		for i, cl := range e.union {
			for _, r := range tc.in[i] {
				if !cl.has(r) {
					t.Errorf("%s: class %d lacks %q", tc.pattern, i, r)
				}
			}
			for _, r := range tc.out[i] {
				if cl.has(r) {
					t.Errorf("%s: class %d has %q", tc.pattern, i, r)
				}
			}
		}
	}
}
