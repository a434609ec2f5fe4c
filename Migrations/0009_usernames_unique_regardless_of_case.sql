-- Usernames are unique regardless of case: "Alice" cannot register beside "alice". The folded name is kept
-- in a column of its own with a unique index (usernames are ASCII, so lower() folds them exactly on both
-- engines). A database written before this rule may already hold names that differ only in case: the
-- oldest keeps its folded name and the later ones get their id appended, so the index can be built and
-- each of them can still sign in by its exact name.
ALTER TABLE users ADD COLUMN username_folded TEXT;
UPDATE users SET username_folded = lower(username) || CASE
    WHEN EXISTS (
        SELECT 1 FROM users AS older WHERE lower(older.username) = lower(users.username) AND older.id < users.id
    ) THEN '#' || CAST(id AS TEXT)
    ELSE ''
END;
CREATE UNIQUE INDEX users_by_folded_name ON users (username_folded);
