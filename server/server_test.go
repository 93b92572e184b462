package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

type sliceReader struct{ units []*tm.Unit }

func (r *sliceReader) Next() (*tm.Unit, error) {
	if len(r.units) == 0 {
		return nil, io.EOF
	}
	u := r.units[0]
	r.units = r.units[1:]
	return u, nil
}

var t0 = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func unit(src, tgt, sl, tl string) *tm.Unit {
	return &tm.Unit{SourceLang: tm.Lang(sl), TargetLang: tm.Lang(tl), Source: tm.Text(src), Target: tm.Text(tgt),
		Origin: tm.OriginTMX, Created: t0, Changed: t0}
}

type fixture struct {
	db                 *store.DB
	srv                *httptest.Server
	read, write, admin string
	dbPath             string
}

func newFixture(t *testing.T, opts server.Options) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ImportUnits(ctx, &sliceReader{units: []*tm.Unit{
		unit("Der Vertrag tritt am 19. Juni in Kraft.", "The treaty enters into force on 19 June.", "de", "en"),
		unit("Das Wetter ist heute schön.", "The weather is nice today.", "de", "en"),
		unit("Der Vertrag wurde unterzeichnet.", "The treaty was signed.", "de", "en"),
		unit("Das Wetter ist heute schön.", "O tempo está bonito hoje.", "de", "pt-BR"),
	}}, store.ImportOptions{Index: &store.IndexStats{}}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, dbPath: path}
	for _, r := range []struct {
		dst  *string
		role string
	}{{&f.read, "read"}, {&f.write, "write"}, {&f.admin, "admin"}} {
		if *r.dst, err = db.CreateToken(ctx, r.role+"-token", r.role, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.srv = httptest.NewUnstartedServer(server.New(db, opts))
	f.srv.Config.MaxHeaderBytes = server.MaxHeaderBytes // as server.Run
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) do(t *testing.T, method, path, token, body string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// wantJSONError checks status and that the body is {"error":{"code","message"}}.
func wantJSONError(t *testing.T, status int, body []byte, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d; body %s", status, wantStatus, body)
	}
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	if e.Error.Code != wantCode || e.Error.Message == "" {
		t.Fatalf("error %+v, want code %q and a message", e.Error, wantCode)
	}
}

func TestTMServerUnit(t *testing.T) {
	f := newFixture(t, server.Options{})
	st, b := f.do(t, "GET", "/tmserver/de/en/unit/"+url.PathEscape("Der Vertrag tritt am 20. Juni in Kraft."), f.read, "")
	if st != 200 {
		t.Fatalf("status %d: %s", st, b)
	}
	var got []struct {
		Source, Target string
		Quality, Rank  float64
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Target != "The treaty enters into force on 19 June." || got[0].Quality < 70 || got[0].Quality >= 100 {
		t.Fatalf("matches %+v", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Quality > got[i-1].Quality {
			t.Fatalf("not best first: %+v", got)
		}
	}
	// exact match, pt_BR spelled as amaGama does; max_candidates; min_similarity.
	st, b = f.do(t, "GET", "/tmserver/de/pt_BR/unit/"+url.PathEscape("Das Wetter ist heute schön.")+"?max_candidates=1", f.read, "")
	if st != 200 || !strings.Contains(string(b), `"target":"O tempo está bonito hoje.","quality":100`) {
		t.Fatalf("pt_BR: %d %s", st, b)
	}
	st, b = f.do(t, "GET", "/tmserver/de/en/unit/"+url.PathEscape("Der Vertrag tritt am 20. Juni in Kraft.")+"?min_similarity=100", f.read, "")
	if st != 200 || string(b) != "[]\n" {
		t.Fatalf("min_similarity=100: %d %s", st, b)
	}
	st, b = f.do(t, "GET", "/tmserver/de/en/unit/x?min_similarity=200", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "GET", "/tmserver/de/xx-invalid-!!/unit/x", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
}

func TestTMServerLanguages(t *testing.T) {
	f := newFixture(t, server.Options{})
	st, b := f.do(t, "GET", "/tmserver/languages/", f.read, "")
	if st != 200 {
		t.Fatal(st, string(b))
	}
	var got struct{ SourceLanguages, TargetLanguages []string }
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.SourceLanguages, ",") != "de" || strings.Join(got.TargetLanguages, ",") != "en,pt_BR" {
		t.Fatalf("%+v", got)
	}
}

func TestAuth(t *testing.T) {
	f := newFixture(t, server.Options{})
	path := "/tmserver/de/en/unit/Hallo"
	st, b := f.do(t, "GET", path, "", "")
	wantJSONError(t, st, b, 401, "unauthorized")
	st, b = f.do(t, "GET", path, "korpus_wrong", "")
	wantJSONError(t, st, b, 401, "unauthorized")
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.Header.Set("Authorization", "Basic "+f.read)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	wantJSONError(t, resp.StatusCode, b, 401, "unauthorized")
	for _, tok := range []string{f.read, f.write, f.admin} {
		if st, b := f.do(t, "GET", path, tok, ""); st != 200 {
			t.Fatalf("token: %d %s", st, b)
		}
	}
	// A revoked token stops working at once.
	if err := f.db.RevokeToken(context.Background(), "read-token"); err != nil {
		t.Fatal(err)
	}
	st, b = f.do(t, "GET", path, f.read, "")
	wantJSONError(t, st, b, 401, "unauthorized")
	// Health needs no token.
	if st, b := f.do(t, "GET", "/healthz", "", ""); st != 200 || !strings.Contains(string(b), "ok") {
		t.Fatal(st, string(b))
	}
}

func TestAnonymousRead(t *testing.T) {
	f := newFixture(t, server.Options{AnonymousRead: true})
	if st, b := f.do(t, "GET", "/tmserver/de/en/unit/Hallo", "", ""); st != 200 {
		t.Fatal(st, string(b))
	}
	// A wrong token is still refused: anonymous access is for no token.
	st, b := f.do(t, "GET", "/tmserver/de/en/unit/Hallo", "korpus_wrong", "")
	wantJSONError(t, st, b, 401, "unauthorized")
}

func TestAPILookup(t *testing.T) {
	f := newFixture(t, server.Options{})
	st, b := f.do(t, "POST", "/api/v1/lookup", f.read, `{"from":"de","to":"en","queries":["Der Vertrag tritt am 19. Juni in Kraft.","Das Wetter ist heute schön!","Völlig anderer Satz ohne Treffer."],"limit":3}`)
	if st != 200 {
		t.Fatal(st, string(b))
	}
	var got struct {
		Results []struct {
			Query   string
			Matches []struct {
				Score  int
				Kind   string
				Target string
				UnitID int64 `json:"unit_id"`
				Diff   []struct{ Op, Text string }
			}
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 3 || got.Results[0].Matches[0].Score != 100 || got.Results[0].Matches[0].Kind != "exact" ||
		got.Results[1].Query != "Das Wetter ist heute schön!" || got.Results[1].Matches[0].Target != "The weather is nice today." ||
		len(got.Results[2].Matches) != 0 || got.Results[0].Matches[0].UnitID == 0 || len(got.Results[1].Matches[0].Diff) == 0 {
		t.Fatalf("%s", b)
	}
	// In context: prev/next per query.
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to":"en","queries":["Das Wetter ist heute schön."],"prev":[""],"next":[""]}`)
	if st != 200 || !strings.Contains(string(b), `"score":100`) && !strings.Contains(string(b), `"score":101`) {
		t.Fatal(st, string(b))
	}
	// Memories: the JSON names the memory and the penalties; a penalty
	// on default turns the 100 into 90; memories restricts; unknown is 404.
	ctx := context.Background()
	ten := 10
	if err := f.db.SetMemory(ctx, "default", store.MemoryChange{Penalty: &ten}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateMemory(ctx, "empty", "", 0); err != nil {
		t.Fatal(err)
	}
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to":"en","queries":["Der Vertrag tritt am 19. Juni in Kraft."],"limit":1}`)
	if st != 200 || !strings.Contains(string(b), `"score":90,"kind":"exact"`) || !strings.Contains(string(b), `"memory":"default","raw_score":100,"penalties":[{"reason":"memory default","points":10}]`) {
		t.Fatal(st, string(b))
	}
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to":"en","queries":["Der Vertrag tritt am 19. Juni in Kraft."],"memories":["empty"]}`)
	if st != 200 || !strings.Contains(string(b), `"matches":[]`) {
		t.Fatal(st, string(b))
	}
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to":"en","queries":["Der Vertrag tritt am 19. Juni in Kraft."],"memories":["nosuch"]}`)
	if st != 404 || !strings.Contains(string(b), `unknown memory`) {
		t.Fatal(st, string(b))
	}
	for _, c := range []struct{ name, body string }{
		{"invalid JSON", `{"to":"en","queries":[`},
		{"unknown field", `{"to":"en","queries":["a"],"bogus":1}`},
		{"no target", `{"queries":["a"]}`},
		{"no queries", `{"to":"en","queries":[]}`},
		{"empty query", `{"to":"en","queries":["  "]}`},
		{"bad min", `{"to":"en","queries":["a"],"min":101}`},
		{"prev mismatch", `{"to":"en","queries":["a","b"],"prev":["x"]}`},
		{"two values", `{"to":"en","queries":["a"]} {}`},
		{"too many", `{"to":"en","queries":[` + strings.Repeat(`"a",`, server.MaxBulkQueries) + `"a"]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, b := f.do(t, "POST", "/api/v1/lookup", f.read, c.body)
			wantJSONError(t, st, b, 400, "invalid")
		})
	}
}

func TestHostileRequests(t *testing.T) {
	f := newFixture(t, server.Options{})
	before, _ := f.db.CountUnits(context.Background(), store.UnitFilter{})
	// Oversized body.
	big := `{"to":"en","queries":["` + strings.Repeat("a", server.MaxBodyBytes) + `"]}`
	st, b := f.do(t, "POST", "/api/v1/lookup", f.read, big)
	wantJSONError(t, st, b, 413, "invalid")
	// Queries over MaxQueryBytes get a JSON 414 up to 1 MB in the URL
	// (server.MaxHeaderBytes lets them reach the handler) and a 400 in a
	// JSON body.
	st, b = f.do(t, "GET", "/tmserver/de/en/unit/"+strings.Repeat("a", 8000), f.read, "")
	wantJSONError(t, st, b, 414, "invalid")
	st, b = f.do(t, "GET", "/api/v1/concordance?q="+strings.Repeat("a", server.MaxQueryBytes+1), f.read, "")
	wantJSONError(t, st, b, 414, "invalid")
	mb := strings.Repeat("Wort ", 200000)
	st, b = f.do(t, "GET", "/tmserver/de/en/unit/"+url.PathEscape(mb), f.read, "")
	wantJSONError(t, st, b, 414, "invalid")
	st, b = f.do(t, "GET", "/api/v1/concordance?q="+url.QueryEscape(mb), f.read, "")
	wantJSONError(t, st, b, 414, "invalid")
	st, b = f.do(t, "GET", "/api/v1/units?source="+url.QueryEscape(mb), f.read, "")
	wantJSONError(t, st, b, 414, "invalid")
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to":"en","queries":["`+mb+`"]}`)
	wantJSONError(t, st, b, 400, "invalid")
	// Hostile bodies and names on the endpoints that write.
	st, b = f.do(t, "PATCH", "/api/v1/units/1", f.write, `{"target":"`+strings.Repeat("x", server.MaxBodyBytes)+`"}`)
	wantJSONError(t, st, b, 413, "invalid")
	st, b = f.do(t, "PATCH", "/api/v1/units/1", f.write, `{"target":`)
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "PATCH", "/api/v1/units/1", f.write, "{\"target\":\"\xff\xfe\"}")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "POST", "/api/v1/memories", f.admin, `{"name":"`+strings.Repeat("m", server.MaxBodyBytes)+`"}`)
	wantJSONError(t, st, b, 413, "invalid")
	st, b = f.do(t, "POST", "/api/v1/memories", f.admin, `{"name":"a\u0000b"}`)
	wantJSONError(t, st, b, 400, "invalid")
	for _, p := range []string{"/api/v1/memories/..%2F..%2Fetc", "/api/v1/memories/%00", "/api/v1/memories/" + strings.Repeat("n", 5000)} {
		st, b = f.do(t, "DELETE", p, f.admin, "")
		wantJSONError(t, st, b, 404, "not_found")
	}
	for _, p := range []string{"/api/v1/units/..%2F1", "/api/v1/units/1%00", "/api/v1/units/" + strings.Repeat("9", 5000)} {
		st, b = f.do(t, "DELETE", p, f.write, "")
		wantJSONError(t, st, b, 400, "invalid")
	}
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tNeu.\tNew.\n"
	for _, p := range []string{"nope", "..%2F..%2Fetc", "%00", strings.Repeat("m", 5000)} {
		st, b = f.do(t, "POST", "/api/v1/import?memory="+p, f.write, tsv)
		wantJSONError(t, st, b, 404, "not_found")
		st, b = f.do(t, "GET", "/api/v1/export?memory="+p, f.read, "")
		wantJSONError(t, st, b, 404, "not_found")
	}
	// Path tricks in {text}: the text is the query, never a file path.
	for _, p := range []string{
		"/tmserver/de/en/unit/..%2F..%2Fetc%2Fpasswd",
		"/tmserver/de/en/unit/%00",
		"/tmserver/de/en/unit/%FF%FE",
		"/tmserver/de/en/unit/a%2Fb%2F..%2F..",
	} {
		st, b := f.do(t, "GET", p, f.read, "")
		if st == 200 {
			if !strings.HasPrefix(string(b), "[") {
				t.Fatalf("%s: %s", p, b)
			}
			continue
		}
		wantJSONError(t, st, b, 400, "invalid")
	}
	// Wrong content type, unknown endpoint.
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/lookup", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+f.read)
	req.Header.Set("Content-Type", "text/xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	wantJSONError(t, resp.StatusCode, b, 415, "invalid")
	st, b = f.do(t, "GET", "/api/v1/nothing", f.read, "")
	wantJSONError(t, st, b, 404, "not_found")
	// Nothing stored, still serving.
	after, _ := f.db.CountUnits(context.Background(), store.UnitFilter{})
	if after != before {
		t.Fatalf("units %d → %d", before, after)
	}
	if st, _ := f.do(t, "GET", "/tmserver/de/en/unit/Hallo", f.read, ""); st != 200 {
		t.Fatal("server stopped serving")
	}
	if st, b := f.do(t, "GET", "/api/v1/memories", f.read, ""); st != 200 || !strings.Contains(string(b), `"default"`) {
		t.Fatalf("memories after hostile requests: %d %s", st, b)
	}
	if u, err := f.db.GetUnit(context.Background(), 1); err != nil || u.Target.Plain() == "x" || u.Changer != "" {
		t.Fatalf("unit 1 after hostile requests: %+v %v", u, err)
	}
}

func TestConcordance(t *testing.T) {
	f := newFixture(t, server.Options{})
	st, b := f.do(t, "GET", "/api/v1/concordance?q=Vertrag&to=en&limit=1", f.read, "")
	if st != 200 {
		t.Fatal(st, string(b))
	}
	var got struct {
		Term string
		Hits []struct {
			Source string
			Spans  [][2]int
		}
		More bool
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Term != "Vertrag" || len(got.Hits) != 1 || !got.More || !strings.Contains(got.Hits[0].Source, "Vertrag") || len(got.Hits[0].Spans) == 0 {
		t.Fatalf("%s", b)
	}
	st, b = f.do(t, "GET", "/api/v1/concordance?q=", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "GET", "/api/v1/concordance?q=x&limit=abc", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
}

func TestMetrics(t *testing.T) {
	f := newFixture(t, server.Options{})
	f.do(t, "GET", "/tmserver/de/en/unit/Hallo", f.read, "")
	f.do(t, "GET", "/tmserver/de/en/unit/Hallo", "", "")
	st, b := f.do(t, "GET", "/metrics", "", "")
	if st != 200 {
		t.Fatal(st)
	}
	for _, want := range []string{
		`korpus_http_requests_total{route="GET /tmserver/{src}/{tgt}/unit/{text...}",status="200"} 1`,
		`korpus_http_requests_total{route="GET /tmserver/{src}/{tgt}/unit/{text...}",status="401"} 1`,
		`korpus_http_request_duration_seconds_bucket{route="GET /tmserver/{src}/{tgt}/unit/{text...}",le="+Inf"} 2`,
		"korpus_units 4\n",
		"korpus_match_index_lag_units 0\n",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q:\n%s", want, b)
		}
	}
}
