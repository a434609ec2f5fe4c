-- Venues created at run time, their hosts, and tournaments: a tournament is a venue with a schedule, its
-- entrants, periodic equity snapshots and, once it ends, its frozen final standings.

-- Users who may administer one venue besides the admins (a teacher running a class tournament).
CREATE TABLE venue_hosts (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    granted_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (venue_id, user_id)
);
CREATE INDEX venue_hosts_by_user ON venue_hosts (user_id);

CREATE TABLE tournaments (
    venue_id TEXT PRIMARY KEY REFERENCES venues (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'active', 'completed', 'cancelled')),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    max_participants BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX tournaments_by_status ON tournaments (status, starts_at);

CREATE TABLE tournament_entries (
    venue_id TEXT NOT NULL REFERENCES tournaments (venue_id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    entered_at BIGINT NOT NULL,
    -- Set while the user has withdrawn; entering again clears it and keeps the original entry time.
    withdrawn_at BIGINT,
    disqualified_at BIGINT,
    PRIMARY KEY (venue_id, user_id)
);

CREATE TABLE equity_snapshots (
    venue_id TEXT NOT NULL REFERENCES tournaments (venue_id),
    user_id BIGINT NOT NULL,
    taken_at BIGINT NOT NULL,
    total_value_cents BIGINT NOT NULL,
    cash_cents BIGINT NOT NULL,
    PRIMARY KEY (venue_id, user_id, taken_at)
);

-- Written once, in one transaction, when a tournament completes; never updated afterwards.
CREATE TABLE tournament_results (
    venue_id TEXT NOT NULL REFERENCES tournaments (venue_id),
    rank BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    username TEXT NOT NULL,
    total_value_cents BIGINT NOT NULL,
    cash_cents BIGINT NOT NULL,
    pnl_cents BIGINT NOT NULL,
    return_basis_points BIGINT NOT NULL,
    max_drawdown_basis_points BIGINT NOT NULL,
    sharpe_milli BIGINT,
    entered_at BIGINT NOT NULL,
    PRIMARY KEY (venue_id, rank)
);
