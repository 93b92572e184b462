package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm/term"
)

type termsBody struct {
	Query string `json:"query"`
	Found []struct {
		Source, Target, Status, Kind string
		Span                         [2]int
	} `json:"found"`
	Concepts  []term.Concept `json:"concepts"`
	Truncated bool           `json:"truncated"`
}

func postRaw(t *testing.T, f *fixture, path, token, ctype, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ctype)
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestTermsAPI(t *testing.T) {
	f := newFixture(t, server.Options{})

	// Empty termbase: nothing found, nothing listed.
	st, b := f.do(t, "GET", "/api/v1/terms?to=en&q="+url.QueryEscape("Die Verträge"), f.read, "")
	var r termsBody
	if st != 200 || json.Unmarshal(b, &r) != nil || len(r.Found) != 0 || len(r.Concepts) != 0 {
		t.Fatalf("empty termbase: %d %s", st, b)
	}

	// POST needs the write role.
	body := `{"glossary": "diplomacy", "concepts": [
		{"terms": [{"lang": "de", "text": "Vertrag"}, {"lang": "en", "text": "treaty", "status": "preferred"},
		           {"lang": "en", "text": "contract", "status": "forbidden"}]},
		{"terms": [{"lang": "de", "text": "Gipfeltreffen"}, {"lang": "en", "text": "summit"}]}]}`
	st, b = f.do(t, "POST", "/api/v1/terms", f.read, body)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = f.do(t, "POST", "/api/v1/terms", f.write, body)
	if st != 200 || !strings.Contains(string(b), `"added":2`) || !strings.Contains(string(b), `"glossary":"diplomacy"`) {
		t.Fatalf("POST: %d %s", st, b)
	}

	// Recognition in a text, inflected and in a compound.
	q := "Die Verträge und der Friedensvertrag"
	st, b = f.do(t, "GET", "/api/v1/terms?from=de&to=en&q="+url.QueryEscape(q), f.read, "")
	r = termsBody{}
	if st != 200 || json.Unmarshal(b, &r) != nil {
		t.Fatalf("GET: %d %s", st, b)
	}
	if len(r.Found) != 2 || r.Found[0].Source != "Verträge" || r.Found[0].Target != "treaty" || r.Found[0].Kind != "inflected" ||
		r.Found[0].Span != [2]int{4, 12} || r.Found[1].Kind != "compound" {
		t.Errorf("found %+v", r.Found)
	}
	// Search: a substring of a term, case-folded; the whole concept.
	st, b = f.do(t, "GET", "/api/v1/terms?to=en&q=SUMM", f.read, "")
	r = termsBody{}
	if st != 200 || json.Unmarshal(b, &r) != nil || len(r.Concepts) != 1 || r.Concepts[0].Glossary != "diplomacy" ||
		r.Concepts[0].In("en")[0].Text != "summit" {
		t.Errorf("search SUMM: %d %s", st, b)
	}
	// No query: every concept of the pair, limit respected.
	st, b = f.do(t, "GET", "/api/v1/terms?to=en&limit=1", f.read, "")
	r = termsBody{}
	if st != 200 || json.Unmarshal(b, &r) != nil || len(r.Concepts) != 1 || !r.Truncated {
		t.Errorf("limit 1: %d %s", st, b)
	}
	// Another pair has none.
	st, b = f.do(t, "GET", "/api/v1/terms?to=fr&q=Vertrag", f.read, "")
	if r = (termsBody{}); st != 200 || json.Unmarshal(b, &r) != nil || len(r.Found) != 0 || len(r.Concepts) != 0 {
		t.Errorf("de→fr: %d %s", st, b)
	}

	// Terms in /api/v1/lookup results.
	st, b = f.do(t, "POST", "/api/v1/lookup", f.read, `{"to": "en", "queries": ["Der Vertrag wurde unterzeichnet.", "Das Wetter ist heute schön."]}`)
	var lr struct {
		Results []struct {
			Query string
			Terms []struct{ Source, Target, Status string }
		}
	}
	if st != 200 || json.Unmarshal(b, &lr) != nil || len(lr.Results) != 2 {
		t.Fatalf("lookup: %d %s", st, b)
	}
	if ts := lr.Results[0].Terms; len(ts) != 1 || ts[0].Source != "Vertrag" || ts[0].Target != "treaty" || ts[0].Status != "preferred" {
		t.Errorf("lookup terms %+v", ts)
	}
	if !strings.Contains(string(b), `"terms":[]`) {
		t.Errorf("a query without terms must give \"terms\": []: %s", b)
	}

	// A TBX body, as terms import reads it.
	_, file, _, _ := runtime.Caller(0)
	tbx, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "testdata", "terms", "weblate.tbx"))
	if err != nil {
		t.Fatal(err)
	}
	st, b = postRaw(t, f, "/api/v1/terms?glossary=weblate", f.write, "application/x-tbx+xml", string(tbx))
	if st != 200 || !strings.Contains(string(b), `"format":"TBX"`) {
		t.Fatalf("TBX POST: %d %s", st, b)
	}

	// Bad input: 400, nothing stored, the server goes on.
	before := len(concepts(t, f))
	for _, bad := range []struct{ ctype, body string }{
		{"application/json", `{"concepts": [{"terms": [{"lang": "de", "text": "X"}, {"lang": "en", "text": "y", "status": "perhaps"}]}]}`},
		{"application/json", `{"concepts": []}`},
		{"application/json", `{"concepts": [{"terms": [{"lang": "de", "text": " "}]}]}`},
		{"application/x-tbx+xml", `<?xml version="1.0"?><martif type="TBX"><text><body><termEntry><langSet xml:lang="de"><tig><term>A</term></tig></langSet>`},
	} {
		st, b = postRaw(t, f, "/api/v1/terms", f.write, bad.ctype, bad.body)
		if st != 400 {
			t.Errorf("bad body %q: %d %s", bad.body, st, b)
		}
	}
	if after := len(concepts(t, f)); after != before {
		t.Errorf("a bad body stored concepts: %d → %d", before, after)
	}
	st, b = f.do(t, "GET", "/api/v1/terms", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
}

func concepts(t *testing.T, f *fixture) []term.Concept {
	t.Helper()
	cs, err := f.db.Concepts(t.Context(), store.TermFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
