"""A check beside schemathesis's own: where schemathesis.toml lets an operation answer 400 to a request that
fits the description, the refusal must be one that depends on the market's state or on values the
description cannot relate (a price off its ticker's tick grid, an order's value over the ceiling), never a
rule of the request's shape that the description leaves out."""
import schemathesis

# Refusals by the market's state, or by a relation between values that JSON Schema cannot state.
STATE = {
    "unknown_ticker", "insufficient_cash", "insufficient_shares", "quantity_limit", "notional_limit",
    "position_limit", "open_order_limit", "amount_too_large", "trading_halted", "price_off_tick",
    "trigger_already_reached", "post_only_would_trade", "oco_leg_would_trade", "invalid_order",
    "order_not_amendable", "order_not_open", "invalid_display_quantity", "invalid_amount", "risk_limit_tripped",
}
# Per operation, the further codes its state or its values' relations can cause.
FURTHER = {
    "/admin/venues/{venue}/cancel-orders": {"invalid_ticker"},
    "/admin/venues/{venue}/halt": {"invalid_ticker"},
    "/admin/venues/{venue}/resume": {"invalid_ticker"},
    "/admin/venues/{venue}/market-events": {"invalid_ticker"},
    "/admin/venues/{venue}/tickers": {"invalid_tickers", "invalid_listing"},
    "/admin/venues": {"invalid_tickers", "invalid_events", "invalid_short_selling"},
    "/admin/venues/{venue}/short-selling": {"invalid_short_selling"},
    "/admin/tournaments": {"invalid_tickers", "invalid_events", "invalid_ends_at", "invalid_late_entry_seconds"},
    "/admin/tournaments/{tournament}": {"invalid_ends_at", "invalid_late_entry_seconds"},
    "/market/{ticker}/history": {"invalid_start"},
    # Whether a URL's host resolves, and to what, is the network's state; so is the number of endpoints kept.
    "/webhooks": {"unresolvable_host", "blocked_address", "webhook_limit"},
    "/webhooks/{webhook}": {"unresolvable_host", "blocked_address"},
}


@schemathesis.check
def refusals_by_state_only(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        code = response.json().get("error")
    except Exception:
        code = None
    further = next((codes for path, codes in FURTHER.items() if case.operation.path.endswith(path)), set())
    assert code in STATE | further, f"A request that fits the description was refused: {response.text}"
    return None
