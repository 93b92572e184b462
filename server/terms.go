package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
	"github.com/korpus/korpus/tm/term"
)

// The termbase over HTTP: GET /api/v1/terms searches it and recognises
// its terms in a text, POST /api/v1/terms (write role) imports concepts;
// /api/v1/lookup results carry the terms of each query.

// termsResponse is GET /api/v1/terms' body.
type termsResponse struct {
	Query string `json:"query"`
	// Found are the termbase's terms recognised in Query (inflected forms
	// and compounds included), as lookup gives them.
	Found []report.Term `json:"found"`
	// Concepts are the concepts with a from or to term containing Query
	// (case-folded), or every concept of the pair when there is no query,
	// at most limit of them.
	Concepts  []term.Concept `json:"concepts"`
	Truncated bool           `json:"truncated"`
}

// Limits of the terms API.
const (
	DefaultTermsLimit = 100
	MaxTermsLimit     = 1000
)

func (s *Server) apiTerms(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, to := tm.Lang("de"), tm.Lang("")
	var err error
	if v := q.Get("from"); v != "" {
		if from, err = parseLang("from", v); err != nil {
			return err
		}
	}
	if v := q.Get("to"); v == "" {
		return badRequest("to: the target language is required")
	} else if to, err = parseLang("to", v); err != nil {
		return err
	}
	text := q.Get("q")
	if text != "" {
		if err := checkQuery(text); err != nil {
			return err
		}
	}
	limit, err := intParam(r, "limit", DefaultTermsLimit, 1, MaxTermsLimit)
	if err != nil {
		return err
	}
	cs, err := s.db.Concepts(r.Context(), store.TermFilter{Glossary: q.Get("glossary"), Langs: []tm.Lang{from, to}})
	if err != nil {
		return err
	}
	res := termsResponse{Query: text, Found: report.TermsIn(term.NewRecognizer(cs, from, to), text), Concepts: []term.Concept{}}
	needle := strings.ToLower(strings.TrimSpace(text))
	for _, c := range cs {
		if needle != "" && !conceptHas(c, needle, from, to) {
			continue
		}
		if len(res.Concepts) == limit {
			res.Truncated = true
			break
		}
		res.Concepts = append(res.Concepts, c)
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// conceptHas reports whether a from or to term of c contains needle
// (lower case).
func conceptHas(c term.Concept, needle string, from, to tm.Lang) bool {
	for _, l := range []tm.Lang{from, to} {
		for _, t := range c.In(l) {
			if strings.Contains(strings.ToLower(t.Text), needle) {
				return true
			}
		}
	}
	return false
}

// termsPost is POST /api/v1/terms' JSON body (the shape of korpus terms
// list --json).
type termsPost struct {
	Glossary string         `json:"glossary"`
	Concepts []term.Concept `json:"concepts"`
}

type sliceConcepts struct {
	cs []term.Concept
	i  int
}

func (r *sliceConcepts) Next() (*term.Concept, error) {
	if r.i >= len(r.cs) {
		return nil, io.EOF
	}
	r.i++
	return &r.cs[r.i-1], nil
}

// termsImportResponse is POST /api/v1/terms' answer: the terms import
// report.
type termsImportResponse struct {
	Format   string `json:"format"`
	Glossary string `json:"glossary"`
	DryRun   bool   `json:"dry_run"`
	store.TermImportStats
}

// apiAddTerms imports concepts in one transaction: a JSON body
// {"glossary", "concepts": [...]}, or a TBX or CSV/TSV glossary body as
// korpus terms import reads it (?glossary=&from=&to= for the glossary's
// name and columns). ?dry_run=true stores nothing.
func (s *Server) apiAddTerms(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	opts := store.TermImportOptions{Glossary: q.Get("glossary"), DryRun: q.Get("dry_run") == "true"}
	var dec term.Reader
	format := "JSON"
	if ct := r.Header.Get("Content-Type"); ct == "" || strings.HasPrefix(ct, "application/json") {
		var req termsPost
		if err := readJSON(w, r, &req); err != nil {
			return err
		}
		if len(req.Concepts) == 0 {
			return badRequest("concepts: at least one concept")
		}
		for i, c := range req.Concepts {
			if len(c.Terms) == 0 {
				return badRequest("concepts[%d]: no terms", i)
			}
			for j, t := range c.Terms {
				if strings.TrimSpace(t.Text) == "" || t.Lang == "" {
					return badRequest("concepts[%d].terms[%d]: a term needs text and lang", i, j)
				}
				if _, ok := term.ParseStatus(string(t.Status)); !ok {
					return badRequest("concepts[%d].terms[%d]: status %q: want preferred, admitted, deprecated or forbidden", i, j, t.Status)
				}
			}
		}
		for i := range req.Concepts { // ids are the server's, not the client's
			req.Concepts[i].ID = 0
			for j := range req.Concepts[i].Terms {
				req.Concepts[i].Terms[j].ID = 0
			}
		}
		if req.Glossary != "" {
			opts.Glossary = req.Glossary
		}
		dec = &sliceConcepts{cs: req.Concepts}
	} else {
		from, to := tm.Lang("de"), tm.Lang("en")
		var err error
		if v := q.Get("from"); v != "" {
			if from, err = parseLang("from", v); err != nil {
				return err
			}
		}
		if v := q.Get("to"); v != "" {
			if to, err = parseLang("to", v); err != nil {
				return err
			}
		}
		kind, rd, err := term.Detect(http.MaxBytesReader(w, r.Body, MaxImportBytes))
		if err != nil {
			return badRequest("request body: %v", err)
		}
		format = strings.ToUpper(string(kind))
		if kind == term.FormatTBX {
			dec = term.NewTBXDecoder(rd, "request body")
		} else {
			dec = term.NewGlossaryDecoder(rd, "request body", kind, from, to)
		}
	}
	if opts.Glossary == "" {
		opts.Glossary = store.DefaultGlossary
	}
	st, err := s.db.ImportTerms(r.Context(), dec, opts)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{status: http.StatusRequestEntityTooLarge, code: tm.EINVALID, msg: "terms body too large"}
		}
		return err
	}
	writeJSON(w, http.StatusOK, termsImportResponse{Format: format, Glossary: opts.Glossary, DryRun: opts.DryRun, TermImportStats: st})
	return nil
}

// addTerms fills each lookup result's terms: the termbase's terms found
// in its query.
func (s *Server) addTerms(ctx context.Context, from, to tm.Lang, res []report.Lookup) error {
	rec, err := s.db.Recognizer(ctx, from, to)
	if err != nil {
		return err
	}
	for i := range res {
		res[i].Terms = report.TermsIn(rec, res[i].Query)
	}
	return nil
}
