-- Termbase (store/terms.go, tm/term): glossaries hold concepts, a
-- concept holds its terms in any number of languages (several per
-- language: synonyms, deprecated and forbidden variants).
CREATE TABLE glossaries (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);

-- definitions and notes are JSON arrays of {"lang","text"}; ext_id is the
-- id the concept had in the imported file (re-importing it updates the
-- concept instead of adding a copy).
CREATE TABLE concepts (
    id          INTEGER PRIMARY KEY,
    glossary_id INTEGER NOT NULL REFERENCES glossaries(id) ON DELETE CASCADE,
    ext_id      TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    definitions TEXT NOT NULL DEFAULT '[]',
    notes       TEXT NOT NULL DEFAULT '[]',
    created     TEXT NOT NULL,
    changed     TEXT NOT NULL
);
CREATE INDEX concepts_ext ON concepts(glossary_id, ext_id) WHERE ext_id <> '';

-- fold is the lower-cased text, for listing and de-duplication; seq keeps
-- the file's order of terms within a concept.
CREATE TABLE terms (
    id         INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    text       TEXT NOT NULL,
    fold       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT '',
    pos        TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX terms_concept ON terms(concept_id, seq);
CREATE INDEX terms_lang_fold ON terms(lang, fold);
