// Package server is korpus's HTTP layer: the amaGama-compatible tmserver
// endpoints CAT tools and Weblate call, the JSON API under /api/v1, health
// and metrics. It is thin over store and tm, as the CLI is; the JSON
// bodies are the CLI's --json shapes (tm/report).
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
)

// Limits on what a client may send.
const (
	MaxBodyBytes   = 1 << 20 // JSON request bodies
	MaxQueryBytes  = 4096    // one lookup query or concordance term
	MaxBulkQueries = 1000    // queries in one POST /api/v1/lookup
	MaxCandidates  = 100     // max_candidates / limit
)

// Options configure a Server.
type Options struct {
	// AnonymousRead opens the read endpoints to requests without a token.
	AnonymousRead bool
	Logger        *slog.Logger // nil: discard
}

// Server serves one korpus database.
type Server struct {
	db      *store.DB
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *metrics
	routes  []string // "METHOD /pattern", for the OpenAPI check
	pool    *matchers
}

// New returns a Server for db.
func New(db *store.DB, opts Options) *Server {
	s := &Server{db: db, opts: opts, log: opts.Logger, mux: http.NewServeMux(), metrics: newMetrics(), pool: newMatchers(db)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.handle("GET /healthz", "", s.healthz)
	s.handle("GET /metrics", "", s.serveMetrics)
	s.handle("GET /tmserver/languages/{$}", store.RoleRead, s.tmLanguages)
	s.handle("GET /tmserver/{src}/{tgt}/unit/{text...}", store.RoleRead, s.tmUnit)
	s.handle("POST /api/v1/lookup", store.RoleRead, s.apiLookup)
	s.handle("GET /api/v1/concordance", store.RoleRead, s.apiConcordance)
	s.handle("GET /api/v1/languages", store.RoleRead, s.apiLanguages)
	s.handle("GET /api/v1/terms", store.RoleRead, s.apiTerms)
	s.handle("POST /api/v1/terms", store.RoleWrite, s.apiAddTerms)
	s.handle("POST /api/v1/import", store.RoleWrite, s.apiImport)
	s.handle("GET /api/v1/export", store.RoleRead, s.apiExport)
	s.handle("GET /api/v1/whoami", store.RoleRead, s.apiWhoami)
	s.handle("GET /api/v1/documents", store.RoleRead, s.apiDocuments)
	s.handle("GET /api/v1/diff", store.RoleRead, s.apiDiff)
	s.handle("GET /api/v1/memories", store.RoleRead, s.apiMemories)
	s.handle("POST /api/v1/memories", store.RoleAdmin, s.apiCreateMemory)
	s.handle("GET /api/v1/memories/{name}", store.RoleRead, s.apiMemory)
	s.handle("PATCH /api/v1/memories/{name}", store.RoleAdmin, s.apiSetMemory)
	s.handle("DELETE /api/v1/memories/{name}", store.RoleAdmin, s.apiDeleteMemory)
	s.handle("GET /api/v1/units", store.RoleRead, s.apiUnits)
	s.handle("GET /api/v1/units/{id}", store.RoleRead, s.apiUnit)
	s.handle("PATCH /api/v1/units/{id}", store.RoleWrite, s.apiEditUnit)
	s.handle("DELETE /api/v1/units/{id}", store.RoleWrite, s.apiDeleteUnit)
	s.handle("GET /api/v1/units/{id}/history", store.RoleRead, s.apiUnitHistory)
	s.handle("POST /api/v1/units/{id}/restore", store.RoleWrite, s.apiRestoreUnit)
	s.handle("GET /openapi.yaml", "", s.openapi)
	s.handle("GET /{$}", "", s.page)
	s.mux.Handle("GET /static/", s.static())
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
	return s
}

// Routes returns the registered API routes as "METHOD /pattern".
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

type ctxKey struct{}

// handle registers h at pattern behind authentication for role ("" = no
// token needed), metrics and the request log.
func (s *Server) handle(pattern, role string, h func(http.ResponseWriter, *http.Request) error) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if role != "" {
			tok, status, msg := s.authenticate(r, role)
			if status != 0 {
				code := "unauthorized"
				if status == http.StatusForbidden {
					code = "forbidden"
				} else {
					w.Header().Set("WWW-Authenticate", `Bearer realm="korpus"`)
				}
				writeError(w, status, code, msg)
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, tok))
		}
		if err := h(w, r); err != nil {
			writeDomainError(w, err)
		}
	})
}

// authenticate checks the request's bearer token against role: status 0
// when it may proceed, else 401 or 403 with a message.
func (s *Server) authenticate(r *http.Request, role string) (store.Token, int, string) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		if s.opts.AnonymousRead && role == store.RoleRead {
			return store.Token{Name: "anonymous", Role: store.RoleRead}, 0, ""
		}
		return store.Token{}, http.StatusUnauthorized, "this endpoint needs a token: Authorization: Bearer TOKEN"
	}
	scheme, secret, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" {
		return store.Token{}, http.StatusUnauthorized, "the Authorization header must be \"Bearer TOKEN\""
	}
	tok, err := s.db.Authenticate(r.Context(), strings.TrimSpace(secret))
	if err != nil {
		if errors.Is(err, store.ErrBadToken) {
			return store.Token{}, http.StatusUnauthorized, "unknown or revoked token"
		}
		return store.Token{}, http.StatusInternalServerError, "cannot check the token"
	}
	if store.RoleRank(tok.Role) < store.RoleRank(role) {
		return store.Token{}, http.StatusForbidden, fmt.Sprintf("token %q has role %s; this endpoint needs %s", tok.Name, tok.Role, role)
	}
	return tok, 0, ""
}

// ServeHTTP logs the request, counts it and passes it to the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, tm.EINTERNAL, "internal error")
			}
		}
		d := time.Since(start)
		_, pattern := s.mux.Handler(r)
		if pattern == "" || pattern == "/" {
			pattern = "other"
		}
		s.metrics.observe(pattern, rec.status, d)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "route", pattern,
			"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
	}()
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// errorBody is every error's JSON: {"error": {"code", "message"}}.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

// writeDomainError maps a tm error code to an HTTP status; the one place
// that does, as exitCode is for the CLI.
func writeDomainError(w http.ResponseWriter, err error) {
	var he *httpError
	if errors.As(err, &he) {
		writeError(w, he.status, he.code, he.msg)
		return
	}
	code := tm.ErrorCode(err)
	status := http.StatusInternalServerError
	msg := err.Error()
	switch code {
	case tm.EINVALID:
		status = http.StatusBadRequest
	case tm.ENOTFOUND:
		status = http.StatusNotFound
	case tm.ECONFLICT:
		status = http.StatusConflict
	default:
		msg = "internal error" // the log has the cause; the client gets no internals
	}
	writeError(w, status, code, msg)
}

// httpError is an error with its own status (413, 415, …).
type httpError struct {
	status    int
	code, msg string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, code: tm.EINVALID, msg: fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.db.CountUnits(r.Context(), store.UnitFilter{}); err != nil {
		writeError(w, http.StatusServiceUnavailable, tm.EINTERNAL, "database not readable")
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// parseLang takes a language code as amaGama and BCP 47 spell it ("de",
// "pt_BR", "pt-BR").
func parseLang(name, s string) (tm.Lang, error) {
	if len(s) > 35 {
		return "", badRequest("%s: language code too long", name)
	}
	l, err := tm.ParseLang(s)
	if err != nil {
		return "", badRequest("%s: %v", name, err)
	}
	return l, nil
}

// checkQuery rejects queries the matcher should never see.
func checkQuery(q string) error {
	if len(q) > MaxQueryBytes {
		return &httpError{status: http.StatusRequestURITooLong, code: tm.EINVALID,
			msg: fmt.Sprintf("query of %d bytes; at most %d", len(q), MaxQueryBytes)}
	}
	if !utf8.ValidString(q) {
		return badRequest("query is not valid UTF-8")
	}
	if strings.ContainsRune(q, 0) {
		return badRequest("query contains a NUL character")
	}
	if tm.Normalize(q) == "" {
		return badRequest("empty query")
	}
	return nil
}

func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s must be an integer from %d to %d, not %q", name, lo, hi, v)
	}
	return n, nil
}

// lookup runs queries for one language pair with one (warm, pooled) matcher.
func (s *Server) lookup(ctx context.Context, from, to tm.Lang, queries []string, lo []store.LookupOptions) (_ []report.Lookup, err error) {
	m, done, err := s.pool.get(ctx, from, to)
	if err != nil {
		return nil, err
	}
	defer func() { done(err == nil) }()
	out := make([]report.Lookup, len(queries))
	for i, q := range queries {
		o := lo[i]
		if o.Min == 0 {
			o.Min = 1
		}
		ms, err := m.Lookup(ctx, tm.Text(q), o)
		if err != nil {
			return nil, err
		}
		out[i] = report.FromMatches(q, ms)
	}
	return out, nil
}

// tmUnit is amaGama's GET /tmserver/{src}/{tgt}/unit/{text}.
func (s *Server) tmUnit(w http.ResponseWriter, r *http.Request) error {
	from, err := parseLang("source language", r.PathValue("src"))
	if err != nil {
		return err
	}
	to, err := parseLang("target language", r.PathValue("tgt"))
	if err != nil {
		return err
	}
	text := r.PathValue("text")
	if err := checkQuery(text); err != nil {
		return err
	}
	minSim, err := intParam(r, "min_similarity", store.DefaultMin, 0, 100)
	if err != nil {
		return err
	}
	maxC, err := intParam(r, "max_candidates", store.DefaultLimit, 1, MaxCandidates)
	if err != nil {
		return err
	}
	mems, err := scope(token(r), nil)
	if err != nil {
		return err
	}
	res, err := s.lookup(r.Context(), from, to, []string{text}, []store.LookupOptions{{Min: minSim, Limit: maxC, Memories: mems}})
	if err != nil {
		return err
	}
	type amagama struct {
		Source  string  `json:"source"`
		Target  string  `json:"target"`
		Quality float64 `json:"quality"`
		Rank    float64 `json:"rank"`
	}
	out := make([]amagama, 0, len(res[0].Matches))
	for _, m := range res[0].Matches {
		q := math.Min(float64(m.Score), 100)
		out = append(out, amagama{Source: m.Source, Target: m.Target, Quality: q, Rank: q})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// tmLanguages is amaGama's GET /tmserver/languages/.
func (s *Server) tmLanguages(w http.ResponseWriter, r *http.Request) error {
	pairs, err := s.pairs(r.Context(), token(r))
	if err != nil {
		return err
	}
	src, tgt := []string{}, []string{}
	seenS, seenT := map[string]bool{}, map[string]bool{}
	for _, p := range pairs {
		// amaGama spells variants with an underscore (pt_BR).
		a, b := strings.ReplaceAll(p[0], "-", "_"), strings.ReplaceAll(p[1], "-", "_")
		if !seenS[a] {
			seenS[a] = true
			src = append(src, a)
		}
		if !seenT[b] {
			seenT[b] = true
			tgt = append(tgt, b)
		}
	}
	writeJSON(w, http.StatusOK, map[string][]string{"sourceLanguages": src, "targetLanguages": tgt})
	return nil
}

func (s *Server) apiLanguages(w http.ResponseWriter, r *http.Request) error {
	pairs, err := s.pairs(r.Context(), token(r))
	if err != nil {
		return err
	}
	type pair struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	out := make([]pair, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, pair{p[0], p[1]})
	}
	writeJSON(w, http.StatusOK, map[string]any{"pairs": out})
	return nil
}

// lookupRequest is POST /api/v1/lookup's body.
type lookupRequest struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Queries []string `json:"queries"`
	Min     *int     `json:"min"`
	Limit   int      `json:"limit"`
	// Prev and Next, when given, hold one neighbour per query, for
	// in-context matches ("" is a document boundary).
	Prev []string `json:"prev"`
	Next []string `json:"next"`
	// Memories, when given, restricts to these memories (404 for an
	// unknown one).
	Memories []string `json:"memories"`
}

// readJSON decodes a JSON body of at most MaxBodyBytes into v, strictly:
// no unknown fields, one value, valid UTF-8 (encoding/json would quietly
// turn invalid bytes into U+FFFD, and that would be stored).
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &httpError{status: http.StatusUnsupportedMediaType, code: tm.EINVALID, msg: "the body must be application/json, not " + ct}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{status: http.StatusRequestEntityTooLarge, code: tm.EINVALID, msg: fmt.Sprintf("request body over %d bytes", MaxBodyBytes)}
		}
		return badRequest("reading the body: %v", err)
	}
	if !utf8.Valid(body) {
		return badRequest("invalid JSON body: not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return badRequest("invalid JSON at byte %d: %v", se.Offset, err)
		}
		return badRequest("invalid JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("invalid JSON body: more than one value")
	}
	return nil
}

func (s *Server) apiLookup(w http.ResponseWriter, r *http.Request) error {
	var req lookupRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.From == "" {
		req.From = "de"
	}
	from, err := parseLang("from", req.From)
	if err != nil {
		return err
	}
	if req.To == "" {
		return badRequest("to: the target language is required")
	}
	to, err := parseLang("to", req.To)
	if err != nil {
		return err
	}
	if len(req.Queries) == 0 {
		return badRequest("queries: at least one query")
	}
	if len(req.Queries) > MaxBulkQueries {
		return badRequest("queries: %d queries; at most %d per request", len(req.Queries), MaxBulkQueries)
	}
	if (req.Prev != nil && len(req.Prev) != len(req.Queries)) || (req.Next != nil && len(req.Next) != len(req.Queries)) {
		return badRequest("prev and next, when given, need one entry per query")
	}
	minScore := store.DefaultMin
	if req.Min != nil {
		minScore = *req.Min
	}
	if minScore < 0 || minScore > 100 {
		return badRequest("min must be from 0 to 100")
	}
	if req.Limit < 0 || req.Limit > MaxCandidates {
		return badRequest("limit must be from 0 to %d", MaxCandidates)
	}
	mems, err := scope(token(r), req.Memories)
	if err != nil {
		return err
	}
	los := make([]store.LookupOptions, len(req.Queries))
	for i, q := range req.Queries {
		if err := checkQuery(q); err != nil {
			return badRequest("queries[%d]: %v", i, err)
		}
		los[i] = store.LookupOptions{Min: minScore, Limit: req.Limit, Memories: mems}
		if req.Prev != nil || req.Next != nil {
			los[i].Context = true
			if req.Prev != nil {
				los[i].Prev = req.Prev[i]
			}
			if req.Next != nil {
				los[i].Next = req.Next[i]
			}
		}
	}
	res, err := s.lookup(r.Context(), from, to, req.Queries, los)
	if err != nil {
		return err
	}
	if err := s.addTerms(r.Context(), from, to, res); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": res})
	return nil
}

// concordanceJSON is the same shape as `korpus concordance --json`.
type concordanceJSON = report.Concordance

func (s *Server) apiConcordance(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	term := q.Get("q")
	if err := checkQuery(term); err != nil {
		return err
	}
	var opts store.ConcordanceOptions
	var err error
	if v := q.Get("from"); v != "" {
		if opts.From, err = parseLang("from", v); err != nil {
			return err
		}
	}
	if v := q.Get("to"); v != "" {
		if opts.To, err = parseLang("to", v); err != nil {
			return err
		}
	}
	if opts.Memories, err = scope(token(r), memoriesParam(r, "memory")); err != nil {
		return err
	}
	opts.Target = q.Get("target") == "true"
	opts.Fold = q.Get("fold") == "true"
	limit, err := intParam(r, "limit", store.DefaultConcordanceLimit, 1, 1000)
	if err != nil {
		return err
	}
	opts.Limit = limit + 1
	hits, err := s.db.Concordance(r.Context(), term, opts)
	if err != nil {
		return err
	}
	more := len(hits) > limit
	if more {
		hits = hits[:limit]
	}
	out := concordanceJSON{Term: term, Hits: make([]report.Hit, 0, len(hits)), More: more}
	for _, h := range hits {
		out.Hits = append(out.Hits, report.HitOf(h.Unit, h.Memory, h.Spans))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
