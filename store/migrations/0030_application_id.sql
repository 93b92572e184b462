-- Mark the file as a korpus database in SQLite's header (application_id,
-- bytes 68-71: 'KRPS' = 0x4B525053), so that korpus can tell its own files
-- from other programs' SQLite files by reading the header alone, before
-- it writes anything (see store.checkForeign).
PRAGMA application_id = 1263685715;
