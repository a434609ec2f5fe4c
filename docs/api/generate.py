#!/usr/bin/env python3
"""Writes Public/openapi.json, the OpenAPI 3.1 description of MarketSim's HTTP API.

The description is kept as this program rather than as hand-edited JSON because every venue-scoped
route exists twice (unprefixed for venue `main`, and under /api/venues/{venue}) and every operation
shares the same error answers. Run it after changing a route:

    python3 docs/api/generate.py

The examples of every operation, and of the WebSocket messages, come from examples.json, which
docs/api/record_examples.py records from a running server; record them again after changing what a route
answers.

The server's tests check that the routes it registers and the paths described here are the same set,
and the SDK suite checks that Public/openapi.json is what this program writes, that every operation has
examples, and that every example fits its schema.
"""
import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "Public" / "openapi.json"
EXAMPLES = Path(__file__).resolve().parent / "examples.json"


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
    if schema.get("type") == "null":
        return schema
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

# What the server reads, exactly. Money is a JSON number or a string of digits with at most two decimals
# (`"90.50"`, an optional sign); a quantity is a JSON number with a whole value (`1e0` and `2.0` are whole);
# a field named twice in a body is refused (duplicate_field); a member that is null reads as absent; members
# the server does not know are ignored, never refused.
CEILING = 10_000_000_000  # the largest price, order value, trigger, trailing offset or minimum fee
MAX_QUANTITY = 1_000_000_000  # the most shares in one order, adjustment or iceberg slice
INT64 = 2**63 - 1

def _digits_upto(limit):
    """A regular expression for the whole numbers 1 ... limit - 1 (limit a power of ten)."""
    return "[1-9][0-9]{0,%d}" % (len(str(limit)) - 2)


def money(minimum=0.01, maximum=CEILING, strings=True, nonzero=False, description=None):
    """An amount of at most two decimals from `minimum` to `maximum` (0.01: above zero), as a JSON number or,
    when `strings`, a string."""
    top = str(maximum)
    below = _digits_upto(maximum) + r"(\.[0-9]{1,2})?"
    cents = r"0\.(0[1-9]|[1-9][0-9]?)"
    at_top = top + r"(\.00?)?"
    if minimum > 0:
        pattern = r"^\+?0*(%s|%s|%s)$" % (below, cents, at_top)
    elif minimum == 0:
        pattern = r"^(\+?0*([0-9]{1,%d}(\.[0-9]{1,2})?|%s)|-0+(\.00?)?)$" % (len(top) - 1, at_top)
    else:
        pattern = r"^[+-]?0*(%s|%s|%s)$" % (below, cents, at_top)
    schema = {"type": ["number", "string"] if strings else "number", "minimum": minimum, "maximum": maximum,
              "multipleOf": 0.01}
    if strings:
        schema["pattern"] = pattern
    if nonzero:
        schema["not"] = {"const": 0}
    schema["description"] = description or (
        "An amount with at most two decimals" + (", as a number or a string" if strings else ", as a number")
        + f", from {minimum} to {maximum:,}" + (" (not 0)" if nonzero else "") + ".")
    return schema


def integer(minimum, maximum=INT64, description=None):
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    if description:
        schema["description"] = description
    return schema


def caseless(*words):
    """Any of `words`, in any case: the server lower- or upper-cases what it reads."""
    alternatives = ["".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words]
    return {"type": "string", "pattern": "^(" + "|".join(alternatives) + ")$",
            "description": "One of " + ", ".join(words) + ", in any case."}


PRICE = money()
QUANTITY = integer(1, MAX_QUANTITY, "A JSON number with a whole value (2.0 and 2e0 are whole), 1 to 1,000,000,000.")
MONEY_IN = PRICE
# A time in a query or a body: seconds since 1970 (below 10^12 either way) or ISO 8601 with a T, upper-case.
TIME_IN = {"type": "string", "pattern": (
    r"^([+-]?([0-9]{1,12}(\.[0-9]*)?|\.[0-9]+)|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)$"),
    "description": "ISO 8601 (2026-01-31T09:30:00Z) or seconds since 1970."}
TRAIL_PERCENT = {"type": ["number", "string"], "exclusiveMinimum": 0, "exclusiveMaximum": 100, "multipleOf": 0.01,
                 "pattern": r"^\+?0*([1-9][0-9]?(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))$",
                 "description": "A percentage above 0 and below 100 with at most two decimals, as a number or a string."}
SIDE_IN = caseless("buy", "sell")
TIF_IN = caseless("GTC", "IOC", "FOK")
ORDER_TYPE = {"type": "string", "enum": ["limit", "market", "stop", "stop_limit", "take_profit", "take_profit_limit",
                                         "trailing_stop"]}
# A symbol as listed: 1 to 10 letters or digits starting with a letter (upper-cased by the server).
SYMBOL = {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]{0,9}$",
          "description": "1 to 10 letters or digits, starting with a letter; read in upper case."}
TICKER_IN = dict(SYMBOL, description="A listed ticker, in any case; an unknown one is refused (unknown_ticker).")
ABSENT = {"type": "null"}
# The trigger of a conditional order, in an order request and in an OCO leg alike.
TRIGGER_FIELDS = {
    "stop_price": dict(MONEY_IN, description=(
        "The trigger: required for stop, stop_limit, take_profit and take_profit_limit, refused otherwise; on the "
        "tick grid. Refused (`trigger_already_reached`) when the last price already meets it.")),
    "trail_amount": dict(MONEY_IN, description="For trailing_stop, exactly one of trail_amount (> 0) and trail_percent."),
    "trail_percent": TRAIL_PERCENT,
}
BRACKET = dict(obj((), take_profit=MONEY_IN, stop_loss=MONEY_IN,
                   stop_loss_limit=dict(MONEY_IN, description="Makes the stop-loss a stop-limit order at this price; "
                                                              "only with stop_loss.")),
               anyOf=[{"required": ["take_profit"]}, {"required": ["stop_loss"]}])
# Which fields each order type needs and which it refuses (absent or null): a type's terms.
TYPE_TERMS = {
    "limit": ("price",), "market": (), "stop": ("stop_price",), "stop_limit": ("price", "stop_price"),
    "take_profit": ("stop_price",), "take_profit_limit": ("price", "stop_price"), "trailing_stop": ("trail",),
}


def order_terms(types, bracket):
    """One branch per order type: its `type`, the terms it needs, the ones it refuses."""
    branches = []
    for name in types:
        needs = TYPE_TERMS[name]
        branch = {"properties": {"type": caseless(name)}, "required": ["type"]}
        if name == "limit":
            branch = {"properties": {"type": {"anyOf": [ABSENT, caseless("limit")]}}}
        required = [field for field in needs if field != "trail"]
        for field in ("price", "stop_price"):
            if field not in needs:
                branch["properties"][field] = ABSENT
        if "trail" not in needs:
            branch["properties"]["trail_amount"] = ABSENT
            branch["properties"]["trail_percent"] = ABSENT
        else:
            branch["oneOf"] = [
                {"required": ["trail_amount"], "properties": {"trail_amount": MONEY_IN, "trail_percent": ABSENT}},
                {"required": ["trail_percent"], "properties": {"trail_percent": TRAIL_PERCENT, "trail_amount": ABSENT}},
            ]
        if name not in ("limit", "market"):
            if bracket:
                branch["properties"]["bracket"] = ABSENT
            # A conditional order that enters as a market order waits, then trades at once: GTC only.
            if "price" not in needs:
                branch["properties"]["time_in_force"] = {"anyOf": [ABSENT, caseless("GTC")]}
        for field in required:
            branch["properties"][field] = {"not": ABSENT}
        if required:
            branch["required"] = branch.get("required", []) + required
        branches.append(branch)
    return branches


def with_terms(types, bracket, schema):
    """`schema` with one branch per order type, each taking the terms its type needs and refusing the others."""
    return dict(schema, anyOf=order_terms(types, bracket))


def null_refused(schema):
    """An optional member that, unlike the others, the server refuses as null rather than reading as absent."""
    return dict(schema, **{NULL_REFUSED: True})


NULL_REFUSED = "x-null-refused"


def lenient(required=(), **properties):
    """A body whose optional members may also be null, which the server reads as absent."""
    return obj(required, **{name: schema if name in required or "type" not in schema or isinstance(schema["type"], list)
                            else nullable(schema) for name, schema in properties.items()})


def at_most_one(first, second):
    """At most one of two members given (a null counts as not given)."""
    return {"not": {"required": [first, second],
                    "properties": {first: {"not": ABSENT}, second: {"not": ABSENT}}}}


def exactly_one(first, second):
    """Exactly one of two members, the other absent or null."""
    return {"oneOf": [{"required": [first], "properties": {first: {"not": ABSENT}, second: ABSENT}},
                      {"required": [second], "properties": {second: {"not": ABSENT}, first: ABSENT}}]}


# Text the server trims of spaces and tabs before counting: at least one other character must remain.
NOT_BLANK = "[^\\t \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]"
REASON = {"type": "string", "minLength": 1, "maxLength": 500, "pattern": NOT_BLANK,
          "description": "Why: kept in the audit log. 1 to 500 characters once trimmed of spaces."}
NAME_IN = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": NOT_BLANK,
           "description": "1 to 100 characters once trimmed of spaces."}


def whole_upto(limit):
    """A regular expression for the whole numbers 1 ... limit, without leading zeros."""
    top = str(limit)
    alternatives = ["[1-9]" + ("[0-9]{0,%d}" % (len(top) - 2) if len(top) > 2 else "")] if len(top) > 1 else []
    for place, digit in enumerate(top):
        lowest, highest = (1 if place == 0 else 0), int(digit) - 1
        if highest < lowest:
            continue
        rest = len(top) - place - 1
        alternatives.append(top[:place] + (str(lowest) if highest == lowest else f"[{lowest}-{highest}]")
                            + ("[0-9]{%d}" % rest if rest > 1 else "[0-9]" * rest))
    return "(" + "|".join(alternatives + [top]) + ")"


# User ids are positive 64-bit integers, most of them 19 digits long.
ID_IN = {"type": "string", "pattern": "^\\+?0*" + whole_upto(INT64) + "$", "description": "A user id: its digits."}
RESERVED = ["marketmaker", "exchange", "marketsim", "house", "system", "admin", "server"]
USERNAME_IN = {"type": "string", "pattern": "^(?!(%s))[A-Za-z0-9_.-]{2,32}$" % "|".join(
    "[_.-]*".join(f"[{c}{c.upper()}]" for c in word) for word in RESERVED),
    "description": "2 to 32 letters, digits, `_`, `.` or `-`; names that look like the exchange's own accounts "
                   "(market-maker..., exchange..., house..., system..., admin..., server..., marketsim..., "
                   "regardless of case, `_`, `.` and `-`) are refused."}
PASSWORD_IN = {"type": "string", "minLength": 4, "maxLength": 128,
               "description": "4 to 128 characters (PASSWORD_MIN_LENGTH sets the least); administrators and hosts "
                              "need the stronger policy."}
YEAR = 366 * 24 * 3600
EVERY_POLICY = dict(spread_bps=integer(0, 10_000), levels=integer(0, 20), size=integer(0, 100_000),
                    level_spacing_bps=integer(0, 10_000), inventory_limit=integer(0, 10_000_000),
                    skew_bps=integer(0, 10_000))
MARKET_MAKER_KEYS = dict(
    enabled={"enum": [True, None], "description": "Absent, null or true: the market maker quotes with these keys."},
    **EVERY_POLICY, refresh_ms=integer(50), volatility_bps=integer(0, 1_000),
    jump_bps=integer(0, 5_000), jump_chance_per_million=integer(0, 1_000_000),
    cash=money(0, 1_000_000_000, strings=False), shares=integer(0, 10_000_000), seed=integer(0, 2**64 - 1),
    tickers={"type": "object", "additionalProperties": obj(**EVERY_POLICY),
             "description": "Per ticker, the quoting keys that differ."})
# Switched off (`"enabled": false`), the other keys are read for their types only: nothing runs with their values,
# so they are not checked.
ANY_WHOLE = integer(-2**63, INT64)
MARKET_MAKER_OFF = dict(
    enabled={"const": False}, **{name: ANY_WHOLE for name in EVERY_POLICY}, refresh_ms=ANY_WHOLE,
    volatility_bps=ANY_WHOLE, jump_bps=ANY_WHOLE, jump_chance_per_million=ANY_WHOLE, cash={"type": "number"},
    shares=ANY_WHOLE, seed=integer(0, 2**64 - 1),
    tickers={"type": "object", "additionalProperties": obj(**{name: nullable(ANY_WHOLE) for name in EVERY_POLICY})})
MARKET_MAKERS_IN = {"oneOf": [BOOLEAN, obj(**MARKET_MAKER_KEYS), obj(("enabled",), **MARKET_MAKER_OFF)],
                    "description": "false for none, true for the defaults, or the keys of MARKET_MAKER_CONFIG; with "
                                   "`\"enabled\": false` none, the other keys read for their types only."}
TRADER_STYLE = dict(count=integer(0, 20), per_minute={"type": "number", "minimum": 0, "maximum": 6_000},
                    max_size=integer(1, 1_000_000), aggressiveness_percent=integer(0, 100),
                    threshold_bps=integer(0, 10_000), estimate_error_bps=integer(0, 5_000),
                    lookback_steps=integer(1, 1_000))
TRADER_STYLE_OFF = {name: (ANY_WHOLE if name != "per_minute" else {"type": "number"}) for name in TRADER_STYLE}
BACKGROUND_TRADER_KEYS = dict(
    enabled={"enum": [True, None], "description": "Absent, null or true: the population trades with these keys."},
    noise=obj(**TRADER_STYLE), value=obj(**TRADER_STYLE), momentum=obj(**TRADER_STYLE), step_ms=integer(10, 60_000),
    cash=money(0, CEILING, strings=False), shares=integer(0, 1_000_000), seed=integer(0, 2**64 - 1))
BACKGROUND_TRADER_OFF = dict(
    enabled={"const": False}, noise=obj(**TRADER_STYLE_OFF), value=obj(**TRADER_STYLE_OFF),
    momentum=obj(**TRADER_STYLE_OFF), step_ms=ANY_WHOLE, cash={"type": "number"}, shares=ANY_WHOLE,
    seed=integer(0, 2**64 - 1))
BACKGROUND_TRADERS_IN = {"oneOf": [BOOLEAN, lenient(**BACKGROUND_TRADER_KEYS),
                                   lenient(("enabled",), **BACKGROUND_TRADER_OFF)],
                         "description": "false for none, true for the defaults, or the keys of BACKGROUND_TRADERS; "
                                        "with `\"enabled\": false` none, the other keys read for their types only."}
FEES_IN = dict(maker_bps=integer(0, 10_000), taker_bps=integer(0, 10_000), minimum=null_refused(money(0, CEILING)))
LIMITS_IN = dict(max_order_quantity=integer(1), max_order_value=null_refused(money()), max_position=integer(1),
                 max_open_orders=integer(1))
EVENT_KIND = {"type": "string", "enum": ["dividend", "shock", "news"]}
HEADLINE = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NOT_BLANK,
            "description": "News: the headline, 1 to 200 characters once trimmed of spaces."}
DIVIDEND = money(description="A dividend's amount per share, with at most two decimals, as a number or a string.")
PERCENT = {"type": ["number", "string"], "minimum": -90, "maximum": 90, "multipleOf": 0.01,
           "pattern": r"^[+-]?0*(([1-8]?[0-9])(\.[0-9]{1,2})?|90(\.00?)?)$",
           "description": "A shock's move, -90 to 90 percent with at most two decimals, as a number or a string."}
PRESENT = {"not": ABSENT}
EVENT_TERMS = [
    {"properties": {"kind": {"const": "dividend"}, "ticker": PRESENT, "amount": PRESENT}, "required": ["ticker", "amount"]},
    {"properties": {"kind": {"const": "shock"}, "ticker": PRESENT, "percent": PRESENT}, "required": ["ticker", "percent"]},
    # A headline's percent moves the ticker it names, so a percent needs a ticker.
    {"properties": {"kind": {"const": "news"}, "headline": PRESENT}, "required": ["headline"],
     "anyOf": [{"properties": {"percent": ABSENT}}, {"properties": {"ticker": PRESENT}, "required": ["ticker"]}]}]
# A user an administrator names by name: any registered name (reserved ones included, for older accounts).
USERNAME_NAMED = {"type": "string", "minLength": 1, "maxLength": 64, "description": "A username, whatever its case."}
ONE_USER = {"oneOf": [{"required": ["user_id"], "properties": {"user_id": {"not": ABSENT}, "username": ABSENT}},
                      {"required": ["username"], "properties": {"username": {"not": ABSENT}, "user_id": ABSENT}}]}


KEY_SCOPE = {"type": "string", "enum": ["read", "trade", "admin"]}


SHORT_SELLING_KEYS = dict(
    initial_margin_bps=dict(nullable(integer(0, 10_000)),
                            description="Collateral beyond a short sale's value. Default 5000 (also for null)."),
    maintenance_margin_bps=dict(nullable(integer(0, 10_000)),
                                description="The least collateral beyond a short position's value, at most the "
                                            "initial. Default 2500 (also for null)."),
    enabled={"enum": [True, None]},
    opt_in=dict(nullable(BOOLEAN), description="true: only accounts that turn short selling on for themselves "
                                               "(PUT /api/account/short-selling) may sell short. Default false."))
SHORT_SELLING_IN = {"description": "Whether accounts may sell shares they do not hold, and on what margins. Absent: no.",
                    "oneOf": [BOOLEAN, obj(**SHORT_SELLING_KEYS), obj(("enabled",), enabled={"const": False})]}


def venue_definition(with_id):
    properties = dict(
        name=NAME_IN, starting_cash=money(0, 1_000_000_000),
        visibility={"type": "string", "enum": ["public", "invite"], "default": "public"},
        invite_code={"type": "string", "pattern": "^[\\u0000-\\u0008\\u000e-\\u001f!-\\u007f]{4,64}$",
                     "description": "For an invite-only venue, required: 4 to 64 ASCII characters, no spaces."},
        tickers={"type": "array", "minItems": 1, "maxItems": 50, "items": obj(
            ("symbol", "initial_price"), symbol=SYMBOL, initial_price=money(0.01, 1_000_000),
            tick_size=null_refused(money(0.01, 1_000)),
            shortable=null_refused(dict(BOOLEAN, description="false: it may not be sold short. Default true.")))},
        fees=obj(**FEES_IN), risk_limits=obj(**LIMITS_IN), market_makers=MARKET_MAKERS_IN,
        short_selling=SHORT_SELLING_IN,
        background_traders=BACKGROUND_TRADERS_IN,
        events=array(dict(obj(("kind",), kind=EVENT_KIND, ticker=SYMBOL, headline=HEADLINE, amount=DIVIDEND,
                              percent=PERCENT, every_seconds=integer(1), at_seconds=integer(0)),
                          allOf=[{"anyOf": EVENT_TERMS}, exactly_one("every_seconds", "at_seconds")])))
    required = ("name", "starting_cash", "tickers")
    if with_id:
        properties = dict(id={"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"}, **properties)
        required = ("id",) + required
    schema = obj(required, **properties)
    if not with_id:
        schema["not"] = {"required": ["id"], "description": "A tournament's venue takes the tournament's id."}
    schema["oneOf"] = [
        {"properties": {"visibility": {"anyOf": [ABSENT, {"const": "public"}]}, "invite_code": ABSENT}},
        {"properties": {"visibility": {"const": "invite"}, "invite_code": {"not": ABSENT}},
         "required": ["visibility", "invite_code"]}]
    return schema


SCHEMAS = {
    "Error": obj(("detail",), detail=STRING, error={"type": "string", "description": "A machine-readable code."}),
    "Credentials": obj(("username", "password"), username=USERNAME_IN, password=PASSWORD_IN),
    "Registered": obj(("user_id", "username", "api_key", "jwt_token", "cash", "role"), user_id=ID, username=STRING,
                      api_key=STRING, jwt_token=STRING, cash=MONEY, role={"type": "string", "enum": ["trader"]},
                      api_key_id=dict(ID, description="The first key's id, as GET /api/keys lists it."),
                      signing_secret=dict(STRING, description="The first key's signing secret, shown once: it signs "
                                                              "requests instead of sending the key.")),
    "LoggedIn": obj(("user_id", "username", "jwt_token", "role"), user_id=ID, username=STRING, jwt_token=STRING,
                    role={"type": "string", "enum": ["trader", "admin"],
                          "description": "admin, or trader (a venue's hosts are traders)."}),
    "APIKey": obj(("id", "name", "prefix", "scope", "created_at", "last_used_at"), id=ID, name=STRING, prefix=STRING,
                  scope=dict(KEY_SCOPE, description="The most the key may do: read, trade (also orders) or admin "
                                                    "(also /api/admin)."),
                  created_at=TIME, last_used_at=nullable(TIME),
                  api_key={"type": "string", "description": "The secret, shown once, in the answer that creates it."},
                  signing_secret={"type": "string", "description": "The key's signing secret, shown once, in the "
                                                                   "answer that creates it."}),
    "OrderRequest": with_terms(ORDER_TYPE["enum"], True, obj(
        ("ticker", "side", "quantity"),
        ticker=TICKER_IN,
        side=SIDE_IN,
        price=dict(MONEY_IN, description="The limit price: required for limit, stop_limit and take_profit_limit, "
                                         "refused for the other types; on the ticker's tick grid."),
        quantity=QUANTITY,
        type=dict(caseless(*ORDER_TYPE["enum"]), default="limit", description=(
            "limit rests at `price`; market takes what the book offers. stop and stop_limit trigger when a trade "
            "prints at or above `stop_price` (a buy) or at or below it (a sell); take_profit and "
            "take_profit_limit the other way round. trailing_stop triggers when a trade prints `trail_amount` or "
            "`trail_percent` away from the best price since acceptance (a sell: below the highest; a buy: above "
            "the lowest). stop, take_profit and trailing_stop enter as market orders, a buy never paying more "
            "than its `protection_price`; stop_limit and take_profit_limit enter as limit orders at `price`.")),
        time_in_force={**TIF_IN, "default": "GTC",
                       "description": "GTC (the default), IOC or FOK, in any case. GTC only (or absent) for stop, take_profit and trailing_stop; for "
                                      "stop_limit and take_profit_limit it applies once triggered."},
        client_order_id={"type": "string", "minLength": 1, "maxLength": 64,
                         "description": "Idempotency key: a resubmission returns the first answer and places nothing."},
        **TRIGGER_FIELDS,
        display_quantity={"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY - 1,
                          "description": "An iceberg: only this many shares show in the book, each refill at the back "
                                         "of the queue. Below `quantity`; limit GTC orders only."},
        post_only={"type": "boolean", "description": "Refused (`post_only_would_trade`) rather than trade on arrival; "
                                                     "limit GTC orders only."},
        bracket=dict(BRACKET, description=(
            "For a limit or market entry: once it is done (filled, or ended after some fills), a take-profit limit "
            "order, a stop-loss stop (stop-limit when `stop_loss_limit` is given), or both, one cancelling the "
            "other, on the other side for the filled quantity. At least one of take_profit and stop_loss; with "
            "both, for a buy take_profit > stop_loss and for a sell take_profit < stop_loss.")),
    )),
    "OCORequest": obj(
        ("ticker", "side", "quantity", "legs"),
        ticker=TICKER_IN,
        side=SIDE_IN,
        quantity=QUANTITY,
        legs={"type": "array", "items": ref("OCOLeg"), "minItems": 2, "maxItems": 2,
              "description": "Two orders of the same side and quantity; neither may trade or trigger at once."},
    ),
    "OCOLeg": with_terms([t for t in ORDER_TYPE["enum"] if t != "market"], False, obj(
        type=dict(caseless(*[t for t in ORDER_TYPE["enum"] if t != "market"]), default="limit"),
        price=dict(MONEY_IN, description="For limit, stop_limit and take_profit_limit legs."),
        time_in_force={**TIF_IN, "default": "GTC"},
        **TRIGGER_FIELDS,
    )),
    "Amendment": dict(obj(price=null_refused(MONEY_IN), quantity=QUANTITY),
                      anyOf=[{"required": ["price"]}, {"required": ["quantity"], "properties": {"quantity": {"not": ABSENT}}}],
                      description="A new price, a new quantity, or both."),
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
            "administrative, oneCancelsOther (its OCO sibling triggered, traded or was cancelled), liquidation "
            "(the exchange bought back your short position), disconnected (your cancel-on-disconnect switch), or riskLimit (your loss limit tripped).")},
        trades=array(ref("Fill")), duplicate=BOOLEAN, created_at=TIME,
        updated_at=dict(TIME, description="When a stored order last changed: placed, filled, amended or cancelled."),
        filled_value=dict(MONEY, description="Price × quantity over its fills (one order read by id or client order "
                                             "id): its average price is this over filled_quantity."),
        stop_price=MONEY, trail_amount=MONEY, trail_percent={"type": "number"},
        protection_price=dict(MONEY, description="The most a triggered stop, take-profit or trailing buy pays a "
                                                 "share: the trigger ceiling + 5 %, rounded up to the tick; its cash "
                                                 "is reserved at this price."),
        triggered={"type": "boolean", "description": "On the conditional types: false until a trade triggers it."},
        display_quantity=INTEGER, post_only=BOOLEAN,
        linked_order_id=dict(ID, description="The other order of its OCO pair."),
        parent_order_id=dict(ID, description="The bracket entry this order was placed for."),
        bracket=obj((), take_profit=MONEY, stop_loss=MONEY, stop_loss_limit=MONEY),
    ),
    "OrderPreview": obj(
        ("ticker", "side", "type", "quantity", "status", "fills", "filled_quantity", "notional", "fees",
         "resting_quantity", "waits_for_trigger", "cash_held", "shares_held", "shares_borrowed", "collateral"),
        ticker=STRING, side=SIDE, type=ORDER_TYPE, quantity=INTEGER,
        status={"type": "string", "enum": ["open", "partial", "filled", "cancelled"],
                "description": "Where the order would stand once its fills are done."},
        cancellation_reason=dict(STRING, description="Why the rest would be cancelled (immediateOrCancel, "
                                                     "fillOrKill, selfTradePrevention), where it would be."),
        fills=array(obj(("price", "quantity", "fee"), price=MONEY, quantity=INTEGER,
                        fee=dict(MONEY, description="The taker fee on this fill."))),
        filled_quantity=INTEGER,
        average_price=nullable(dict(MONEY, description="Over the fills, to the cent (half up); null with none.")),
        notional=dict(MONEY, description="Price × quantity over the fills, before fees."), fees=MONEY,
        resting_quantity=dict(INTEGER, description="What would rest in the book after the fills."),
        waits_for_trigger=dict(BOOLEAN, description="A conditional order waits whole for its trigger."),
        cash_held=dict(MONEY, description="The cash a buy would hold while it works (price and largest fees)."),
        shares_held=dict(INTEGER, description="The shares a sale would hold while it works."),
        shares_borrowed=dict(INTEGER, description="Shares a short sale would borrow."),
        collateral=dict(MONEY, description="The cash a short sale would hold against what it borrows."),
    ),
    "OCOPlaced": obj(("orders",), orders={"type": "array", "items": ref("Order"), "minItems": 2, "maxItems": 2}),
    "Cancelled": obj(("order_id", "status", "message"), order_id=ID, status=STRING, message=STRING),
    "UserTrade": obj(("trade_id", "ticker", "price", "quantity", "side", "counterparty_id", "order_id", "created_at"),
                     trade_id=ID, ticker=STRING, price=MONEY, quantity=INTEGER, side=SIDE, counterparty_id=ID,
                     order_id=ID, fee=MONEY, created_at=TIME),
    "Portfolio": obj(
        ("user_id", "username", "cash", "buying_power", "escrowed_cash", "holdings", "total_value", "margin_used",
         "margin_available", "short_selling", "realized_pnl", "unrealized_pnl"),
        user_id=ID, username=STRING, cash=MONEY, buying_power=MONEY, escrowed_cash=MONEY,
        total_value=dict(MONEY, description="Cash (free, escrowed and held as collateral) plus every holding at its "
                                            "last price, a short one negative."),
        margin_used=dict(MONEY, description="Cash held as collateral for shares sold short."),
        margin_available=dict(MONEY, description="Free cash: what can back further short sales and margin calls."),
        short_selling=dict(nullable(obj(("initial_margin_bps", "maintenance_margin_bps", "opt_in", "opted_in",
                                         "allowed"), initial_margin_bps=INTEGER, maintenance_margin_bps=INTEGER,
                                        opt_in=dict(BOOLEAN, description="Whether the venue lends shares only to "
                                                                         "accounts that turned short selling on."),
                                        opted_in=dict(BOOLEAN, description="Whether this account turned it on."),
                                        allowed=dict(BOOLEAN, description="Whether this account may sell short."))),
                           description="The venue's margins where it allows selling shares one does not hold, and "
                                       "whether this account may; null where the venue does not."),
        holdings=array(obj(("ticker", "quantity", "current_price", "value", "average_price", "cost_basis",
                            "unrealized_pnl", "realized_pnl"), ticker=STRING,
                           quantity=dict(INTEGER, description="Negative for a short position."),
                           current_price=MONEY, value=MONEY,
                           average_price=dict(MONEY, description="Average price paid per share (received, for a "
                                                                 "short position), by average cost."),
                           cost_basis=dict(MONEY, description="What the shares cost; negative for a short position."),
                           unrealized_pnl=dict(MONEY, description="Value less cost basis."),
                           realized_pnl=dict(MONEY, description="What reducing this position has realized; fees "
                                                                "not counted."))),
        realized_pnl=dict(MONEY, description="Realized by reducing positions, closed ones included; fees not counted."),
        unrealized_pnl=dict(MONEY, description="What the holdings would realize if closed at their last prices."),
    ),
    "Alert": obj(("alert_id", "ticker", "direction", "price", "repeating", "armed", "created_at", "fired_at",
                  "times_fired"), alert_id=ID, ticker=STRING, direction={"type": "string", "enum": ["above", "below"]},
                 price=MONEY, repeating=BOOLEAN,
                 armed=dict(BOOLEAN, description="Whether the next trade that reaches the price fires it."),
                 created_at=TIME, fired_at=nullable(TIME), times_fired=INTEGER),
    "Webhook": obj(("webhook_id", "venue", "url", "topics", "description", "active", "created_at"), webhook_id=ID,
                   venue=STRING, url=STRING, topics=array(STRING), description=STRING, active=BOOLEAN,
                   created_at=TIME,
                   secret=dict(STRING, description="whsec_ and 64 hex digits: the signing secret, shown only when "
                                                   "the endpoint is created.")),
    "WebhookDelivery": obj(
        ("delivery_id", "status", "event_count", "created_at", "next_attempt_at", "finished_at", "attempts"),
        delivery_id=ID, status={"type": "string", "enum": ["pending", "delivered", "dead"]}, event_count=INTEGER,
        created_at=TIME, next_attempt_at=dict(nullable(TIME), description="When a pending delivery is tried next."),
        finished_at=dict(nullable(TIME), description="When it was delivered or dead-lettered."),
        attempts=array(obj(("attempt", "attempted_at", "status_code", "error", "duration_ms"), attempt=INTEGER,
                           attempted_at=TIME,
                           status_code=dict(nullable(INTEGER), description="The answer's status; null when none "
                                                                           "came."),
                           error=dict(nullable(STRING), description="Why it failed; null when it succeeded."),
                           duration_ms=INTEGER))),
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
    "News": obj(("venue", "news"), venue=STRING, news=array(obj(
        ("id", "headline", "ticker", "percent", "timestamp"),
        id=dict(ID, description="Its place in the venue's journal: later news has a larger id."), headline=STRING,
        ticker=nullable(STRING), percent=dict(nullable(MONEY), description="How far it moved the ticker's fair value."),
        timestamp=TIME))),
    "Venue": obj(
        ("id", "name", "visibility", "tournament", "starting_cash", "tickers", "trading_status", "market_makers"),
        id=STRING, name=STRING, visibility={"type": "string", "enum": ["public", "invite"]}, tournament=BOOLEAN,
        starting_cash=MONEY, trading_status={"type": "string", "enum": ["open", "halted"]},
        halt_reason=nullable(STRING), market_makers=BOOLEAN, invite_code=nullable(STRING), hosts=array(ID),
        tickers=array(obj(("symbol", "tick_size", "initial_price"), symbol=STRING, tick_size=MONEY,
                          initial_price=MONEY)),
    ),
    "VenueDefinition": venue_definition(with_id=True),
    "TournamentDefinition": obj(
        ("id", "name", "max_participants", "venue"),
        id={"type": "string", "pattern": "^(?!main$)[a-z0-9][a-z0-9-]{0,39}$"}, name=NAME_IN,
        description={"type": "string", "maxLength": 2000},
        starts_at=TIME_IN, starts_in_seconds=integer(0, YEAR), ends_at=TIME_IN, duration_seconds=integer(1, YEAR),
        max_participants=integer(2, 100_000),
        late_entry_seconds=dict(integer(0, YEAR), description="How long after its start the tournament still "
                                "takes entries (at most its length; 0, the default: none)."),
        venue=dict(venue_definition(with_id=False), description="A venue definition without its id."),
    ) | {"allOf": [exactly_one("starts_at", "starts_in_seconds"), exactly_one("ends_at", "duration_seconds")]},
    "Tournament": obj(
        ("id", "venue", "name", "description", "status", "starts_at", "ends_at", "max_participants",
         "late_entry_seconds", "entrants", "starting_cash", "tickers"),
        id=STRING, venue=STRING, name=STRING, description=STRING,
        status={"type": "string", "enum": ["draft", "open", "active", "completed", "cancelled"]},
        starts_at=TIME, ends_at=TIME, max_participants=INTEGER, late_entry_seconds=INTEGER, entrants=INTEGER,
        starting_cash=MONEY,
        tickers=array(STRING),
    ),
    "Tournaments": obj(("tournaments",), tournaments=array(ref("Tournament"))),
    "Standings": obj(
        ("tournament", "status", "final", "standings"), tournament=STRING, status=STRING, final=BOOLEAN,
        standings=array(obj(
            ("rank", "user_id", "username", "total_value", "cash", "pnl", "adjustments", "dividends", "return_pct",
             "max_drawdown_pct", "entered_at"),
            rank=INTEGER, user_id=ID, username=STRING, total_value=MONEY, cash=MONEY, pnl=MONEY,
            adjustments=MONEY, dividends=MONEY,
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
    "Adjustment": dict(obj(("reason",), user_id=ID_IN, username=USERNAME_NAMED, cash=null_refused(money(
                          -1_000_000_000_000, 1_000_000_000_000, nonzero=True)), ticker=TICKER_IN,
                          shares=integer(-MAX_QUANTITY, MAX_QUANTITY), reason=REASON),
                       allOf=[{"oneOf": [{"required": ["cash"], "properties": {"shares": ABSENT, "ticker": ABSENT}},
                                         {"required": ["shares", "ticker"], "properties": {
                                             "shares": {"not": {"anyOf": [ABSENT, {"const": 0}]}},
                                             "ticker": {"not": ABSENT}, "cash": ABSENT}}]},
                              ONE_USER],
                       description="The account by user_id or by username; either cash, or shares of a ticker; "
                                   "neither may be 0."),
    "Adjusted": obj(("user_id", "cash"), user_id=ID, cash=MONEY, shares=nullable(INTEGER)),
    "TradingStatus": obj(("venue", "status"), venue=STRING, ticker=nullable(STRING), status=STRING, reason=nullable(STRING)),
}

VENUE = {"name": "venue", "in": "path", "required": True, "schema": STRING,
         "description": "The venue's id; the unprefixed routes mean venue `main`."}


def path_parameter(name, description=""):
    return {"name": name, "in": "path", "required": True, "schema": STRING, "description": description}


def query(name, schema, description=""):
    if schema.get("type") == "string":
        # The server refuses a NUL in any query value.
        nul_free = {"pattern": "^[^\\u0000]*$"}
        schema = dict(schema, allOf=[nul_free]) if "pattern" in schema else dict(schema, **nul_free)
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


TEXTS = {"type": "object", "additionalProperties": STRING}
# An optional reason may also be given as null.
OPTIONAL_REASON = nullable(REASON)


PAGE = [query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}),
        query("offset", {"type": "integer", "minimum": 0, "maximum": 1_000_000_000, "default": 0})]


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
        value = dict(accepting_null(value))
        if value.pop(NULL_REFUSED, False):
            pass
        elif name not in required and "type" in value:
            types = value["type"] if isinstance(value["type"], list) else [value["type"]]
            value = dict(value, type=types + (["null"] if "null" not in types else []))
        properties[name] = value
    return dict(schema, properties=properties)


NO_NUL = "^[^\\u0000]*$"
SCHEMAS["AnyWithoutNul"] = {
    "description": "Any JSON value whose strings and member names hold no NUL character.",
    "anyOf": [{"type": ["number", "boolean", "null"]}, {"type": "string", "pattern": NO_NUL},
              {"type": "array", "items": ref("AnyWithoutNul")},
              {"type": "object", "propertyNames": {"pattern": NO_NUL}, "additionalProperties": ref("AnyWithoutNul")}]}


def without_nul(schema):
    """A request schema whose strings may not hold the NUL character, which the server refuses in any body."""
    if isinstance(schema, list):
        return [without_nul(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return schema if name == "AnyWithoutNul" else without_nul(SCHEMAS[name])
    result = {name: (value if name in ("enum", "const", "required", "pattern", "description", "default")
                     else {key: without_nul(part) for key, part in value.items()} if name == "properties"
                     else without_nul(value))
              for name, value in schema.items()}
    types = schema.get("type")
    if "object" in (types if isinstance(types, list) else [types]):
        # Members the server does not read are ignored, but their names and values may not hold a NUL either.
        result["propertyNames"] = {"pattern": NO_NUL}
        result.setdefault("additionalProperties", ref("AnyWithoutNul"))
    if "string" in (types if isinstance(types, list) else [types]):
        if "pattern" in schema:
            result["allOf"] = list(result.get("allOf", [])) + [{"pattern": NO_NUL}]
        else:
            result["pattern"] = NO_NUL
    return result


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
                                 "content": {"application/json": {"schema": without_nul(accepting_null(body))}}}
    if auth:
        result["security"] = [{"apiKey": []}, {"bearer": []}, {"signature": []}]
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
                                   body=obj(name=nullable({"type": "string", "maxLength": 64}),
                                            scope=dict(KEY_SCOPE, description="Default trade; admin only for "
                                                                              "administrators and venue hosts, and "
                                                                              "never wider than the calling key's.")),
                                   body_required=False, tags=["Auth"],
                                   description="A request beyond its key's scope is refused with 403 "
                                               "insufficient_scope."))
add("/api/keys/{id}", "delete", operation("Revoke an API key", obj(("id", "status"), id=ID, status=STRING),
                                          parameters=[path_parameter("id")], tags=["Auth"]))

# Webhooks
WEBHOOK_TOPIC = {"type": "string", "enum": ["fills", "orders", "margin", "risk_limits", "alerts", "tournament",
                                            "venue_trades", "venue_status"]}
WEBHOOK_URL = {"type": "string", "maxLength": 2048,
               "pattern": ("^https?://[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?"
                           "(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
                           "(/[A-Za-z0-9._~/-]*)?$"),
               "description": "An http or https URL, without a user name or password. Its host must resolve "
                              "(unresolvable_host), and to public addresses only where the server forbids private "
                              "ones (blocked_address)."}
WEBHOOK_FIELDS = dict(
    url=WEBHOOK_URL,
    topics=dict(array(WEBHOOK_TOPIC), minItems=1, uniqueItems=True, description=(
        "fills, orders (accepted, triggered, rested, cancelled, reduced), margin (calls and liquidations), "
        "risk_limits (a loss limit tripped) and alerts (price alerts firing) are about your own account in the "
        "venue; tournament is the venue's tournament opening, starting, completing or being cancelled; "
        "venue_trades (every trade) and venue_status (halts and resumptions) are for the venue's hosts and "
        "admins, with a key of admin scope.")),
    description={"type": "string", "maxLength": 200},
    active=dict(BOOLEAN, description="A paused endpoint (false) is sent nothing, and what happens meanwhile is not "
                                     "kept for it. Default true."),
)
WEBHOOK_ID = path_parameter("webhook", "A webhook endpoint's id.")
WEBHOOK_NOTE = ("Each delivery is a POST of `{\"delivery_id\",\"endpoint_id\",\"venue\",\"events\":[...]}` with "
                "headers MarketSim-Delivery, MarketSim-Timestamp (seconds since 1970) and MarketSim-Signature: `v1=` "
                "and the hex HMAC-SHA256, keyed with the endpoint's secret, of the timestamp, a dot and the body. An "
                "event is `{\"id\",\"type\",\"topic\",\"venue\",\"sequence\",\"timestamp\",\"data\"}`, `data` being "
                "the WebSocket message for it. Deliveries to one endpoint go one at a time, in order, at least once; "
                "a failure is retried with a doubling wait and jitter, and after the retry window the delivery is "
                "dead-lettered. At most 100 endpoints per user: 409 webhook_limit.")
add("/api/webhooks", "post", operation(
    "Register a URL to be called with the events of some topics in one venue; the signing secret is shown once",
    ref("Webhook"), status="201",
    body=obj(("url", "topics"), **WEBHOOK_FIELDS,
             venue=dict(STRING, description="The venue whose events it wants; default main. For the topics about "
                                            "your account you need an account there.")),
    tags=["Webhooks"], description=WEBHOOK_NOTE))
add("/api/webhooks", "get", operation("Your webhook endpoints, oldest first",
                                      obj(("webhooks",), webhooks=array(ref("Webhook"))), tags=["Webhooks"]))
add("/api/webhooks/{webhook}", "get", operation("One of your webhook endpoints", ref("Webhook"),
                                                parameters=[WEBHOOK_ID], tags=["Webhooks"]))
add("/api/webhooks/{webhook}", "patch", operation(
    "Change an endpoint's URL, topics, description, or pause and resume it", ref("Webhook"),
    body=obj((), **WEBHOOK_FIELDS, venue=dict(STRING, description="Only the endpoint's own venue: a venue is not "
                                                                  "changed.")),
    body_required=False, parameters=[WEBHOOK_ID], tags=["Webhooks"]))
add("/api/webhooks/{webhook}", "delete", operation(
    "Delete an endpoint with its queue and its delivery history",
    obj(("webhook_id", "status"), webhook_id=ID, status=STRING), parameters=[WEBHOOK_ID], tags=["Webhooks"]))
add("/api/webhooks/{webhook}/rotate-secret", "post", operation(
    "Replace an endpoint's signing secret; the new one is shown once and signs every attempt from now on",
    obj(("webhook_id", "secret"), webhook_id=ID, secret=STRING), parameters=[WEBHOOK_ID], tags=["Webhooks"]))
add("/api/webhooks/{webhook}/test", "post", operation(
    "Queue a test event (type test) for an endpoint", obj(("webhook_id", "status"), webhook_id=ID, status=STRING),
    status="202", parameters=[WEBHOOK_ID], tags=["Webhooks"]))
add("/api/webhooks/{webhook}/deliveries", "get", operation(
    "An endpoint's deliveries, newest first, each with every attempt: when, the answer's status and how long it "
    "took", obj(("deliveries",), deliveries=array(ref("WebhookDelivery"))),
    parameters=[WEBHOOK_ID, query("status", {"type": "string", "enum": ["pending", "delivered", "dead"]},
                                  "Only these: dead for the dead letters."),
                query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50})],
    tags=["Webhooks"]))

# Trading
TICKER = path_parameter("ticker", "A ticker symbol such as FUN.")
ORDER = path_parameter("order", "An order id.")
ORDER_REFUSALS = (
    "Refusals (400 unless said) carry an `error` code: invalid_<field> (invalid_price, invalid_stop_price, ...), price_off_tick, "
    "unknown_ticker, insufficient_cash, insufficient_shares, quantity_limit, notional_limit, position_limit, "
    "open_order_limit, amount_too_large, trading_halted, risk_limit_tripped (your loss limit tripped; reset it "
    "first), client_order_id_in_use (409), no_account (403), "
    "invalid_order (options that do not go together, such as an iceberg that is not a GTC limit order, or a "
    "bracket whose take-profit is on the wrong side of its stop-loss); trigger_already_reached (the last price "
    "already meets the trigger), post_only_would_trade, and for an OCO pair oco_leg_would_trade.")
add("/api/orders", "post", operation("Place an order; answered once durable, with its fills", ref("Order"),
                                     body=ref("OrderRequest"), tags=["Trading"], description=ORDER_REFUSALS),
    venue_scoped=True)
add("/api/orders/preview", "post", operation(
    "What an order would do now: its fills, average price, fees and holds; nothing is placed", ref("OrderPreview"),
    body=ref("OrderRequest"), tags=["Trading"],
    description="Checked as placing it would be: refused with the same codes. client_order_id is not looked up. "
                + ORDER_REFUSALS), venue_scoped=True)
add("/api/orders/oco", "post", operation(
    "Place two orders of which the first to trigger or trade cancels the other; cancelling either cancels both",
    ref("OCOPlaced"), body=ref("OCORequest"), tags=["Trading"], description=ORDER_REFUSALS), venue_scoped=True)
add("/api/orders", "get", operation("Your orders, newest first", array(ref("Order")), parameters=[
    query("status", {"type": "string", "enum": ["open", "all", "filled", "cancelled", "partial"], "default": "open"}),
    query("client_order_id", {"type": "string", "minLength": 1, "maxLength": 64},
          "Only the order placed with this client_order_id, in any status (a list of at most one, with "
          "filled_value); status and paging do not apply.")] + PAGE,
    tags=["Trading"]), venue_scoped=True)
add("/api/orders/{order}", "get", operation(
    "One of your orders, in any status, with what its fills came to", ref("Order"), parameters=[ORDER],
    tags=["Trading"], description="404 unknown id; 403 another user's order."), venue_scoped=True)
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
add("/api/account/short-selling", "put", operation(
    "Turn short selling on or off for your account, where the venue asks accounts to opt in", ref("Portfolio"),
    body=obj(("enabled",), enabled=BOOLEAN), tags=["Portfolio"],
    description="409 short_selling_off where the venue does not allow short selling."), venue_scoped=True)
ALERT_PRICE = money(0.01, 10_000_000_000)
add("/api/alerts", "post", operation(
    "Ask to be told when a trade reaches a price", ref("Alert"), status="201",
    body=obj(("ticker",), ticker=SYMBOL, above=dict(ALERT_PRICE, description="Fires on a trade at or above it."),
             below=dict(ALERT_PRICE, description="Fires on a trade at or below it."),
             repeating=dict(BOOLEAN, description="Fire again each time a trade reaches the price after one on the "
                                                 "other side. Default false: once.")) | {
        "oneOf": [{"required": ["above"], "properties": {"above": {"not": ABSENT}, "below": ABSENT}},
                  {"required": ["below"], "properties": {"below": {"not": ABSENT}, "above": ABSENT}}]},
    tags=["Portfolio"],
    description="The firing comes as an `alert` message on the private channel. At most 25 alerts per account "
                "and venue: 409 alert_limit."), venue_scoped=True)
add("/api/alerts", "get", operation("Your price alerts, newest first", obj(("alerts",), alerts=array(ref("Alert"))),
                                    tags=["Portfolio"]), venue_scoped=True)
add("/api/alerts/{alert}", "delete", operation(
    "Delete one of your price alerts", obj(("alert_id", "status"), alert_id=ID, status=STRING),
    parameters=[path_parameter("alert", "An alert's id.")], tags=["Portfolio"]), venue_scoped=True)
SWITCH = obj(("seconds", "connections"),
             seconds=dict(nullable(INTEGER), description="The switch's seconds; null when it is off."),
             connections=dict(INTEGER, description="Your private WebSocket connections to the venue open now."))
add("/api/account/cancel-on-disconnect", "get", operation(
    "Your dead man's switch: cancel your resting orders once your private connections are gone", SWITCH,
    tags=["Portfolio"]), venue_scoped=True)
add("/api/account/cancel-on-disconnect", "put", operation(
    "Set or turn off your dead man's switch", SWITCH,
    body=obj(("seconds",), seconds=dict(nullable(integer(1, 3600)),
                                        description="Cancel your resting orders once all your private WebSocket "
                                                    "connections to the venue have been gone this long; null: off.")),
    tags=["Portfolio"]), venue_scoped=True)
LOSS_LIMIT_IN = dict(money(), type=["number", "string", "null"], description="A loss, in dollars; null or left out: none.")
LOSS_LIMITS_BODY = obj((), max_daily_loss=dict(LOSS_LIMIT_IN, description=(
                           "The most the account may lose in a day (UTC, by the venue's clock), from its equity when "
                           "the day began; null or left out: none.")),
                       max_drawdown=dict(LOSS_LIMIT_IN, description=(
                           "The most its equity may fall from its peak; null or left out: none.")))
LOSS_LIMITS = obj(
    ("max_daily_loss", "max_drawdown", "venue_max_daily_loss", "venue_max_drawdown", "tripped", "equity",
     "peak_equity", "day_start_equity"),
    max_daily_loss=nullable(MONEY), max_drawdown=nullable(MONEY),
    venue_max_daily_loss=dict(nullable(MONEY), description="The venue host's limit for every account; the stricter "
                                                           "of it and yours binds."),
    venue_max_drawdown=nullable(MONEY),
    tripped=dict(nullable(STRING),
                 description="The limit that tripped, daily_loss or drawdown: your orders were cancelled and new "
                             "ones are refused (risk_limit_tripped) until it is reset; null when none did."),
    equity=dict(nullable(MONEY), description="Your total value at last prices, as the portfolio shows it."),
    peak_equity=dict(nullable(MONEY), description="The peak the drawdown is measured from; null while no limit "
                                                  "watches you."),
    day_start_equity=dict(nullable(MONEY), description="The equity the day's loss is measured from."))
LOSS_LIMITS_NOTE = ("Checked a few times a second off the order path: a loss that reaches a limit cancels your "
                    "resting and waiting orders (reason riskLimit), refuses new ones, sends risk_limit_tripped on the "
                    "private channel and is audited as the exchange's act.")
add("/api/account/loss-limits", "get", operation(
    "Your safety switches: the daily loss and the drawdown you allow yourself", LOSS_LIMITS, tags=["Portfolio"],
    description=LOSS_LIMITS_NOTE), venue_scoped=True)
add("/api/account/loss-limits", "put", operation(
    "Set your daily-loss and drawdown limits; your losses are measured from your equity now", LOSS_LIMITS,
    body=LOSS_LIMITS_BODY, tags=["Portfolio"], description=LOSS_LIMITS_NOTE), venue_scoped=True)
add("/api/account/loss-limits/reset", "post", operation(
    "Reset your tripped limit, so that you may trade again; your losses are measured from now", LOSS_LIMITS,
    tags=["Portfolio"], description="Nothing to reset is not an error. Audited as your act."), venue_scoped=True)
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
        TICKER, query("interval", {"type": "string", "enum": ["10s", "1m", "5m", "15m", "1h", "1d"], "default": "5m"}),
        query("start", TIME_IN, "ISO 8601 or seconds since 1970, not after the end; default 24 h before the end"),
        query("end", TIME_IN, "ISO 8601 or seconds since 1970; default now")], tags=["Market data"]),
    venue_scoped=True)
add("/api/market/{ticker}/trades", "get", operation(
    "The ticker's latest trades, newest first, without who made them",
    obj(("ticker", "trades"), ticker=STRING,
        trades=array(obj(("trade_id", "price", "quantity", "timestamp"), trade_id=ID, price=MONEY, quantity=INTEGER,
                         timestamp=TIME))),
    auth=False, parameters=[TICKER, query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50})],
    tags=["Market data"]), venue_scoped=True)
add("/api/news", "get", operation(
    "The venue's headlines, newest first", ref("News"), auth=False, parameters=PAGE,
    tags=["Market data"]), venue_scoped=True)

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
HOST = path_parameter("user", "A user id, or a username.")
add("/api/admin/venues/{venue}/hosts/{user}", "put", operation("Make a user a host of the venue (admins)", ref("Venue"),
                                                               parameters=[VENUE, HOST], tags=["Admin"]))
add("/api/admin/venues/{venue}/hosts/{user}", "delete", operation("Unmake a host (admins)", ref("Venue"),
                                                                  parameters=[VENUE, HOST], tags=["Admin"]))
add("/api/admin/venues/{venue}/adjustments", "post", operation(
    "Credit or debit an account's cash or shares, with a reason (admins, its hosts)", ref("Adjusted"),
    body=ref("Adjustment"), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/halt", "post", operation(
    "Halt a ticker or the whole venue (admins, its hosts)", ref("TradingStatus"),
    body=obj(("reason",), ticker=TICKER_IN, reason=REASON), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/resume", "post", operation(
    "Resume a ticker or the whole venue (admins, its hosts)", ref("TradingStatus"), body=lenient(ticker=TICKER_IN, reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/cancel-orders", "post", operation(
    "Cancel resting orders of a user and/or ticker, refunding escrow (admins, its hosts)",
    obj(("venue", "cancelled"), venue=STRING, cancelled=INTEGER),
    body=dict(lenient(user_id=ID_IN, username=USERNAME_NAMED, ticker=TICKER_IN, reason=OPTIONAL_REASON),
              **{"not": {"required": ["user_id", "username"],
                         "properties": {"user_id": {"not": ABSENT}, "username": {"not": ABSENT}}}},
              description="Whose orders: by user_id or by username (not both), everyone's when neither; "
                          "of one ticker, or every ticker."),
    parameters=[VENUE], tags=["Admin"]))
STATUSES = obj(("venues",), venues=array(ref("TradingStatus")))
add("/api/admin/halt", "post", operation("Halt every venue (admins)", STATUSES, body=obj(("reason",), reason=REASON, ticker=ABSENT),
                                         tags=["Admin"]))
add("/api/admin/resume", "post", operation("Resume every venue (admins)", STATUSES, body=lenient(reason=OPTIONAL_REASON, ticker=ABSENT),
                                           tags=["Admin"]))
add("/api/admin/venues/{venue}/tickers", "post", operation(
    "List a ticker at run time (admins, its hosts)", ref("Venue"), status="201",
    body=lenient(("symbol", "initial_price"), symbol=SYMBOL, initial_price=money(0.01, 1_000_000),
                 tick_size=null_refused(money(0.01, 1_000)), reason=OPTIONAL_REASON),
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/tickers/{ticker}/delist", "post", operation(
    "Delist a ticker: cancel its orders and buy every holding back at a price (admins, its hosts)",
    obj(("venue", "ticker", "price", "cancelled_orders", "settlements"), venue=STRING, ticker=STRING, price=MONEY,
        cancelled_orders=INTEGER,
        settlements=array(obj(("user_id", "shares", "amount"), user_id=ID, shares=INTEGER, amount=MONEY))),
    body=lenient(("price", "reason"), price=MONEY_IN, reason=REASON), parameters=[VENUE, path_parameter("ticker", "A ticker symbol.")],
    tags=["Admin"]))
RULES = obj(("venue", "fees", "risk_limits", "short_selling"), venue=STRING, fees=TEXTS, risk_limits=TEXTS,
            short_selling=TEXTS)
add("/api/admin/venues/{venue}/rules", "get", operation("The venue's fees, risk limits and short-selling rule "
                                                        "(admins, its hosts)", RULES,
                                                        parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/fees", "put", operation(
    "Set the venue's fees (admins, its hosts)", RULES,
    body=lenient(**FEES_IN, reason=OPTIONAL_REASON), parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/risk-limits", "put", operation(
    "Set the venue's risk limits; an absent limit is none (admins, its hosts)", RULES,
    body=lenient(**LIMITS_IN, reason=OPTIONAL_REASON), parameters=[VENUE], tags=["Admin"]))
VENUE_LOSS_LIMITS = obj(("venue", "max_daily_loss", "max_drawdown"), venue=STRING, max_daily_loss=nullable(MONEY),
                        max_drawdown=nullable(MONEY))
WEBHOOK_SETTINGS = obj(("private_addresses",), private_addresses=dict(
    {"type": "string", "enum": ["allow", "forbid"]},
    description="Whether webhook endpoints may point at loopback, private, link-local and other non-public "
                "addresses. By default allowed only on a server listening on loopback (WEBHOOK_PRIVATE_ADDRESSES)."))
add("/api/admin/webhooks/settings", "get", operation("Where webhooks may go (admins)", WEBHOOK_SETTINGS,
                                                     tags=["Admin"]))
add("/api/admin/webhooks/settings", "put", operation(
    "Allow or forbid webhooks to non-public addresses (admins)", WEBHOOK_SETTINGS, body=WEBHOOK_SETTINGS,
    tags=["Admin"], description="Checked when an endpoint is made or changed and before every attempt."))
add("/api/admin/venues/{venue}/loss-limits", "get", operation(
    "The venue's loss limits for every account (admins, its hosts)", VENUE_LOSS_LIMITS, parameters=[VENUE],
    tags=["Admin"]))
add("/api/admin/venues/{venue}/loss-limits", "put", operation(
    "Set the venue's loss limits for every account but the house's (admins, its hosts)", VENUE_LOSS_LIMITS,
    body=LOSS_LIMITS_BODY, parameters=[VENUE], tags=["Admin"],
    description="The stricter of the venue's limit and an account's own binds. Audited (set_loss_limits)."))
add("/api/admin/venues/{venue}/loss-limits/reset", "post", operation(
    "Reset a user's tripped loss limit (admins, its hosts)", LOSS_LIMITS,
    body=dict(lenient(user_id=ID_IN, username=USERNAME_NAMED),
              anyOf=[{"required": ["user_id"], "properties": {"user_id": {"not": ABSENT}}},
                     {"required": ["username"], "properties": {"username": {"not": ABSENT}}}],
              description="Whose: by user_id or by username."),
    parameters=[VENUE], tags=["Admin"],
    description="404 when the user is unknown or has no account in the venue. Audited (reset_risk_limit)."))
add("/api/admin/venues/{venue}/short-selling", "put", operation(
    "Turn short selling off (false) or on with its margins (admins, its hosts)", RULES,
    body={"oneOf": [BOOLEAN, lenient(**SHORT_SELLING_KEYS, reason=OPTIONAL_REASON),
                    lenient(("enabled",), enabled={"const": False}, reason=OPTIONAL_REASON)]},
    parameters=[VENUE], tags=["Admin"]))
MAKERS = obj(("venue", "enabled", "running", "settings"), venue=STRING, enabled=BOOLEAN, running=BOOLEAN, settings=TEXTS)
add("/api/admin/venues/{venue}/market-makers", "get", operation("The venue's market maker (admins, its hosts)", MAKERS,
                                                                parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/market-makers", "put", operation(
    "Switch the market maker off (false) or on with the keys of MARKET_MAKER_CONFIG (admins, its hosts)", MAKERS,
    body={"oneOf": [BOOLEAN, lenient(**MARKET_MAKER_KEYS, reason=OPTIONAL_REASON),
                    lenient(("enabled",), **MARKET_MAKER_OFF, reason=OPTIONAL_REASON)]},
    parameters=[VENUE], tags=["Admin"]))
TRADERS = obj(("venue", "enabled", "running", "settings", "traders"), venue=STRING, enabled=BOOLEAN, running=BOOLEAN,
              settings=TEXTS, traders=array(obj(("user_id", "style"), user_id=ID,
                                                style={"type": "string", "enum": ["noise", "value", "momentum"]})))
add("/api/admin/venues/{venue}/background-traders", "get", operation(
    "The venue's background traders (admins, its hosts)", TRADERS, parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/background-traders", "put", operation(
    "Stop the background traders (false) or start them with the keys of BACKGROUND_TRADERS (admins, its hosts)",
    TRADERS,
    body={"oneOf": [BOOLEAN, lenient(**BACKGROUND_TRADER_KEYS, reason=OPTIONAL_REASON),
                    lenient(("enabled",), **BACKGROUND_TRADER_OFF, reason=OPTIONAL_REASON)]},
    parameters=[VENUE], tags=["Admin"]))
add("/api/admin/venues/{venue}/market-events", "post", operation(
    "Pay a dividend, apply a price shock, or publish a headline now (admins, its hosts)",
    obj(("venue", "kind", "result"), venue=STRING, ticker=dict(STRING, description="Absent for news about no ticker."),
        kind=STRING, result=TEXTS),
    body=dict(lenient(("kind",), kind=EVENT_KIND, ticker=TICKER_IN, headline=HEADLINE, amount=DIVIDEND,
                      percent=PERCENT, reason=OPTIONAL_REASON), anyOf=EVENT_TERMS),
    parameters=[VENUE], tags=["Admin"]))
AGENT = obj(("user_id", "username", "market_maker", "background_trader", "cash", "reserved_cash", "open_orders", "total_value", "pnl",
             "orders_per_minute", "fills_per_minute", "rejections", "rate_limited"),
            user_id=ID, username=STRING, market_maker=BOOLEAN, background_trader=BOOLEAN, cash=MONEY, reserved_cash=MONEY, open_orders=INTEGER,
            total_value=MONEY, pnl=MONEY, orders_per_minute=INTEGER, fills_per_minute=INTEGER,
            rejections={"type": "object", "additionalProperties": INTEGER}, rate_limited=INTEGER,
            last_activity=nullable(TIME))
add("/api/admin/venues/{venue}/agents", "get", operation(
    "Each account's recent activity and standing (admins, its hosts)",
    obj(("venue", "as_of", "agents"), venue=STRING, as_of=TIME, agents=array(AGENT)),
    parameters=[VENUE, query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200})],
    tags=["Admin"]))
USER = path_parameter("user", "A user id, or a username.")
MANAGED = obj(("user_id", "username", "role", "suspended"), user_id=ID, username=STRING, role=STRING,
              suspended=BOOLEAN, api_keys_revoked=nullable(INTEGER))
add("/api/admin/users/{user}", "get", operation("A user (admins)", MANAGED, parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/suspend", "post", operation(
    "Suspend a user: their tokens, keys and login are refused (admins)", MANAGED,
    body=obj(("reason",), reason=REASON), parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/reinstate", "post", operation(
    "Reinstate a suspended user (admins)", MANAGED, body=lenient(reason=OPTIONAL_REASON), parameters=[USER], tags=["Admin"]))
add("/api/admin/users/{user}/revoke-keys", "post", operation(
    "Revoke every API key of a user and close the sockets they opened; with end_sessions, also refuse every "
    "token issued until now and close those sockets too (admins)", MANAGED,
    body=lenient(reason=OPTIONAL_REASON, end_sessions=BOOLEAN), parameters=[USER], tags=["Admin"]))
AUDIT_ENTRY = obj(("venue", "sequence", "time", "actor_id", "actor", "action", "target", "before", "after"),
                  venue=STRING, sequence=INTEGER, time=TIME, actor_id=ID, actor=STRING, action=STRING, target=STRING,
                  reason=nullable(STRING), before=TEXTS, after=TEXTS,
                  target_username=dict(nullable(STRING), description="The name of the user a `user N` target is."))
add("/api/admin/audit", "get", operation(
    "Recorded administrative actions, newest first (admins: all; hosts: their venues)",
    obj(("entries",), entries=array(AUDIT_ENTRY)),
    parameters=[query("venue", STRING, "A venue id, or _server for server-wide actions."),
                query("actor", STRING, "A user id or name."), query("action", STRING),
                query("since", TIME_IN, "ISO 8601, or seconds since 1970."), query("until", TIME_IN), *PAGE],
    tags=["Admin"]))

# Tournaments
TOURNAMENT = path_parameter("tournament", "A tournament's id (its venue's id too).")
STATUS = query("status", {"type": "string", "enum": ["draft", "open", "active", "completed", "cancelled"]})
PUBLISHED = query("status", {"type": "string", "enum": ["open", "active", "completed", "cancelled"]})
add("/api/tournaments", "get", operation("Published tournaments", ref("Tournaments"), auth=False, parameters=[PUBLISHED],
                                         tags=["Tournaments"]))
add("/api/tournaments/{tournament}", "get", operation("One tournament", ref("Tournament"), auth=False,
                                                      parameters=[TOURNAMENT], tags=["Tournaments"]))
add("/api/tournaments/{tournament}/enter", "post", operation(
    "Enter an open tournament; an invite-only one takes its invite_code (403 without the right one)",
    ref("Tournament"), body=obj(invite_code={"type": "string", "maxLength": 200}), body_required=False,
    parameters=[TOURNAMENT], tags=["Tournaments"]))
add("/api/tournaments/{tournament}/withdraw", "post", operation(
    "Withdraw from an open tournament", ref("Tournament"), parameters=[TOURNAMENT], tags=["Tournaments"]))
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
    body=obj(("file",), file={"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,94}\\.json$",
                              "description": "A .json file's name: up to 100 ASCII letters, digits, `_`, `-` and `.`, "
                                             "not starting with `.`."}), tags=["Admin"]))
add("/api/admin/tournaments/{tournament}", "patch", operation(
    "Edit a draft: its name, description, schedule, size or late entry (admins, its hosts); 409 once published. "
    "A new start without a new end keeps the length; the venue's rules change through the venue's routes.",
    ref("Tournament"),
    body=dict(lenient(name=NAME_IN, description={"type": "string", "maxLength": 2000}, starts_at=TIME_IN,
                      starts_in_seconds=integer(0, YEAR), ends_at=TIME_IN, duration_seconds=integer(1, YEAR),
                      max_participants=integer(2, 100_000), late_entry_seconds=integer(0, YEAR)),
              allOf=[at_most_one("starts_at", "starts_in_seconds"), at_most_one("ends_at", "duration_seconds")]),
    parameters=[TOURNAMENT], tags=["Admin"]))
for action in ["publish", "start", "end", "cancel"]:
    add(f"/api/admin/tournaments/{{tournament}}/{action}", "post", operation(
        f"{action.capitalize()} the tournament (admins, its hosts)", ref("Tournament"), parameters=[TOURNAMENT],
        tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/entrants", "get", operation(
    "Entrants and their status (admins, its hosts)", ref("Entrants"), parameters=[TOURNAMENT], tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/disqualify", "post", operation(
    "Disqualify an entrant, by user_id or username (admins, its hosts)", ref("Entrants"),
    body=dict(lenient(user_id=ID_IN, username=USERNAME_NAMED, reason=OPTIONAL_REASON), **ONE_USER),
    parameters=[TOURNAMENT], tags=["Admin"]))
add("/api/admin/tournaments/{tournament}/round-trips", "get", operation(
    "Pairs of entrants that traded back and forth repeatedly (admins, its hosts)", ref("RoundTrips"),
    parameters=[TOURNAMENT, query("threshold", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 3})],
    tags=["Admin"]))

# Examples: every operation's request and answer, and the refusals, as a real server gave them. They are
# recorded by docs/api/record_examples.py into examples.json (never written by hand) and placed here: the
# request body among the body's examples, the answer among its status's, the refusals under 4XX, and the
# request itself as an `x-codeSamples` entry (HTTP and curl), which /docs shows beside the answer.
RECORDED = json.loads(EXAMPLES.read_text()) if EXAMPLES.exists() else {"operations": {}, "websocket": {}}
BASE_URL = "http://127.0.0.1:8080"
CREDENTIALS = {"X-API-Key": ("X-API-Key", "$KEY"), "Bearer": ("Authorization", "Bearer $TOKEN")}


def resolved(schema):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema if isinstance(schema, dict) else {}


def ordered(value, schema):
    """`value` with the members of each object in the order its schema lists them (the server's JSON
    encoder keeps no order); nothing else changes."""
    schema = resolved(schema)
    if isinstance(value, list):
        return [ordered(item, schema.get("items", {})) for item in value]
    if not isinstance(value, dict):
        return value
    properties = schema.get("properties", {})
    names = [name for name in properties if name in value] + [name for name in value if name not in properties]
    extra = schema.get("additionalProperties")
    return {name: ordered(value[name], properties.get(name, extra if isinstance(extra, dict) else {}))
            for name in names}


def compact(body):
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def code_samples(request):
    """The recorded request as an HTTP message and as a curl command."""
    method, target = request["line"].split(" ", 1)
    headers = [CREDENTIALS[request["auth"]]] if "auth" in request else []
    if "body" in request:
        headers.append(("Content-Type", "application/json"))
    http = "\n".join([request["line"]] + [f"{name}: {value}" for name, value in headers])
    curl = [f"curl -s -X {method} '{BASE_URL}{target}'"]
    curl += [f'-H "{name}: {value}"' if "$" in value else f"-H '{name}: {value}'" for name, value in headers]
    if "body" in request:
        http += "\n\n" + json.dumps(request["body"], indent=2, ensure_ascii=False)
        curl.append("-d '" + compact(request["body"]).replace("'", "'\\''") + "'")
    return [{"lang": "http", "label": "HTTP", "source": http}, {"lang": "shell", "label": "curl", "source": " \\\n  ".join(curl)}]


def in_words(request):
    """`POST /api/orders` with `{…}`: a refused request, in the description of its answer."""
    words = f"`{request['line']}`"
    if "auth" in request:
        words += " with " + ("an API key" if request["auth"] == "X-API-Key" else "a bearer token")
    if "body" in request:
        words += f" and the body `{compact(request['body'])}`" if "auth" in request else f" with `{compact(request['body'])}`"
    return words + "."


def attach_examples():
    for path, item in PATHS.items():
        for method, op in item.items():
            record = RECORDED["operations"].get(f"{method.upper()} {path}")
            if record is None:
                continue
            # The venue-scoped copy of an operation shares its parts with the original until now.
            op["responses"] = json.loads(json.dumps(op["responses"]))
            if "requestBody" in op:
                op["requestBody"] = json.loads(json.dumps(op["requestBody"]))
            request, answer = record["request"], record["answer"]
            op["x-codeSamples"] = code_samples(request)
            if "requestBody" in op and "body" in request:
                media = op["requestBody"]["content"]["application/json"]
                media["examples"] = {"example": {"summary": record["summary"],
                                                 "value": ordered(request["body"], media["schema"])}}
            response = op["responses"][str(answer["status"])]
            media_type, media = next(iter(response["content"].items()))
            value = ordered(answer["body"], media["schema"]) if media_type == "application/json" else answer["body"]
            media["examples"] = {"example": {"summary": record["summary"],
                                             "description": f"The answer to `{request['line']}`.", "value": value}}
            refusals = {}
            for error in record["errors"]:
                name = f"{error['answer']['status']}-{error['answer']['body']['error']}"
                while name in refusals:
                    name += "-again"
                refusals[name] = {"summary": f"{error['answer']['status']}: {error['summary']}",
                                  "description": in_words(error["request"]),
                                  "value": ordered(error["answer"]["body"], ref("Error"))}
            if refusals:
                op["responses"]["4XX"]["content"]["application/json"]["examples"] = refusals


attach_examples()

# The WebSocket feed, which OpenAPI has no words for: described here as the `x-websocket` extension, with the
# messages' schemas and recorded examples, and shown by /docs in a section of its own.
WS_TIME = dict(TIME, description="When it happened, ISO 8601 UTC with milliseconds.")


def ws_message(type_name, channel, required, description, **properties):
    head = dict(type={"const": type_name}, channel=channel,
                sequence=dict(INTEGER, minimum=0, description=(
                    "The channel's sequence: one more than the channel's previous message. The snapshot sent on "
                    "subscribing carries the channel's current sequence, so the next message is one above it.")))
    return {"type": type_name, "description": description,
            "schema": obj(("type", "channel", "sequence") + tuple(required), **head, **properties)}


TICKER_CHANNEL = {"type": "string", "pattern": "^(trades|orderbook):[A-Z][A-Z0-9]{0,9}$"}
LEVELS = array(obj(("price", "quantity"), price=MONEY, quantity=INTEGER))
WS_MESSAGES = [
    ws_message("prices", {"const": "prices"}, ("data",),
               "Every ticker's last price and best bid and ask, by symbol, as `GET /api/market/tickers` has them. "
               "Sent on subscribing, then at most every `WS_SNAPSHOT_MS` (500 ms by default) while anything changed.",
               data={"type": "object", "additionalProperties": obj(
                   ("current_price", "best_bid", "best_ask"), current_price=MONEY, best_bid=nullable(MONEY),
                   best_ask=nullable(MONEY), halted=BOOLEAN)}),
    ws_message("orderbook", dict(TICKER_CHANNEL, pattern="^orderbook:[A-Z][A-Z0-9]{0,9}$"), ("ticker", "bids", "asks"),
               "The ticker's book by price level, best first, up to 50 levels a side, without user ids, as "
               "`GET /api/market/{ticker}/orderbook` has it. Sent on subscribing, then at most every `WS_SNAPSHOT_MS` "
               "while the ticker's book changed. Each message replaces the last: it is a snapshot, not a change.",
               ticker=STRING, bids=LEVELS, asks=LEVELS),
    ws_message("trade", dict(TICKER_CHANNEL, pattern="^trades:[A-Z][A-Z0-9]{0,9}$"),
               ("trade_id", "ticker", "price", "quantity", "side", "timestamp"),
               "One trade of the ticker, once it is durable, in the order trades happened. `side` is the side of "
               "the incoming order that made it (the aggressor). Nothing is sent on subscribing.",
               trade_id=ID, ticker=STRING, price=MONEY, quantity=INTEGER,
               side=dict(SIDE, description="The aggressor's side."), timestamp=WS_TIME),
    ws_message("order", {"const": "private"}, ("event", "order_id", "ticker", "timestamp"),
               "A change to one of your orders. `event` says which: `accepted` (with `side`, `quantity` and, for an "
               "order with a limit, `price`), `rested` (it entered the book), `triggered` (a conditional order's "
               "trigger was met; `price` is the trade price that met it), `reduced` (its open quantity went down to "
               "`remaining`, by an amendment), `cancelled` (with `side`, the cancelled `quantity` and the `reason`). "
               "Fills come as `fill` messages.",
               event={"type": "string", "enum": ["accepted", "rested", "triggered", "reduced", "cancelled"]},
               order_id=ID, ticker=STRING, side=SIDE, price=MONEY, quantity=INTEGER, remaining=INTEGER,
               reason={"type": "string", "enum": ["requested", "immediateOrCancel", "fillOrKill", "selfTradePrevention",
                                                  "replaced", "administrative", "oneCancelsOther", "liquidation",
                                                  "disconnected"]},
               timestamp=WS_TIME),
    ws_message("fill", {"const": "private"},
               ("trade_id", "order_id", "ticker", "side", "price", "quantity", "fee", "counterparty_id",
                "order_completed", "timestamp"),
               "One of your orders traded: your side, the price, the quantity and your fee; `order_completed` is "
               "true when the fill completed the order.",
               trade_id=ID, order_id=ID, ticker=STRING, side=SIDE, price=MONEY, quantity=INTEGER, fee=MONEY,
               counterparty_id=ID, order_completed=BOOLEAN, timestamp=WS_TIME),
    ws_message("news", {"const": "news"}, ("id", "headline", "ticker", "percent", "timestamp"),
               "A headline published to the venue, by a host or by its schedule, as `GET /api/news` lists it: `id` is "
               "its place in the venue's journal, `ticker` the ticker it names and `percent` how far it moved that "
               "ticker's fair value (both null when it names none). Nothing is sent on subscribing.",
               id=ID, headline=STRING, ticker=nullable(STRING), percent=nullable(MONEY), timestamp=WS_TIME),
    ws_message("margin_call", {"const": "private"},
               ("ticker", "price", "short_quantity", "required_collateral", "collateral", "timestamp"),
               "Your short position fell below its maintenance margin at `price`: it needs `required_collateral`, "
               "and `collateral` of your free cash was moved in to bring it back toward the initial margin.",
               ticker=STRING, price=MONEY, short_quantity=INTEGER, required_collateral=MONEY, collateral=MONEY,
               timestamp=WS_TIME),
    ws_message("liquidation", {"const": "private"}, ("ticker", "price", "short_quantity", "collateral", "timestamp"),
               "A margin call could not restore your short position: its `collateral` was released, your orders on "
               "the ticker cancelled, and the exchange buys back the `short_quantity` at market, as much as your cash "
               "covers (the fills follow as `fill` messages).",
               ticker=STRING, price=MONEY, short_quantity=INTEGER, collateral=MONEY, timestamp=WS_TIME),
    ws_message("risk_limit_tripped", {"const": "private"},
               ("limit", "threshold", "equity", "reference_equity", "timestamp"),
               "One of your loss limits (`PUT /api/account/loss-limits`) tripped: `limit` is daily_loss or drawdown, "
               "`threshold` its amount, `equity` your total value then and `reference_equity` the day's opening or "
               "the peak it fell from. Your orders were cancelled and new ones are refused until you reset it.",
               limit=STRING, threshold=MONEY, equity=MONEY, reference_equity=MONEY, timestamp=WS_TIME),
    ws_message("dividend", {"const": "private"}, ("ticker", "amount_per_share", "shares", "amount", "timestamp"),
               "A dividend credited to you: `amount_per_share` on the `shares` you held (resting sells included), "
               "`amount` in all.",
               ticker=STRING, amount_per_share=MONEY, shares=INTEGER, amount=MONEY, timestamp=WS_TIME),
    ws_message("alert", {"const": "private"}, ("alert", "trade_id", "trade_price", "timestamp"),
               "A trade reached the price of one of your alerts (`POST /api/alerts`): the alert as `GET /api/alerts` "
               "now lists it, and the trade that reached it.",
               alert=ref("Alert"), trade_id=ID, trade_price=MONEY, timestamp=WS_TIME),
]


def websocket():
    recorded = RECORDED.get("websocket", {})
    messages = []
    for message in WS_MESSAGES:
        examples = []
        for kind, example in sorted(recorded.get("messages", {}).items()):
            if kind == message["type"] or kind.startswith(message["type"] + ":"):
                examples.append({"summary": f"On `{example['channel']}`" + (
                    f": `{kind.split(':', 1)[1]}`" if ":" in kind else ""),
                                 "value": ordered(example["message"], message["schema"])})
        snapshot = recorded.get("snapshot")
        if snapshot and snapshot["message"]["type"] == message["type"]:
            examples.append({"summary": f"On `{snapshot['channel']}`: the snapshot sent on subscribing",
                             "value": ordered(snapshot["message"], message["schema"])})
        messages.append(dict(message, examples=examples))
    refusals = [{"summary": f"{error['answer']['status']}: {error['summary']}",
                 "description": in_words(error["request"]), "value": ordered(error["answer"]["body"], ref("Error"))}
                for error in recorded.get("refusals", [])]
    return {
        "description": (
            "Live data over WebSocket at `ws://HOST/ws/{channel}` (venue main) or "
            "`ws://HOST/ws/venues/{venue}/{channel}`. Every message is a JSON text frame with a `type`, the "
            "`channel` it belongs to and that channel's `sequence`.\n\n"
            "- **One channel per connection.** The address is the subscription: the server sends that channel's "
            "messages from the upgrade on, and reads nothing the client sends (text frames are ignored). To follow "
            "several channels, open a socket for each.\n"
            "- **Only what is durable** is sent: trades and your order updates once committed, snapshots of the "
            "committed books and prices.\n"
            "- **Gaps**: each channel numbers its messages; when `sequence` jumps by more than one, messages were "
            "missed (the server never waits for a slow reader) and the client should read the state again from "
            "REST, as the dashboard and the SDK's `Stream` do.\n"
            "- **Keep-alive**: the server pings every `WS_PING_SECONDS` (30) and closes a connection that did not "
            "answer the last ping; a client that reads too slowly for its queue (`WS_QUEUE_LIMIT` frames) is "
            "disconnected rather than slowing the others. At shutdown the server closes every socket with code 1000."),
        "urls": [
            {"url": "/ws/{channel}", "description": "A channel of venue main."},
            {"url": "/ws/venues/{venue}/{channel}", "description": "A channel of any venue, by its id."},
        ],
        "channels": [
            {"name": "prices", "auth": False, "messages": ["prices"],
             "description": "Every ticker's last price and best bid and ask."},
            {"name": "trades:{TICKER}", "auth": False, "messages": ["trade"],
             "description": "The ticker's trades as they happen, e.g. `trades:FUN`. The symbol may be in any case."},
            {"name": "orderbook:{TICKER}", "auth": False, "messages": ["orderbook"],
             "description": "Snapshots of the ticker's book, e.g. `orderbook:FUN`."},
            {"name": "news", "auth": False, "messages": ["news"],
             "description": "The venue's headlines as they are published."},
            {"name": "private", "auth": True,
             "messages": ["order", "fill", "dividend", "margin_call", "liquidation", "risk_limit_tripped", "alert"],
             "description": ("Your own order updates, fills, dividends, margin calls, loss-limit trips and price alerts in the venue. Needs a "
                             "credential in the "
                             "query, since browsers cannot set headers on a WebSocket: `?token=<JWT>` or "
                             "`?api_key=msk_…`. Suspending the user or revoking the key closes the socket.")},
        ],
        "subscribe": {
            "description": ("Open the channel's address; there is no subscribe message. The upgrade is refused with an "
                            "ordinary HTTP answer in the API's error shape, and no socket: 404 for an unknown venue, "
                            "channel or ticker, 401 for `private` without a valid credential."),
            "examples": [
                {"summary": "FUN's trades in venue main", "value": "GET ws://127.0.0.1:8080/ws/trades:FUN"},
                {"summary": "Prices of the venue practice", "value": "GET ws://127.0.0.1:8080/ws/venues/practice/prices"},
                {"summary": "Your own orders and fills, with an API key",
                 "value": "GET ws://127.0.0.1:8080/ws/private?api_key=$KEY"},
            ],
            "refusals": refusals,
        },
        "unsubscribe": {
            "description": ("Close the socket (a close frame, code 1000). There is no unsubscribe message; a "
                            "channel's other sockets are not affected.")},
        "messages": messages,
    }


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "MarketSim",
        "version": "1.0.0",
        "description": (
            "A multi-tenant exchange simulator: continuous double-auction markets for AI agents and students.\n\n"
            "- **Numbers**: prices and cash are JSON numbers with at most two decimals (exact cents), quantities "
            "whole numbers, ids strings, times ISO 8601 UTC.\n"
            "- **Credentials**: `X-API-Key: msk_…` (agents) or `Authorization: Bearer <jwt>` (browsers); "
            "`POST /api/register` answers with both.\n"
            "- **Errors**: every refused request is answered with JSON `{\"detail\", \"error\"}` and changes "
            "nothing: `detail` for people, `error` a machine-readable code.\n"
            "- **Rate limits**: `X-RateLimit-Limit` and `X-RateLimit-Remaining` on every answer, `Retry-After` on "
            "a 429.\n"
            "- **Venues**: every trading and market-data route also exists under `/api/venues/{venue}/…`; the "
            "unprefixed form means venue `main`.\n"
            "- **Live data**: WebSocket channels `prices`, `news`, `trades:{TICKER}`, `orderbook:{TICKER}` and `private` "
            "at `/ws/{channel}` and `/ws/venues/{venue}/{channel}`, described under `x-websocket` and in the "
            "[WebSocket section](/docs#websocket) of /docs.\n\n"
            "Every operation carries an example request and answer, and the refusals it can meet, recorded from "
            "a running server."),
    },
    "servers": [{"url": "/"}],
    "tags": [
        {"name": "Auth", "description": "Registering, signing in, API keys."},
        {"name": "Trading", "description": "Orders and fills, in venue main or under /api/venues/{venue}."},
        {"name": "Market data", "description": "Prices, books and candles; no authentication."},
        {"name": "Portfolio", "description": "Your holdings and the leaderboard."},
        {"name": "Venues", "description": "Isolated markets: list, read, join."},
        {"name": "Tournaments", "description": "Time-boxed competitions, each in its own venue."},
        {"name": "Webhooks", "description": "URLs MarketSim calls with your events, signed."},
        {"name": "Admin", "description": "For admins, and for hosts on their venues and tournaments."},
        {"name": "Server", "description": "Health."},
    ],
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
            "signature": {"type": "apiKey", "in": "header", "name": "X-MarketSim-Signature", "description": (
                "Instead of sending the key: X-MarketSim-Key-Id (the key's id), X-MarketSim-Timestamp (seconds "
                "since 1970, within 30 s of the server's time), X-MarketSim-Nonce (8 to 64 printable characters, "
                "never reused) and X-MarketSim-Signature, the hex HMAC-SHA256 with the key's signing_secret of "
                "METHOD, path, query (as sent, without ?), timestamp, nonce and the hex SHA-256 of the body, joined "
                "by newlines. Refused with 401 malformed_signature, stale_signature, reused_nonce or "
                "invalid_signature.")},
        },
    },
    "paths": dict(sorted(PATHS.items())),
    "x-websocket": websocket(),
}


def without_markers(value):
    if isinstance(value, dict):
        return {key: without_markers(item) for key, item in value.items() if key != NULL_REFUSED}
    if isinstance(value, list):
        return [without_markers(item) for item in value]
    return value


def render():
    return json.dumps(without_markers(DOCUMENT), indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render())
    print(f"wrote {OUTPUT} ({len(PATHS)} paths)", file=sys.stderr)
