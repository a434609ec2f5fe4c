"""Typed answers of the MarketSim API. Money is `decimal.Decimal` (the server sends exact cents, and the
SDK reads JSON numbers as decimals), quantities are `int`, ids are `str`, times are ISO 8601 strings."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional, Union

Money = Union[Decimal, int, str]
"""What the SDK takes for an amount: a Decimal, an int or a decimal string (never a float, which rounds)."""


def _money(value: Any) -> Optional[Decimal]:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Fill:
    trade_id: str
    ticker: str
    price: Decimal
    quantity: int
    buyer_id: str
    seller_id: str
    buyer_fee: Decimal = Decimal(0)
    seller_fee: Decimal = Decimal(0)
    timestamp: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Fill":
        """A Fill from the server's JSON answer (money as Decimal)."""
        return cls(d["trade_id"], d["ticker"], _money(d["price"]), int(d["quantity"]), d["buyer_id"], d["seller_id"],
                   _money(d.get("buyer_fee", 0)), _money(d.get("seller_fee", 0)), d.get("timestamp"))


@dataclass(frozen=True)
class Bracket:
    """The exit orders of a bracket: once its entry is done, a take-profit limit order at `take_profit`,
    a stop-loss at `stop_loss` (a stop-limit at `stop_loss_limit` when given), or both, on the other side,
    one cancelling the other. At least one of the two is given."""
    take_profit: Optional[Decimal] = None
    stop_loss: Optional[Decimal] = None
    stop_loss_limit: Optional[Decimal] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Bracket":
        """A Bracket from the server's JSON answer (money as Decimal)."""
        return cls(_money(d.get("take_profit")), _money(d.get("stop_loss")), _money(d.get("stop_loss_limit")))


@dataclass(frozen=True)
class Leg:
    """One order of an OCO pair (see ``place_oco``): its `type` is limit, stop, stop_limit, take_profit,
    take_profit_limit or trailing_stop, with the price and trigger that type needs, as for ``place_order``."""
    type: str
    price: Optional[Money] = None
    stop_price: Optional[Money] = None
    trail_amount: Optional[Money] = None
    trail_percent: Optional[Money] = None
    time_in_force: Optional[str] = None


@dataclass(frozen=True)
class Order:
    """An order as the server shows it. The fields after `created_at` are present only on the kinds of order
    they belong to: the trigger of a conditional order (`stop_price`, `trail_amount` or `trail_percent`,
    `triggered`, and `protection_price` for a buy that enters at market), `display_quantity` of an iceberg,
    `post_only`, the OCO sibling's id `linked_order_id`, a bracket child's entry `parent_order_id`, and the
    entry's `bracket`."""
    order_id: str
    ticker: str
    side: str
    quantity: int
    filled_quantity: int
    status: str
    price: Optional[Decimal] = None
    type: str = "limit"
    time_in_force: str = "GTC"
    client_order_id: Optional[str] = None
    cancellation_reason: Optional[str] = None
    trades: List[Fill] = field(default_factory=list)
    duplicate: bool = False
    created_at: Optional[str] = None
    updated_at: Optional[str] = None
    filled_value: Optional[Decimal] = None
    stop_price: Optional[Decimal] = None
    trail_amount: Optional[Decimal] = None
    trail_percent: Optional[Decimal] = None
    protection_price: Optional[Decimal] = None
    triggered: Optional[bool] = None
    display_quantity: Optional[int] = None
    post_only: bool = False
    linked_order_id: Optional[str] = None
    parent_order_id: Optional[str] = None
    bracket: Optional[Bracket] = None

    @property
    def remaining(self) -> int:
        """The quantity not filled yet."""
        return self.quantity - self.filled_quantity

    @property
    def average_price(self) -> Optional[Decimal]:
        """What its fills paid a share on average, where `filled_value` is known (an order read by id or client
        order id) and something filled."""
        if self.filled_value is None or self.filled_quantity == 0:
            return None
        return self.filled_value / self.filled_quantity

    @property
    def is_open(self) -> bool:
        """Resting, or a conditional order still waiting for its trigger."""
        return self.status in ("open", "partial")

    @property
    def awaiting_trigger(self) -> bool:
        """A stop, take-profit or trailing order that no trade has triggered yet."""
        return self.triggered is False and self.is_open

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Order":
        """An Order from the server's JSON answer (money as Decimal)."""
        display = d.get("display_quantity")
        return cls(
            d["order_id"], d["ticker"], d["side"], int(d["quantity"]), int(d["filled_quantity"]), d["status"],
            price=_money(d.get("price")), type=d.get("type", "limit"), time_in_force=d.get("time_in_force", "GTC"),
            client_order_id=d.get("client_order_id"), cancellation_reason=d.get("cancellation_reason"),
            trades=[Fill.from_json(t) for t in d.get("trades") or []], duplicate=bool(d.get("duplicate", False)),
            created_at=d.get("created_at"), updated_at=d.get("updated_at"), filled_value=_money(d.get("filled_value")),
            stop_price=_money(d.get("stop_price")),
            trail_amount=_money(d.get("trail_amount")), trail_percent=_money(d.get("trail_percent")),
            protection_price=_money(d.get("protection_price")), triggered=d.get("triggered"),
            display_quantity=None if display is None else int(display), post_only=bool(d.get("post_only", False)),
            linked_order_id=d.get("linked_order_id"), parent_order_id=d.get("parent_order_id"),
            bracket=Bracket.from_json(d["bracket"]) if d.get("bracket") else None)


@dataclass(frozen=True)
class OrderPreview:
    """What an order would do if placed now (``preview_order``): the `fills` it would take (each a
    :class:`Level` of price and quantity, with its taker fee in `fill_fees`), its `average_price`, `fees`, what
    would rest, and the cash or shares it would hold. Nothing is placed; the book may move before an order
    arrives."""
    ticker: str
    side: str
    type: str
    quantity: int
    status: str
    fills: List["Level"]
    fill_fees: List[Decimal]
    filled_quantity: int
    average_price: Optional[Decimal]
    notional: Decimal
    fees: Decimal
    resting_quantity: int
    waits_for_trigger: bool
    cash_held: Decimal
    shares_held: int
    shares_borrowed: int
    collateral: Decimal
    cancellation_reason: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "OrderPreview":
        """An OrderPreview from the server's JSON answer (money as Decimal)."""
        return cls(d["ticker"], d["side"], d["type"], int(d["quantity"]), d["status"],
                   [Level(_money(f["price"]), int(f["quantity"])) for f in d["fills"]],
                   [_money(f["fee"]) for f in d["fills"]], int(d["filled_quantity"]), _money(d.get("average_price")),
                   _money(d["notional"]), _money(d["fees"]), int(d["resting_quantity"]), bool(d["waits_for_trigger"]),
                   _money(d["cash_held"]), int(d["shares_held"]), int(d["shares_borrowed"]), _money(d["collateral"]),
                   d.get("cancellation_reason"))


@dataclass(frozen=True)
class UserTrade:
    trade_id: str
    ticker: str
    price: Decimal
    quantity: int
    side: str
    counterparty_id: str
    order_id: str
    fee: Decimal
    created_at: str

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "UserTrade":
        """An UserTrade from the server's JSON answer (money as Decimal)."""
        return cls(d["trade_id"], d["ticker"], _money(d["price"]), int(d["quantity"]), d["side"], d["counterparty_id"],
                   d["order_id"], _money(d.get("fee", 0)), d["created_at"])


@dataclass(frozen=True)
class Holding:
    ticker: str
    quantity: int
    current_price: Decimal
    value: Decimal
    #: Average price paid per share (received, for a short holding).
    average_price: Decimal = Decimal(0)
    #: What the shares cost; negative for a short holding (what was received for them).
    cost_basis: Decimal = Decimal(0)
    #: What closing the holding at the current price would realize; fees not counted.
    unrealized_pnl: Decimal = Decimal(0)
    #: What reducing this holding has realized so far; fees not counted.
    realized_pnl: Decimal = Decimal(0)

    @classmethod
    def from_json(cls, h: Dict[str, Any]) -> "Holding":
        """A Holding from the server's JSON answer (money as Decimal)."""
        return cls(h["ticker"], int(h["quantity"]), _money(h["current_price"]), _money(h["value"]),
                   _money(h.get("average_price", 0)), _money(h.get("cost_basis", 0)),
                   _money(h.get("unrealized_pnl", 0)), _money(h.get("realized_pnl", 0)))


@dataclass(frozen=True)
class Portfolio:
    user_id: str
    username: str
    cash: Decimal
    buying_power: Decimal
    escrowed_cash: Decimal
    holdings: List[Holding]
    total_value: Decimal
    #: Cash held as collateral for shares sold short.
    margin_used: Decimal = Decimal(0)
    #: Free cash, which can back further short sales and margin calls.
    margin_available: Decimal = Decimal(0)
    #: Whether this account may sell short now (the venue allows it, and the account opted in where it must).
    short_selling_allowed: bool = False
    #: Profit or loss realized by reducing positions, closed ones included; fees not counted.
    realized_pnl: Decimal = Decimal(0)
    #: What the holdings would realize if closed at their current prices.
    unrealized_pnl: Decimal = Decimal(0)

    def quantity(self, ticker: str) -> int:
        """The shares of `ticker` held (negative when short), 0 when none."""
        return next((h.quantity for h in self.holdings if h.ticker == ticker), 0)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Portfolio":
        """A Portfolio from the server's JSON answer (money as Decimal)."""
        return cls(d["user_id"], d["username"], _money(d["cash"]), _money(d["buying_power"]), _money(d["escrowed_cash"]),
                   [Holding.from_json(h) for h in d.get("holdings", [])], _money(d["total_value"]),
                   _money(d.get("margin_used", 0)), _money(d.get("margin_available", d["cash"])),
                   bool((d.get("short_selling") or {}).get("allowed", False)),
                   _money(d.get("realized_pnl", 0)), _money(d.get("unrealized_pnl", 0)))


@dataclass(frozen=True)
class Quote:
    """A ticker's last price and best bid and ask (`None` where the book side is empty)."""
    ticker: str
    current_price: Decimal
    best_bid: Optional[Decimal]
    best_ask: Optional[Decimal]
    halted: bool = False

    @property
    def mid(self) -> Decimal:
        """The midpoint of the best bid and ask, or the last price while a side is empty."""
        if self.best_bid is not None and self.best_ask is not None:
            return (self.best_bid + self.best_ask) / 2
        return self.current_price


@dataclass(frozen=True)
class TickerDetail:
    ticker: str
    current_price: Decimal
    best_bid: Optional[Decimal]
    best_ask: Optional[Decimal]
    bid_depth: int
    ask_depth: int
    tick_size: Decimal = Decimal("0.01")
    halt_reason: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "TickerDetail":
        """A TickerDetail from the server's JSON answer (money as Decimal)."""
        return cls(d["ticker"], _money(d["current_price"]), _money(d.get("best_bid")), _money(d.get("best_ask")),
                   int(d["bid_depth"]), int(d["ask_depth"]), _money(d.get("tick_size", "0.01")), d.get("halt_reason"))


@dataclass(frozen=True)
class Level:
    price: Decimal
    quantity: int


@dataclass(frozen=True)
class OrderBook:
    ticker: str
    bids: List[Level]
    asks: List[Level]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "OrderBook":
        """An OrderBook from the server's JSON answer (money as Decimal)."""
        def levels(side):
            return [Level(_money(level["price"]), int(level["quantity"])) for level in d.get(side, [])]
        return cls(d["ticker"], levels("bids"), levels("asks"))


@dataclass(frozen=True)
class TapeTrade:
    """A trade on a ticker's public tape, without who made it."""
    trade_id: str
    price: Decimal
    quantity: int
    timestamp: str

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "TapeTrade":
        """A TapeTrade from the server's JSON (money as Decimal)."""
        return cls(d["trade_id"], Decimal(str(d["price"])), int(d["quantity"]), d["timestamp"])


@dataclass(frozen=True)
class Candle:
    timestamp: str
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int


@dataclass(frozen=True)
class NewsItem:
    """A headline of the venue; `id` is its place in the venue's journal (later news, larger id), `percent` how
    far it moved the fair value of `ticker`, if it did."""
    id: int
    headline: str
    ticker: Optional[str]
    percent: Optional[Decimal]
    timestamp: str

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "NewsItem":
        """A NewsItem from an item of `GET /api/news` or a message of the `news` channel."""
        percent = d.get("percent")
        return cls(int(d["id"]), d["headline"], d.get("ticker"), None if percent is None else _money(percent),
                   d["timestamp"])


@dataclass(frozen=True)
class LeaderboardRow:
    username: str
    cash: Decimal
    total_value: Decimal


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    visibility: str
    tournament: bool
    starting_cash: Decimal
    tickers: List[str]
    trading_status: str
    halt_reason: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Venue":
        """A Venue from the server's JSON answer (money as Decimal)."""
        return cls(d["id"], d["name"], d["visibility"], bool(d["tournament"]), _money(d["starting_cash"]),
                   [t["symbol"] for t in d.get("tickers", [])], d["trading_status"], d.get("halt_reason"))


@dataclass(frozen=True)
class Tournament:
    id: str
    venue: str
    name: str
    description: str
    status: str
    starts_at: str
    ends_at: str
    max_participants: int
    entrants: int
    starting_cash: Decimal
    tickers: List[str]
    late_entry_seconds: int = 0

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Tournament":
        """A Tournament from the server's JSON answer (money as Decimal)."""
        return cls(d["id"], d["venue"], d["name"], d.get("description", ""), d["status"], d["starts_at"], d["ends_at"],
                   int(d["max_participants"]), int(d["entrants"]), _money(d["starting_cash"]), list(d.get("tickers", [])),
                   int(d.get("late_entry_seconds", 0)))


@dataclass(frozen=True)
class Standing:
    rank: int
    user_id: str
    username: str
    total_value: Decimal
    cash: Decimal
    pnl: Decimal
    return_pct: Decimal
    max_drawdown_pct: Decimal
    sharpe: Optional[Decimal]
    entered_at: str
    adjustments: Decimal = Decimal(0)
    dividends: Decimal = Decimal(0)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Standing":
        """A Standing from the server's JSON answer (money as Decimal): `pnl` is what trading made, apart from
        the `adjustments` and `dividends` the account was given."""
        return cls(int(d["rank"]), d["user_id"], d["username"], _money(d["total_value"]), _money(d["cash"]),
                   _money(d["pnl"]), _money(d["return_pct"]), _money(d["max_drawdown_pct"]), _money(d.get("sharpe")),
                   d["entered_at"], _money(d.get("adjustments", 0)), _money(d.get("dividends", 0)))


@dataclass(frozen=True)
class Standings:
    tournament: str
    status: str
    final: bool
    rows: List[Standing]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Standings":
        """A Standings from the server's JSON answer (money as Decimal)."""
        return cls(d["tournament"], d["status"], bool(d["final"]), [Standing.from_json(r) for r in d.get("standings", [])])


@dataclass(frozen=True)
class EquityPoint:
    time: str
    total_value: Decimal


@dataclass(frozen=True)
class APIKey:
    id: str
    name: str
    prefix: str
    created_at: str
    last_used_at: Optional[str] = None
    api_key: Optional[str] = None
    scope: str = "trade"
    signing_secret: Optional[str] = None

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "APIKey":
        """An APIKey from the server's JSON answer."""
        return cls(d["id"], d["name"], d["prefix"], d["created_at"], d.get("last_used_at"), d.get("api_key"),
                   d.get("scope", "trade"), d.get("signing_secret"))


@dataclass(frozen=True)
class PriceAlert:
    """A request to be told when a trade reaches `price`: `direction` is "above" (at or above) or "below"."""
    alert_id: str
    ticker: str
    direction: str
    price: Decimal
    repeating: bool
    armed: bool
    created_at: str
    fired_at: Optional[str]
    times_fired: int

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "PriceAlert":
        """A PriceAlert from the server's JSON answer (money as Decimal)."""
        return cls(d["alert_id"], d["ticker"], d["direction"], _money(d["price"]), bool(d["repeating"]),
                   bool(d["armed"]), d["created_at"], d.get("fired_at"), int(d["times_fired"]))


@dataclass(frozen=True)
class Registration:
    user_id: str
    username: str
    api_key: str
    jwt_token: str
    cash: Decimal
    api_key_id: Optional[str] = None
    signing_secret: Optional[str] = None
