-- The match index now also holds, for every number of a unit's source,
-- a term for its exact value (tm/match NumberTerms: the number as written,
-- numbered by occurrence, in a key space of its own), so a lookup can
-- charge 0.25 for each number key no equal number fills and tell apart
-- template sentences that differ only in numbers. The existing postings
-- lack those terms: empty the index and reset its watermark, so the next
-- IndexMatches (run by the first lookup) rebuilds it from all units.
DELETE FROM match_terms;
DELETE FROM match_langs;
UPDATE meta SET value = '0' WHERE key = 'match_units_rowid';
