-- Safety switches: the losses an account allows itself in a venue (a day's loss, a drawdown from its peak
-- equity), and those a venue's host sets for all its accounts. What trips a limit is journalled in the
-- venue's chain; the limits and the equity they are measured from live here, beside it.
CREATE TABLE account_loss_limits (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    max_daily_loss_cents BIGINT,
    max_drawdown_cents BIGINT,
    PRIMARY KEY (venue_id, user_id)
);
CREATE TABLE venue_loss_limits (
    venue_id TEXT PRIMARY KEY REFERENCES venues (id),
    max_daily_loss_cents BIGINT,
    max_drawdown_cents BIGINT
);
-- The peak equity and the day's opening equity of each account a limit watches; `day` counts days since
-- 1970-01-01 by the venue's clock.
CREATE TABLE equity_marks (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    peak_cents BIGINT NOT NULL,
    day_start_cents BIGINT NOT NULL,
    day BIGINT NOT NULL,
    PRIMARY KEY (venue_id, user_id)
);
