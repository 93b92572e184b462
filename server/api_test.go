package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// scoped adds memories legal and marketing with a unit each and tokens
// limited to legal: legalRead, legalWrite, legalAdmin.
type scoped struct {
	*fixture
	legalRead, legalWrite, legalAdmin string
	legalID, marketingID              int64
}

func newScoped(t *testing.T) *scoped {
	t.Helper()
	f := newFixture(t, server.Options{})
	ctx := context.Background()
	s := &scoped{fixture: f}
	for _, m := range []struct{ name, src, tgt string }{
		{"legal", "Die Klausel ist nichtig.", "The clause is void."},
		{"marketing", "Die Klausel ist wunderbar.", "The clause is wonderful."},
	} {
		if _, err := f.db.CreateMemory(ctx, m.name, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.ImportUnits(ctx, &sliceReader{units: []*tm.Unit{unit(m.src, m.tgt, "de", "en")}}, store.ImportOptions{Memory: m.name}); err != nil {
			t.Fatal(err)
		}
		us, err := f.db.ListUnits(ctx, store.UnitListFilter{UnitFilter: store.UnitFilter{Memories: []string{m.name}}})
		if err != nil || len(us) != 1 {
			t.Fatal(us, err)
		}
		if m.name == "legal" {
			s.legalID = us[0].ID
		} else {
			s.marketingID = us[0].ID
		}
	}
	if _, err := f.db.IndexUnits(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	for _, r := range []struct {
		dst  *string
		role string
	}{{&s.legalRead, "read"}, {&s.legalWrite, "write"}, {&s.legalAdmin, "admin"}} {
		if *r.dst, err = f.db.CreateToken(ctx, "legal-"+r.role, r.role, []string{"legal"}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func decode[T any](t *testing.T, st int, b []byte, want int) T {
	t.Helper()
	if st != want {
		t.Fatalf("status %d, want %d: %s", st, want, b)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

type memoriesBody struct {
	Memories []struct {
		Name          string
		Units         int
		Penalty       int
		LanguagePairs []string `json:"language_pairs"`
	}
}

func memoryNames(t *testing.T, f *fixture, tok string) string {
	t.Helper()
	st, b := f.do(t, "GET", "/api/v1/memories", tok, "")
	var names []string
	for _, m := range decode[memoriesBody](t, st, b, 200).Memories {
		names = append(names, fmt.Sprintf("%s:%d", m.Name, m.Units))
	}
	return strings.Join(names, " ")
}

func TestMemoriesAPI(t *testing.T) {
	s := newScoped(t)
	if got := memoryNames(t, s.fixture, s.read); got != "default:4 legal:1 marketing:1" {
		t.Fatalf("memories: %s", got)
	}
	if got := memoryNames(t, s.fixture, s.legalRead); got != "legal:1" {
		t.Fatalf("a token limited to legal sees %s", got)
	}
	st, b := s.do(t, "GET", "/api/v1/memories/legal", s.legalRead, "")
	if m := decode[struct{ Name, Description string }](t, st, b, 200); m.Name != "legal" {
		t.Fatal(m)
	}
	st, b = s.do(t, "GET", "/api/v1/memories/marketing", s.legalRead, "")
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "GET", "/api/v1/memories/nope", s.read, "")
	wantJSONError(t, st, b, 404, "not_found")
	st, b = s.do(t, "GET", "/api/v1/memories", "", "")
	wantJSONError(t, st, b, 401, "unauthorized")

	// Create: admin only, checked before anything is stored.
	st, b = s.do(t, "POST", "/api/v1/memories", s.write, `{"name":"vendor"}`)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "POST", "/api/v1/memories", s.legalAdmin, `{"name":"vendor"}`)
	wantJSONError(t, st, b, 403, "forbidden")
	for _, body := range []string{`{"name":""}`, `{"name":"a,b"}`, `{"name":"v","penalty":101}`,
		`{"name":"v","origin_penalties":{"mt":200}}`, `{"name":"v","bogus":1}`, `{"name":`} {
		st, b = s.do(t, "POST", "/api/v1/memories", s.admin, body)
		wantJSONError(t, st, b, 400, "invalid")
	}
	st, b = s.do(t, "POST", "/api/v1/memories", s.admin, `{"name":"legal"}`)
	wantJSONError(t, st, b, 409, "conflict")
	if got := memoryNames(t, s.fixture, s.read); got != "default:4 legal:1 marketing:1" {
		t.Fatalf("failed creates stored something: %s", got)
	}
	st, b = s.do(t, "POST", "/api/v1/memories", s.admin, `{"name":"vendor","description":"from the agency","penalty":10,"origin_penalties":{"mt":30}}`)
	m := decode[struct {
		Name, Description string
		Penalty           int
		Origin            map[string]int `json:"origin_penalties"`
	}](t, st, b, 201)
	if m.Name != "vendor" || m.Penalty != 10 || m.Description != "from the agency" || m.Origin["mt"] != 30 {
		t.Fatalf("created %+v", m)
	}

	// Set and rename.
	st, b = s.do(t, "PATCH", "/api/v1/memories/vendor", s.admin, `{"penalty":5,"name":"agency"}`)
	if m := decode[struct {
		Name    string
		Penalty int
	}](t, st, b, 200); m.Name != "agency" || m.Penalty != 5 {
		t.Fatal(m)
	}
	st, b = s.do(t, "PATCH", "/api/v1/memories/agency", s.admin, `{"penalty":-1}`)
	wantJSONError(t, st, b, 400, "invalid")
	st, b = s.do(t, "PATCH", "/api/v1/memories/nope", s.admin, `{"penalty":1}`)
	wantJSONError(t, st, b, 404, "not_found")
	st, b = s.do(t, "PATCH", "/api/v1/memories/marketing", s.legalAdmin, `{"penalty":1}`)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "PATCH", "/api/v1/memories/legal", s.read, `{"penalty":1}`)
	wantJSONError(t, st, b, 403, "forbidden")

	// Delete: a memory with units needs force.
	st, b = s.do(t, "DELETE", "/api/v1/memories/marketing", s.admin, "")
	wantJSONError(t, st, b, 409, "conflict")
	st, b = s.do(t, "DELETE", "/api/v1/memories/default", s.admin, "")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = s.do(t, "DELETE", "/api/v1/memories/marketing?force=true", s.legalAdmin, "")
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "DELETE", "/api/v1/memories/marketing?force=true", s.admin, "")
	if d := decode[struct{ Deleted string }](t, st, b, 200); d.Deleted != "marketing" {
		t.Fatal(d)
	}
	st, b = s.do(t, "DELETE", "/api/v1/memories/agency", s.admin, "")
	decode[struct{}](t, st, b, 200)
	if got := memoryNames(t, s.fixture, s.read); got != "default:4 legal:1" {
		t.Fatalf("after deletes: %s", got)
	}
}

type unitsPage struct {
	Units []struct {
		ID                     int64
		Memory, Source, Target string
		Status                 string
	}
	Next int64
}

func TestUnitsListAPI(t *testing.T) {
	s := newScoped(t)
	// Walk every page of two.
	var ids []int64
	after := int64(0)
	for page := 0; page < 10; page++ {
		st, b := s.do(t, "GET", fmt.Sprintf("/api/v1/units?limit=2&after=%d", after), s.read, "")
		p := decode[unitsPage](t, st, b, 200)
		for _, u := range p.Units {
			ids = append(ids, u.ID)
		}
		if p.Next == 0 {
			break
		}
		if len(p.Units) != 2 || p.Next != p.Units[1].ID {
			t.Fatalf("page %d: %+v", page, p)
		}
		after = p.Next
	}
	if len(ids) != 6 {
		t.Fatalf("pages gave %v, want the 6 units", ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("not by id: %v", ids)
		}
	}
	for _, c := range []struct {
		query, tok string
		want       int
	}{
		{"memory=legal", "", 1},
		{"memory=legal,marketing", "", 2},
		{"source=Klausel", "", 2},
		{"target=" + url.QueryEscape("treaty"), "", 2},
		{"to=pt", "", 1},
		{"from=de&to=en&status=translated", "", 5},
		{"origin=tmx", "", 6},
		{"origin=manual", "", 0},
		{"since=2024-01-01&until=2024-01-02", "", 6},
		{"until=2023-12-31", "", 0},
		{"since=" + url.QueryEscape("2024-01-02T03:04:06Z"), "", 0},
		{"creator=nobody", "", 0},
		{"", "legal", 1},
		{"source=Klausel", "legal", 1},
		{"memory=legal", "legal", 1},
	} {
		tok := s.read
		if c.tok == "legal" {
			tok = s.legalRead
		}
		st, b := s.do(t, "GET", "/api/v1/units?"+c.query, tok, "")
		if p := decode[unitsPage](t, st, b, 200); len(p.Units) != c.want {
			t.Errorf("%s (%s token): %d units, want %d: %s", c.query, c.tok, len(p.Units), c.want, b)
		}
	}
	for _, c := range []struct {
		query, code string
		status      int
	}{
		{"limit=0", "invalid", 400},
		{"limit=1001", "invalid", 400},
		{"limit=x", "invalid", 400},
		{"after=-1", "invalid", 400},
		{"after=abc", "invalid", 400},
		{"status=done", "invalid", 400},
		{"since=yesterday", "invalid", 400},
		{"from=" + strings.Repeat("x", 40), "invalid", 400},
		{"memory=nope", "not_found", 404},
		{"source=" + strings.Repeat("a", 5000), "invalid", 414},
		{"source=%00", "invalid", 400},
	} {
		st, b := s.do(t, "GET", "/api/v1/units?"+c.query, s.read, "")
		wantJSONError(t, st, b, c.status, c.code)
	}
	st, b := s.do(t, "GET", "/api/v1/units?memory=marketing", s.legalRead, "")
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "GET", "/api/v1/units", "", "")
	wantJSONError(t, st, b, 401, "unauthorized")
}

type unitBody struct {
	ID                     int64
	Memory, Source, Target string
	Status, Changer        string
	Notes                  []struct{ From, Text string }
}

func TestUnitAPI(t *testing.T) {
	s := newScoped(t)
	ctx := context.Background()
	legal := fmt.Sprintf("/api/v1/units/%d", s.legalID)
	marketing := fmt.Sprintf("/api/v1/units/%d", s.marketingID)

	st, b := s.do(t, "GET", legal, s.legalRead, "")
	if u := decode[unitBody](t, st, b, 200); u.Target != "The clause is void." || u.Memory != "legal" {
		t.Fatal(u)
	}
	for _, c := range []struct {
		method, path, tok, body, code string
		status                        int
	}{
		{"GET", marketing, s.legalRead, "", "forbidden", 403},
		{"GET", "/api/v1/units/999999", s.read, "", "not_found", 404},
		{"GET", "/api/v1/units/0", s.read, "", "invalid", 400},
		{"GET", "/api/v1/units/abc", s.read, "", "invalid", 400},
		{"GET", "/api/v1/units/99999999999999999999", s.read, "", "invalid", 400},
		{"GET", legal, "", "", "unauthorized", 401},
		{"GET", legal, "korpus_wrong", "", "unauthorized", 401},
		{"PATCH", legal, s.read, `{"target":"x"}`, "forbidden", 403},
		{"PATCH", legal, s.legalRead, `{"target":"x"}`, "forbidden", 403},
		{"PATCH", marketing, s.legalWrite, `{"target":"x"}`, "forbidden", 403},
		{"PATCH", legal, s.write, `{}`, "invalid", 400},
		{"PATCH", legal, s.write, `{"target":"  "}`, "invalid", 400},
		{"PATCH", legal, s.write, `{"status":"done"}`, "invalid", 400},
		{"PATCH", legal, s.write, `{"target":"a\u0000b"}`, "invalid", 400},
		{"PATCH", legal, s.write, `{"target":"x",}`, "invalid", 400},
		{"PATCH", legal, s.write, `{"target":"x","extra":1}`, "invalid", 400},
		{"PATCH", legal, s.write, `[1,2]`, "invalid", 400},
		{"PATCH", legal, s.write, `{"target":"x"}{"target":"y"}`, "invalid", 400},
		{"PATCH", "/api/v1/units/999999", s.write, `{"target":"x"}`, "not_found", 404},
		{"DELETE", legal, s.read, "", "forbidden", 403},
		{"DELETE", marketing, s.legalWrite, "", "forbidden", 403},
		{"DELETE", "/api/v1/units/999999", s.write, "", "not_found", 404},
		{"GET", marketing + "/history", s.legalRead, "", "forbidden", 403},
		{"GET", "/api/v1/units/999999/history", s.read, "", "not_found", 404},
		{"POST", legal + "/restore", s.write, `{"change":1}`, "not_found", 404},
		{"POST", legal + "/restore", s.write, `{"change":0}`, "invalid", 400},
		{"POST", legal + "/restore", s.read, `{"change":1}`, "forbidden", 403},
	} {
		st, b := s.do(t, c.method, c.path, c.tok, c.body)
		if st != c.status {
			t.Errorf("%s %s %s: status %d, want %d: %s", c.method, c.path, c.body, st, c.status, b)
			continue
		}
		wantJSONError(t, st, b, c.status, c.code)
	}
	// None of the refused requests changed anything.
	for _, id := range []int64{s.legalID, s.marketingID} {
		u, err := s.db.GetUnit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if u.Target.Plain() == "x" || u.Changer != "" {
			t.Fatalf("a refused request changed unit %d: %+v", id, u)
		}
		if h, _ := s.db.UnitHistory(ctx, id); len(h) != 0 {
			t.Fatalf("a refused request made history: %+v", h)
		}
	}

	// An edit by the legal write token, recorded under its name.
	st, b = s.do(t, "PATCH", legal, s.legalWrite, `{"target":"The clause is null and void.","status":"reviewed","note":"checked"}`)
	if u := decode[unitBody](t, st, b, 200); u.Target != "The clause is null and void." || u.Status != "reviewed" || u.Changer != "legal-write" {
		t.Fatalf("after edit: %+v", u)
	}
	if u, _ := s.db.GetUnit(ctx, s.legalID); u.Target.Plain() != "The clause is null and void." || u.Status != tm.StatusReviewed {
		t.Fatalf("store has %+v", u)
	}
	st, b = s.do(t, "GET", legal+"/history", s.legalRead, "")
	h := decode[[]struct {
		Change     int
		User, Note string
		OldTarget  string `json:"old_target"`
		NewTarget  string `json:"new_target"`
		OldStatus  string `json:"old_status"`
		NewStatus  string `json:"new_status"`
	}](t, st, b, 200)
	if len(h) != 1 || h[0].OldTarget != "The clause is void." || h[0].NewTarget != "The clause is null and void." ||
		h[0].User != "legal-write" || h[0].Note != "checked" || h[0].NewStatus != "reviewed" {
		t.Fatalf("history %+v", h)
	}
	// Concordance sees the edit at once.
	st, b = s.do(t, "GET", "/api/v1/concordance?q=null&target=true", s.legalRead, "")
	if c := decode[struct {
		Hits []struct {
			UnitID int64 `json:"unit_id"`
		}
	}](t, st, b, 200); len(c.Hits) != 1 || c.Hits[0].UnitID != s.legalID {
		t.Fatalf("concordance after edit: %s", b)
	}
	// Restore undoes it, as a new change.
	st, b = s.do(t, "POST", legal+"/restore", s.legalWrite, `{"change":1}`)
	if u := decode[unitBody](t, st, b, 200); u.Target != "The clause is void." {
		t.Fatal(u)
	}
	if h, _ := s.db.UnitHistory(ctx, s.legalID); len(h) != 2 {
		t.Fatalf("restore is not a change: %+v", h)
	}

	// Delete.
	st, b = s.do(t, "DELETE", legal, s.legalWrite, "")
	decode[struct{ Deleted []int64 }](t, st, b, 200)
	st, b = s.do(t, "GET", legal, s.read, "")
	wantJSONError(t, st, b, 404, "not_found")
	st, b = s.do(t, "POST", "/api/v1/lookup", s.read, `{"to":"en","queries":["Die Klausel ist nichtig."],"min":100}`)
	if strings.Contains(string(b), "void") {
		t.Fatalf("lookup finds a deleted unit: %s", b)
	}
	// The marketing unit is still there.
	if _, err := s.db.GetUnit(ctx, s.marketingID); err != nil {
		t.Fatal(err)
	}
}

// TestMemoryScopes: a token made with --memory legal reads and writes
// only legal, on every endpoint.
func TestMemoryScopes(t *testing.T) {
	s := newScoped(t)
	ctx := context.Background()
	q := url.PathEscape("Die Klausel ist nichtig.")

	// amaGama: only legal's match.
	st, b := s.do(t, "GET", "/tmserver/de/en/unit/"+q+"?min_similarity=50", s.legalRead, "")
	if st != 200 || !strings.Contains(string(b), "void") || strings.Contains(string(b), "wonderful") {
		t.Fatalf("tmserver for legal: %d %s", st, b)
	}
	st, b = s.do(t, "GET", "/tmserver/de/en/unit/"+q+"?min_similarity=50", s.read, "")
	if st != 200 || !strings.Contains(string(b), "wonderful") {
		t.Fatalf("tmserver for all: %d %s", st, b)
	}
	// Bulk lookup.
	body := `{"to":"en","queries":["Die Klausel ist nichtig."],"min":50}`
	st, b = s.do(t, "POST", "/api/v1/lookup", s.legalRead, body)
	if st != 200 || !strings.Contains(string(b), "void") || strings.Contains(string(b), "wonderful") {
		t.Fatalf("lookup for legal: %d %s", st, b)
	}
	st, b = s.do(t, "POST", "/api/v1/lookup", s.legalRead, `{"to":"en","queries":["x y z"],"memories":["marketing"]}`)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "POST", "/api/v1/lookup", s.read, `{"to":"en","queries":["x y z"],"memories":["nope"]}`)
	wantJSONError(t, st, b, 404, "not_found")
	// Concordance.
	st, b = s.do(t, "GET", "/api/v1/concordance?q=Klausel", s.legalRead, "")
	if c := decode[struct{ Hits []struct{ Memory string } }](t, st, b, 200); len(c.Hits) != 1 || c.Hits[0].Memory != "legal" {
		t.Fatalf("concordance for legal: %s", b)
	}
	st, b = s.do(t, "GET", "/api/v1/concordance?q=Klausel&memory=marketing", s.legalRead, "")
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "GET", "/api/v1/concordance?q=Klausel&memory=marketing", s.read, "")
	if c := decode[struct{ Hits []struct{ Memory string } }](t, st, b, 200); len(c.Hits) != 1 || c.Hits[0].Memory != "marketing" {
		t.Fatalf("concordance in marketing: %s", b)
	}
	// Languages: legal holds only de→en.
	st, b = s.do(t, "GET", "/tmserver/languages/", s.legalRead, "")
	if st != 200 || strings.Contains(string(b), "pt") {
		t.Fatalf("languages for legal: %s", b)
	}
	// Export: only legal's unit.
	st, b = s.do(t, "GET", "/api/v1/export?format=tsv", s.legalRead, "")
	if st != 200 || !strings.Contains(string(b), "void") || strings.Contains(string(b), "treaty") || strings.Contains(string(b), "wonderful") {
		t.Fatalf("export for legal: %d %s", st, b)
	}
	st, b = s.do(t, "GET", "/api/v1/export?format=tsv&memory=marketing", s.legalRead, "")
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "GET", "/api/v1/export?format=tsv&memory=marketing", s.read, "")
	if st != 200 || !strings.Contains(string(b), "wonderful") || strings.Contains(string(b), "void") {
		t.Fatalf("export of marketing: %d %s", st, b)
	}
	// Import: not into default or marketing, into legal yes.
	before, _ := s.db.CountUnits(ctx, store.UnitFilter{})
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDer Vertrag ist gültig.\tThe contract is valid.\n"
	st, b = s.do(t, "POST", "/api/v1/import", s.legalWrite, tsv)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = s.do(t, "POST", "/api/v1/import?memory=marketing", s.legalWrite, tsv)
	wantJSONError(t, st, b, 403, "forbidden")
	if n, _ := s.db.CountUnits(ctx, store.UnitFilter{}); n != before {
		t.Fatalf("a refused import stored units: %d → %d", before, n)
	}
	st, b = s.do(t, "POST", "/api/v1/import?memory=legal", s.legalWrite, tsv)
	if st != 200 {
		t.Fatalf("import into legal: %d %s", st, b)
	}
	if n, _ := s.db.CountUnits(ctx, store.UnitFilter{Memories: []string{"legal"}}); n != 2 {
		t.Fatalf("legal holds %d units after import, want 2", n)
	}
	st, b = s.do(t, "GET", "/api/v1/whoami", s.legalWrite, "")
	if w := decode[struct {
		Name, Role string
		Memories   []string
	}](t, st, b, 200); w.Name != "legal-write" || w.Role != "write" || strings.Join(w.Memories, ",") != "legal" {
		t.Fatalf("whoami: %+v", w)
	}
	// Anonymous reading sees everything; writing still needs a token.
	a := newFixture(t, server.Options{AnonymousRead: true})
	st, b = a.do(t, "GET", "/api/v1/units", "", "")
	if p := decode[unitsPage](t, st, b, 200); len(p.Units) != 4 {
		t.Fatalf("anonymous: %s", b)
	}
	st, b = a.do(t, "DELETE", "/api/v1/units/1", "", "")
	wantJSONError(t, st, b, 401, "unauthorized")
	st, b = a.do(t, "GET", "/api/v1/whoami", "", "")
	if w := decode[struct{ Name, Role string }](t, st, b, 200); w.Role != "read" {
		t.Fatalf("anonymous whoami: %+v", w)
	}
}

// TestWarmMatchersFollowChanges: the server keeps matchers across
// requests; a lookup after a delete, a penalty change, a new memory or an
// import sees the change.
func TestWarmMatchersFollowChanges(t *testing.T) {
	s := newScoped(t)
	look := func(body string) string {
		t.Helper()
		st, b := s.do(t, "POST", "/api/v1/lookup", s.admin, body)
		if st != 200 {
			t.Fatalf("lookup: %d %s", st, b)
		}
		return string(b)
	}
	q := `{"to":"en","queries":["Die Klausel ist nichtig."],"min":50}`
	if b := look(q); !strings.Contains(b, `"score":100`) || !strings.Contains(b, "wonderful") {
		t.Fatalf("first lookup: %s", b)
	}
	// A penalty on legal takes 10 off its exact match.
	if st, b := s.do(t, "PATCH", "/api/v1/memories/legal", s.admin, `{"penalty":10}`); st != 200 {
		t.Fatal(st, string(b))
	}
	if b := look(q); !strings.Contains(b, `"score":90`) {
		t.Fatalf("after the penalty: %s", b)
	}
	// A deleted unit is gone.
	if st, b := s.do(t, "DELETE", fmt.Sprintf("/api/v1/units/%d", s.marketingID), s.admin, ""); st != 200 {
		t.Fatal(st, string(b))
	}
	if b := look(q); strings.Contains(b, "wonderful") {
		t.Fatalf("after the delete: %s", b)
	}
	// A new memory and an import into it.
	if st, b := s.do(t, "POST", "/api/v1/memories", s.admin, `{"name":"neu"}`); st != 201 {
		t.Fatal(st, string(b))
	}
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDie Klausel ist gültig.\tThe clause is valid.\n"
	if st, b := s.do(t, "POST", "/api/v1/import?memory=neu", s.admin, tsv); st != 200 {
		t.Fatal(st, string(b))
	}
	if b := look(`{"to":"en","queries":["Die Klausel ist nichtig."],"min":50,"memories":["neu"]}`); !strings.Contains(b, "The clause is valid.") {
		t.Fatalf("after the import: %s", b)
	}
	if b := look(`{"to":"en","queries":["Die Klausel ist gültig."],"min":100}`); !strings.Contains(b, "The clause is valid.") {
		t.Fatalf("exact after the import: %s", b)
	}
}
