-- The initial schema. Portable SQL only (BIGINT, TEXT, BOOLEAN) so the same file runs on SQLite and
-- PostgreSQL; ids are assigned by the application, timestamps are milliseconds since 1970 and money is cents.

CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'trader' CHECK (role IN ('trader', 'admin')),
    created_at BIGINT NOT NULL,
    suspended BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE api_keys (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_by_user ON api_keys (user_id);

-- Server-wide values such as the generated JWT signing key.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE venues (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE tickers (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    symbol TEXT NOT NULL,
    tick_size_cents BIGINT NOT NULL,
    initial_price_cents BIGINT NOT NULL,
    PRIMARY KEY (venue_id, symbol)
);

CREATE TABLE accounts (
    venue_id TEXT NOT NULL REFERENCES venues (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    cash_cents BIGINT NOT NULL,
    reserved_cash_cents BIGINT NOT NULL DEFAULT 0,
    open_order_count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (venue_id, user_id)
);

CREATE TABLE positions (
    venue_id TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    shares BIGINT NOT NULL,
    reserved_shares BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (venue_id, user_id, symbol),
    FOREIGN KEY (venue_id, user_id) REFERENCES accounts (venue_id, user_id)
);

CREATE TABLE orders (
    venue_id TEXT NOT NULL,
    order_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    order_type TEXT NOT NULL,
    price_cents BIGINT,
    quantity BIGINT NOT NULL,
    filled_quantity BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    time_in_force TEXT NOT NULL,
    client_order_id TEXT,
    -- Price-time priority sequence of a resting order, so books rebuild in their original order.
    priority BIGINT,
    escrow_per_share_cents BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (venue_id, order_id)
);
CREATE INDEX orders_by_user_status ON orders (venue_id, user_id, status);
CREATE INDEX orders_resting ON orders (venue_id, symbol, status);

CREATE TABLE trades (
    venue_id TEXT NOT NULL,
    trade_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    price_cents BIGINT NOT NULL,
    quantity BIGINT NOT NULL,
    buy_order_id BIGINT NOT NULL,
    sell_order_id BIGINT NOT NULL,
    buyer_id BIGINT NOT NULL,
    seller_id BIGINT NOT NULL,
    buyer_fee_cents BIGINT NOT NULL DEFAULT 0,
    seller_fee_cents BIGINT NOT NULL DEFAULT 0,
    aggressor_side TEXT NOT NULL CHECK (aggressor_side IN ('buy', 'sell')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (venue_id, trade_id)
);
CREATE INDEX trades_by_symbol_time ON trades (venue_id, symbol, created_at);
CREATE INDEX trades_by_buyer ON trades (venue_id, buyer_id, created_at);
CREATE INDEX trades_by_seller ON trades (venue_id, seller_id, created_at);

-- The append-only journal: each event's hash covers its content and the previous event's hash, so editing or
-- deleting a past event breaks the chain.
CREATE TABLE events (
    venue_id TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (venue_id, sequence)
);
