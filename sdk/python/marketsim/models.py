"""Typed answers of the MarketSim API. Money is `decimal.Decimal` (the server sends exact cents, and the
SDK reads JSON numbers as decimals), quantities are `int`, ids are `str`, times are ISO 8601 strings."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional


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
        return cls(d["trade_id"], d["ticker"], _money(d["price"]), int(d["quantity"]), d["buyer_id"], d["seller_id"],
                   _money(d.get("buyer_fee", 0)), _money(d.get("seller_fee", 0)), d.get("timestamp"))


@dataclass(frozen=True)
class Order:
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

    @property
    def remaining(self) -> int:
        return self.quantity - self.filled_quantity

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "partial")

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Order":
        return cls(d["order_id"], d["ticker"], d["side"], int(d["quantity"]), int(d["filled_quantity"]), d["status"],
                   _money(d.get("price")), d.get("type", "limit"), d.get("time_in_force", "GTC"),
                   d.get("client_order_id"), d.get("cancellation_reason"),
                   [Fill.from_json(t) for t in d.get("trades") or []], bool(d.get("duplicate", False)),
                   d.get("created_at"))


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
        return cls(d["trade_id"], d["ticker"], _money(d["price"]), int(d["quantity"]), d["side"], d["counterparty_id"],
                   d["order_id"], _money(d.get("fee", 0)), d["created_at"])


@dataclass(frozen=True)
class Holding:
    ticker: str
    quantity: int
    current_price: Decimal
    value: Decimal


@dataclass(frozen=True)
class Portfolio:
    user_id: str
    username: str
    cash: Decimal
    buying_power: Decimal
    escrowed_cash: Decimal
    holdings: List[Holding]
    total_value: Decimal

    def quantity(self, ticker: str) -> int:
        return next((h.quantity for h in self.holdings if h.ticker == ticker), 0)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Portfolio":
        return cls(d["user_id"], d["username"], _money(d["cash"]), _money(d["buying_power"]), _money(d["escrowed_cash"]),
                   [Holding(h["ticker"], int(h["quantity"]), _money(h["current_price"]), _money(h["value"]))
                    for h in d.get("holdings", [])], _money(d["total_value"]))


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
        def levels(side):
            return [Level(_money(level["price"]), int(level["quantity"])) for level in d.get(side, [])]
        return cls(d["ticker"], levels("bids"), levels("asks"))


@dataclass(frozen=True)
class Candle:
    timestamp: str
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: int


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

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Tournament":
        return cls(d["id"], d["venue"], d["name"], d.get("description", ""), d["status"], d["starts_at"], d["ends_at"],
                   int(d["max_participants"]), int(d["entrants"]), _money(d["starting_cash"]), list(d.get("tickers", [])))


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

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Standing":
        return cls(int(d["rank"]), d["user_id"], d["username"], _money(d["total_value"]), _money(d["cash"]),
                   _money(d["pnl"]), _money(d["return_pct"]), _money(d["max_drawdown_pct"]), _money(d.get("sharpe")),
                   d["entered_at"])


@dataclass(frozen=True)
class Standings:
    tournament: str
    status: str
    final: bool
    rows: List[Standing]

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Standings":
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

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "APIKey":
        return cls(d["id"], d["name"], d["prefix"], d["created_at"], d.get("last_used_at"), d.get("api_key"))


@dataclass(frozen=True)
class Registration:
    user_id: str
    username: str
    api_key: str
    jwt_token: str
    cash: Decimal
