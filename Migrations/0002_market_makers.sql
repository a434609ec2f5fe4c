-- The built-in market makers: one ordinary user per venue whose account the bots trade through.
-- Kept in their own table rather than as a user role, so leaderboards can leave them out on both
-- SQLite and PostgreSQL without changing the users table's CHECK constraint.

CREATE TABLE market_makers (
    venue_id TEXT PRIMARY KEY REFERENCES venues (id),
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    created_at BIGINT NOT NULL
);
