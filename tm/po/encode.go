package po

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
)

// Encoder writes units as a PO file: a header naming the target language
// of the first unit and UTF-8, then one entry per unit. PO holds one
// target language; units in another are an error.
type Encoder struct {
	w      *bufio.Writer
	header bool
	lang   tm.Lang
	err    error
	now    time.Time
}

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
		"X-Generator: korpus\\n",
	} {
		fmt.Fprintf(e.w, "\"%s\"\n", l)
	}
}

// Encode writes one unit.
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
	switch u.Status {
	case tm.StatusNeedsReview, tm.StatusDraft, tm.StatusNew:
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
	writeString(w, "msgid", u.Source.Plain())
	writeString(w, "msgstr", u.Target.Plain())
	if _, err := w.WriteString(""); err != nil {
		e.err = err
	}
	return e.err
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

// Close writes the header if no unit was written and flushes.
func (e *Encoder) Close() error {
	if e.err != nil {
		return e.err
	}
	if !e.header {
		e.writeHeader("")
	}
	return e.w.Flush()
}
