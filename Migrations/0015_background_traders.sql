-- Each venue's background traders: ordinary users whose accounts the simulated population trades
-- through, numbered in the order they act. Like the market makers, kept apart from the users table so
-- leaderboards and standings can leave them out.

CREATE TABLE background_traders (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    slot INTEGER NOT NULL,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (venue_id, slot)
);
