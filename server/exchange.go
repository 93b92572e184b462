package server

import (
	"bufio"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/format"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/unitfmt"
)

// MaxImportBytes bounds an import body; it is streamed, never held whole.
const MaxImportBytes = 1 << 30

// importMemory is the memory an import writes to: ?memory=M (default
// "default"), which the token's memories must include and which must exist.
func (s *Server) importMemory(r *http.Request) (string, error) {
	m := r.URL.Query().Get("memory")
	if m == "" {
		m = store.DefaultMemory
	}
	if tok := token(r); !inScope(tok, m) {
		return "", forbidden("token %q may not write to memory %s (its memories: %s; name one with ?memory=)", tok.Name, quote(m), strings.Join(tok.Memories, ", "))
	}
	return m, s.checkMemories(r.Context(), []string{m})
}

func quote(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return `"` + s + `"`
}

var formatNames = map[format.Format]string{
	format.TMX: "TMX", format.TSV: "TSV", format.JSONL: "JSONL", format.PO: "PO",
	format.XLIFF12: "XLIFF 1.2", format.XLIFF2: "XLIFF 2",
}

// apiImport is POST /api/v1/import: a TMX, TSV, JSONL, PO or (foreign)
// XLIFF body, streamed into one transaction; the report is `import
// --json`'s. ?source_lang= and ?target_lang= name the languages a PO
// body (and an XLIFF that names none) lacks.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	memory, err := s.importMemory(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	body := http.MaxBytesReader(w, r.Body, MaxImportBytes)
	kind, rd, err := format.Detect(body)
	if err != nil {
		return badRequest("request body: %v", err)
	}
	var dopts unitfmt.DecodeOptions
	for name, l := range map[string]*tm.Lang{"source_lang": &dopts.SourceLang, "target_lang": &dopts.TargetLang} {
		if v := r.URL.Query().Get(name); v != "" {
			if *l, err = parseLang(name, v); err != nil {
				return err
			}
		}
	}
	if kind == format.PO && dopts.SourceLang == "" {
		return badRequest("a PO body names no source language: give ?source_lang=")
	}
	dec, err := unitfmt.NewDecoderOptions(kind, rd, "request body", dopts)
	if err != nil {
		return err
	}
	start := time.Now()
	var ix store.IndexStats
	stats, err := s.db.ImportUnits(ctx, dec, store.ImportOptions{Memory: memory, DryRun: r.URL.Query().Get("dry_run") == "true", Index: &ix})
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{status: http.StatusRequestEntityTooLarge, code: tm.EINVALID, msg: "import body too large"}
		}
		return err
	}
	rep := report.Import{File: "request body", Format: formatNames[kind], DryRun: r.URL.Query().Get("dry_run") == "true",
		ImportStats: stats, Seconds: time.Since(start).Seconds()}
	rep.Indexed, rep.IndexSeconds, rep.MatchIndexed, rep.MatchIndexSeconds = ix.FTS, ix.FTSSeconds, ix.Match, ix.MatchSeconds
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// apiExport is GET /api/v1/export: the units streamed as TMX, TSV or
// JSONL from one read transaction.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) error {
	mems, err := scope(token(r), memoriesParam(r, "memory"))
	if err != nil {
		return err
	}
	if err := s.checkMemories(r.Context(), mems); err != nil {
		return err
	}
	q := r.URL.Query()
	fm := q.Get("format")
	ctype := map[string]string{"": "application/x-tmx+xml", "tmx": "application/x-tmx+xml", "tsv": "text/tab-separated-values; charset=utf-8", "jsonl": "application/jsonl"}[fm]
	if ctype == "" {
		return badRequest("format must be tmx, tsv or jsonl, not %s", quote(fm))
	}
	f := store.UnitFilter{Memories: mems}
	if v := q.Get("from"); v != "" {
		if f.SourceLang, err = parseLang("from", v); err != nil {
			return err
		}
	}
	if v := q.Get("to"); v != "" {
		if f.TargetLang, err = parseLang("to", v); err != nil {
			return err
		}
	}
	from := f.SourceLang
	if from == "" {
		from = "de"
	}
	w.Header().Set("Content-Type", ctype)
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := unitfmt.NewEncoder(bw, fm, from)
	started := false
	err = s.db.EachUnit(r.Context(), f, func(u *tm.Unit) error {
		started = true
		return enc.Encode(u)
	})
	if err == nil {
		err = enc.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && !started {
		return err
	}
	// Once the body has begun, the status is sent: the client sees a cut
	// document (invalid XML), and the log the cause.
	if err != nil {
		s.log.Error("export cut", "err", err)
	}
	return nil
}
