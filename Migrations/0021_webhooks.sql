-- Webhooks: URLs a user asked to be called with the events of some topics in one venue. The signing secret
-- is derived from a server key and `secret_salt`, so none is stored here.
CREATE TABLE webhook_endpoints (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    venue_id TEXT NOT NULL REFERENCES venues (id),
    url TEXT NOT NULL,
    topics TEXT NOT NULL,
    description TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    secret_salt TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (user_id);
-- The delivery queue: one row per request body, sent to its endpoint in `id` order, one at a time, until it
-- is answered with a 2xx (`delivered`) or its retry window ends (`dead`).
CREATE TABLE webhook_deliveries (
    id BIGINT PRIMARY KEY,
    endpoint_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, status, id);
-- Every attempt: when, how it was answered (`status_code` null when it was not) and how long it took.
CREATE TABLE webhook_attempts (
    delivery_id BIGINT NOT NULL,
    attempt INTEGER NOT NULL,
    attempted_at BIGINT NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
-- How far each venue's journal has been turned into deliveries: after a restart, the events after it are
-- read again from the journal, so an event committed but not yet queued is not lost.
CREATE TABLE webhook_cursors (
    venue_id TEXT PRIMARY KEY REFERENCES venues (id),
    sequence BIGINT NOT NULL
);
