package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// rawDB opens the database file with the plain driver, beside korpus, as
// another program (or a second korpus) would.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	return raw
}

// storeState is everything an import writes, as text: the units, the
// full-text index, the match index and the watermarks. Two states are
// equal when the database holds the same.
func storeState(t testing.TB, raw *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id || ' ' || src_text || ' ' || tgt_text FROM units ORDER BY id`,
		`SELECT 'fts ' || count(*) FROM units_fts`,
		`SELECT 'terms ' || count(*) || ' ' || coalesce(sum(df), 0) || ' ' || coalesce(sum(length(postings)), 0) FROM match_terms`,
		`SELECT key || '=' || value FROM meta WHERE key LIKE '%rowid' ORDER BY key`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + "\n")
		}
		rows.Close()
	}
	return b.String()
}

// tsvUnits is a TSV file of n German–English units whose sources start
// with prefix.
func tsvUnits(prefix string, n int) string {
	var b strings.Builder
	b.WriteString("source\ttarget\tsource_lang\ttarget_lang\n")
	for i := range n {
		fmt.Fprintf(&b, "%s Satz Nummer %d über den Hafen\t%s sentence number %d about the port\tde\ten\n", prefix, i, prefix, i)
	}
	return b.String()
}

// TestImportIndexFailureStoresNothing makes the index step of an import
// fail for real (a trigger that aborts the write of the match index, or of
// the full-text watermark) and checks that the import exits 1 and the
// database is as it was: units, both indexes and their watermarks.
func TestImportIndexFailureStoresNothing(t *testing.T) {
	for _, tc := range []struct{ name, trigger string }{
		{"match index", `CREATE TRIGGER fail_index BEFORE INSERT ON match_terms
			BEGIN SELECT RAISE(ABORT, 'forced failure in the match index'); END`},
		{"full-text index", `CREATE TRIGGER fail_index BEFORE UPDATE ON meta WHEN NEW.key = 'fts_units_rowid'
			BEGIN SELECT RAISE(ABORT, 'forced failure in the full-text index'); END`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := tempDB(t)
			mustRunKorpus(t, db, "", "import", writeFile(t, "a.tsv", []byte(tsvUnits("Alpha", 30))))
			raw := rawDB(t, db)
			if _, err := raw.Exec(tc.trigger); err != nil {
				t.Fatal(err)
			}
			before := storeState(t, raw)
			b := writeFile(t, "b.tsv", []byte(tsvUnits("Beta", 40)))
			_, errOut, code := runKorpus(t, db, "", "import", b)
			if code != exitError {
				t.Fatalf("import with a failing index step: exit %d, want %d (%s)", code, exitError, errOut)
			}
			if after := storeState(t, raw); after != before {
				t.Fatalf("the failed import changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			// The same import without the fault stores and indexes everything.
			if _, err := raw.Exec(`DROP TRIGGER fail_index`); err != nil {
				t.Fatal(err)
			}
			out := mustRunKorpus(t, db, "", "import", "--json", b)
			var rep struct{ Added, Indexed, MatchIndexed int }
			if err := json.Unmarshal([]byte(strings.ReplaceAll(out, "match_indexed", "matchindexed")), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Added != 40 || rep.Indexed != 40 || rep.MatchIndexed != 40 {
				t.Fatalf("import after the fault: %s", out)
			}
			out = mustRunKorpus(t, db, "", "lookup", "--from", "de", "--to", "en", "Beta Satz Nummer 7 über den Hafen")
			if !strings.Contains(out, "Beta sentence number 7 about the port") {
				t.Fatalf("lookup after the import: %s", out)
			}
		})
	}
}

// TestReadersNeverWrite holds the write lock from another connection while
// lookup, lookup - and concordance run on a database whose newest units are
// not indexed yet (import --no-index): each must answer, and find those
// units, without taking the lock (a reader that wrote would wait for it
// for as long as it is held) and without changing the database.
func TestReadersNeverWrite(t *testing.T) {
	db := tempDB(t)
	mustRunKorpus(t, db, "", "import", writeFile(t, "a.tsv", []byte(tsvUnits("Alpha", 30))))
	mustRunKorpus(t, db, "", "import", "--no-index", writeFile(t, "b.tsv", []byte(tsvUnits("Beta", 30))))
	state := rawDB(t, db)
	before := storeState(t, state)
	if !strings.Contains(before, "fts_units_rowid=30\n") || !strings.Contains(before, "match_units_rowid=30\n") {
		t.Fatalf("the second import was indexed:\n%s", before)
	}

	lock := rawDB(t, db)
	conn, err := lock.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)

	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, c := range []struct {
			args  []string
			stdin string
			want  []string
		}{
			// Exact and fuzzy matches of an unindexed unit, and of an indexed one.
			{[]string{"lookup", "--from", "de", "--to", "en", "Beta Satz Nummer 7 über den Hafen"}, "", []string{"Beta sentence number 7 about the port"}},
			{[]string{"lookup", "--from", "de", "--to", "en", "--json", "Beta Satz Nummer 7 über den alten Hafen"}, "", []string{`"kind":"fuzzy"`, "Beta sentence number 7 about the port"}},
			{[]string{"lookup", "--from", "de", "--to", "en", "Alpha Satz Nummer 3 über den alten Hafen"}, "", []string{"Alpha sentence number 3 about the port"}},
			{[]string{"lookup", "--from", "de", "--to", "en", "-"}, "Beta Satz Nummer 12 über den Hafen\nAlpha Satz Nummer 4 über den kleinen Hafen\n",
				[]string{"Beta sentence number 12 about the port", "Alpha sentence number 4 about the port"}},
			{[]string{"concordance", "Beta Satz Nummer 21"}, "", []string{"Beta sentence number 21 about the port"}},
			{[]string{"concordance", "--json", "Satz Nummer 2"}, "", []string{"Beta Satz Nummer 29", "Alpha Satz Nummer 29"}},
		} {
			out, errOut, code := runKorpus(t, db, c.stdin, c.args...)
			if code != 0 {
				t.Errorf("korpus %s: exit %d: %s", strings.Join(c.args, " "), code, errOut)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("korpus %s: no %q in\n%s", strings.Join(c.args, " "), w, out)
				}
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		// A reader that takes the write lock waits for as long as it is held.
		t.Fatal("a reader did not answer while another connection held the write lock")
	}
	if after := storeState(t, state); after != before {
		t.Fatalf("a reader changed the database:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
