-- Administrative actions, one row per `admin_action` event of the journal (venue_id `_server` for server-wide
-- actions on users and venues), so that they can be listed and filtered without reading the whole journal.
-- The journal's hash chain is the proof; `marketsim audit verify` checks that this table says what it says.

CREATE TABLE audit_log (
    venue_id TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    actor_id BIGINT NOT NULL,
    actor_username TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    reason TEXT,
    before_values TEXT NOT NULL,
    after_values TEXT NOT NULL,
    PRIMARY KEY (venue_id, sequence)
);
CREATE INDEX audit_log_by_time ON audit_log (created_at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, created_at);
