package server_test

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
)

// TestOpenAPIMatchesRoutes: every route is documented and every documented
// path and method is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t, server.Options{})
	var routes []string
	for _, r := range server.New(f.db, server.Options{}).Routes() {
		r = strings.ReplaceAll(strings.ReplaceAll(r, "{text...}", "{text}"), "{$}", "")
		routes = append(routes, r)
	}
	var doc []string
	path := ""
	pathRe := regexp.MustCompile(`^  (/\S*):$`)
	methRe := regexp.MustCompile(`^    (get|post|patch|delete|put):$`)
	for _, line := range strings.Split(string(server.OpenAPI), "\n") {
		if m := pathRe.FindStringSubmatch(line); m != nil {
			path = m[1]
		} else if m := methRe.FindStringSubmatch(line); m != nil && path != "" {
			doc = append(doc, strings.ToUpper(m[1])+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(doc)
	if strings.Join(routes, "\n") != strings.Join(doc, "\n") {
		t.Fatalf("routes:\n%s\nopenapi.yaml:\n%s", strings.Join(routes, "\n"), strings.Join(doc, "\n"))
	}
}

func TestImportExport(t *testing.T) {
	f := newFixture(t, server.Options{})
	ctx := context.Background()
	before, _ := f.db.CountUnits(ctx, store.UnitFilter{})
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tEin neuer Satz für den Server.\tA new sentence for the server.\n"
	st, b := f.do(t, "POST", "/api/v1/import", f.read, tsv)
	wantJSONError(t, st, b, 403, "forbidden")
	st, b = f.do(t, "POST", "/api/v1/import?memory=nope", f.write, tsv)
	wantJSONError(t, st, b, 404, "not_found")
	// A file broken in its second row stores nothing.
	st, b = f.do(t, "POST", "/api/v1/import", f.write, tsv+"de\ten\tnur eine Spalte\n")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "POST", "/api/v1/import", f.write, "<html>not a memory</html>")
	if st < 400 {
		t.Fatal(st, string(b))
	}
	if n, _ := f.db.CountUnits(ctx, store.UnitFilter{}); n != before {
		t.Fatalf("a failed import stored units: %d → %d", before, n)
	}
	st, b = f.do(t, "POST", "/api/v1/import", f.write, tsv)
	if st != 200 {
		t.Fatal(st, string(b))
	}
	var rep struct {
		Format       string
		Added        int
		MatchIndexed int `json:"match_indexed"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Format != "TSV" || rep.Added != 1 || rep.MatchIndexed < 1 {
		t.Fatalf("%s", b)
	}
	st, b = f.do(t, "GET", "/tmserver/de/en/unit/Ein%20neuer%20Satz%20f%C3%BCr%20den%20Server.", f.read, "")
	if st != 200 || !strings.Contains(string(b), "A new sentence for the server.") {
		t.Fatal(st, string(b))
	}
	st, b = f.do(t, "GET", "/api/v1/export?format=tmx&to=en", f.read, "")
	if st != 200 || !strings.Contains(string(b), "<tmx") || !strings.Contains(string(b), "A new sentence for the server.") || strings.Contains(string(b), "O tempo") {
		t.Fatal(st, string(b))
	}
	st, b = f.do(t, "GET", "/api/v1/export?format=xls", f.read, "")
	wantJSONError(t, st, b, 400, "invalid")
	st, b = f.do(t, "GET", "/api/v1/export?memory=nope", f.read, "")
	wantJSONError(t, st, b, 404, "not_found")
}
