-- A leaner full-text index: units_fts is rebuilt without positions.
--
-- The index serves only concordance (store/match_concordance.go), which
-- checks every hit against the unit's text itself, so the index need only
-- find candidates: units whose text holds all the trigrams of the term,
-- anywhere. detail=none keeps one doclist entry per (trigram, unit), no
-- positions and no columns (a search covers source and target, the check
-- then looks at the searched side); columnsize=0 drops the per-unit token
-- counts, used only by ranking. On 1M units this cuts the index from
-- 537 MB to 96 MB and the build from 30 s to 9 s (README, "Storage").
--
-- hashsize is how much pending index data one transaction gathers in
-- memory before writing a segment (default 1 MB): at 32 MB a bulk build
-- writes a few large segments instead of hundreds of small ones it would
-- then merge again (1M units: 9 s instead of 17 s, 56 MB peak RSS instead
-- of 12 MB; 64 MB is no faster and takes 93 MB). Small updates never come
-- near it.
--
-- The watermark goes back to 0: the next IndexUnits (run by import and
-- by concordance) indexes every unit again.
DROP TABLE units_fts;
CREATE VIRTUAL TABLE units_fts USING fts5(
    src_text,
    tgt_text,
    content = 'units',
    content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1',
    detail = none,
    columnsize = 0
);
INSERT INTO units_fts(units_fts, rank) VALUES ('hashsize', 33554432);
UPDATE meta SET value = '0' WHERE key = 'fts_units_rowid';
