-- Deleted units stay restorable until `korpus gc` (issue 10). `units
-- delete` sets deleted (the UTC time) instead of removing the row: every
-- reader of units selects `deleted IS NULL` (lookup, concordance,
-- pretranslate, analyze, export-tm, units list, memory counts, dedupe,
-- conflicts, carry-over), the full-text index loses the row in the
-- delete's transaction, and the match index keeps its postings (lookups
-- skip deleted ids), so `units restore ID` gives the unit back at once
-- with its id, history and index entries. Keeping the row also keeps its
-- id: SQLite gives a new row max(id)+1, and a reused id would sit below
-- the indexes' watermarks. `korpus gc` removes deleted rows and their
-- history for good. The partial index holds only deleted rows, so imports
-- do not pay for it.
ALTER TABLE units ADD COLUMN deleted TEXT;
CREATE INDEX units_deleted ON units(deleted) WHERE deleted IS NOT NULL;
