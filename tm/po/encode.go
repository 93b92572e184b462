package po

import (
	"bufio"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
)

// Encoder writes units as a PO file: a header naming the target language
// of the first unit and UTF-8, then one entry per unit. PO holds one
// target language; units in another are an error.
//
// The units of a plural entry as the decoder reads them (consecutive, with
// prop x-po-plural 0, 1, … and one msgctxt) are written back as one entry
// with msgid_plural and msgstr[N]; the header then names the language's
// Plural-Forms where gettext's table has it (pluralForms). Inline codes
// are written as their native data ("<b>", "%s", "{0}" as the source
// format had them), codes without any (XLIFF <g>, <x/>) as nothing.
type Encoder struct {
	w      *bufio.Writer
	header bool
	lang   tm.Lang
	err    error
	now    time.Time
	// group holds the forms of a plural entry until it is complete.
	group []*tm.Unit
	// seen holds the (msgctxt, msgid) keys written: a PO file has one
	// entry per key, so a second translation of the same source is left
	// out and counted in dropped.
	seen    map[uint64]struct{}
	dropped int
}

var keySeed = maphash.MakeSeed()

// Dropped returns how many units were left out because an entry with
// their msgctxt and msgid was written before (alternative translations:
// a PO file holds one per msgid; msgfmt refuses a repeated one).
func (e *Encoder) Dropped() int { return e.dropped }

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: bufio.NewWriter(w), now: time.Now().UTC()}
}

func (e *Encoder) writeHeader(lang tm.Lang) {
	e.header, e.lang = true, lang
	fmt.Fprintf(e.w, "msgid \"\"\nmsgstr \"\"\n")
	for _, l := range []string{
		"Project-Id-Version: korpus export\\n",
		"PO-Revision-Date: " + e.now.Format("2006-01-02 15:04-0700") + "\\n",
		"Language: " + string(lang) + "\\n",
		"MIME-Version: 1.0\\n",
		"Content-Type: text/plain; charset=UTF-8\\n",
		"Content-Transfer-Encoding: 8bit\\n",
		pluralHeader(lang),
		"X-Generator: korpus\\n",
	} {
		if l == "" {
			continue
		}
		fmt.Fprintf(e.w, "\"%s\"\n", l)
	}
}

// Encode writes one unit (a form of a plural entry may wait for the
// next ones).
func (e *Encoder) Encode(u *tm.Unit) error {
	if e.err != nil {
		return e.err
	}
	if !e.header {
		e.writeHeader(u.TargetLang)
	} else if u.TargetLang != e.lang {
		e.err = tm.Errorf(tm.EINVALID, "a PO file holds one target language: %s after %s (choose one with --to)", u.TargetLang, e.lang)
		return e.err
	}
	n, plural := pluralIndex(u)
	if len(e.group) > 0 {
		if plural && n == len(e.group) && samePluralEntry(e.group, u) {
			e.group = append(e.group, u)
			return nil
		}
		e.flush()
	}
	if plural && n == 0 {
		e.group = []*tm.Unit{u}
		return e.err
	}
	e.entry([]*tm.Unit{u})
	return e.err
}

// pluralIndex returns N of a unit's prop x-po-plural.
func pluralIndex(u *tm.Unit) (int, bool) {
	for _, p := range u.Props {
		if p.Type == PropPlural {
			n, err := strconv.Atoi(p.Value)
			return n, err == nil && n >= 0 && n < 100
		}
	}
	return 0, false
}

// samePluralEntry reports whether u, the next form, belongs to the entry
// of group: same context and references, and for forms 2… the same
// msgid_plural as form 1.
func samePluralEntry(group []*tm.Unit, u *tm.Unit) bool {
	first := group[0]
	if prop(first, PropContext) != prop(u, PropContext) || prop(first, PropReference) != prop(u, PropReference) {
		return false
	}
	return len(group) < 2 || text(group[1].Source) == text(u.Source)
}

func prop(u *tm.Unit, typ string) string {
	for _, p := range u.Props {
		if p.Type == typ {
			return "=" + p.Value
		}
	}
	return ""
}

// flush writes the plural entry being collected.
func (e *Encoder) flush() {
	if len(e.group) > 0 {
		e.entry(e.group)
		e.group = nil
	}
}

// entry writes one entry: a unit, or the forms of a plural entry (forms[0]
// gives its comments and context; msgid_plural is the source of
// forms[1]). A plural entry of one form is written as a plain entry.
func (e *Encoder) entry(forms []*tm.Unit) {
	u := forms[0]
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteString(prop(u, PropContext))
	h.WriteByte(4) // gettext's separator of msgctxt and msgid
	h.WriteString(text(u.Source))
	key := h.Sum64()
	if _, dup := e.seen[key]; dup {
		e.dropped += len(forms)
		return
	}
	if e.seen == nil {
		e.seen = map[uint64]struct{}{}
	}
	e.seen[key] = struct{}{}
	w := e.w
	w.WriteByte('\n')
	for _, n := range u.Notes {
		prefix := "# "
		if n.From == NoteExtracted {
			prefix = "#. "
		}
		for _, l := range strings.Split(n.Text, "\n") {
			w.WriteString(strings.TrimRight(prefix+l, " ") + "\n")
		}
	}
	var ctx, flags string
	hasCtx := false
	for _, p := range u.Props {
		switch p.Type {
		case PropReference:
			w.WriteString("#: " + p.Value + "\n")
		case PropContext:
			ctx, hasCtx = p.Value, true
		case PropFlags:
			flags = p.Value
		}
	}
	var fl []string
	fuzzy := false
	for _, f := range forms {
		switch f.Status {
		case tm.StatusNeedsReview, tm.StatusDraft, tm.StatusNew:
			fuzzy = true
		}
	}
	if fuzzy {
		fl = append(fl, "fuzzy")
	}
	if flags != "" {
		fl = append(fl, flags)
	}
	if len(fl) > 0 {
		w.WriteString("#, " + strings.Join(fl, ", ") + "\n")
	}
	if hasCtx {
		writeString(w, "msgctxt", ctx)
	}
	writeString(w, "msgid", text(u.Source))
	if len(forms) == 1 {
		writeString(w, "msgstr", text(u.Target))
	} else {
		writeString(w, "msgid_plural", text(forms[1].Source))
		for i, f := range forms {
			writeString(w, "msgstr["+strconv.Itoa(i)+"]", text(f.Target))
		}
	}
	if _, err := w.WriteString(""); err != nil {
		e.err = err
	}
}

// text is c as PO text: inline codes become their native data (the
// markup or placeholder the source format had), codes without data
// nothing.
func text(c tm.Content) string {
	if !c.HasCodes() {
		return c.Plain()
	}
	var b strings.Builder
	for _, r := range c {
		switch {
		case r.Code == nil:
			b.WriteString(r.Text)
		case r.Code.Attrs["#markup"] == "":
			b.WriteString(r.Code.Data)
		}
	}
	return b.String()
}

// writeString writes `kw "…"`, split after each \n as gettext does.
func writeString(w *bufio.Writer, kw, s string) {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= 1 {
		fmt.Fprintf(w, "%s \"%s\"\n", kw, escape(s))
		return
	}
	fmt.Fprintf(w, "%s \"\"\n", kw)
	for _, l := range lines {
		fmt.Fprintf(w, "\"%s\"\n", escape(l))
	}
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// Close writes what is pending, the header if no unit was written, and
// flushes.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	e.flush()
	if !e.header {
		e.writeHeader("")
	}
	return e.w.Flush()
}

// pluralHeader is the header line "Plural-Forms: …\\n" for lang, from the
// table in the GNU gettext manual ("Plural forms"), or "" for a language
// it does not list (then msgfmt wants the line added by hand before it
// compiles plural entries).
func pluralHeader(lang tm.Lang) string {
	forms := map[string]string{
		"ja": "nplurals=1; plural=0;", "ko": "nplurals=1; plural=0;", "zh": "nplurals=1; plural=0;",
		"vi": "nplurals=1; plural=0;", "th": "nplurals=1; plural=0;", "id": "nplurals=1; plural=0;",
		"fr": "nplurals=2; plural=(n > 1);",
		"ru": slavic, "uk": slavic, "be": slavic, "sr": slavic, "hr": slavic, "bs": slavic,
		"cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
		"sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
		"pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
		"sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
		"lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
		"lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
		"ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
		"ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
		"ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
	}
	for _, l := range []string{"en", "de", "nl", "sv", "da", "nb", "nn", "no", "fo", "es", "it", "pt", "el", "fi", "et", "he", "bg", "ca", "eo", "eu", "gl"} {
		forms[l] = "nplurals=2; plural=(n != 1);"
	}
	f, ok := forms[lang.Base()]
	if lang == "pt-BR" {
		f, ok = "nplurals=2; plural=(n > 1);", true
	}
	if !ok {
		return ""
	}
	return "Plural-Forms: " + f + "\\n"
}

const slavic = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
