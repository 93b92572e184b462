-- Unit history from every change (issue 10): besides `units edit` and
-- `units restore`, an import that replaces a unit's target or status
-- (import --existing newer|overwrite, or a newer copy of the unit with
-- another status) and carry-over by `add` record their changes. via says
-- which: edit, restore, import, carry-over ('' for rows written before this
-- migration, all by edit or restore).
ALTER TABLE unit_history ADD COLUMN via TEXT NOT NULL DEFAULT '';
