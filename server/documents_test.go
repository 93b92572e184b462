package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// addVersions stores two versions of bericht.txt: one sentence changed,
// one added.
func addVersions(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	for _, sents := range [][]string{
		{"Der Vertrag wurde unterzeichnet.", "Das Wetter ist heute schön."},
		{"Der Vertrag wurde gestern unterzeichnet.", "Das Wetter ist heute schön.", "Ein neuer Satz."},
	} {
		var segs []tm.Segment
		for i, s := range sents {
			segs = append(segs, tm.Segment{Index: i, Text: s, Hash: tm.Hash(s)})
		}
		text := strings.Join(sents, " ")
		if _, err := db.AddVersion(ctx, store.AddVersionInput{Name: "bericht.txt", Lang: "de", SourceName: "bericht.txt", Text: text,
			Segments: segs, Words: tm.CountWords(text), Chars: tm.CountChars(text)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDocumentsAPI(t *testing.T) {
	s := newScoped(t)
	addVersions(t, s.db)
	st, b := s.do(t, "GET", "/api/v1/documents", s.read, "")
	d := decode[struct {
		Documents []struct {
			Name     string
			Versions []struct{ Number, Segments int }
		}
	}](t, st, b, 200)
	if len(d.Documents) != 1 || d.Documents[0].Name != "bericht.txt" || len(d.Documents[0].Versions) != 2 || d.Documents[0].Versions[1].Segments != 3 {
		t.Fatalf("documents: %s", b)
	}
	st, b = s.do(t, "GET", "/api/v1/diff?doc=bericht.txt&old=1&new=2", s.read, "")
	rep := decode[struct {
		Summary struct{ Unchanged, Modified, Inserted int }
		Pairs   []struct{ Change string }
	}](t, st, b, 200)
	if rep.Summary.Unchanged != 1 || rep.Summary.Modified != 1 || rep.Summary.Inserted != 1 || len(rep.Pairs) != 3 {
		t.Fatalf("diff: %s", b)
	}
	st, b = s.do(t, "GET", "/api/v1/diff?doc=bericht.txt&old=1&changes=true", s.read, "")
	if rep := decode[struct{ Pairs []struct{ Change string } }](t, st, b, 200); len(rep.Pairs) != 2 {
		t.Fatalf("changes only: %s", b)
	}
	st, b = s.do(t, "GET", "/api/v1/diff?doc=bericht.txt&old=1&new=2&format=html&target=en", s.read, "")
	if st != 200 || !strings.Contains(string(b), "<ins>gestern </ins>") || !strings.Contains(string(b), "translation (en)") {
		t.Fatalf("html diff: %d %s", st, b)
	}
	for _, c := range []struct {
		query, tok, code string
		status           int
	}{
		{"doc=bericht.txt&old=1", s.legalRead, "forbidden", 403},
		{"doc=bericht.txt&old=1", "", "unauthorized", 401},
		{"doc=nope.txt&old=1", s.read, "not_found", 404},
		{"doc=bericht.txt&old=9", s.read, "not_found", 404},
		{"doc=bericht.txt", s.read, "invalid", 400},
		{"old=1", s.read, "invalid", 400},
		{"doc=bericht.txt&old=0", s.read, "invalid", 400},
		{"doc=bericht.txt&old=x", s.read, "invalid", 400},
		{"doc=bericht.txt&old=1&format=pdf", s.read, "invalid", 400},
		{"doc=bericht.txt&old=1&target=" + strings.Repeat("x", 50), s.read, "invalid", 400},
		{"doc=" + url.QueryEscape("a\x00b") + "&old=1", s.read, "invalid", 400},
		{"doc=..%2F..%2Fetc%2Fpasswd&old=1", s.read, "not_found", 404},
	} {
		tok := c.tok
		st, b := s.do(t, "GET", "/api/v1/diff?"+c.query, tok, "")
		wantJSONError(t, st, b, c.status, c.code)
	}
	st, b = s.do(t, "GET", "/api/v1/documents", s.legalRead, "")
	wantJSONError(t, st, b, 403, "forbidden")
}

// TestPageDocumentsInChromium: the documents view lists the document and
// shows korpus diff's page for two versions, from a shareable link.
func TestPageDocumentsInChromium(t *testing.T) {
	f := newFixture(t, server.Options{})
	addVersions(t, f.db)
	b := browser(t)
	u := f.srv.URL + "/?view=documents&doc=bericht.txt&old=1&new=2#token=" + f.read
	if err := chromedp.Do(b, chromedp.Navigate(u), chromedp.WaitVisible(`tr[data-doc="bericht.txt"]`), chromedp.WaitVisible(`#diff-view`)); err != nil {
		t.Fatal(err)
	}
	var inner string
	var err error
	for i := 0; i < 50 && !strings.Contains(inner, "<ins>"); i++ {
		// The frame is filled from fetched HTML; poll until it is (bounded).
		inner, err = chromedp.Run(b, chromedp.Evaluate[string](`(function () {
			const d = document.getElementById("diff-view").contentDocument;
			return d && d.body ? d.body.innerHTML : "";
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		chromedp.Do(b, chromedp.Sleep(100*time.Millisecond))
	}
	if !strings.Contains(inner, "<ins>gestern </ins>") || !strings.Contains(inner, `id="modified">1 modified`) {
		t.Fatalf("diff frame: %s", inner)
	}
	row, err := chromedp.Run(b, chromedp.Text(`tr[data-doc="bericht.txt"]`))
	if err != nil || !strings.Contains(row, "2") {
		t.Fatalf("documents row %q %v", row, err)
	}
	png, err := chromedp.Run(b, chromedp.FullScreenshot(90))
	if err != nil || len(png) < 1000 {
		t.Fatalf("screenshot: %v", err)
	}
}
