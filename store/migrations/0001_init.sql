-- korpus schema, version 1: documents and their versions, segments,
-- translation units and a full-text index over the units.
--
-- Times are TEXT in UTC, RFC 3339 with milliseconds ("2026-11-27T01:40:48.123Z"),
-- so they sort as text and read well in the sqlite3 shell.
-- Numbering: 0001-0009 foundation, 0010-0019 exchange formats,
-- 0020-0029 matching, 0030-0039 alignment.

-- meta holds key/value facts about the database (e.g. the full-text index
-- watermark "fts_units_rowid").
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- documents are named source texts; their content lives in versions.
CREATE TABLE documents (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    lang    TEXT NOT NULL,
    created TEXT NOT NULL
);

-- versions are the stored revisions of a document, numbered 1, 2, 3 … per
-- document. text is the decoded NFC text ("\n" line ends) the segments were
-- made from, kept for diffs, exports and re-segmentation. hash is the hex
-- sha256 of text. A document may return to an older text, so (doc_id, hash)
-- is deliberately not unique; "identical to the latest version" is checked
-- in code.
CREATE TABLE versions (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL CHECK (number >= 1),
    hash        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    source_name TEXT NOT NULL DEFAULT '',
    encoding    TEXT,
    text        TEXT NOT NULL,
    paras       INTEGER NOT NULL DEFAULT 0,
    segments    INTEGER NOT NULL DEFAULT 0,
    words       INTEGER NOT NULL DEFAULT 0,
    chars       INTEGER NOT NULL DEFAULT 0,
    created     TEXT NOT NULL,
    UNIQUE (doc_id, number)
);

-- segments are the sentences (headings, list items …) of a version in
-- document order. idx is the 0-based segment index in the document, para the
-- 0-based paragraph index, hash is tm.Hash(text) (whitespace-insensitive).
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    para       INTEGER NOT NULL,
    text       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    UNIQUE (version_id, idx)
);
CREATE INDEX segments_hash ON segments(hash);

-- units are translation units: a source text and its translation into one
-- target language. src_text/tgt_text are plain NFC text (codes removed);
-- src_codes/tgt_codes hold the JSON of tm.Content when it has inline codes
-- and are NULL for plain text. src_hash is tm.Hash(src_text). prev_hash and
-- next_hash are tm.Hash of the previous/next source segment ('' at document
-- boundaries or when unknown); prev_text/next_text keep that context's text
-- where a format carries it (NULL otherwise). segment_id links a translation
-- to a stored document segment. props/notes are JSON arrays of tm.Prop /
-- tm.Note, NULL when empty.
--
-- Keep the index set lean: bulk TMX imports must stay fast.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    src_lang   TEXT NOT NULL,
    tgt_lang   TEXT NOT NULL,
    src_text   TEXT NOT NULL,
    src_hash   TEXT NOT NULL,
    tgt_text   TEXT NOT NULL,
    src_codes  TEXT,
    tgt_codes  TEXT,
    status     TEXT NOT NULL DEFAULT 'translated',
    origin     TEXT NOT NULL DEFAULT '',
    creator    TEXT NOT NULL DEFAULT '',
    changer    TEXT NOT NULL DEFAULT '',
    created    TEXT NOT NULL,
    changed    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL DEFAULT '',
    next_hash  TEXT NOT NULL DEFAULT '',
    prev_text  TEXT,
    next_text  TEXT,
    segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
    score      REAL NOT NULL DEFAULT 0,
    usage      INTEGER NOT NULL DEFAULT 0,
    props      TEXT,
    notes      TEXT
);
-- Exact lookup: same languages and same normalised source.
CREATE INDEX units_exact ON units(src_lang, tgt_lang, src_hash);
-- Translations of stored segments (also serves the ON DELETE SET NULL
-- lookups when segments are deleted).
CREATE INDEX units_segment ON units(segment_id, tgt_lang) WHERE segment_id IS NOT NULL;

-- units_fts is the full-text index for concordance search and fuzzy-match
-- candidates. It uses external content (the text lives only in units) and
-- has NO triggers: bulk imports would be ten times slower with them.
-- store.(*DB).IndexUnits brings it up to date by rowid after each import and
-- records the last indexed units.id in meta("fts_units_rowid"). The trigram
-- tokenizer finds substrings of any length >= 3 and is case-insensitive;
-- remove_diacritics 1 lets "uber" find "über".
CREATE VIRTUAL TABLE units_fts USING fts5(
    src_text,
    tgt_text,
    content = 'units',
    content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1'
);
INSERT INTO meta(key, value) VALUES ('fts_units_rowid', '0');
