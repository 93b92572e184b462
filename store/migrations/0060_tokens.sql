-- API tokens for korpus serve (store/tokens.go). Only the SHA-256 of a
-- token is stored: a copied database file does not give access to the
-- server. memories is a comma-separated list of memory names the token is
-- limited to ('' = all). A revoked token keeps its row (revoked <> '') so
-- that token list shows who had access.
CREATE TABLE tokens (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    role     TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    memories TEXT NOT NULL DEFAULT '',
    hash     TEXT NOT NULL UNIQUE,
    created  TEXT NOT NULL,
    revoked  TEXT NOT NULL DEFAULT ''
);
