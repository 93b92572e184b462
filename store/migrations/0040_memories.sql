-- Named memories (issue 10). A database holds several memories; every unit
-- belongs to one. Existing units go to the memory `default` (id 1), which
-- every database has. penalty is taken off every match from the memory
-- (0-100); origin and status penalties are JSON objects {"alignment": 3}.
CREATE TABLE memories (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    description    TEXT NOT NULL DEFAULT '',
    penalty        INTEGER NOT NULL DEFAULT 0 CHECK (penalty BETWEEN 0 AND 100),
    origin_penalty TEXT,
    status_penalty TEXT,
    created        TEXT NOT NULL,
    changed        TEXT NOT NULL
);
INSERT INTO memories(id, name, created, changed)
VALUES (1, 'default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
-- No REFERENCES clause: SQLite refuses ADD COLUMN with a foreign key and a
-- non-NULL default; the store checks the memory exists before writing.
ALTER TABLE units ADD COLUMN memory_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX units_memory ON units(memory_id);
