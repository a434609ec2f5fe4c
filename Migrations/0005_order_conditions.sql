-- What an order carries beyond a plain limit or market order: a trigger, an iceberg's display quantity,
-- post-only, the other leg of a one-cancels-other pair, a bracket's exits or its entry. A row exists only for
-- such orders, so plain orders, nearly all of them, write nothing here. Money is cents.

CREATE TABLE order_conditions (
    venue_id TEXT NOT NULL,
    order_id BIGINT NOT NULL,
    stop_price_cents BIGINT,
    trail_amount_cents BIGINT,
    trail_basis_points BIGINT,
    protection_price_cents BIGINT,
    display_quantity BIGINT,
    post_only BOOLEAN NOT NULL DEFAULT FALSE,
    linked_order_id BIGINT,
    parent_order_id BIGINT,
    take_profit_cents BIGINT,
    stop_loss_cents BIGINT,
    stop_loss_limit_cents BIGINT,
    -- When a conditional order's trigger was met; NULL while it waits.
    triggered_at BIGINT,
    PRIMARY KEY (venue_id, order_id)
);

-- Why an order stopped working with part or all of it unfilled (`requested`, `oneCancelsOther`, ...), as the
-- answer to placing it says; NULL for orders that are working or filled.
ALTER TABLE orders ADD COLUMN cancellation_reason TEXT;
