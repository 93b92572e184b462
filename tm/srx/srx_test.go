package srx_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	unicodeenc "golang.org/x/text/encoding/unicode"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/srx"
)

// TestLoadSharedFiles loads every real SRX file in ../shared and checks that
// every rule was read and compiled: Load fails on the first rule that
// cannot compile, and the counts are those of the files (the README table
// counts two LanguageTool and five Okapi rules that are commented out).
func TestLoadSharedFiles(t *testing.T) {
	for _, tc := range []struct {
		file          string
		languageRules int
		rules         int
		cascade       bool
	}{
		{"languagetool-segment.srx", 28, 1328, true},
		{"omegat-defaultRules.srx", 18, 2772, true},
		{"okapi_default_icu4j.srx", 9, 2223, true},
		{"okapi-defaultSegmentation.srx", 3, 10, false},
		{"okapi-test-language_tools_german.srx", 2, 34, true},
		{"openxliff-default.srx", 17, 1985, true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := srx.LoadFile(testutil.SharedDir(t, "schemas", "srx", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, lr := range r.LanguageRules {
				n += len(lr.Rules)
			}
			if len(r.LanguageRules) != tc.languageRules || n != tc.rules {
				t.Errorf("%d languagerules, %d rules; want %d, %d", len(r.LanguageRules), n, tc.languageRules, tc.rules)
			}
			if r.Header.Cascade != tc.cascade {
				t.Errorf("cascade %v, want %v", r.Header.Cascade, tc.cascade)
			}
			if _, err := r.Segmenter(tm.MustLang("de-DE")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestGerman segments German examples with the real rule files.
func TestGerman(t *testing.T) {
	for _, tc := range []struct {
		file string
		text string
		want []string
	}{
		{"languagetool-segment.srx", "Das gilt z. B. für Kinder. Die Eltern zahlen.",
			[]string{"Das gilt z. B. für Kinder.", "Die Eltern zahlen."}},
		{"languagetool-segment.srx", "Er kam am 19. Juni zurück. Danach ging er.",
			[]string{"Er kam am 19. Juni zurück.", "Danach ging er."}},
		{"languagetool-segment.srx", "Es kamen ca. 3.000 Menschen, d. h. mehr als erwartet. Dr. Meier sprach.",
			[]string{"Es kamen ca. 3.000 Menschen, d. h. mehr als erwartet.", "Dr. Meier sprach."}},
		{"languagetool-segment.srx", "Siehe Nr. 5 bzw. Nr. 6. Das war es.",
			[]string{"Siehe Nr. 5 bzw. Nr. 6.", "Das war es."}},
		{"languagetool-segment.srx", "Was nun? Keine Ahnung! Wirklich.",
			[]string{"Was nun?", "Keine Ahnung!", "Wirklich."}},
		{"languagetool-segment.srx", "Das ist usw. klar. Und vgl. dazu S. 12.",
			[]string{"Das ist usw. klar.", "Und vgl. dazu S. 12."}},
		{"omegat-defaultRules.srx", "Das gilt z. B. für Kinder. Die Eltern zahlen.",
			[]string{"Das gilt z. B. für Kinder.", "Die Eltern zahlen."}},
		{"omegat-defaultRules.srx", "Es kamen ca. 3.000 Menschen, d. h. mehr als erwartet. Dr. Meier sprach.",
			[]string{"Es kamen ca. 3.000 Menschen, d. h. mehr als erwartet.", "Dr. Meier sprach."}},
		{"omegat-defaultRules.srx", "Besuchen Sie www.example.de heute. Danke!",
			[]string{"Besuchen Sie www.example.de heute.", "Danke!"}},
		{"okapi_default_icu4j.srx", "Er sagte: „Wir kommen.“ Dann ging er.",
			[]string{"Er sagte:", "„Wir kommen.“", "Dann ging er."}},
		{"okapi-test-language_tools_german.srx", "Das gilt z. B. für Kinder. Die Eltern zahlen.",
			[]string{"Das gilt z. B. für Kinder.", "Die Eltern zahlen."}},
		{"openxliff-default.srx", "Das gilt z. B. für Kinder. Die Eltern zahlen.",
			[]string{"Das gilt z. B. für Kinder.", "Die Eltern zahlen."}},
		// Okapi's small default set has no German abbreviations.
		{"okapi-defaultSegmentation.srx", "Das gilt z. B. für Kinder.",
			[]string{"Das gilt z.", "B. für Kinder."}},
	} {
		s := mustSegmenter(t, tc.file)
		if got := s.Split(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q\ngot  %q\nwant %q", tc.file, tc.text, got, tc.want)
		}
	}
}

func loadTestdata(t *testing.T, name string, edit func(string) string) *srx.Rules {
	t.Helper()
	b, err := os.ReadFile(testutil.Testdata("srx/" + name))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	if edit != nil {
		src = edit(src)
	}
	r, err := srx.Load(strings.NewReader(src), name)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ruleNames(lrs []*srx.LanguageRule) []string {
	var out []string
	for _, lr := range lrs {
		out = append(out, lr.Name)
	}
	return out
}

// TestLanguageMaps checks map selection: whole-code matches, ignoring case
// (BCP 47 codes are case-insensitive; OmegaT writes DE.*, others de.*),
// all matching maps in order with cascade, the first without.
func TestLanguageMaps(t *testing.T) {
	cascade := loadTestdata(t, "cascade.srx", nil)
	noCascade := loadTestdata(t, "cascade.srx", func(s string) string {
		return strings.Replace(s, `cascade="yes"`, `cascade="no"`, 1)
	})
	if noCascade.Header.Cascade || !cascade.Header.Cascade {
		t.Fatal("cascade attribute not read")
	}
	for _, tc := range []struct {
		lang      string
		cascade   []string
		noCascade []string
	}{
		{"de-DE", []string{"German", "Semicolon", "Default"}, []string{"German"}},
		{"de", []string{"German", "Default"}, []string{"German"}},
		{"DE-at", []string{"German", "Semicolon", "Default"}, []string{"German"}},
		{"en-GB", []string{"Semicolon", "Default"}, []string{"Semicolon"}},
		{"fr", []string{"Default"}, []string{"Default"}},
		{"deu", []string{"German", "Default"}, []string{"German"}},
	} {
		if got := ruleNames(cascade.RulesFor(tm.Lang(tc.lang))); !slices.Equal(got, tc.cascade) {
			t.Errorf("cascade, %s: %v, want %v", tc.lang, got, tc.cascade)
		}
		if got := ruleNames(noCascade.RulesFor(tm.Lang(tc.lang))); !slices.Equal(got, tc.noCascade) {
			t.Errorf("no cascade, %s: %v, want %v", tc.lang, got, tc.noCascade)
		}
	}

	// The real files: OmegaT's upper-case patterns match "de-DE" too.
	for file, want := range map[string][]string{
		"languagetool-segment.srx":      {"German", "Default"},
		"omegat-defaultRules.srx":       {"German", "Default", "Text", "HTML"},
		"openxliff-default.srx":         {"German", "default"},
		"okapi-defaultSegmentation.srx": {"Default"},
	} {
		r, err := srx.LoadFile(testutil.SharedDir(t, "schemas", "srx", file))
		if err != nil {
			t.Fatal(err)
		}
		if got := ruleNames(r.RulesFor(tm.MustLang("de-DE"))); !slices.Equal(got, want) {
			t.Errorf("%s: de-DE selects %v, want %v", file, got, want)
		}
	}
}

// TestCascade segments with the small test rules: with cascade, the German
// no-break rules come first and the Default break rule splits the rest;
// without it only the German rules apply, which have no break rule.
func TestCascade(t *testing.T) {
	text := "Das gilt z. B. heute; morgen nicht. Am 3. Mai kam Dr. Meier. „Gut!“ Ende"
	for _, tc := range []struct {
		cascade bool
		lang    string
		want    []string
	}{
		{true, "de-DE", []string{"Das gilt z. B. heute;", "morgen nicht.", "Am 3. Mai kam Dr. Meier.", "„Gut!“", "Ende"}},
		{true, "de", []string{"Das gilt z. B. heute; morgen nicht.", "Am 3. Mai kam Dr. Meier.", "„Gut!“", "Ende"}},
		{true, "fr", []string{"Das gilt z.", "B. heute; morgen nicht.", "Am 3.", "Mai kam Dr.", "Meier.", "„Gut!“", "Ende"}},
		{false, "de-DE", []string{text}},
		{false, "en-US", []string{"Das gilt z. B. heute;", "morgen nicht. Am 3. Mai kam Dr. Meier. „Gut!“ Ende"}},
	} {
		r := loadTestdata(t, "cascade.srx", func(s string) string {
			if !tc.cascade {
				s = strings.Replace(s, `cascade="yes"`, `cascade="no"`, 1)
			}
			return s
		})
		s, err := r.Segmenter(tm.Lang(tc.lang))
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Split(text); !slices.Equal(got, tc.want) {
			t.Errorf("cascade=%v %s:\ngot  %q\nwant %q", tc.cascade, tc.lang, got, tc.want)
		}
	}
}

func TestNoLanguageMap(t *testing.T) {
	r := loadTestdata(t, "cascade.srx", func(s string) string {
		return strings.Replace(s, `<languagemap languagepattern=".*" languagerulename="Default"/>`, "", 1)
	})
	_, err := r.Segmenter(tm.MustLang("fr"))
	if tm.ErrorCode(err) != tm.ENOTFOUND || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("got %v, want a not_found error naming fr", err)
	}
}

// TestMalformed loads broken SRX files: each is an EINVALID error with the
// file, line and column, and the cause.
func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		file      string
		cause     error
		line, col int
		msg       string
	}{
		{"malformed.srx", srx.ErrSyntax, 10, 17, "element <rule> closed by </rulle>"},
		{"wrong-root.srx", srx.ErrNotSRX, 2, 1, "root element is <tmx>, want <srx>"},
		{"bad-regex.srx", srx.ErrBadRegex, 11, 9, `rule 2 of languagerule "Default": beforebreak "[.!?"`},
		{"unknown-rule.srx", srx.ErrUnknownRule, 14, 7, `languagerule "German", which is not defined`},
		{"missing-attr.srx", srx.ErrMissingAttr, 6, 7, "<languagerule> has no languagerulename attribute"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := testutil.Testdata("srx/" + tc.file)
			_, err := srx.LoadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("code %q, want invalid", tm.ErrorCode(err))
			}
			var pe *srx.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, tc.cause) {
				t.Fatalf("%v: not a ParseError with cause %v", err, tc.cause)
			}
			if pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("at line %d, column %d; want %d, %d", pe.Line, pe.Column, tc.line, tc.col)
			}
			if !strings.HasPrefix(err.Error(), path+": line ") || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q lacks %q", err, tc.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message %q spans lines", err)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, err := srx.LoadFile(testutil.Testdata("srx/no-such-file.srx"))
		if tm.ErrorCode(err) != tm.EINVALID || !strings.Contains(err.Error(), "no-such-file.srx") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("bad yes/no", func(t *testing.T) {
		_, err := srx.Load(strings.NewReader(`<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="maybe"/></srx>`), "x.srx")
		if !errors.Is(err, srx.ErrBadValue) || !strings.Contains(err.Error(), "x.srx: line 1, column 54:") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		_, err := srx.Load(strings.NewReader(""), "empty.srx")
		if !errors.Is(err, srx.ErrNotSRX) {
			t.Errorf("got %v", err)
		}
	})
}

// TestBacktracking: a rule with catastrophic backtracking is cut off by the
// engine's limits and counts as no match, instead of hanging.
func TestBacktracking(t *testing.T) {
	doc := `<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body>
<languagerules><languagerule languagerulename="D">
<rule break="no"><beforebreak>^(x+x+)+y</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>y</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="D"/></maprules></body></srx>`
	r, err := srx.Load(strings.NewReader(doc), "bt.srx")
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Segmenter("de")
	if err != nil {
		t.Fatal(err)
	}
	text := "a" + strings.Repeat("x", 40) + "y b"
	if got := s.Split(text); !slices.Equal(got, []string{text[:len(text)-2], "b"}) {
		t.Errorf("got %q", got)
	}
}

// TestSegmenterContract checks the tm.Segmenter contract on the UD texts:
// segments trimmed and not empty, and together every non-space character
// of the input in order.
func TestSegmenterContract(t *testing.T) {
	gold := loadGold(t)
	s := mustSegmenter(t, "languagetool-segment.srx")
	nonSpace := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	for _, g := range gold {
		segs := s.Split(g.Text)
		for _, x := range segs {
			if x == "" || strings.TrimSpace(x) != x {
				t.Fatalf("segment %q of %q is empty or untrimmed", x, g.Text)
			}
		}
		if nonSpace(strings.Join(segs, "")) != nonSpace(g.Text) {
			t.Fatalf("segments %q lose characters of %q", segs, g.Text)
		}
	}
	if got := s.Split(" \u00a0\t "); got != nil {
		t.Errorf("blank paragraph: %q", got)
	}
}

// TestConcurrentSplit: one segmenter serves several goroutines (run with
// -race to check the shared state).
func TestConcurrentSplit(t *testing.T) {
	gold := loadGold(t)
	s := mustSegmenter(t, "omegat-defaultRules.srx")
	want := make([][]string, len(gold))
	for i, g := range gold {
		want[i] = s.Split(g.Text)
	}
	errs := make(chan string, 4)
	for w := range 4 {
		go func() {
			for i := w; i < len(gold); i += 4 {
				if got := s.Split(gold[i].Text); !slices.Equal(got, want[i]) {
					errs <- gold[i].Text
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Errorf("concurrent Split differs on %q", e)
		}
	}
}

// TestEncodings: SRX files in UTF-16 (with BOM) and in a legacy encoding
// named by the XML declaration load like UTF-8 ones.
func TestEncodings(t *testing.T) {
	doc := `<?xml version="1.0" encoding="%s"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body>
<languagerules><languagerule languagerulename="D">
<rule break="no"><beforebreak>\bStr\.|ä\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="D"/></maprules></body></srx>`
	text := "In der Str. 5 ist es hä. Ja."
	want := []string{"In der Str. 5 ist es hä. Ja."}
	latin1 := strings.ReplaceAll(fmt.Sprintf(doc, "ISO-8859-1"), "ä", "\xe4")
	utf16, err := unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.UseBOM).NewEncoder().String(fmt.Sprintf(doc, "UTF-16"))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"latin1": latin1, "utf16": utf16, "utf8": "\uFEFF" + fmt.Sprintf(doc, "UTF-8")} {
		r, err := srx.Load(strings.NewReader(src), name+".srx")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		s, err := r.Segmenter("de")
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Split(text); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
