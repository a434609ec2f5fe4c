-- An account's dead man's switch: its resting orders in the venue are cancelled once all its private
-- WebSocket connections there have been gone for `seconds`. One row per account that asked for it.
CREATE TABLE cancel_on_disconnect (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    seconds BIGINT NOT NULL,
    PRIMARY KEY (venue_id, user_id)
);
