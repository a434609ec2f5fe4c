-- SQLite keeps a table with a composite primary key as two B-trees, the rows by a hidden rowid and the key
-- in an index beside them, so every order, trade and event was written twice. Without a rowid the rows
-- are kept in key order in the one B-tree. PostgreSQL tables have no rowid and need no change.

CREATE TABLE orders_by_key (
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
    priority BIGINT,
    escrow_per_share_cents BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancellation_reason TEXT,
    PRIMARY KEY (venue_id, order_id)
) WITHOUT ROWID;
INSERT INTO orders_by_key SELECT venue_id, order_id, user_id, symbol, side, order_type, price_cents, quantity,
    filled_quantity, status, time_in_force, client_order_id, priority, escrow_per_share_cents, created_at,
    updated_at, cancellation_reason FROM orders;
DROP TABLE orders;
ALTER TABLE orders_by_key RENAME TO orders;
CREATE INDEX orders_by_user_status ON orders (venue_id, user_id, status);

CREATE TABLE trades_by_key (
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
) WITHOUT ROWID;
INSERT INTO trades_by_key SELECT venue_id, trade_id, symbol, price_cents, quantity, buy_order_id, sell_order_id,
    buyer_id, seller_id, buyer_fee_cents, seller_fee_cents, aggressor_side, created_at FROM trades;
DROP TABLE trades;
ALTER TABLE trades_by_key RENAME TO trades;
CREATE INDEX trades_by_symbol_time ON trades (venue_id, symbol, created_at);
CREATE INDEX trades_by_buyer ON trades (venue_id, buyer_id, created_at);
CREATE INDEX trades_by_seller ON trades (venue_id, seller_id, created_at);

CREATE TABLE events_by_key (
    venue_id TEXT NOT NULL,
    sequence BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (venue_id, sequence)
) WITHOUT ROWID;
INSERT INTO events_by_key SELECT venue_id, sequence, kind, payload, created_at, prev_hash, hash FROM events;
DROP TABLE events;
ALTER TABLE events_by_key RENAME TO events;
