-- Price alerts: an account asks to be told when a trade in a ticker reaches a price. They decide nothing in
-- the market, so they live beside the venue's journal, as its feeds do; `armed` and the firing figures are
-- written after each firing, so a restart neither forgets an alert nor fires a one-time alert twice.
CREATE TABLE price_alerts (
    id BIGINT PRIMARY KEY,
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    ticker TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('above', 'below')),
    price_cents BIGINT NOT NULL,
    repeating BOOLEAN NOT NULL,
    armed BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    fired_at BIGINT,
    times_fired BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX price_alerts_by_owner ON price_alerts (venue_id, user_id);
