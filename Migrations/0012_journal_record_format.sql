-- Every journal record carries the number of the format it was written in (docs/JOURNAL.md). The records
-- stored before this migration are format 1.
ALTER TABLE events ADD COLUMN format SMALLINT NOT NULL DEFAULT 1;
