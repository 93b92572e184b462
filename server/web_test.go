package server_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/server"
)

func chromiumArgs(t *testing.T) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=10000"}
}

// TestPageInChromium loads /?q=… with a read token (in the #token=
// fragment, which is never sent to the server) in headless Chromium, finds
// the expected match and concordance hit in the rendered DOM and saves a
// screenshot in the test's temp directory.
func TestPageInChromium(t *testing.T) {
	f := newFixture(t, server.Options{})
	st, b := f.do(t, "GET", "/", "", "")
	if st != 200 || !strings.Contains(string(b), `<input id="q"`) {
		t.Fatal(st, string(b))
	}
	for _, bad := range []string{"http://", "https://", "//cdn"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("page loads from elsewhere: %q", bad)
		}
	}
	// A termbase term, so the page shows the terms of the query too.
	if st, b := f.do(t, "POST", "/api/v1/terms", f.write, `{"concepts": [{"terms": [{"lang": "de", "text": "Vertrag"},
		{"lang": "en", "text": "treaty", "status": "preferred"}]}]}`); st != 200 {
		t.Fatalf("POST /api/v1/terms: %d %s", st, b)
	}
	chromium := testutil.NeedTool(t, "chromium")
	u := f.srv.URL + "/?" + url.Values{"q": {"Der Vertrag tritt am 20. Juni in Kraft."}, "from": {"de"}, "to": {"en"}}.Encode() + "#token=" + f.read
	dom, err := exec.Command(chromium, append(chromiumArgs(t), "--dump-dom", u)...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	for _, want := range []string{
		`data-ready="1"`,
		`<span class="target">The treaty enters into force on 19 June.</span>`,
		`<del>20</del>`, `<ins>19</ins>`,
		`<li class="term preferred"><span class="source">Vertrag</span> → <span class="target">treaty</span>`,
	} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	// A read token gets History but no Edit or Delete.
	if !strings.Contains(string(dom), `class="history"`) || strings.Contains(string(dom), `class="edit"`) || strings.Contains(string(dom), `class="delete"`) {
		t.Errorf("read token: want History only")
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
	shot := filepath.Join(t.TempDir(), "page.png")
	cmd := exec.Command(chromium, append(chromiumArgs(t), "--window-size=1280,800", "--screenshot="+shot, u)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium screenshot: %v\n%s", err, out)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 1000 {
		t.Fatalf("no screenshot: %v", err)
	}
	// A term: concordance hits with the term marked.
	u = f.srv.URL + "/?q=Vertrag&to=en#token=" + f.read
	if dom, err = exec.Command(chromium, append(chromiumArgs(t), "--dump-dom", u)...).Output(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dom), `Der <mark>Vertrag</mark> wurde unterzeichnet.`) {
		t.Errorf("no concordance hit:\n%s", dom)
	}
	// Without a token the page says why instead of showing nothing.
	u = f.srv.URL + "/?q=Vertrag&to=en"
	dom, err = exec.Command(chromium, append(chromiumArgs(t), "--dump-dom", u)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(dom), "Error: this endpoint needs a token") {
		t.Errorf("no sign-in hint:\n%s", dom)
	}
}
