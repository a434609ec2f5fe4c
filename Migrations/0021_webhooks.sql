-- Webhooks: URLs a user asked to be called with the events of some topics in one venue. The signing secret
-- is derived from a server key and `secret_salt`, so none is stored here. The venue's journal is the queue:
-- `cursor` is the sequence through which the endpoint's events were delivered (or dead-lettered), and a
-- delivery is rebuilt from the journal when it is needed again.
CREATE TABLE webhook_endpoints (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    venue_id TEXT NOT NULL REFERENCES venues (id),
    url TEXT NOT NULL,
    topics TEXT NOT NULL,
    description TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    secret_salt TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    cursor BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (user_id);
-- Deliveries: each request body sent to an endpoint, one at a time, until it is answered with a 2xx
-- (`delivered`) or its retry window ends (`dead`). One made from the journal names the events it covers
-- (`first_sequence` to `last_sequence`); one of facts the journal does not hold (a price alert, a
-- tournament's change, a test) keeps its `body`.
CREATE TABLE webhook_deliveries (
    id BIGINT PRIMARY KEY,
    endpoint_id BIGINT NOT NULL,
    first_sequence BIGINT,
    last_sequence BIGINT,
    body TEXT,
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
