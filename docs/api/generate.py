#!/usr/bin/env python3
"""Writes Public/openapi.json, the OpenAPI 3.1 description of MarketSim's HTTP API.

The description is kept as this program rather than as hand-edited JSON because every venue-scoped
route exists twice (unprefixed for venue `main`, and under /api/venues/{venue}) and every operation
shares the same error answers. Run it after changing a route:

    python3 docs/api/generate.py

The server's tests check that the routes it registers and the paths described here are the same set,
and the SDK suite checks that Public/openapi.json is what this program writes.
"""
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "Public" / "openapi.json"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required=(), **properties):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def array(items):
    return {"type": "array", "items": items}


def nullable(schema):
    schema = dict(schema)
    schema["type"] = [schema["type"], "null"]
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
MONEY = {"type": "number", "description": "An amount with at most two decimals."}
TIME = {"type": "string", "format": "date-time"}
ID = {"type": "string", "description": "An id, written as a string of digits."}
SIDE = {"type": "string", "enum": ["buy", "sell"]}

MONEY_IN = {"type": ["number", "string"], "description": "An amount with at most two decimals, as a number or a string."}
ORDER_TYPE = {"type": "string", "enum": ["limit", "market", "stop", "stop_limit", "take_profit", "take_profit_limit",
                                         "trailing_stop"]}
# The trigger of a conditional order, in an order request and in an OCO leg alike.
TRIGGER_FIELDS = {
    "stop_price": dict(MONEY_IN, description=(
        "The trigger: required for stop, stop_limit, take_profit and take_profit_limit, refused otherwise; on the "
        "tick grid. Refused (`trigger_already_reached`) when the last price already meets it.")),
    "trail_amount": dict(MONEY_IN, description="For trailing_stop, exactly one of trail_amount (> 0) and trail_percent."),
    "trail_percent": {"type": ["number", "string"],
                      "description": "For trailing_stop: a percentage above 0 and below 100 with at most two decimals."},
}
BRACKET = obj(("take_profit", "stop_loss"), take_profit=MONEY_IN, stop_loss=MONEY_IN,
              stop_loss_limit=dict(MONEY_IN, description="Makes the stop-loss a stop-limit order at this price."))

SCHEMAS = {
    "Error": obj(("detail",), detail=STRING, error={"type": "string", "description": "A machine-readable code."}),
    "Credentials": obj(("username", "password"), username={"type": "string", "minLength": 2, "maxLength": 32},
                       password={"type": "string", "minLength": 4, "maxLength": 128}),
    "Registered": obj(("user_id", "username", "api_key", "jwt_token", "cash", "role"), user_id=ID, username=STRING,
                      api_key=STRING, jwt_token=STRING, cash=MONEY, role={"type": "string", "enum": ["trader"]}),
    "LoggedIn": obj(("user_id", "username", "jwt_token", "role"), user_id=ID, username=STRING, jwt_token=STRING,
                    role={"type": "string", "enum": ["trader", "admin"],
                          "description": "admin, or trader (a venue's hosts are traders)."}),
    "APIKey": obj(("id", "name", "prefix", "created_at", "last_used_at"), id=ID, name=STRING, prefix=STRING,
                  created_at=TIME, last_used_at=nullable(TIME),
                  api_key={"type": "string", "description": "The secret, shown once, in the answer that creates it."}),
    "OrderRequest": obj(
        ("ticker", "side", "quantity"),
        ticker={"type": "string", "minLength": 1, "maxLength": 16},
        side=SIDE,
        price=dict(MONEY_IN, description="The limit price: required for limit, stop_limit and take_profit_limit, "
                                         "refused for the other types; on the ticker's tick grid."),
        quantity={"type": "integer", "minimum": 1},
        type=dict(ORDER_TYPE, default="limit", description=(
            "limit rests at `price`; market takes what the book offers. stop and stop_limit trigger when a trade "
            "prints at or above `stop_price` (a buy) or at or below it (a sell); take_profit and "
            "take_profit_limit the other way round. trailing_stop triggers when a trade prints `trail_amount` or "
            "`trail_percent` away from the best price since acceptance (a sell: below the highest; a buy: above "
            "the lowest). stop, take_profit and trailing_stop enter as market orders, a buy never paying more "
            "than its `protection_price`; stop_limit and take_profit_limit enter as limit orders at `price`.")),
        time_in_force={"type": "string", "enum": ["GTC", "IOC", "FOK"], "default": "GTC",
                       "description": "GTC only (or absent) for stop, take_profit and trailing_stop; for "
                                      "stop_limit and take_profit_limit it applies once triggered."},
        client_order_id={"type": "string", "minLength": 1, "maxLength": 64,
                         "description": "Idempotency key: a resubmission returns the first answer and places nothing."},
        **TRIGGER_FIELDS,
        display_quantity={"type": "integer", "minimum": 1,
                          "description": "An iceberg: only this many shares show in the book, each refill at the back "
                                         "of the queue. Below `quantity`; limit GTC orders only."},
        post_only={"type": "boolean", "description": "Refused (`post_only_would_trade`) rather than trade on arrival; "
                                                     "limit GTC orders only."},
        bracket=dict(BRACKET, description=(
            "For a limit or market entry: once it is done (filled, or ended after some fills), a take-profit limit "
            "order and a stop-loss stop (stop-limit when `stop_loss_limit` is given) on the other side, for the "
            "filled quantity, one cancelling the other. For a buy take_profit > stop_loss; for a sell "
            "take_profit < stop_loss.")),
    ),
    "OCORequest": obj(
        ("ticker", "side", "quantity", "legs"),
        ticker={"type": "string", "minLength": 1, "maxLength": 16},
        side=SIDE,
        quantity={"type": "integer", "minimum": 1},
        legs={"type": "array", "items": ref("OCOLeg"), "minItems": 2, "maxItems": 2,
              "description": "Two orders of the same side and quantity; neither may trade or trigger at once."},
    ),
    "OCOLeg": obj(
        type={"type": "string", "enum": [t for t in ORDER_TYPE["enum"] if t != "market"], "default": "limit"},
        price=dict(MONEY_IN, description="For limit, stop_limit and take_profit_limit legs."),
        time_in_force={"type": "string", "enum": ["GTC", "IOC", "FOK"], "default": "GTC"},
        **TRIGGER_FIELDS,
    ),
    "Amendment": obj(price={"type": ["number", "string"]}, quantity={"type": "integer", "minimum": 1}),
    "Fill": obj(("trade_id", "ticker", "price", "quantity", "buyer_id", "seller_id"), trade_id=ID, ticker=STRING,
                price=MONEY, quantity=INTEGER, buyer_id=ID, seller_id=ID, buyer_fee=MONEY, seller_fee=MONEY,
                timestamp=TIME),
    "Order": obj(
        ("order_id", "ticker", "side", "quantity", "filled_quantity", "status"),
        order_id=ID, ticker=STRING, side=SIDE, type=ORDER_TYPE,
        price=nullable(MONEY), quantity=INTEGER, filled_quantity=INTEGER,
        status={"type": "string", "enum": ["open", "partial", "filled", "cancelled"],
                "description": "A conditional order waiting for its trigger is open."},
        time_in_force={"type": "string", "enum": ["GTC", "IOC", "FOK"]}, client_order_id=nullable(STRING),
        cancellation_reason={"type": "string", "description": (
            "Why it stopped working: requested, immediateOrCancel, fillOrKill, selfTradePrevention, replaced, "
            "administrative, or oneCancelsOther (its OCO sibling triggered, traded or was cancelled).")},
        trades=array(ref("Fill")), duplicate=BOOLEAN, created_at=TIME,
        stop_price=MONEY, trail_amount=MONEY, trail_percent={"type": "number"},
        protection_price=dict(MONEY, description="The most a triggered stop, take-profit or trailing buy pays a "
                                                 "share: the trigger ceiling + 5 %, rounded up to the tick; its cash "
                                                 "is reserved at this price."),
        triggered={"type": "boolean", "description": "On the conditional types: false until a trade triggers it."},
        display_quantity=INTEGER, post_only=BOOLEAN,
        linked_order_id=dict(ID, description="The other order of its OCO pair."),
        parent_order_id=dict(ID, description="The bracket entry this order was placed for."),
        bracket=obj(("take_profit", "stop_loss"), take_profit=MONEY, stop_loss=MONEY, stop_loss_limit=MONEY),
    ),
    "OCOPlaced": obj(("orders",), orders={"type": "array", "items": ref("Order"), "minItems": 2, "maxItems": 2}),
    "Cancelled": obj(("order_id", "status", "message"), order_id=ID, status=STRING, message=STRING),
    "UserTrade": obj(("trade_id", "ticker", "price", "quantity", "side", "counterparty_id", "order_id", "created_at"),
                     trade_id=ID, ticker=STRING, price=MONEY, quantity=INTEGER, side=SIDE, counterparty_id=ID,
                     order_id=ID, fee=MONEY, created_at=TIME),
    "Portfolio": obj(
        ("user_id", "username", "cash", "buying_power", "escrowed_cash", "holdings", "total_value"),
        user_id=ID, username=STRING, cash=MONEY, buying_power=MONEY, escrowed_cash=MONEY, total_value=MONEY,
        holdings=array(obj(("ticker", "quantity", "current_price", "value"), ticker=STRING, quantity=INTEGER,
                           current_price=MONEY, value=MONEY)),
    ),
    "Leaderboard": obj(("leaderboard",), leaderboard=array(obj(("username", "cash", "total_value"), username=STRING,
                                                              cash=MONEY, total_value=MONEY))),
    "Tickers": obj(("tickers",), tickers={"type": "object", "additionalProperties": obj(
        ("current_price", "best_bid", "best_ask"), current_price=MONEY, best_bid=nullable(MONEY),
        best_ask=nullable(MONEY), halted=BOOLEAN)}),
    "Ticker": obj(("ticker", "current_price", "best_bid", "best_ask", "bid_depth", "ask_depth"), ticker=STRING,
                  current_price=MONEY, best_bid=nullable(MONEY), best_ask=nullable(MONEY), bid_depth=INTEGER,
                  ask_depth=INTEGER, volume=INTEGER, tick_size=MONEY, halt_reason=nullable(STRING)),
    "OrderBook": obj(("ticker", "bids", "asks"), ticker=STRING,
                     bids=array(obj(("price", "quantity"), price=MONEY, quantity=INTEGER)),
                     asks=array(obj(("price", "quantity"), price=MONEY, quantity=INTEGER))),
    "Candles": obj(("ticker", "interval", "candles"), ticker=STRING, interval=STRING,
                   candles=array(obj(("timestamp", "open", "high", "low", "close", "volume"), timestamp=TIME,
                                     open=MONEY, high=MONEY, low=MONEY, close=MONEY, volume=INTEGER))),
    "Venue": obj(
        ("id", "name", "visibility", "tournament", "starting_cash", "tickers", "trading_status", "market_makers"),
        id=STRING, name=STRING, visibility={"type": "string", "enum": ["public", "invite"]}, tournament=BOOLEAN,
        starting_cash=MONEY, trading_status={"type": "string", "enum": ["open", "halted"]},
        halt_reason=nullable(STRING), market_makers=BOOLEAN, invite_code=nullable(STRING), hosts=array(ID),
        tickers=array(obj(("symbol", "tick_size", "initial_price"), symbol=STRING, tick_size=MONEY,
                          initial_price=MONEY)),
    ),
    "VenueDefinition": obj(
        ("id", "name", "starting_cash", "tickers"),
        id={"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"}, name={"type": "string", "minLength": 1, "maxLength": 100},
        starting_cash=MONEY, visibility={"type": "string", "enum": ["public", "invite"]}, invite_code=STRING,
        tickers=array(obj(("symbol", "initial_price"), symbol=STRING, initial_price=MONEY, tick_size=MONEY)),
        fees=obj(maker_bps=INTEGER, taker_bps=INTEGER, minimum=MONEY),
        risk_limits=obj(max_order_quantity=INTEGER, max_order_value=MONEY, max_position=INTEGER, max_open_orders=INTEGER),
        market_makers={"type": ["object", "boolean"], "description": "false for none, or the keys of MARKET_MAKER_CONFIG."},
        events=array(obj(("kind", "ticker"), kind={"type": "string", "enum": ["dividend", "shock"]}, ticker=STRING,
                         amount=MONEY, percent={"type": "number"}, every_seconds=INTEGER, at_seconds=INTEGER)),
    ),
    "TournamentDefinition": obj(
        ("id", "name", "max_participants", "venue"),
        id={"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"}, name=STRING, description=STRING,
        starts_at=TIME, starts_in_seconds=INTEGER, ends_at=TIME, duration_seconds=INTEGER,
        max_participants={"type": "integer", "minimum": 2, "maximum": 100000},
        venue={"type": "object", "description": "A venue definition without its id."},
    ),
    "Tournament": obj(
        ("id", "venue", "name", "description", "status", "starts_at", "ends_at", "max_participants", "entrants",
         "starting_cash", "tickers"),
        id=STRING, venue=STRING, name=STRING, description=STRING,
        status={"type": "string", "enum": ["draft", "open", "active", "completed", "cancelled"]},
        starts_at=TIME, ends_at=TIME, max_participants=INTEGER, entrants=INTEGER, starting_cash=MONEY,
        tickers=array(STRING),
    ),
    "Tournaments": obj(("tournaments",), tournaments=array(ref("Tournament"))),
    "Standings": obj(
        ("tournament", "status", "final", "standings"), tournament=STRING, status=STRING, final=BOOLEAN,
        standings=array(obj(
            ("rank", "user_id", "username", "total_value", "cash", "pnl", "return_pct", "max_drawdown_pct", "entered_at"),
            rank=INTEGER, user_id=ID, username=STRING, total_value=MONEY, cash=MONEY, pnl=MONEY,
            return_pct={"type": "number"}, max_drawdown_pct={"type": "number"}, sharpe={"type": ["number", "null"]},
            entered_at=TIME)),
    ),
    "Equity": obj(("tournament", "series"), tournament=STRING, series=array(obj(
        ("user_id", "username", "points"), user_id=ID, username=STRING,
        points=array(obj(("time", "total_value"), time=TIME, total_value=MONEY))))),
    "Entrants": obj(("tournament", "entrants"), tournament=STRING, entrants=array(obj(
        ("user_id", "username", "entered_at", "status"), user_id=ID, username=STRING, entered_at=TIME,
        status={"type": "string", "enum": ["competing", "withdrawn", "disqualified"]}))),
    "RoundTrips": obj(("tournament", "threshold", "flags"), tournament=STRING, threshold=INTEGER, flags=array(obj(
        ("user_ids", "usernames", "ticker", "round_trips", "trades"), user_ids=array(ID), usernames=array(STRING),
        ticker=STRING, round_trips=INTEGER, trades=INTEGER))),
    "Adjustment": obj(("user_id", "reason"), user_id=ID, cash=MONEY, ticker=STRING, shares=INTEGER,
                      reason={"type": "string", "minLength": 1, "maxLength": 500}),
    "Adjusted": obj(("user_id", "cash"), user_id=ID, cash=MONEY, shares=nullable(INTEGER)),
    "TradingStatus": obj(("venue", "status"), venue=STRING, ticker=nullable(STRING), status=STRING, reason=nullable(STRING)),
}

VENUE = {"name": "venue", "in": "path", "required": True, "schema": STRING,
         "description": "The venue's id; the unprefixed routes mean venue `main`."}


def path_parameter(name, description=""):
    return {"name": name, "in": "path", "required": True, "schema": STRING, "description": description}


def query(name, schema, description=""):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


REASON = {"type": "string", "minLength": 1, "maxLength": 500, "description": "Why: kept in the audit log."}
TEXTS = {"type": "object", "additionalProperties": STRING}
# An optional reason may also be given as null.
OPTIONAL_REASON = nullable(REASON)


def lenient(required=(), **properties):
    """A body whose optional members may also be null, which the server reads as absent."""
    return obj(required, **{name: schema if name in required or "type" not in schema or isinstance(schema["type"], list)
                            else nullable(schema) for name, schema in properties.items()})

PAGE = [query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
        query("offset", {"type": "integer", "minimum": 0, "default": 0})]


def accepting_null(schema):
    """A request schema in which every optional property may also be null: the server reads a null as absent."""
    if "$ref" in schema:
        return accepting_null(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]])
    if schema.get("type") == "array":
        return dict(schema, items=accepting_null(schema["items"]))
    if schema.get("type") != "object":
        return schema
    required = set(schema.get("required", []))
    properties = {}
    for name, value in schema.get("properties", {}).items():
        value = accepting_null(value)
        if name not in required and "type" in value:
            types = value["type"] if isinstance(value["type"], list) else [value["type"]]
            value = dict(value, type=types + (["null"] if "null" not in types else []))
        properties[name] = value
    return dict(schema, properties=properties)


def operation(summary, answer=None, status="200", body=None, auth=True, parameters=(), tags=(), description=None,
              body_required=True):
    responses = {}
    if answer is not None:
        responses[status] = {"description": "Success", "content": {"application/json": {"schema": answer}}}
    responses["4XX"] = {"description": "Refused; nothing changed. `detail` says why.",
                        "content": {"application/json": {"schema": ref("Error")}}}
    result = {"summary": summary, "tags": list(tags), "responses": responses}
    if description:
        result["description"] = description
    if parameters:
        result["parameters"] = list(parameters)
    if body is not None:
        result["requestBody"] = {"required": body_required,
                                 "content": {"application/json": {"schema": accepting_null(body)}}}
    if auth:
        result["security"] = [{"apiKey": []}, {"bearer": []}]
    else:
        result["security"] = []
    return result


PATHS = {}


def add(path, method, op, venue_scoped=False):
    """Adds an operation; a venue-scoped one also under /api/venues/{venue}."""
    PATHS.setdefault(path, {})[method] = op
    if venue_scoped:
        scoped = "/api/venues/{venue}" + path[len("/api"):]
        copy = dict(op)
        copy["parameters"] = [VENUE] + list(op.get("parameters", []))
        copy["summary"] = op["summary"] + " (in a venue)"
        PATHS.setdefault(scoped, {})[method] = copy


# Auth and keys
add("/api/health", "get", operation("Liveness", obj(("status",), status=STRING), auth=False, tags=["Server"]))
ready = operation("Readiness: the database answers and every venue is journalling",
                  obj(("status", "venues"), status=STRING, venues=array(STRING)), auth=False, tags=["Server"])
ready["responses"]["503"] = {"description": "Not ready: the database does not answer in time, or the journal stopped.",
                             "content": {"application/json": {"schema": ref("Error")}}}
add("/api/ready", "get", ready)
add("/metrics", "get", {"summary": "Metrics in the Prometheus text format", "tags": ["Server"], "security": [],
                        "responses": {"200": {"description": "Prometheus text exposition format 0.0.4",
                                              "content": {"text/plain": {"schema": STRING}}}}})
add("/api/register", "post", operation("Register; starts with the starting cash in main", ref("Registered"),
                                       body=ref("Credentials"), auth=False, tags=["Auth"]))
add("/api/login", "post", operation("Sign in for a JWT", ref("LoggedIn"), body=ref("Credentials"), auth=False, tags=["Auth"]))
add("/api/account/password", "post", operation(
    "Change your password (a signed-in session, not an API key): every session you had ends, and the answer "
    "carries a new token. Administrators and hosts need the stronger policy (12 characters, not a common one, "
    "by default)", ref("LoggedIn"),
    body=obj(("current_password", "new_password"), current_password={"type": "string", "maxLength": 128},
             new_password={"type": "string", "minLength": 4, "maxLength": 128}), tags=["Auth"]))
add("/api/keys", "get", operation("Your active API keys", array(ref("APIKey")), tags=["Auth"]))
add("/api/keys", "post", operation("Create an API key; the secret is shown once", ref("APIKey"),
                                   body=obj(name={"type": "string", "maxLength": 64}), body_required=False,
                                   tags=["Auth"]))
add("/api/keys/{id}", "delete", operation("Revoke an API key", obj(("id", "status"), id=ID, status=STRING),
                                          parameters=[path_parameter("id")], tags=["Auth"]))

# Trading
TICKER = path_parameter("ticker", "A ticker symbol such as FUN.")
ORDER = path_parameter("order", "An order id.")
ORDER_REFUSALS = (
    "Refusals (400 unless said) carry an `error` code: invalid_<field> (invalid_price, invalid_stop_price, ...), price_off_tick, "
    "unknown_ticker, insufficient_cash, insufficient_shares, quantity_limit, notional_limit, position_limit, "
    "open_order_limit, amount_too_large, trading_halted, client_order_id_in_use (409), no_account (403), "
    "invalid_order (options that do not go together, such as an iceberg that is not a GTC limit order, or a "
    "bracket whose take-profit is on the wrong side of its stop-loss); trigger_already_reached (the last price "
    "already meets the trigger), post_only_would_trade, and for an OCO pair oco_leg_would_trade.")
add("/api/orders", "post", operation("Place an order; answered once durable, with its fills", ref("Order"),
                                     body=ref("OrderRequest"), tags=["Trading"], description=ORDER_REFUSALS),
    venue_scoped=True)
add("/api/orders/oco", "post", operation(
    "Place two orders of which the first to trigger or trade cancels the other; cancelling either cancels both",
    ref("OCOPlaced"), body=ref("OCORequest"), tags=["Trading"], description=ORDER_REFUSALS), venue_scoped=True)
add("/api/orders", "get", operation("Your orders, newest first", array(ref("Order")), parameters=[
    query("status", {"type": "string", "enum": ["open", "all", "filled", "cancelled", "partial"], "default": "open"})] + PAGE,
    tags=["Trading"]), venue_scoped=True)
add("/api/orders/{order}", "patch", operation(
    "Amend an order: a lower quantity keeps its place; a new price replaces it", ref("Order"), body=ref("Amendment"),
    parameters=[ORDER], tags=["Trading"],
    description="Conditional (stop, take-profit, trailing), OCO and bracket orders are refused: order_not_amendable."),
    venue_scoped=True)
add("/api/orders/{order}", "delete", operation("Cancel an order and refund its escrow; an OCO leg cancels both", ref("Cancelled"),
                                               parameters=[ORDER], tags=["Trading"]), venue_scoped=True)
add("/api/trades", "get", operation("Your fills, newest first", array(ref("UserTrade")),
                                    parameters=[query("ticker", STRING)] + PAGE, tags=["Trading"]), venue_scoped=True)
add("/api/portfolio", "get", operation("Your cash, escrow, holdings and total value", ref("Portfolio"),
                                       tags=["Portfolio"]), venue_scoped=True)
add("/api/leaderboard", "get", operation("Top 50 by total value, market makers excluded", ref("Leaderboard"),
                                         auth=False, tags=["Portfolio"]), venue_scoped=True)

# Market data
add("/api/market/tickers", "get", operation("Every ticker's price and best bid and ask", ref("Tickers"), auth=False,
                                            tags=["Market data"]), venue_scoped=True)
add("/api/market/{ticker}", "get", operation("One ticker", ref("Ticker"), auth=False, parameters=[TICKER],
                                             tags=["Market data"]), venue_scoped=True)
add("/api/market/{ticker}/orderbook", "get", operation(
    "The order book by price level, best first", ref("OrderBook"), auth=False,
    parameters=[TICKER, query("depth", {"type": "integer", "minimum": 1, "maximum": 1000})], tags=["Market data"]),
    venue_scoped=True)
add("/api/market/{ticker}/history", "get", operation(
    "Candles", ref("Candles"), auth=False, parameters=[
        TICKER, query("interval", {"type": "string", "enum": ["1m", "5m", "15m", "1h", "1d"], "default": "5m"}),
        query("start", STRING, "ISO 8601 or seconds since 1970; default 24 h before the end"),
        query("end", STRING, "ISO 8601 or seconds since 1970; default now")], tags=["Market data"]),
    venue_scoped=True)

# Venues
add("/api/venues", "get", operation("Public venues", obj(("venues",), venues=array(ref("Venue"))), auth=False, tags=["Venues"]))
add("/api/venues/{venue}", "get", operation("One venue", ref("Venue"), auth=False, parameters=[VENUE], tags=["Venues"]))
add("/api/venues/{venue}/join", "post", operation(
    "Join a venue: opens your account with its starting cash", ref("Venue"), status="201",
    body=obj(invite_code=STRING), body_required=False, parameters=[VENUE], tags=["Venues"]))
add("/api/admin/venues", "post", operation("Create a venue (admins)", ref("Venue"), status="201",
                                           body=ref("VenueDefinition"), tags=["Admin"]))
add("/api/admin/venues/{venue}", "get", operation("A venue with its invite code and hosts (admins, its hosts)",
                                                  ref("Venue"), parameters=[VENUE], tags=["Admin"]))
HOST = path_parameter("user", "A user id.")
add("/api/admin/venues/{venue}/hosts/{user}", "put", operation("Make a user a host of the venue (admins)", ref("Venue"),
                                                               parameters=[VENUE, HOST], tags=["Admin"]))
add("/api/admin/venues/{venue}/hosts/{user}", "delete", operation("Unmake a host (admins)", ref("Venue"),
                                                                  parameters=[VENUE, HOST], tags=["Admin"]))
add("/api/admin/venues/{venue}/adjustments", "post", operation(
    "Credit or debit an account's cash or shares, with a reason (admins, its hosts)", ref("Adjusted"),
    body=ref("Adjustment"), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/halt", "post", operation(
    "Halt a ticker or the whole venue (admins, its hosts)", ref("TradingStatus"),
    body=obj(("reason",), ticker=STRING, reason=STRING), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/resume", "post", operation(
    "Resume a ticker or the whole venue (admins, its hosts)", ref("TradingStatus"), body=lenient(ticker=STRING, reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/cancel-orders", "post", operation(
    "Cancel resting orders of a user and/or ticker, refunding escrow (admins, its hosts)",
    obj(("venue", "cancelled"), venue=STRING, cancelled=INTEGER), body=lenient(user_id=ID, ticker=STRING, reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
STATUSES = obj(("venues",), venues=array(ref("TradingStatus")))
add("/api/admin/halt", "post", operation("Halt every venue (admins)", STATUSES, body=lenient(("reason",), reason=REASON),
                                         tags=["Admin"]))
add("/api/admin/resume", "post", operation("Resume every venue (admins)", STATUSES, body=lenient(reason=OPTIONAL_REASON),
                                           tags=["Admin"]))
add("/api/admin/venues/{venue}/tickers", "post", operation(
    "List a ticker at run time (admins, its hosts)", ref("Venue"), status="201",
    body=lenient(("symbol", "initial_price"), symbol=STRING, initial_price=MONEY, tick_size=MONEY, reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/tickers/{ticker}/delist", "post", operation(
    "Delist a ticker: cancel its orders and buy every holding back at a price (admins, its hosts)",
    obj(("venue", "ticker", "price", "cancelled_orders", "settlements"), venue=STRING, ticker=STRING, price=MONEY,
        cancelled_orders=INTEGER,
        settlements=array(obj(("user_id", "shares", "amount"), user_id=ID, shares=INTEGER, amount=MONEY))),
    body=lenient(("price", "reason"), price=MONEY, reason=REASON), parameters=[VENUE, path_parameter("ticker", "A ticker symbol.")],
    tags=["Admin"]))
RULES = obj(("venue", "fees", "risk_limits"), venue=STRING, fees=TEXTS, risk_limits=TEXTS)
add("/api/admin/venues/{venue}/rules", "get", operation("The venue's fees and risk limits (admins, its hosts)", RULES,
                                                        parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/fees", "put", operation(
    "Set the venue's fees (admins, its hosts)", RULES,
    body=lenient(maker_bps=INTEGER, taker_bps=INTEGER, minimum=MONEY, reason=OPTIONAL_REASON), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/risk-limits", "put", operation(
    "Set the venue's risk limits; an absent limit is none (admins, its hosts)", RULES,
    body=lenient(max_order_quantity=INTEGER, max_order_value=MONEY, max_position=INTEGER, max_open_orders=INTEGER,
             reason=OPTIONAL_REASON), parameters=[VENUE], tags=["Admin"]))
MAKERS = obj(("venue", "enabled", "running", "settings"), venue=STRING, enabled=BOOLEAN, running=BOOLEAN, settings=TEXTS)
add("/api/admin/venues/{venue}/market-makers", "get", operation("The venue's market maker (admins, its hosts)", MAKERS,
                                                                parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/market-makers", "put", operation(
    "Switch the market maker off (false) or on with the keys of MARKET_MAKER_CONFIG (admins, its hosts)", MAKERS,
    body={"oneOf": [BOOLEAN, lenient(enabled=BOOLEAN, spread_bps=INTEGER, levels=INTEGER, size=INTEGER,
                                 level_spacing_bps=INTEGER, inventory_limit=INTEGER, skew_bps=INTEGER,
                                 refresh_ms=INTEGER, reason=OPTIONAL_REASON)]},
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/market-events", "post", operation(
    "Pay a dividend or apply a price shock now (admins, its hosts)",
    obj(("venue", "ticker", "kind", "result"), venue=STRING, ticker=STRING, kind=STRING, result=TEXTS),
    body=lenient(("kind", "ticker"), kind={"type": "string", "enum": ["dividend", "shock"]}, ticker=STRING, amount=MONEY,
             percent={"type": "number"}, reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
AGENT = obj(("user_id", "username", "market_maker", "cash", "reserved_cash", "open_orders", "total_value", "pnl",
             "orders_per_minute", "fills_per_minute", "rejections", "rate_limited"),
            user_id=ID, username=STRING, market_maker=BOOLEAN, cash=MONEY, reserved_cash=MONEY, open_orders=INTEGER,
            total_value=MONEY, pnl=MONEY, orders_per_minute=INTEGER, fills_per_minute=INTEGER,
            rejections={"type": "object", "additionalProperties": INTEGER}, rate_limited=INTEGER,
            last_activity=nullable(TIME))
add("/api/admin/venues/{venue}/agents", "get", operation(
    "Each account's recent activity and standing (admins, its hosts)",
    obj(("venue", "as_of", "agents"), venue=STRING, as_of=TIME, agents=array(AGENT)),
    parameters=[VENUE, query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200})],
    tags=["Admin"]))
USER = path_parameter("user", "A user id.")
MANAGED = obj(("user_id", "username", "role", "suspended"), user_id=ID, username=STRING, role=STRING,
              suspended=BOOLEAN, api_keys_revoked=nullable(INTEGER))
add("/api/admin/users/{user}", "get", operation("A user (admins)", MANAGED, parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/suspend", "post", operation(
    "Suspend a user: their tokens, keys and login are refused (admins)", MANAGED,
    body=lenient(("reason",), reason=REASON), parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/reinstate", "post", operation(
    "Reinstate a suspended user (admins)", MANAGED, body=lenient(reason=OPTIONAL_REASON), parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/revoke-keys", "post", operation(
    "Revoke every API key of a user and close the sockets they opened; with end_sessions, also refuse every "
    "token issued until now and close those sockets too (admins)", MANAGED,
    body=lenient(reason=OPTIONAL_REASON, end_sessions=BOOLEAN), parameters=[USER], tags=["Admin"]))
AUDIT_ENTRY = obj(("venue", "sequence", "time", "actor_id", "actor", "action", "target", "before", "after"),
                  venue=STRING, sequence=INTEGER, time=TIME, actor_id=ID, actor=STRING, action=STRING, target=STRING,
                  reason=nullable(STRING), before=TEXTS, after=TEXTS)
add("/api/admin/audit", "get", operation(
    "Recorded administrative actions, newest first (admins: all; hosts: their venues)",
    obj(("entries",), entries=array(AUDIT_ENTRY)),
    parameters=[query("venue", STRING, "A venue id, or _server for server-wide actions."),
                query("actor", STRING, "A user id or name."), query("action", STRING),
                query("since", STRING, "ISO 8601, or seconds since 1970."), query("until", STRING), *PAGE],
    tags=["Admin"]))

# Tournaments
TOURNAMENT = path_parameter("tournament", "A tournament's id (its venue's id too).")
STATUS = query("status", {"type": "string", "enum": ["draft", "open", "active", "completed", "cancelled"]})
add("/api/tournaments", "get", operation("Published tournaments", ref("Tournaments"), auth=False, parameters=[STATUS],
                                         tags=["Tournaments"]))
add("/api/tournaments/{tournament}", "get", operation("One tournament", ref("Tournament"), auth=False,
                                                      parameters=[TOURNAMENT], tags=["Tournaments"]))
for action, summary in [("enter", "Enter an open tournament"), ("withdraw", "Withdraw from an open tournament")]:
    add(f"/api/tournaments/{{tournament}}/{action}", "post", operation(summary, ref("Tournament"),
                                                                      parameters=[TOURNAMENT], tags=["Tournaments"]))
add("/api/tournaments/{tournament}/standings", "get", operation(
    "Live standings, or the frozen final ones once completed", ref("Standings"), auth=False, parameters=[TOURNAMENT],
    tags=["Tournaments"]))
add("/api/tournaments/{tournament}/results", "get", operation(
    "Final standings (409 until completed)", ref("Standings"), auth=False, parameters=[TOURNAMENT], tags=["Tournaments"]))
add("/api/tournaments/{tournament}/equity", "get", operation(
    "Each competitor's equity snapshots", ref("Equity"), auth=False, parameters=[TOURNAMENT], tags=["Tournaments"]))
add("/api/admin/tournaments", "get", operation("Tournaments the caller runs, drafts included", ref("Tournaments"),
                                               parameters=[STATUS], tags=["Admin"]))
add("/api/admin/tournaments", "post", operation("Create a draft tournament (admins, hosts)", ref("Tournament"),
                                                status="201", body=ref("TournamentDefinition"), tags=["Admin"]))
add("/api/admin/tournaments/load", "post", operation(
    "Create a draft tournament from a file in TOURNAMENTS_DIR (admins, hosts)", ref("Tournament"), status="201",
    body=obj(("file",), file={"type": "string", "pattern": "^[A-Za-z0-9_.-]+\\.json$"}), tags=["Admin"]))
for action in ["publish", "start", "end", "cancel"]:
    add(f"/api/admin/tournaments/{{tournament}}/{action}", "post", operation(
        f"{action.capitalize()} the tournament (admins, its hosts)", ref("Tournament"), parameters=[TOURNAMENT],
        tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/entrants", "get", operation(
    "Entrants and their status (admins, its hosts)", ref("Entrants"), parameters=[TOURNAMENT], tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/disqualify", "post", operation(
    "Disqualify an entrant (admins, its hosts)", ref("Entrants"), body=lenient(("user_id",), user_id=ID, reason=OPTIONAL_REASON),
    parameters=[TOURNAMENT], tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/round-trips", "get", operation(
    "Pairs of entrants that traded back and forth repeatedly (admins, its hosts)", ref("RoundTrips"),
    parameters=[TOURNAMENT, query("threshold", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 3})],
    tags=["Admin"]))

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "MarketSim",
        "version": "1.0.0",
        "description": (
            "A multi-tenant exchange simulator: continuous double-auction markets for AI agents and students. "
            "Prices and cash are JSON numbers with at most two decimals (exact cents), quantities whole numbers, "
            "ids strings, times ISO 8601 UTC. Every refused request is a JSON `{\"detail\", \"error\"}` and changes "
            "nothing. Rate limits: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, and `Retry-After` on a 429. "
            "Live data: WebSocket channels `prices`, `trades:{TICKER}`, `orderbook:{TICKER}` and `private` at "
            "`/ws/{channel}` (venue main) and `/ws/venues/{venue}/{channel}`; see /docs."),
    },
    "servers": [{"url": "/"}],
    "tags": [
        {"name": "Auth", "description": "Registering, signing in, API keys."},
        {"name": "Trading", "description": "Orders and fills, in venue main or under /api/venues/{venue}."},
        {"name": "Market data", "description": "Prices, books and candles; no authentication."},
        {"name": "Portfolio", "description": "Your holdings and the leaderboard."},
        {"name": "Venues", "description": "Isolated markets: list, read, join."},
        {"name": "Tournaments", "description": "Time-boxed competitions, each in its own venue."},
        {"name": "Admin", "description": "For admins, and for hosts on their venues and tournaments."},
        {"name": "Server", "description": "Health."},
    ],
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        },
    },
    "paths": dict(sorted(PATHS.items())),
}


def render():
    return json.dumps(DOCUMENT, indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render())
    print(f"wrote {OUTPUT} ({len(PATHS)} paths)", file=sys.stderr)
