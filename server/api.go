package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/report"
)

// Pagination of GET /api/v1/units.
const (
	DefaultUnitsLimit = 100
	MaxUnitsLimit     = 1000
)

// token returns the request's token (anonymous readers get one without
// memories, which means all).
func token(r *http.Request) store.Token {
	t, _ := r.Context().Value(ctxKey{}).(store.Token)
	return t
}

func forbidden(format string, args ...any) error {
	return &httpError{status: http.StatusForbidden, code: "forbidden", msg: fmt.Sprintf(format, args...)}
}

// inScope reports whether tok may see or change memory.
func inScope(tok store.Token, memory string) bool {
	return len(tok.Memories) == 0 || slices.Contains(tok.Memories, memory)
}

// scope returns the memories a request may use: those it asked for, each
// of which must be in the token's memories (else 403), or, when it asked
// for none, the token's memories (nil: all).
func scope(tok store.Token, asked []string) ([]string, error) {
	for _, m := range asked {
		if !inScope(tok, m) {
			return nil, forbidden("token %q may not use memory %s (its memories: %s)", tok.Name, quote(m), strings.Join(tok.Memories, ", "))
		}
	}
	if len(asked) == 0 && len(tok.Memories) > 0 {
		return append([]string(nil), tok.Memories...), nil
	}
	return asked, nil
}

// memoriesParam reads a comma-separated memory (or memories) parameter.
func memoriesParam(r *http.Request, name string) []string {
	var out []string
	for _, m := range strings.Split(r.URL.Query().Get(name), ",") {
		if m = strings.TrimSpace(m); m != "" {
			out = append(out, m)
		}
	}
	return out
}

// checkMemories returns ENOTFOUND for a memory that does not exist,
// cheaply (no unit counts).
func (s *Server) checkMemories(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	_, err := s.db.ListUnits(ctx, store.UnitListFilter{UnitFilter: store.UnitFilter{Memories: names}, Limit: 1})
	return err
}

func memoryOf(m store.Memory) report.Memory {
	j := report.Memory{Name: m.Name, Description: m.Description, Penalty: m.Penalty,
		OriginPenalty: m.Origin, StatusPenalty: m.Status, Units: m.Units, LanguagePairs: m.Pairs,
		Created: report.Time(m.Created), Changed: report.Time(m.Changed)}
	if j.OriginPenalty == nil {
		j.OriginPenalty = map[string]int{}
	}
	if j.StatusPenalty == nil {
		j.StatusPenalty = map[string]int{}
	}
	if j.LanguagePairs == nil {
		j.LanguagePairs = []string{}
	}
	return j
}

// apiMemories is GET /api/v1/memories: the memories the token may see,
// with their sizes and language pairs.
func (s *Server) apiMemories(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.db.Memories(r.Context())
	if err != nil {
		return err
	}
	tok := token(r)
	out := []report.Memory{}
	for _, m := range ms {
		if inScope(tok, m.Name) {
			out = append(out, memoryOf(m))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"memories": out})
	return nil
}

func (s *Server) apiMemory(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !inScope(token(r), name) {
		return forbidden("token %q may not use memory %s", token(r).Name, quote(name))
	}
	m, err := s.db.GetMemory(r.Context(), name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memoryOf(m))
	return nil
}

// memoryRequest is the body of POST and PATCH /api/v1/memories.
type memoryRequest struct {
	Name        string         `json:"name"`
	Description *string        `json:"description"`
	Penalty     *int           `json:"penalty"`
	Origin      map[string]int `json:"origin_penalties"`
	Status      map[string]int `json:"status_penalties"`
}

// apiCreateMemory is POST /api/v1/memories (admin).
func (s *Server) apiCreateMemory(w http.ResponseWriter, r *http.Request) error {
	var req memoryRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.Name == "" {
		return badRequest("name: the memory's name is required")
	}
	if !inScope(token(r), req.Name) {
		return forbidden("token %q may not use memory %s", token(r).Name, quote(req.Name))
	}
	desc, pen := "", 0
	if req.Description != nil {
		desc = *req.Description
	}
	if req.Penalty != nil {
		pen = *req.Penalty
	}
	if len(req.Origin) > 0 || len(req.Status) > 0 {
		// Check them before creating, so a bad one stores nothing.
		for _, m := range []map[string]int{req.Origin, req.Status} {
			for k, v := range m {
				if v < 0 || v > 100 {
					return badRequest("penalty %s: %d is not from 0 to 100", k, v)
				}
			}
		}
	}
	if _, err := s.db.CreateMemory(r.Context(), req.Name, desc, pen); err != nil {
		return err
	}
	if len(req.Origin) > 0 || len(req.Status) > 0 {
		if err := s.db.SetMemory(r.Context(), req.Name, store.MemoryChange{Origin: req.Origin, Status: req.Status}); err != nil {
			return err
		}
	}
	m, err := s.db.GetMemory(r.Context(), req.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, memoryOf(m))
	return nil
}

// apiSetMemory is PATCH /api/v1/memories/{name} (admin): penalties and
// description; "name" renames.
func (s *Server) apiSetMemory(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	tok := token(r)
	if !inScope(tok, name) {
		return forbidden("token %q may not use memory %s", tok.Name, quote(name))
	}
	var req memoryRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.Name != "" && req.Name != name && !inScope(tok, req.Name) {
		return forbidden("token %q may not use memory %s", tok.Name, quote(req.Name))
	}
	if err := s.db.SetMemory(r.Context(), name, store.MemoryChange{Penalty: req.Penalty, Description: req.Description,
		Origin: req.Origin, Status: req.Status}); err != nil {
		return err
	}
	if req.Name != "" && req.Name != name {
		if err := s.db.RenameMemory(r.Context(), name, req.Name); err != nil {
			return err
		}
		name = req.Name
	}
	m, err := s.db.GetMemory(r.Context(), name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memoryOf(m))
	return nil
}

// apiDeleteMemory is DELETE /api/v1/memories/{name}[?force=true] (admin).
func (s *Server) apiDeleteMemory(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if !inScope(token(r), name) {
		return forbidden("token %q may not use memory %s", token(r).Name, quote(name))
	}
	n, err := s.db.DeleteMemory(r.Context(), name, r.URL.Query().Get("force") == "true")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": name, "units": n})
	return nil
}

// apiUnits is GET /api/v1/units: the filters of `korpus units list`,
// paginated by id: at most limit units (default 100, at most 1000) after
// the cursor "after"; "next" is the cursor of the following page, absent
// on the last.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f store.UnitListFilter
	var err error
	if f.Memories, err = scope(token(r), memoriesParam(r, "memory")); err != nil {
		return err
	}
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
	if v := q.Get("status"); v != "" {
		if f.Status = tm.Status(v); !f.Status.Valid() {
			return badRequest("status %s: want one of new, draft, needs-review, translated, reviewed, final", quote(v))
		}
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"source", &f.Source}, {"target", &f.Target}, {"origin", (*string)(&f.Origin)}, {"creator", &f.Creator}} {
		*p.dst = q.Get(p.name)
		if len(*p.dst) > MaxQueryBytes {
			return &httpError{status: http.StatusRequestURITooLong, code: tm.EINVALID, msg: fmt.Sprintf("%s: over %d bytes", p.name, MaxQueryBytes)}
		}
		if err := checkText(p.name, *p.dst); err != nil {
			return err
		}
	}
	if f.Since, err = dateParam(q.Get("since"), "since", false); err != nil {
		return err
	}
	if f.Until, err = dateParam(q.Get("until"), "until", true); err != nil {
		return err
	}
	limit, err := intParam(r, "limit", DefaultUnitsLimit, 1, MaxUnitsLimit)
	if err != nil {
		return err
	}
	if v := q.Get("after"); v != "" {
		if f.After, err = strconv.ParseInt(v, 10, 64); err != nil || f.After < 0 {
			return badRequest("after must be a unit id (the next of the previous page), not %s", quote(v))
		}
	}
	f.Limit = limit + 1
	us, err := s.db.ListUnits(r.Context(), f)
	if err != nil {
		return err
	}
	out := struct {
		Units []report.Unit `json:"units"`
		Next  int64         `json:"next,omitempty"`
	}{Units: make([]report.Unit, 0, len(us))}
	if len(us) > limit {
		us = us[:limit]
		out.Next = us[limit-1].ID
	}
	for _, u := range us {
		out.Units = append(out.Units, report.UnitOf(u.Unit, u.Memory))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// scopedUnit reads {id} and returns the unit if the token may see it.
func (s *Server) scopedUnit(r *http.Request) (store.StoredUnit, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return store.StoredUnit{}, badRequest("unit id %s: want a positive number", quote(r.PathValue("id")))
	}
	u, err := s.db.GetUnit(r.Context(), id)
	if err != nil {
		return u, err
	}
	if tok := token(r); !inScope(tok, u.Memory) {
		return store.StoredUnit{}, forbidden("unit %d is in memory %s, outside token %q's memories", id, quote(u.Memory), tok.Name)
	}
	return u, nil
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.scopedUnit(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, report.UnitOf(u.Unit, u.Memory))
	return nil
}

// unitEditRequest is PATCH /api/v1/units/{id}'s body.
type unitEditRequest struct {
	Target *string `json:"target"`
	Status *string `json:"status"`
	Note   string  `json:"note"`
}

// apiEditUnit is PATCH /api/v1/units/{id} (write): target, status, note;
// the change is kept in the unit's history under the token's name.
func (s *Server) apiEditUnit(w http.ResponseWriter, r *http.Request) error {
	var req unitEditRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.Target == nil && req.Status == nil && req.Note == "" {
		return badRequest("nothing to change: give target, status or note")
	}
	if req.Target != nil {
		if err := checkText("target", *req.Target); err != nil {
			return err
		}
	}
	if err := checkText("note", req.Note); err != nil {
		return err
	}
	u, err := s.scopedUnit(r)
	if err != nil {
		return err
	}
	e := store.UnitEdit{Target: req.Target, Note: req.Note, User: token(r).Name}
	if req.Status != nil {
		st := tm.Status(*req.Status)
		e.Status = &st
	}
	nu, _, err := s.db.EditUnit(r.Context(), u.ID, e)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, report.UnitOf(nu.Unit, nu.Memory))
	return nil
}

// checkText rejects a target or note that is not valid UTF-8 or holds NUL.
func checkText(name, s string) error {
	if !utf8.ValidString(s) {
		return badRequest("%s is not valid UTF-8", name)
	}
	if strings.ContainsRune(s, 0) {
		return badRequest("%s contains a NUL character", name)
	}
	return nil
}

// apiDeleteUnit is DELETE /api/v1/units/{id} (write).
func (s *Server) apiDeleteUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.scopedUnit(r)
	if err != nil {
		return err
	}
	if _, err := s.db.DeleteUnitsAs(r.Context(), []int64{u.ID}, false, token(r).Name); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": []int64{u.ID}})
	return nil
}

// apiUnitHistory is GET /api/v1/units/{id}/history: the JSON of `korpus
// units history --json`, oldest first.
func (s *Server) apiUnitHistory(w http.ResponseWriter, r *http.Request) error {
	u, err := s.scopedUnit(r)
	if err != nil {
		return err
	}
	hist, err := s.db.UnitHistory(r.Context(), u.ID)
	if err != nil {
		return err
	}
	out := make([]report.UnitChange, 0, len(hist))
	for _, c := range hist {
		out = append(out, report.UnitChange{Change: c.Number, Time: report.Time(c.Time), User: c.User, Via: c.Via,
			OldTarget: c.OldTarget.Plain(), OldStatus: string(c.OldStatus),
			NewTarget: c.NewTarget.Plain(), NewStatus: string(c.NewStatus), Note: c.Note})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiRestoreUnit is POST /api/v1/units/{id}/restore (write) with
// {"change": N}: the target and status from before change N, as a new change.
func (s *Server) apiRestoreUnit(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Change int `json:"change"`
	}
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.Change < 1 {
		return badRequest("change: a change number from the unit's history (1 or more)")
	}
	u, err := s.scopedUnit(r)
	if err != nil {
		return err
	}
	nu, _, err := s.db.RestoreUnit(r.Context(), u.ID, req.Change, token(r).Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, report.UnitOf(nu.Unit, nu.Memory))
	return nil
}

// pairs returns the language pairs of the memories tok may see.
func (s *Server) pairs(ctx context.Context, tok store.Token) ([][2]string, error) {
	if len(tok.Memories) == 0 {
		return s.db.LanguagePairs(ctx)
	}
	ms, err := s.db.Memories(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, m := range ms {
		if !inScope(tok, m.Name) {
			continue
		}
		for _, p := range m.Pairs {
			a, b, _ := strings.Cut(p, "→")
			if k := [2]string{a, b}; !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.SortFunc(out, func(x, y [2]string) int { return strings.Compare(x[0]+"\x00"+x[1], y[0]+"\x00"+y[1]) })
	return out, nil
}

// apiWhoami is GET /api/v1/whoami: the request's token, so that a client
// (the web page) can offer only what its role allows.
func (s *Server) apiWhoami(w http.ResponseWriter, r *http.Request) error {
	tok := token(r)
	mems := tok.Memories
	if mems == nil {
		mems = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": tok.Name, "role": tok.Role, "memories": mems})
	return nil
}

// dateParam reads since/until as `units list --since/--until` do: a date
// (that day in UTC, its start or, for end, its last millisecond) or an
// RFC 3339 time.
func dateParam(v, name string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1).Add(-time.Millisecond)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, badRequest("%s %s: want a date (2026-12-01) or an RFC 3339 time (2026-12-01T14:30:00Z)", name, quote(v))
	}
	return t, nil
}
