package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// reexecEnv makes the test binary run korpus instead of the tests (see
// TestMain), so tests can start real korpus processes without building
// the binary: korpusProcess.
const reexecEnv = "KORPUS_TEST_REEXEC"

func TestMain(m *testing.M) {
	if os.Getenv(reexecEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// korpusProcess is a korpus process (this test binary re-executed) on the
// database dbPath, with an empty environment but for HOME and PATH.
func korpusProcess(t testing.TB, dbPath string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"--db", dbPath}, args...)...)
	cmd.Env = []string{reexecEnv + "=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	return cmd
}

// procResult is what a korpus process did.
type procResult struct {
	args           []string
	stdout, stderr string
	err            error
}

func (r procResult) String() string {
	return fmt.Sprintf("korpus %s: %v: %s", strings.Join(r.args, " "), r.err, strings.TrimSpace(r.stderr))
}

// runProcess runs korpus in a process of its own and waits for it.
func runProcess(t testing.TB, dbPath string, args ...string) procResult {
	cmd := korpusProcess(t, dbPath, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return procResult{args: args, stdout: out.String(), stderr: errOut.String(), err: err}
}

// loadUnit is the source and target of the i-th unit of file f (A or B)
// in round r of TestConcurrentProcesses. Every source holds the words
// "Kw<f><r>" (the round's concordance term) and "Nr<i>".
func loadUnit(f string, r, i int) (src, tgt string) {
	return fmt.Sprintf("Die Lieferung Kw%s%d Nr%d kommt heute aus dem Hafen von Hamburg.", f, r, i),
		fmt.Sprintf("Delivery %s-%d-%d arrives from the port of Hamburg today.", f, r, i)
}

// TestConcurrentProcesses is the load test: every round runs at
// the same time, each in a process of its own on one database file, two
// imports of different files, an add, a concordance (of the previous
// round's term), while one lookup - process stays up for the whole test
// and is asked, during each round, for units of the rounds already done.
// Every command must exit 0 and every answer be right; at the end the
// database holds each imported unit exactly once, every version added,
// and indexes that agree with the units.
func TestConcurrentProcesses(t *testing.T) {
	rounds, perFile := 20, 150
	if testing.Short() {
		rounds = 5
	}
	db := tempDB(t)
	dir := t.TempDir()
	writeTSV := func(f string, r int) string {
		var b strings.Builder
		b.WriteString("source\ttarget\tsource_lang\ttarget_lang\n")
		for i := range perFile {
			s, g := loadUnit(f, r, i)
			fmt.Fprintf(&b, "%s\t%s\tde\ten\n", s, g)
		}
		p := filepath.Join(dir, fmt.Sprintf("%s%d.tsv", f, r))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Round 0 exists before the load starts.
	for _, f := range []string{"A", "B"} {
		if r := runProcess(t, db, "import", writeTSV(f, 0)); r.err != nil {
			t.Fatal(r)
		}
	}

	// The lookup - reader: one process for the whole test.
	reader := korpusProcess(t, db, "lookup", "--from", "de", "--to", "en", "-")
	stdin, err := reader.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := reader.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var readerErr bytes.Buffer
	reader.Stderr = &readerErr
	if err := reader.Start(); err != nil {
		t.Fatal(err)
	}
	answers := bufio.NewScanner(stdout)
	answers.Buffer(make([]byte, 1<<20), 1<<20)
	defer func() {
		stdin.Close()
		if err := reader.Wait(); err != nil {
			t.Errorf("lookup -: %v: %s", err, readerErr.String())
		}
	}()
	// ask sends one query to the reader and checks that its best match has
	// the target want with at least score min.
	ask := func(query, want string, min int) error {
		if _, err := io.WriteString(stdin, query+"\n"); err != nil {
			return fmt.Errorf("lookup -: write: %v (%s)", err, readerErr.String())
		}
		if !answers.Scan() {
			return fmt.Errorf("lookup -: no answer to %q: %v (%s)", query, answers.Err(), readerErr.String())
		}
		var a struct {
			Query   string
			Error   string
			Matches []struct {
				Score  int
				Target string
			}
		}
		if err := json.Unmarshal(answers.Bytes(), &a); err != nil {
			return fmt.Errorf("lookup -: %v: %s", err, answers.Text())
		}
		if a.Query != query || a.Error != "" || len(a.Matches) == 0 || a.Matches[0].Target != want || a.Matches[0].Score < min {
			return fmt.Errorf("lookup - %q: want %q (≥ %d) first, got %s", query, want, min, answers.Text())
		}
		return nil
	}

	addText := filepath.Join(dir, "notiz.txt")
	var failed []string
	for r := 1; r <= rounds; r++ {
		a, b := writeTSV("A", r), writeTSV("B", r)
		if err := os.WriteFile(addText, []byte(fmt.Sprintf("Notiz der Runde %d.\n\nSie ist kurz. Sie hat %d Wörter.\n", r, 7+r)), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		results := []procResult{}
		start := func(args ...string) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := runProcess(t, db, args...)
				mu.Lock()
				results = append(results, res)
				mu.Unlock()
			}()
		}
		start("import", a)
		start("import", b)
		start("add", "--doc", "notiz", addText)
		start("concordance", "--json", "--limit", "1000", fmt.Sprintf("Kw%s%d", "AB"[r%2:r%2+1], r-1))
		// The reader asks for units of every finished round while this
		// round's writers run.
		var readErrs []error
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 6; k++ {
				f, prev, i := "AB"[k%2:k%2+1], (r-1+k)%r, (k*37+r)%perFile
				src, tgt := loadUnit(f, prev, i)
				if err := ask(src, tgt, 100); err != nil {
					readErrs = append(readErrs, err)
				}
				// A fuzzy query: a word dropped.
				if err := ask(strings.Replace(src, " heute", "", 1), tgt, 80); err != nil {
					readErrs = append(readErrs, err)
				}
			}
		}()
		wg.Wait()
		for _, err := range readErrs {
			failed = append(failed, err.Error())
		}
		for _, res := range results {
			if res.err != nil {
				failed = append(failed, res.String())
				continue
			}
			if res.args[0] == "concordance" {
				var hits struct{ Hits []json.RawMessage }
				if err := json.Unmarshal([]byte(res.stdout), &hits); err != nil || len(hits.Hits) != perFile {
					failed = append(failed, fmt.Sprintf("round %d: concordance %s: %d hits, want %d (%v)", r, res.args[len(res.args)-1], len(hits.Hits), perFile, err))
				}
			}
		}
		if len(failed) > 0 {
			t.Fatalf("round %d:\n%s", r, strings.Join(failed, "\n"))
		}
	}

	// Each unit once, every version, indexes in step with the units.
	raw := rawDB(t, db)
	var units, distinct, fts, versions int
	var maxID, ftsMark, matchMark int64
	var check string
	for _, q := range []struct {
		q    string
		dest []any
	}{
		{`SELECT count(*), count(DISTINCT src_text || '|' || tgt_text), coalesce(max(id), 0) FROM units`, []any{&units, &distinct, &maxID}},
		{`SELECT count(*) FROM units_fts`, []any{&fts}},
		{`SELECT count(*) FROM versions v JOIN documents d ON d.id = v.doc_id WHERE d.name = 'notiz'`, []any{&versions}},
		{`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_units_rowid'`, []any{&ftsMark}},
		{`SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'match_units_rowid'`, []any{&matchMark}},
		{`PRAGMA integrity_check`, []any{&check}},
	} {
		if err := raw.QueryRow(q.q).Scan(q.dest...); err != nil {
			t.Fatalf("%s: %v", q.q, err)
		}
	}
	want := 2 * perFile * (rounds + 1)
	if units != want || distinct != want {
		t.Errorf("%d units, %d distinct; want %d of each (lost or duplicated units)", units, distinct, want)
	}
	if versions != rounds {
		t.Errorf("%d versions of the added document, want %d", versions, rounds)
	}
	if fts != units || ftsMark != maxID || matchMark != maxID {
		t.Errorf("indexes out of step: %d FTS rows for %d units, watermarks %d/%d, max id %d", fts, units, ftsMark, matchMark, maxID)
	}
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
}

// TestKillDuringImport kills (SIGKILL) korpus import processes at 20
// moments spread over a whole import, its load, full-text and match-index
// phases, measured on a first run: after each kill the database passes
// SQLite's integrity check and holds either none or all of the file's
// units, with both indexes exactly in step with the units (they are built
// in the import's transaction). A last import without a kill stores all.
func TestKillDuringImport(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 2000
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("source\ttarget\tsource_lang\ttarget_lang\n")
	unit := func(i int) (src, tgt string) {
		return fmt.Sprintf("Der Vertrag Nummer %d über die Lieferung von %d Tonnen Stahl aus Hamburg wurde %s unterschrieben.",
				i, i%977, []string{"gestern", "heute", "im Juni", "spät"}[i%4]),
			fmt.Sprintf("Contract %d on %d tonnes of steel was signed.", i, i%977)
	}
	for i := range n {
		src, tgt := unit(i)
		fmt.Fprintf(&b, "%s\t%s\tde\ten\n", src, tgt)
	}
	big := filepath.Join(dir, "big.tsv")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	base := tsvUnits("Basis", 200)

	// One run to time the phases.
	scratch := filepath.Join(dir, "scratch.db")
	if r := runProcess(t, scratch, "import", writeFile(t, "base.tsv", []byte(base))); r.err != nil {
		t.Fatal(r)
	}
	t0 := time.Now()
	r := runProcess(t, scratch, "import", "--json", big)
	total := time.Since(t0)
	if r.err != nil {
		t.Fatal(r)
	}
	var rep struct {
		Seconds           float64 `json:"seconds"`
		IndexSeconds      float64 `json:"index_seconds"`
		MatchIndexSeconds float64 `json:"match_index_seconds"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	load := time.Duration((rep.Seconds - rep.IndexSeconds - rep.MatchIndexSeconds) * float64(time.Second))
	fts := time.Duration(rep.IndexSeconds * float64(time.Second))
	t.Logf("one import of %d units: %v in all (start-up %v, load %v, full-text %v, match index %v)",
		n, total.Round(time.Millisecond), (total - time.Duration(rep.Seconds*float64(time.Second))).Round(time.Millisecond),
		load.Round(time.Millisecond), fts.Round(time.Millisecond), time.Duration(rep.MatchIndexSeconds*float64(time.Second)).Round(time.Millisecond))

	basePath := writeFile(t, "base.tsv", []byte(base))
	fresh := func() (string, *sql.DB) {
		db := tempDB(t)
		if r := runProcess(t, db, "import", basePath); r.err != nil {
			t.Fatal(r)
		}
		return db, rawDB(t, db)
	}
	db, raw := fresh()
	kills, completed := 20, 0
	// span is how long an import takes: first the timed run's, shortened
	// whenever an import finishes before its kill (on a machine whose load
	// changes, later runs can be much faster than the timed one).
	span := total
	for k := range kills {
		cmd := korpusProcess(t, db, "import", big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Spread over the whole run, start-up to the commit.
		wait := span * time.Duration(k+1) / time.Duration(kills+1)
		t0 := time.Now()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
			// Finished before its kill: it took this long.
			if took := time.Since(t0); took < span {
				span = took
			}
		case <-time.After(wait):
			cmd.Process.Kill()
			err = <-done
		}
		if err == nil {
			completed++
		}
		var units, ftsRows int
		var maxID, ftsMark, matchMark int64
		var check string
		if err := raw.QueryRow(`SELECT count(*), coalesce(max(id), 0), (SELECT count(*) FROM units_fts),
			(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_units_rowid'),
			(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'match_units_rowid') FROM units`).Scan(&units, &maxID, &ftsRows, &ftsMark, &matchMark); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("kill %d: integrity_check %q, %v", k, check, err)
		}
		if units != 200 && units != 200+n {
			t.Fatalf("kill %d: %d units, want 200 (nothing) or %d (all)", k, units, 200+n)
		}
		if ftsRows != units || ftsMark != maxID || matchMark != maxID {
			t.Fatalf("kill %d: indexes out of step: %d FTS rows for %d units, watermarks %d/%d, max id %d", k, ftsRows, units, ftsMark, matchMark, maxID)
		}
		if units == 200+n {
			// It committed before the kill: start again from the base.
			raw.Close()
			db, raw = fresh()
		}
	}
	t.Logf("%d kills, %d imports finished before theirs", kills, completed)
	if completed > kills/2 {
		t.Errorf("%d of %d imports finished before the kill: the kills did not reach the import's phases", completed, kills)
	}
	if r := runProcess(t, db, "import", big); r.err != nil {
		t.Fatal(r)
	}
	src, tgt := unit(1234)
	out := mustRunKorpus(t, db, "", "lookup", "--from", "de", "--to", "en", src)
	if !strings.Contains(out, "100  exact") || !strings.Contains(out, tgt) {
		t.Errorf("lookup after the kills: %s", out)
	}
}
