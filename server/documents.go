package server

import (
	"bufio"
	"net/http"

	"github.com/korpus/korpus/internal/docdiff"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
)

// documentsAllowed refuses tokens limited to memories: documents and their
// versions belong to no memory, so such a token sees none.
func documentsAllowed(tok store.Token) error {
	if len(tok.Memories) > 0 {
		return forbidden("token %q is limited to memories; documents belong to none", tok.Name)
	}
	return nil
}

// apiDocuments is GET /api/v1/documents: `korpus docs --json`.
func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request) error {
	if err := documentsAllowed(token(r)); err != nil {
		return err
	}
	docs, err := s.db.Documents(r.Context())
	if err != nil {
		return err
	}
	out := make([]report.Document, 0, len(docs))
	for _, d := range docs {
		out = append(out, report.DocumentOf(d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": out})
	return nil
}

// apiDiff is GET /api/v1/diff?doc=NAME&old=N[&new=M][&target=LANG]
// [&changes=true][&format=json|html]: `korpus diff`'s JSON or its HTML page.
func (s *Server) apiDiff(w http.ResponseWriter, r *http.Request) error {
	tok := token(r)
	if err := documentsAllowed(tok); err != nil {
		return err
	}
	q := r.URL.Query()
	name := q.Get("doc")
	if name == "" {
		return badRequest("doc: the document's name is required")
	}
	if err := checkText("doc", name); err != nil {
		return err
	}
	oldV, err := intParam(r, "old", 0, 1, 1<<30)
	if err != nil {
		return err
	}
	if oldV == 0 {
		return badRequest("old: the number of the version to compare from is required")
	}
	newV, err := intParam(r, "new", 0, 1, 1<<30)
	if err != nil {
		return err
	}
	var target tm.Lang
	if v := q.Get("target"); v != "" {
		if target, err = parseLang("target", v); err != nil {
			return err
		}
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "html" {
		return badRequest("format must be json or html, not %s", quote(format))
	}
	rep, err := docdiff.Build(r.Context(), s.db, tm.DocRef{Name: name, Version: oldV}, tm.DocRef{Name: name, Version: newV}, target)
	if err != nil {
		return err
	}
	changes := q.Get("changes") == "true"
	if format == "html" {
		if changes {
			rep.Show = docdiff.ChangesInContext(rep.Pairs, 1)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		bw := bufio.NewWriter(w)
		if err := docdiff.WriteHTML(bw, rep); err != nil {
			return err
		}
		return bw.Flush()
	}
	if changes {
		rep.Changes = true
		rep.Pairs = docdiff.ChangedPairs(rep.Pairs)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
