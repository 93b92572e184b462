package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/term"
	"golang.org/x/text/unicode/norm"
)

// DefaultGlossary is the glossary terms go to when none is named.
const DefaultGlossary = "default"

// TermImportOptions tune ImportTerms.
type TermImportOptions struct {
	Glossary string // default DefaultGlossary
	DryRun   bool
}

// TermImportStats count what ImportTerms did; the JSON names are stable.
type TermImportStats struct {
	Read      int `json:"read"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Terms     int `json:"terms"`
}

func normTerm(t *term.Term) {
	t.Text = norm.NFC.String(strings.Join(strings.Fields(t.Text), " "))
}

// ImportTerms stores the concepts r yields into a glossary (created when
// missing), in ONE transaction: an error from r leaves the database as it
// was. A concept whose ext_id is already in the glossary replaces it
// (updated, or unchanged when equal); a concept without an id whose terms
// all equal a stored concept's is unchanged; anything else is added.
func (db *DB) ImportTerms(ctx context.Context, r term.Reader, opts TermImportOptions) (TermImportStats, error) {
	var st TermImportStats
	name := opts.Glossary
	if name == "" {
		name = DefaultGlossary
	}
	err := db.update(ctx, func(tx *sql.Tx) error {
		gid, err := db.glossaryID(ctx, tx, name, true)
		if err != nil {
			return err
		}
		for n := 0; ; n++ {
			if n%256 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			c, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			st.Read++
			for i := range c.Terms {
				normTerm(&c.Terms[i])
			}
			old, err := db.findConcept(ctx, tx, gid, c)
			if err != nil {
				return err
			}
			switch {
			case old == nil:
				if _, err := db.insertConcept(ctx, tx, gid, c); err != nil {
					return err
				}
				st.Added++
			case sameConcept(old, c):
				st.Unchanged++
			default:
				if _, err := tx.ExecContext(ctx, `DELETE FROM concepts WHERE id = ?`, old.ID); err != nil {
					return dbError(err)
				}
				c.ID = old.ID
				if _, err := db.insertConcept(ctx, tx, gid, c); err != nil {
					return err
				}
				st.Updated++
			}
			st.Terms += len(c.Terms)
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if err == errDryRun {
		err = nil
	}
	return st, err
}

var errDryRun = &tm.Error{Code: tm.EINTERNAL, Message: "dry run"}

func (db *DB) glossaryID(ctx context.Context, tx *sql.Tx, name string, create bool) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM glossaries WHERE name = ?`, name).Scan(&id)
	if err == sql.ErrNoRows {
		if !create {
			return 0, tm.Errorf(tm.ENOTFOUND, "no glossary %q", name)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO glossaries(name, created) VALUES (?, ?)`, name, formatTime(db.Now()))
		if err != nil {
			return 0, dbError(err)
		}
		return res.LastInsertId()
	}
	return id, dbError(err)
}

// findConcept returns the stored concept c would replace or duplicate.
func (db *DB) findConcept(ctx context.Context, tx *sql.Tx, gid int64, c *term.Concept) (*term.Concept, error) {
	var id int64
	var err error
	if c.ExtID != "" {
		err = tx.QueryRowContext(ctx, `SELECT id FROM concepts WHERE glossary_id = ? AND ext_id = ?`, gid, c.ExtID).Scan(&id)
	} else {
		// The same first term in the same glossary, and then all terms equal.
		t := c.Terms[0]
		rows, qerr := tx.QueryContext(ctx, `SELECT c.id FROM terms t JOIN concepts c ON c.id = t.concept_id
			WHERE t.lang = ? AND t.fold = ? AND c.glossary_id = ? AND c.ext_id = ''`, string(t.Lang), fold(t.Text), gid)
		if qerr != nil {
			return nil, dbError(qerr)
		}
		var ids []int64
		for rows.Next() {
			var cid int64
			if err := rows.Scan(&cid); err != nil {
				rows.Close()
				return nil, dbError(err)
			}
			ids = append(ids, cid)
		}
		rows.Close()
		for _, cid := range ids {
			old, err := db.loadConcepts(ctx, tx, `c.id = ?`, cid)
			if err != nil {
				return nil, err
			}
			if len(old) == 1 && sameTerms(old[0].Terms, c.Terms) {
				return &old[0], nil
			}
		}
		return nil, nil
	}
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(err)
	}
	old, err := db.loadConcepts(ctx, tx, `c.id = ?`, id)
	if err != nil || len(old) == 0 {
		return nil, err
	}
	return &old[0], nil
}

func sameTerms(a, b []term.Term) bool {
	return slices.EqualFunc(a, b, func(x, y term.Term) bool {
		return x.Lang == y.Lang && x.Text == y.Text && x.Status == y.Status && x.POS == y.POS && x.Note == y.Note
	})
}

func sameConcept(a, b *term.Concept) bool {
	return sameTerms(a.Terms, b.Terms) && a.Subject == b.Subject &&
		slices.Equal(a.Definitions, b.Definitions) && slices.Equal(a.Notes, b.Notes)
}

func fold(s string) string { return strings.ToLower(s) }

func jsonDescs(d []term.Description) string {
	if len(d) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(d)
	return string(b)
}

func (db *DB) insertConcept(ctx context.Context, tx *sql.Tx, gid int64, c *term.Concept) (int64, error) {
	now := formatTime(db.Now())
	var id any
	if c.ID != 0 {
		id = c.ID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO concepts(id, glossary_id, ext_id, subject, definitions, notes, created, changed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, gid, c.ExtID, c.Subject, jsonDescs(c.Definitions), jsonDescs(c.Notes), now, now)
	if err != nil {
		return 0, dbError(err)
	}
	cid, err := res.LastInsertId()
	if err != nil {
		return 0, dbError(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO terms(concept_id, seq, lang, text, fold, status, pos, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, dbError(err)
	}
	defer stmt.Close()
	for i, t := range c.Terms {
		if t.Text == "" {
			return 0, tm.Errorf(tm.EINVALID, "concept %q: empty term", c.ExtID)
		}
		if _, err := stmt.ExecContext(ctx, cid, i, string(t.Lang), t.Text, fold(t.Text), string(t.Status), t.POS, t.Note); err != nil {
			return 0, dbError(err)
		}
	}
	return cid, nil
}

// AddConcept stores one concept (korpus terms add) and returns its id.
func (db *DB) AddConcept(ctx context.Context, glossary string, c *term.Concept) (int64, error) {
	if glossary == "" {
		glossary = DefaultGlossary
	}
	if len(c.Terms) == 0 {
		return 0, tm.Errorf(tm.EINVALID, "a concept needs at least one term")
	}
	for i := range c.Terms {
		normTerm(&c.Terms[i])
	}
	var id int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		gid, err := db.glossaryID(ctx, tx, glossary, true)
		if err != nil {
			return err
		}
		if old, err := db.findConcept(ctx, tx, gid, c); err != nil {
			return err
		} else if old != nil {
			return tm.Errorf(tm.ECONFLICT, "the glossary %q already has these terms (concept %d)", glossary, old.ID)
		}
		id, err = db.insertConcept(ctx, tx, gid, c)
		return err
	})
	return id, err
}

// DeleteConcept deletes a concept and its terms.
func (db *DB) DeleteConcept(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM concepts WHERE id = ?`, id)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tm.Errorf(tm.ENOTFOUND, "no concept %d", id)
		}
		return nil
	})
}

// TermFilter selects concepts: of a glossary ("" all) having a term in
// each of the languages given (base language match: de finds de-DE).
type TermFilter struct {
	Glossary string
	Langs    []tm.Lang
}

// Concepts returns the concepts the filter selects, in id order.
func (db *DB) Concepts(ctx context.Context, f TermFilter) ([]term.Concept, error) {
	var out []term.Concept
	err := db.view(ctx, func(tx *sql.Tx) error {
		where, args := "1", []any{}
		if f.Glossary != "" {
			gid, err := db.glossaryID(ctx, tx, f.Glossary, false)
			if err != nil {
				return err
			}
			where += " AND c.glossary_id = ?"
			args = append(args, gid)
		}
		for _, l := range f.Langs {
			where += ` AND EXISTS (SELECT 1 FROM terms x WHERE x.concept_id = c.id AND (x.lang = ? OR x.lang LIKE ?))`
			args = append(args, string(l), l.Base()+"-%")
		}
		var err error
		out, err = db.loadConcepts(ctx, tx, where, args...)
		return err
	})
	return out, err
}

// loadConcepts reads the concepts matching where (over concepts c) with
// their terms.
func (db *DB) loadConcepts(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]term.Concept, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, g.name, c.ext_id, c.subject, c.definitions, c.notes,
		t.id, t.lang, t.text, t.status, t.pos, t.note
		FROM concepts c JOIN glossaries g ON g.id = c.glossary_id JOIN terms t ON t.concept_id = c.id
		WHERE `+where+` ORDER BY c.id, t.seq`, args...)
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []term.Concept
	for rows.Next() {
		var c term.Concept
		var defs, notes string
		var t term.Term
		var lang, status string
		if err := rows.Scan(&c.ID, &c.Glossary, &c.ExtID, &c.Subject, &defs, &notes,
			&t.ID, &lang, &t.Text, &status, &t.POS, &t.Note); err != nil {
			return nil, dbError(err)
		}
		t.Lang, t.Status = tm.Lang(lang), term.Status(status)
		if n := len(out); n > 0 && out[n-1].ID == c.ID {
			out[n-1].Terms = append(out[n-1].Terms, t)
			continue
		}
		if err := json.Unmarshal([]byte(defs), &c.Definitions); err != nil {
			return nil, tm.Errorf(tm.EINTERNAL, "concept %d: definitions: %v", c.ID, err)
		}
		if err := json.Unmarshal([]byte(notes), &c.Notes); err != nil {
			return nil, tm.Errorf(tm.EINTERNAL, "concept %d: notes: %v", c.ID, err)
		}
		c.Terms = []term.Term{t}
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// Recognizer returns a term recognizer over every concept with terms in
// both from and to (base-language match), for recognising many sentences.
func (db *DB) Recognizer(ctx context.Context, from, to tm.Lang) (*term.Recognizer, error) {
	cs, err := db.Concepts(ctx, TermFilter{Langs: []tm.Lang{from, to}})
	if err != nil {
		return nil, err
	}
	return term.NewRecognizer(cs, from, to), nil
}

// TermsIn returns the termbase's terms found in one source sentence (for
// an API such as /api/v1/terms); callers with many sentences should keep
// a Recognizer instead.
func (db *DB) TermsIn(ctx context.Context, sentence string, from, to tm.Lang) ([]term.Hit, error) {
	r, err := db.Recognizer(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return r.Find(sentence), nil
}
