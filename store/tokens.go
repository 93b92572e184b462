package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/korpus/korpus/tm"
)

// Token roles, weakest first: read < write < admin.
const (
	RoleRead  = "read"
	RoleWrite = "write"
	RoleAdmin = "admin"
)

// RoleRank orders roles; 0 for an unknown role.
func RoleRank(role string) int {
	switch role {
	case RoleRead:
		return 1
	case RoleWrite:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Token is an API token as stored: never the secret itself.
type Token struct {
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	Memories []string `json:"memories"` // empty: all memories
	Created  time.Time
	Revoked  time.Time // zero: active
}

// tokenPrefix marks korpus tokens so that secret scanners and people can
// tell one from other random strings.
const tokenPrefix = "korpus_"

func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateToken stores a new token NAME with role and memories and returns
// its secret: 32 random bytes, shown once and stored only as a SHA-256.
func (db *DB) CreateToken(ctx context.Context, name, role string, memories []string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", tm.Errorf(tm.EINVALID, "empty token name")
	}
	if RoleRank(role) == 0 {
		return "", tm.Errorf(tm.EINVALID, "unknown role %q (read, write or admin)", role)
	}
	for _, m := range memories {
		if m == "" || strings.Contains(m, ",") {
			return "", tm.Errorf(tm.EINVALID, "invalid memory name %q", m)
		}
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", tm.Errorf(tm.EINTERNAL, "random token: %v", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (name, role, memories, hash, created) VALUES (?, ?, ?, ?, ?)`,
			name, role, strings.Join(memories, ","), hashToken(secret), formatTime(time.Now()))
		if isConstraint(err) {
			return tm.Errorf(tm.ECONFLICT, "a token named %q exists (revoke it or choose another name)", name)
		}
		return dbError(err)
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// Tokens lists all tokens, revoked ones too, by name.
func (db *DB) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, role, memories, created, revoked FROM tokens ORDER BY name`)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return dbError(rows.Err())
	})
	return out, err
}

func scanToken(s scanner) (Token, error) {
	var t Token
	var mems, created, revoked string
	if err := s.Scan(&t.Name, &t.Role, &mems, &created, &revoked); err != nil {
		return t, dbError(err)
	}
	if mems != "" {
		t.Memories = strings.Split(mems, ",")
	}
	t.Created = parseTime(created)
	if revoked != "" {
		t.Revoked = parseTime(revoked)
	}
	return t, nil
}

// RevokeToken revokes the token NAME; ENOTFOUND when there is no active one.
func (db *DB) RevokeToken(ctx context.Context, name string) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = ? WHERE name = ? AND revoked = ''`, formatTime(time.Now()), name)
		if err != nil {
			return dbError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tm.Errorf(tm.ENOTFOUND, "no active token named %q", name)
		}
		return nil
	})
}

// ErrBadToken is returned by Authenticate for an unknown or revoked token.
var ErrBadToken = errors.New("unknown or revoked token")

// Authenticate returns the active token whose secret is secret. The row is
// found by the hash (an index lookup that reveals nothing about the
// secret), and the stored hash is compared again in constant time.
func (db *DB) Authenticate(ctx context.Context, secret string) (Token, error) {
	h := hashToken(secret)
	var stored string
	var t Token
	err := db.view(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `SELECT hash, name, role, memories, created, revoked FROM tokens WHERE hash = ?`, h)
		var err error
		t, err = scanToken(&prefixScanner{row: row, first: &stored})
		return err
	})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (subtle.ConstantTimeCompare([]byte(stored), []byte(h)) != 1 || !t.Revoked.IsZero())) {
		return Token{}, ErrBadToken
	}
	if err != nil {
		var te *tm.Error
		if errors.As(err, &te) && errors.Is(te.Err, sql.ErrNoRows) {
			return Token{}, ErrBadToken
		}
		return Token{}, err
	}
	return t, nil
}

type prefixScanner struct {
	row   *sql.Row
	first any
}

func (p *prefixScanner) Scan(dest ...any) error {
	return p.row.Scan(append([]any{p.first}, dest...)...)
}

// LanguagePairs returns the (source, target) language pairs the memory
// holds units for, as the match index knows them.
func (db *DB) LanguagePairs(ctx context.Context) ([][2]string, error) {
	var out [][2]string
	err := db.view(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT src_lang, tgt_lang FROM units WHERE deleted IS NULL ORDER BY 1, 2`)
		if err != nil {
			return dbError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var p [2]string
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				return dbError(err)
			}
			out = append(out, p)
		}
		return dbError(rows.Err())
	})
	return out, err
}

// IndexLag returns how many units were added since the match index last
// caught up (the next lookup indexes them first).
func (db *DB) IndexLag(ctx context.Context) (int64, error) {
	var n int64
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE id >
		coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0)`, matchWatermarkKey).Scan(&n)
	return n, dbError(err)
}
