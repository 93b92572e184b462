-- Unit history (issue 10): every change of a unit's target or status made
-- by `korpus units edit` or `units restore`, with the values before and
-- after, who made it (the OS user or $KORPUS_USER) and when. change_no
-- numbers a unit's changes 1, 2, 3 …; restore --to-change N brings back the
-- values the unit had before change N. Rows go when their unit is deleted
-- (the store deletes them in the same transaction).
CREATE TABLE unit_history (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL,
    change_no   INTEGER NOT NULL CHECK (change_no >= 1),
    old_target  TEXT NOT NULL,
    old_codes   TEXT,
    old_status  TEXT NOT NULL,
    new_target  TEXT NOT NULL,
    new_codes   TEXT,
    new_status  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    changer     TEXT NOT NULL DEFAULT '',
    changed     TEXT NOT NULL,
    UNIQUE (unit_id, change_no)
);
