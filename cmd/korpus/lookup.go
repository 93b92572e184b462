package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/match"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/term"
	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

type lookupOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Query      string // "-": one query per line from stdin
	From, To   tm.Lang
	Min, Limit int
	JSON       bool
	Prev, Next string
	Context    bool // --prev or --next given
	Memories   []string
	// MaxQuery is --max-segment: the longest query (bytes) looked up.
	MaxQuery int
}

func newLookupCmd(f *factory) *cobra.Command {
	opts := &lookupOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "lookup TEXT|-",
		Short: "Find exact, in-context and fuzzy matches for a sentence in the memory",
		Long: `Find the units of the memory whose source matches TEXT, best first:

  101  in-context: the same source with the same previous and next segment
       (--prev and --next; "" is a document boundary)
  100  exact: the same source (whitespace aside)
  1–99 fuzzy: word-level similarity; case, punctuation, spacing, numbers and
       inline codes cost less than a changed word (see the README, "Matching")

Each match shows its score, kind, source with a word diff against TEXT
(coloured on a terminal, [-deleted-]{+inserted+} when piped), target,
origin, date and memory, and what penalties took off the raw score
(see the README, "Named memories"): a penalised exact match keeps its kind
but never scores 100. --memory A,B reads only those memories. With TEXT "-" korpus reads one query per line from standard
input and writes one JSON object per line, in order: the way scripts and
CAT-tool bridges query in bulk.

JSON: {"query": …, "matches": [{"score", "kind": "context|exact|fuzzy",
"source", "target", "origin", "created", "unit_id", "diff": [{"op":
"equal|insert|delete", "text"}], "memory", "raw_score", "penalties":
[{"reason", "points"}]}]} (insert: only in the match source; score is
raw_score minus the penalties).

Exit codes: 0 success (also when nothing matches), 1 error (no database,
no units for the language pair, unknown memory), 2 usage error (empty query, bad language,
--min outside 0–100).`,
		Example: `  korpus lookup "Der Vertrag tritt am 19. Juni in Kraft." --from de --to en
  korpus lookup "Der Vertrag tritt in Kraft." --to en --min 50 --limit 10 --json
  cut -f1 new.tsv | korpus lookup - --to en > matches.jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = args[0]
			if opts.Query != "-" && tm.Normalize(opts.Query) == "" {
				return usageErrorf("empty query")
			}
			opts.MaxQuery = f.MaxSegment()
			if opts.Query != "-" && len(opts.Query) > opts.MaxQuery {
				return usageErrorf("%s", queryTooLong(len(opts.Query), opts.MaxQuery))
			}
			if err := checkMin(opts.Min); err != nil {
				return err
			}
			if err := checkCount("limit", opts.Limit); err != nil {
				return err
			}
			if err := requireTo(opts.To); err != nil {
				return err
			}
			opts.Context = cmd.Flags().Changed("prev") || cmd.Flags().Changed("next")
			return lookupRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.Var(newLang(&opts.From, "de"), "from", "source language (BCP 47)")
	fl.Var(langValue{l: &opts.To}, "to", "target language (BCP 47), required")
	fl.IntVar(&opts.Min, "min", store.DefaultMin, "lowest fuzzy score shown (0–100)")
	fl.IntVar(&opts.Limit, "limit", store.DefaultLimit, "most matches shown")
	fl.BoolVar(&opts.JSON, "json", false, "print JSON")
	fl.StringVar(&opts.Prev, "prev", "", "previous source segment, for in-context matches")
	fl.StringVar(&opts.Next, "next", "", "next source segment, for in-context matches")
	fl.StringSliceVar(&opts.Memories, "memory", nil, "only these memories (NAME,NAME…; default: all)")
	return cmd
}

// lookupJSON is one query's result in JSON; the HTTP API serves the same
// shape (tm/report).
type lookupJSON = report.Lookup

// withTerms is l with the termbase's terms found in its query: what
// lookup --json prints (and /api/v1/lookup serves).
func withTerms(l lookupJSON, ts []termJSON) lookupJSON {
	l.Terms = ts
	return l
}

// termJSON is a term found in a query (tm/report: the API serves the same).
type termJSON = report.Term

func termsJSONOf(r *term.Recognizer, q string) []termJSON { return report.TermsIn(r, q) }

func toLookupJSON(q string, ms []match.Match) lookupJSON { return report.FromMatches(q, ms) }

func lookupRun(ctx context.Context, opts *lookupOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	m, err := db.NewMatcher(ctx, opts.From, opts.To)
	if err != nil {
		return err
	}
	defer m.Close()
	if len(m.Pairs()) == 0 {
		return tm.Errorf(tm.ENOTFOUND, "the memory holds no %s→%s units", opts.From, opts.To)
	}
	lo := store.LookupOptions{Min: opts.Min, Limit: opts.Limit, Context: opts.Context, Prev: opts.Prev, Next: opts.Next, Memories: opts.Memories}
	if opts.Min == 0 {
		lo.Min = 1 // 0 would mean the default
	}
	rec, err := db.Recognizer(ctx, opts.From, opts.To)
	if err != nil {
		return err
	}
	if opts.Query != "-" {
		ms, err := m.Lookup(ctx, tm.Text(opts.Query), lo)
		if err != nil {
			return err
		}
		if opts.JSON {
			enc := json.NewEncoder(opts.IO.Out)
			enc.SetEscapeHTML(false)
			res := withTerms(toLookupJSON(opts.Query, ms), termsJSONOf(rec, opts.Query))
			return enc.Encode(res)
		}
		if err := printLookupText(opts.IO.Out, opts.IO.OutTTY, ms); err != nil {
			return err
		}
		for _, t := range termsJSONOf(rec, opts.Query) {
			st := t.Status
			if st == "" {
				st = "admitted"
			}
			if _, err := fmt.Fprintf(opts.IO.Out, "term: %s → %s (%s, %s)\n", t.Source, t.Target, st, t.Kind); err != nil {
				return err
			}
		}
		return nil
	}
	// Bulk: one query per line, one JSON object per line, in order.
	w := bufio.NewWriter(opts.IO.Out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(queryReader(opts.IO.In))
	if opts.MaxQuery <= 0 {
		opts.MaxQuery = tm.DefaultMaxSegment
	}
	sc.Buffer(make([]byte, 64*1024), max(16*1024*1024, opts.MaxQuery+2))
	// Lines longer than --max-segment are read through, not kept:
	// an over-long query gets its error line and the next one its answer.
	split := &lineSplitter{max: opts.MaxQuery + 1} // + 1 for a '\r'
	sc.Split(split.split)
	line := 0
	for sc.Scan() {
		line++
		if q := strings.TrimSuffix(sc.Text(), "\r"); split.long > 0 || len(q) > opts.MaxQuery {
			n := max(split.long, len(q))
			res := withTerms(lookupJSON{Query: "", Matches: []report.Match{}, Error: queryTooLong(n, opts.MaxQuery)}, []termJSON{})
			if err := enc.Encode(res); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			continue
		}
		q := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(q) {
			col := 1 + utf8.RuneCountInString(q[:invalidUTF8At(q)])
			return tm.Errorf(tm.EINVALID, "standard input, line %d, column %d: invalid UTF-8 (queries are UTF-8, or UTF-16 with a byte-order mark)", line, col)
		}
		var res lookupJSON
		if tm.Normalize(q) == "" {
			res = withTerms(lookupJSON{Query: q, Matches: []report.Match{}, Error: "empty query"}, []termJSON{})
		} else {
			ms, err := m.Lookup(ctx, tm.Text(q), lo)
			if err != nil {
				return fmt.Errorf("standard input, line %d: %w", line, err)
			}
			res = withTerms(toLookupJSON(q, ms), termsJSONOf(rec, q))
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
		// Each answer goes out at once, also into a pipe: a script
		// may write a query and wait for its line (one write per query
		// costs nothing next to the lookup).
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return tm.Errorf(tm.EINVALID, "standard input, line %d: %v", line+1, err)
	}
	return w.Flush()
}

// queryTooLong is the error for a query longer than max bytes.
func queryTooLong(n, max int) string {
	return fmt.Sprintf("query of %d bytes is longer than %s (--max-segment)", n, tm.FormatSize(max))
}

// lineSplitter is a bufio.SplitFunc for lines (without '\n') that reads
// a line longer than max bytes through without keeping it: its token is
// empty and long holds its length (0 for every other line). The memory
// of lookup - stays bounded whatever its input holds.
type lineSplitter struct {
	max  int
	long int // length of the line just returned, when it was too long
	skip int // bytes of the current too-long line read so far
}

func (l *lineSplitter) split(data []byte, atEOF bool) (int, []byte, error) {
	l.long = 0
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		if l.skip > 0 || i > l.max {
			l.long, l.skip = l.skip+i, 0
			return i + 1, []byte{}, nil
		}
		return i + 1, data[:i], nil
	}
	if len(data) > l.max {
		l.skip += len(data)
		return len(data), nil, nil
	}
	if atEOF && (len(data) > 0 || l.skip > 0) {
		if l.skip > 0 {
			l.long, l.skip = l.skip+len(data), 0
			return len(data), []byte{}, nil
		}
		return len(data), data, nil
	}
	return 0, nil, nil
}

// queryReader returns the queries of r as UTF-8: a UTF-8 byte-order mark
// (Notepad) is dropped and UTF-16 with one (Windows tools) is decoded, so
// the first query is compared as it was typed. It streams, for pipes that
// stay open.
func queryReader(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	// Peek only as far as a mark can go, so that a coprocess sending a
	// one-letter query ("a\n") is answered without waiting for more.
	head, _ := br.Peek(1)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF}):
		head, _ = br.Peek(3) // a UTF-8 character starting EF has 3 bytes
	case bytes.HasPrefix(head, []byte{0xFF}), bytes.HasPrefix(head, []byte{0xFE}):
		head, _ = br.Peek(2)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	}
	return br
}

// invalidUTF8At returns the byte offset of the first invalid UTF-8
// sequence in s (len(s) when there is none).
func invalidUTF8At(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return len(s)
}

func printLookupText(w io.Writer, tty bool, ms []match.Match) error {
	bw := bufio.NewWriter(w)
	if len(ms) == 0 {
		bw.WriteString("no match\n")
		return bw.Flush()
	}
	for i, m := range ms {
		if i > 0 {
			bw.WriteByte('\n')
		}
		head := fmt.Sprintf("%3d  %-7s  unit %d  %s  %s  memory %s%s", m.Score, m.Kind, m.Unit.ID, orDash(string(m.Unit.Origin)), localTime(m.Unit.Created), orDash(m.Memory), penaltyText(m))
		if tty {
			head = ansiBold + head + ansiReset
		}
		bw.WriteString(head + "\n")
		bw.WriteString("  source: " + indentBreaks(renderWordDiff(m.Diff, tty)) + "\n")
		bw.WriteString("  target: " + indentBreaks(m.Unit.Target.Plain()) + "\n")
	}
	return bw.Flush()
}

// penaltyText is what a match lost to penalties, for text output:
// " (100 − 10 memory legacy − 1 origin alignment)", "" for none.
func penaltyText(m match.Match) string {
	if len(m.Penalties) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, " (%d", m.RawScore)
	for _, p := range m.Penalties {
		fmt.Fprintf(&b, " − %d %s", p.Points, p.Reason)
	}
	b.WriteString(")")
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
