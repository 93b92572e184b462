-- Candidate index for fuzzy matching (store/match.go).
--
-- match_terms is an inverted index of the folded word keys of unit sources
-- (tm/match: lower case, every number the same key), one row per term. A
-- term is match.TermHash of (base language pair, key, occurrence number),
-- so the second "die" of a sentence is its own term and the size of the
-- intersection of two term sets is the multiset overlap the score bounds.
-- postings is a list of chunks, each appended by one index run:
--   varint 0, varint first unit id, varint word count,
--   then (varint id delta > 0, varint word count) …
-- The leading 0 (a delta that never occurs inside a chunk) lets a run
-- append with `postings || ?` without reading the row.
CREATE TABLE match_terms (
    term     INTEGER PRIMARY KEY,
    df       INTEGER NOT NULL,
    postings BLOB NOT NULL
);

-- match_langs lists the language pairs the units hold, so an exact lookup
-- can use units_exact for every tag that shares the query's base languages.
CREATE TABLE match_langs (
    src_lang TEXT NOT NULL,
    tgt_lang TEXT NOT NULL,
    PRIMARY KEY (src_lang, tgt_lang)
) WITHOUT ROWID;

-- match_units_rowid: the highest units.id already in match_terms.
INSERT INTO meta(key, value) VALUES ('match_units_rowid', '0');
