-- A tournament may take entries for a while after it starts (0: none, as before).
ALTER TABLE tournaments ADD COLUMN late_entry_seconds BIGINT NOT NULL DEFAULT 0;
