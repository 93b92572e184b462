package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/term"
	"github.com/spf13/cobra"
)

// newTermsCmd is `korpus terms`: the termbase.
func newTermsCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "terms",
		Short: "Manage the termbase: import, export, list, add, delete, extract",
		Long: `The termbase holds concepts, each with its terms in several languages
(synonyms, deprecated and forbidden variants included), a status per term
(preferred, admitted, deprecated, forbidden), part of speech, definitions
and notes. Concepts live in named glossaries (default "default").

lookup, pretranslate, analyze and check show and check the terms found in
source sentences (German inflection and compounds included).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTermsImportCmd(f), newTermsExportCmd(f), newTermsListCmd(f),
		newTermsAddCmd(f), newTermsDeleteCmd(f), newTermsExtractCmd(f))
	return cmd
}

type termsImportOptions struct {
	IO       *IOStreams
	Store    func() (*store.DB, error)
	File     string
	Glossary string
	From, To tm.Lang
	DryRun   bool
	JSON     bool
}

func newTermsImportCmd(f *factory) *cobra.Command {
	opts := &termsImportOptions{IO: f.IO, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a TBX file or a CSV/TSV glossary",
		Long: `Import concepts from FILE (- for standard input). The format is detected
from the content: TBX (TBX-Basic of ISO 30042:2008 <martif>, TBX v3 of
ISO 30042:2019 <tbx> in DCA or DCT style, as Weblate, memoQ, Trados and
translate-toolkit write them) or a glossary: tab-separated when the first
line holds a tab, else comma-separated. A glossary is either OmegaT's
(source<TAB>target<TAB>comment, no header; languages from --from/--to) or
header-named (columns source, target or language tags such as de, en, and
status, pos, definition, note, subject, concept).

The import is one transaction: on any error (reported with line and
column) nothing is stored. A concept whose id is already in the glossary
is updated; one equal to a stored concept is unchanged.`,
		Example: `  korpus terms import glossary.tbx
  korpus terms import --glossary omegat --from de --to en glossary.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return termsImportRun(cmd, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Glossary, "glossary", store.DefaultGlossary, "glossary `NAME` to import into")
	cmd.Flags().Var(newLang(&opts.From, "de"), "from", "source language of a glossary's source column")
	cmd.Flags().Var(newLang(&opts.To, "en"), "to", "target language of a glossary's target column")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "read and count everything, store nothing")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	return cmd
}

type termsImportReport struct {
	File     string `json:"file"`
	Format   string `json:"format"`
	Glossary string `json:"glossary"`
	DryRun   bool   `json:"dry_run"`
	store.TermImportStats
}

func openInput(in io.Reader, file string) (string, io.Reader, func(), error) {
	if file == "-" {
		return "stdin", in, func() {}, nil
	}
	fh, err := os.Open(file)
	if err != nil {
		return "", nil, nil, tm.Errorf(tm.EINVALID, "cannot read %s: %v", file, unwrapPathErr(err))
	}
	return file, fh, func() { fh.Close() }, nil
}

// newTermReader detects the format of r and returns its decoder.
func newTermReader(r io.Reader, name string, from, to tm.Lang) (term.Reader, term.Format, error) {
	kind, r, err := term.Detect(r)
	if err != nil {
		return nil, "", &tm.Error{Code: tm.EINVALID, Message: name, Err: err}
	}
	if kind == term.FormatTBX {
		return term.NewTBXDecoder(r, name), kind, nil
	}
	return term.NewGlossaryDecoder(r, name, kind, from, to), kind, nil
}

func termsImportRun(cmd *cobra.Command, opts *termsImportOptions) error {
	name, in, done, err := openInput(opts.IO.In, opts.File)
	if err != nil {
		return err
	}
	defer done()
	dec, kind, err := newTermReader(in, name, opts.From, opts.To)
	if err != nil {
		return err
	}
	db, err := opts.Store()
	if err != nil {
		return err
	}
	st, err := db.ImportTerms(cmd.Context(), dec, store.TermImportOptions{Glossary: opts.Glossary, DryRun: opts.DryRun})
	if err != nil {
		return err
	}
	rep := termsImportReport{File: name, Format: strings.ToUpper(string(kind)), Glossary: opts.Glossary, DryRun: opts.DryRun, TermImportStats: st}
	return newReportPrinter(opts.IO.Out, opts.JSON, func(w io.Writer, r termsImportReport) error {
		verb := "Imported"
		if r.DryRun {
			verb = "Dry run, nothing stored:"
		}
		_, err := fmt.Fprintf(w, "%s %s (%s) into glossary %q: %s read (%s), %s added, %s updated, %s unchanged\n",
			verb, r.File, r.Format, r.Glossary, plural(r.Read, "concept", "concepts"), plural(r.Terms, "term", "terms"),
			thousands(r.Added), thousands(r.Updated), thousands(r.Unchanged))
		return err
	}).Print(rep)
}

type termsExportOptions struct {
	IO       *IOStreams
	Store    func() (*store.DB, error)
	Format   *enumValue
	Glossary string
	From, To tm.Lang
	Output   string
}

func newTermsExportCmd(f *factory) *cobra.Command {
	opts := &termsExportOptions{IO: f.IO, Store: f.StoreExisting, Format: newEnum("tbx", "tbx", "tbx3", "tsv")}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the termbase as TBX-Basic (2008 or v3) or TSV",
		Long: `Export concepts as TBX-Basic (ISO 30042:2008 <martif type="TBX-Basic">,
every language of every concept), as TBX v3 (--format tbx3: ISO
30042:2019 <tbx type="TBX-Basic" style="dct">, the DCT style Weblate,
memoQ and termweb export), or as a header-named TSV glossary of
the pair --from/--to (one line per source and target term of a concept;
korpus terms import reads it back).`,
		Example: `  korpus terms export > termbase.tbx
  korpus terms export --format tsv --from de --to en -o glossary.tsv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := opts.Store()
			if err != nil {
				return err
			}
			var langs []tm.Lang
			if opts.Format.value == "tsv" {
				langs = []tm.Lang{opts.From, opts.To}
			}
			cs, err := db.Concepts(cmd.Context(), store.TermFilter{Glossary: opts.Glossary, Langs: langs})
			if err != nil {
				return err
			}
			out, err := openOutput(opts.IO.Out, opts.Output)
			if err != nil {
				return err
			}
			defer out.Discard()
			var enc interface {
				Encode(*term.Concept) error
				Close() error
			}
			switch opts.Format.value {
			case "tsv":
				enc = term.NewTSVEncoder(out, string(opts.From), string(opts.To))
			case "tbx3":
				enc = term.NewTBX3Encoder(out, string(opts.From))
			default:
				enc = term.NewTBXEncoder(out, string(opts.From))
			}
			for i := range cs {
				if err := enc.Encode(&cs[i]); err != nil {
					return writeError(opts.Output, err)
				}
			}
			if err := enc.Close(); err != nil {
				return writeError(opts.Output, err)
			}
			return out.Commit()
		},
	}
	cmd.Flags().Var(opts.Format, "format", "output format: tbx (2008), tbx3 (v3, DCT style) or tsv")
	cmd.Flags().StringVar(&opts.Glossary, "glossary", "", "only this glossary (default all)")
	cmd.Flags().Var(newLang(&opts.From, "de"), "from", "source language (TSV; the TBX file's main language)")
	cmd.Flags().Var(newLang(&opts.To, "en"), "to", "target language (TSV)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` (replaced only when complete) instead of standard output (- or none: standard output)")
	return cmd
}

type termsListOptions struct {
	IO       *IOStreams
	Store    func() (*store.DB, error)
	Glossary string
	From, To tm.Lang
	JSON     bool
}

func newTermsListCmd(f *factory) *cobra.Command {
	opts := &termsListOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the termbase's concepts",
		Long: `List concepts with their id (for terms delete), glossary and terms:
a table of the --from and --to terms, or with --json every concept whole:
[{"id", "glossary", "ext_id", "subject", "definitions": [{"lang","text"}],
"notes": [...], "terms": [{"id", "lang", "text", "status", "pos", "note"}]}].`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := opts.Store()
			if err != nil {
				return err
			}
			cs, err := db.Concepts(cmd.Context(), store.TermFilter{Glossary: opts.Glossary})
			if err != nil {
				return err
			}
			if cs == nil {
				cs = []term.Concept{}
			}
			return newReportPrinter(opts.IO.Out, opts.JSON, func(w io.Writer, cs []term.Concept) error {
				rows := [][]string{{"ID", "GLOSSARY", string(opts.From), string(opts.To), "NOTE"}}
				for _, c := range cs {
					note := ""
					if len(c.Definitions) > 0 {
						note = c.Definitions[0].Text
					} else if len(c.Notes) > 0 {
						note = c.Notes[0].Text
					}
					rows = append(rows, []string{strconv.FormatInt(c.ID, 10), c.Glossary,
						termCell(c.In(opts.From)), termCell(c.In(opts.To)), note})
				}
				return writeTable(w, rows)
			}).Print(cs)
		},
	}
	cmd.Flags().StringVar(&opts.Glossary, "glossary", "", "only this glossary (default all)")
	cmd.Flags().Var(newLang(&opts.From, "de"), "from", "language of the first term column")
	cmd.Flags().Var(newLang(&opts.To, "en"), "to", "language of the second term column")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

// termCell lists terms as "Vertrag; Kontrakt (deprecated)".
func termCell(ts []term.Term) string {
	var parts []string
	for _, t := range ts {
		s := t.Text
		if t.Status != "" && t.Status != term.Preferred && t.Status != term.Admitted {
			s += " (" + string(t.Status) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

type termsAddOptions struct {
	IO                *IOStreams
	Store             func() (*store.DB, error)
	Glossary          string
	From, To          tm.Lang
	Status, SrcStatus string
	POS, Note, Def    string
	JSON              bool
}

func newTermsAddCmd(f *factory) *cobra.Command {
	opts := &termsAddOptions{IO: f.IO, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "add SOURCE TARGET",
		Short: "Add a concept with a source and a target term",
		Long: `Add a concept with the term SOURCE in --from and TARGET in --to. --status
is the target term's status (preferred, admitted, deprecated, forbidden):
a forbidden target is one korpus check reports when a translation uses it.`,
		Example: `  korpus terms add Vertrag treaty --from de --to en --status preferred
  korpus terms add Vertrag contract --status forbidden --note "not in diplomacy"`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, ok := term.ParseStatus(opts.Status)
			if !ok {
				return usageErrorf("--status %q: want preferred, admitted, deprecated or forbidden", opts.Status)
			}
			sst, ok := term.ParseStatus(opts.SrcStatus)
			if !ok {
				return usageErrorf("--source-status %q: want preferred, admitted, deprecated or forbidden", opts.SrcStatus)
			}
			if strings.TrimSpace(args[0]) == "" || strings.TrimSpace(args[1]) == "" {
				return usageErrorf("SOURCE and TARGET must not be empty")
			}
			c := &term.Concept{Terms: []term.Term{
				{Lang: opts.From, Text: args[0], Status: sst, POS: opts.POS},
				{Lang: opts.To, Text: args[1], Status: st, POS: opts.POS, Note: opts.Note},
			}}
			if opts.Def != "" {
				c.Definitions = []term.Description{{Text: opts.Def}}
			}
			db, err := opts.Store()
			if err != nil {
				return err
			}
			id, err := db.AddConcept(cmd.Context(), opts.Glossary, c)
			if err != nil {
				return err
			}
			if opts.JSON {
				return newReportPrinter[map[string]int64](opts.IO.Out, true, nil).Print(map[string]int64{"id": id})
			}
			_, err = fmt.Fprintf(opts.IO.Out, "added concept %d: %s (%s) → %s (%s)\n", id, args[0], opts.From, args[1], opts.To)
			return err
		},
	}
	cmd.Flags().StringVar(&opts.Glossary, "glossary", store.DefaultGlossary, "glossary `NAME`")
	cmd.Flags().Var(newLang(&opts.From, "de"), "from", "language of SOURCE")
	cmd.Flags().Var(newLang(&opts.To, "en"), "to", "language of TARGET")
	cmd.Flags().StringVar(&opts.Status, "status", "", "status of TARGET: preferred, admitted, deprecated or forbidden")
	cmd.Flags().StringVar(&opts.SrcStatus, "source-status", "", "status of SOURCE")
	cmd.Flags().StringVar(&opts.POS, "pos", "", "part of speech (noun, verb, adjective …)")
	cmd.Flags().StringVar(&opts.Note, "note", "", "note on the target term")
	cmd.Flags().StringVar(&opts.Def, "definition", "", "definition of the concept")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print {"id": N}`)
	return cmd
}

func newTermsDeleteCmd(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a concept and its terms (ID from terms list)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return usageErrorf("ID %q: want a concept id from korpus terms list", args[0])
			}
			db, err := f.StoreExisting()
			if err != nil {
				return err
			}
			if err := db.DeleteConcept(cmd.Context(), id); err != nil {
				return err
			}
			_, err = fmt.Fprintf(f.IO.Out, "deleted concept %d\n", id)
			return err
		},
	}
}
