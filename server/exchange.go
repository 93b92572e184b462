package server

import (
	"bufio"
	"errors"
	"net/http"
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/format"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/unitfmt"
)

// MaxImportBytes bounds an import body; it is streamed, never held whole.
const MaxImportBytes = 1 << 30

// checkMemory accepts the memory parameter. Until named memories exist
// the database is one memory, "default".
func checkMemory(r *http.Request) error {
	m := r.URL.Query().Get("memory")
	if m != "" && m != "default" {
		return &httpError{status: http.StatusNotFound, code: tm.ENOTFOUND, msg: "unknown memory " + quote(m)}
	}
	return nil
}

func quote(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return `"` + s + `"`
}

var formatNames = map[format.Format]string{
	format.TMX: "TMX", format.TSV: "TSV", format.JSONL: "JSONL",
}

// apiImport is POST /api/v1/import: a TMX, TSV or JSONL body, streamed
// into one transaction; the report is `import --json`'s.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) error {
	if err := checkMemory(r); err != nil {
		return err
	}
	ctx := r.Context()
	body := http.MaxBytesReader(w, r.Body, MaxImportBytes)
	kind, rd, err := format.Detect(body)
	if err != nil {
		return badRequest("request body: %v", err)
	}
	if kind == format.XLIFF12 || kind == format.XLIFF2 {
		return &httpError{status: http.StatusUnsupportedMediaType, code: tm.EINVALID, msg: "XLIFF import over HTTP is not supported yet; use korpus import"}
	}
	dec, err := unitfmt.NewDecoder(kind, rd, "request body", "")
	if err != nil {
		return err
	}
	start := time.Now()
	var ix store.IndexStats
	stats, err := s.db.ImportUnits(ctx, dec, store.ImportOptions{DryRun: r.URL.Query().Get("dry_run") == "true", Index: &ix})
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
	if err := checkMemory(r); err != nil {
		return err
	}
	q := r.URL.Query()
	fm := q.Get("format")
	ctype := map[string]string{"": "application/x-tmx+xml", "tmx": "application/x-tmx+xml", "tsv": "text/tab-separated-values; charset=utf-8", "jsonl": "application/jsonl"}[fm]
	if ctype == "" {
		return badRequest("format must be tmx, tsv or jsonl, not %s", quote(fm))
	}
	var f store.UnitFilter
	var err error
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
