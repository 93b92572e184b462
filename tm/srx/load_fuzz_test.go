package srx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
)

// fuzzMax bounds fuzz inputs so that runs stay fast.
const fuzzMax = 64 << 10

var loadSentinels = []error{ErrSyntax, ErrNotSRX, ErrMissingAttr, ErrBadValue, ErrUnknownRule, ErrBadRegex}

// FuzzLoad feeds arbitrary bytes to Load: never a panic or a loop; an
// error is an EINVALID *tm.Error wrapping a *ParseError with the file
// name, a line and a column and one of the sentinel causes; loaded rules
// have positions, every language map names a rule that exists, and the
// segmenters they make cut a short text into pieces that keep all of it.
//
//	go test -run '^$' -fuzz '^FuzzLoad$' -fuzztime 30s ./tm/srx
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(testutil.Testdata("srx/*.srx"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) <= fuzzMax {
			f.Add(data)
		}
	}
	f.Add([]byte(`<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body><languagerules><languagerule languagerulename="de"><rule break="no"><beforebreak>\bz\.</beforebreak><afterbreak>\s</afterbreak></rule><rule><beforebreak>[.!?]</beforebreak><afterbreak>\s+</afterbreak></rule></languagerule></languagerules><maprules><languagemap languagepattern="de.*" languagerulename="de"/></maprules></body></srx>`))
	f.Add([]byte(`<srx version="2.0"><body><maprules><languagemap languagepattern="(" languagerulename="x"/></maprules></body></srx>`))
	f.Add([]byte(`<srx version="2.0"><body><languagerules><languagerule languagerulename="a"><rule break="maybe"/></languagerule></languagerules></body></srx>`))
	// Found by this target: a column 0 after a put-back newline, and a
	// panic on a second root element.
	f.Add([]byte("0&\n"))
	f.Add([]byte("<srx/><A>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			t.Skip("input larger than 64 KiB")
		}
		r, err := Load(bytes.NewReader(data), "f.srx")
		if err != nil {
			var te *tm.Error
			if !errors.As(err, &te) || te.Code != tm.EINVALID {
				t.Fatalf("error %v is not an EINVALID *tm.Error", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v does not wrap a *ParseError", err, err)
			}
			// Only a document without an <srx> element is an error of
			// the whole file, without a line.
			whole := pe.Line == 0 && errors.Is(err, ErrNotSRX)
			if pe.File != "f.srx" || !whole && (pe.Line < 1 || pe.Column < 1 || pe.Line > bytes.Count(data, []byte("\n"))+1) {
				t.Fatalf("error without a position in the input: %v", err)
			}
			known := false
			for _, s := range loadSentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Fatalf("error %v has no sentinel cause", err)
			}
			return
		}
		for _, lr := range r.LanguageRules {
			for _, rule := range lr.Rules {
				if rule.Line < 1 || rule.Column < 1 {
					t.Fatalf("rule of %q without a position: %+v", lr.Name, rule)
				}
			}
		}
		const text = "Dr. Meier kam am 19. Juni. Ja!  „So?“ Neu"
		want := strings.Join(strings.Fields(text), "")
		for _, m := range r.Maps {
			if r.byName[m.RuleName] == nil {
				t.Fatalf("language map %q names the unknown rule %q", m.Pattern, m.RuleName)
			}
			var rules []*Rule
			for _, lr := range r.LanguageRules {
				if lr.Name == m.RuleName {
					rules = lr.Rules
				}
			}
			seg := newSegmenter(r.Name, rules)
			if got := strings.Join(strings.Fields(strings.Join(seg.Split(text), "")), ""); got != want {
				t.Fatalf("rule %q cut %q into pieces that hold %q", m.RuleName, text, got)
			}
		}
	})
}
