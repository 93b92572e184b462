package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestTokenCommands(t *testing.T) {
	db := tempDB(t)
	tok := strings.TrimSpace(mustRunKorpus(t, db, "", "token", "create", "weblate", "--role", "read"))
	if !strings.HasPrefix(tok, "korpus_") || len(tok) < 40 {
		t.Fatalf("token %q", tok)
	}
	mustRunKorpus(t, db, "", "token", "create", "alice", "--role", "write", "--memory", "legal,web")
	_, errOut, code := runKorpus(t, db, "", "token", "create", "alice", "--role", "write")
	wantError(t, errOut, code, exitError, "exists")
	_, errOut, code = runKorpus(t, db, "", "token", "create", "bob", "--role", "boss")
	wantError(t, errOut, code, exitUsage, "read, write or admin")
	list := mustRunKorpus(t, db, "", "token", "list", "--json")
	if !strings.Contains(list, `"legal",`) || strings.Contains(list, tok) {
		t.Fatalf("list: %s", list)
	}
	mustRunKorpus(t, db, "", "token", "revoke", "weblate")
	_, errOut, code = runKorpus(t, db, "", "token", "revoke", "weblate")
	wantError(t, errOut, code, exitError, "no active token")
	if out := mustRunKorpus(t, db, "", "token", "list"); !strings.Contains(out, "weblate") || !strings.Contains(out, "(all)") {
		t.Fatalf("list: %s", out)
	}
	// The database holds only the hash.
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), tok) {
		t.Fatal("the token is stored in clear")
	}
}

// TestServeBinaryWeblate builds the real korpus binary, serves a database
// on a free loopback port and queries it the way Weblate's tmserver
// machine-translation backend does (GET {url}/{source}/{lang}/unit/{text}
// and {url}/languages/), then stops it with SIGTERM and expects exit 0.
func TestServeBinaryWeblate(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "korpus")
	build := exec.Command(goTool, "build", "-tags", "sqlite_fts5", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := tempDB(t)
	tsv := "source_lang\ttarget_lang\tsource\ttarget\nde\ten\tDer Vertrag tritt am 19. Juni in Kraft.\tThe treaty enters into force on 19 June.\nde\tpt-BR\tGuten Morgen.\tBom dia.\n"
	mustRunKorpus(t, db, tsv, "import", "-")
	tok := strings.TrimSpace(mustRunKorpus(t, db, "", "token", "create", "weblate", "--role", "read"))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	var base string
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "korpus serve: listening on "); ok {
			base = a
			break
		}
	}
	if base == "" {
		t.Fatal("serve did not say where it listens")
	}
	logs := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(stderr)
		logs <- string(b)
	}()
	get := func(path string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Weblate: url = base + "/tmserver"; quote(text) with safe="".
	st, body := get("/tmserver/de/en/unit/" + url.PathEscape("Der Vertrag tritt am 20. Juni in Kraft."))
	var ms []struct {
		Source, Target string
		Quality        float64
	}
	if st != 200 || json.Unmarshal([]byte(body), &ms) != nil || len(ms) != 1 || ms[0].Target != "The treaty enters into force on 19 June." || ms[0].Quality < 70 {
		t.Fatalf("unit: %d %s", st, body)
	}
	st, body = get("/tmserver/languages/")
	if st != 200 || !strings.Contains(body, `"sourceLanguages":["de"]`) || !strings.Contains(body, `"pt_BR"`) {
		t.Fatalf("languages: %d %s", st, body)
	}
	st, body = get("/tmserver/de/pt_BR/unit/" + url.PathEscape("Guten Morgen."))
	if st != 200 || !strings.Contains(body, `"Bom dia."`) {
		t.Fatalf("pt_BR: %d %s", st, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v", err)
	}
	if l := <-logs; !strings.Contains(l, `"msg":"request"`) || !strings.Contains(l, `"status":200`) {
		t.Fatalf("no request log: %s", l)
	}
}
