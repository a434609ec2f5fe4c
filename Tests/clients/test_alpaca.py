"""The Alpaca-compatible endpoint through the real `alpaca-py` package: its TradingClient, StockHistoricalDataClient
and TradingStream pointed at /alpaca (and /api/venues/{venue}/alpaca) with a MarketSim key as the secret, as a
strategy written for Alpaca would connect. What alpaca-py refuses before sending is sent raw with httpx."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import httpx
import pytest
import websockets
from alpaca.common.exceptions import APIError
from alpaca.data.historical.stock import StockHistoricalDataClient
from alpaca.data.requests import (
    StockBarsRequest,
    StockLatestQuoteRequest,
    StockLatestTradeRequest,
    StockSnapshotRequest,
)
from alpaca.data.timeframe import TimeFrame, TimeFrameUnit
from alpaca.trading.client import TradingClient
from alpaca.trading.enums import (
    AccountStatus,
    AssetClass,
    AssetExchange,
    AssetStatus,
    OrderClass,
    OrderSide,
    OrderStatus,
    OrderType,
    PositionSide,
    QueryOrderStatus,
    TimeInForce,
)
from alpaca.trading.requests import (
    GetOrderByIdRequest,
    GetOrdersRequest,
    LimitOrderRequest,
    MarketOrderRequest,
    ReplaceOrderRequest,
    StopLimitOrderRequest,
    StopLossRequest,
    StopOrderRequest,
    TakeProfitRequest,
    TrailingStopOrderRequest,
)
from alpaca.trading.stream import TradingStream

from conftest import PACKAGE

# An order that rests in the book until someone acts on it, as Alpaca names its state.
RESTING = {OrderStatus.NEW, OrderStatus.ACCEPTED, OrderStatus.PENDING_NEW}
# How long a stream waits for what it should hear before the test fails instead of hanging.
STREAM_TIMEOUT = 15


# ---------------------------------------------------------------------------------------------------------------
# Clients and MarketSim's own view of an account


@dataclass
class Trader:
    user: dict
    key: str  # the MarketSim API key: Alpaca's secret
    key_id: str  # its id as GET /api/keys lists it: Alpaca's key id
    rest: str  # MarketSim's REST prefix of the venue: /api or /api/venues/{venue}
    base: str  # the Alpaca endpoint of the venue
    trading: TradingClient
    data: StockHistoricalDataClient

    def stream(self) -> "RecordingStream":
        return RecordingStream(self.key_id, self.key, url_override=websocket_url(self.base) + "/stream")


def key_id(server, user: dict, key: str) -> str:
    """The id GET /api/keys gives the key: the one listed with the key's own prefix."""
    listed = server.api("GET", "/api/keys", user["api_key"]).json()
    [match] = [entry for entry in listed if key.startswith(entry["prefix"])]
    return match["id"]


def alpaca_base(server, venue: str | None = None) -> str:
    return server.url + ("/alpaca" if venue is None else f"/api/venues/{venue}/alpaca")


def websocket_url(base: str) -> str:
    return "ws" + base[len("http"):]


def clients(server, user: dict, key: str, venue: str | None = None, identifier: str | None = None) -> Trader:
    identifier = identifier or key_id(server, user, key)
    base = alpaca_base(server, venue)
    return Trader(
        user=user, key=key, key_id=identifier, rest="/api" if venue is None else f"/api/venues/{venue}", base=base,
        trading=TradingClient(identifier, key, paper=True, url_override=base),
        data=StockHistoricalDataClient(identifier, key, url_override=base))


def new_trader(server, venue: str | None = None) -> Trader:
    user = server.register()
    return clients(server, user, user["api_key"], venue)


def state(server, trader: Trader) -> dict:
    """What an order could change, as MarketSim's own REST API reports it."""
    portfolio = server.api("GET", f"{trader.rest}/portfolio", trader.key).json()
    orders = server.api("GET", f"{trader.rest}/orders?status=all", trader.key).json()
    return {
        "cash": portfolio["cash"], "escrowed_cash": portfolio["escrowed_cash"],
        "holdings": sorted((h["ticker"], h["quantity"]) for h in portfolio["holdings"]),
        "orders": sorted((o["order_id"], o["status"], o["filled_quantity"], o["quantity"]) for o in orders),
    }


def open_orders(server, trader: Trader) -> list[dict]:
    return server.api("GET", f"{trader.rest}/orders?status=open", trader.key).json()


def holding(server, trader: Trader, symbol: str) -> dict | None:
    portfolio = server.api("GET", f"{trader.rest}/portfolio", trader.key).json()
    return next((h for h in portfolio["holdings"] if h["ticker"] == symbol), None)


def book(server, symbol: str, rest: str = "/api") -> dict:
    return server.api("GET", f"{rest}/market/{symbol}").json()


def on_grid(price: float) -> float:
    """A price on the one-cent grid every default ticker trades on."""
    return float(Decimal(str(price)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def same_amount(alpaca_text, marketsim_number) -> bool:
    """Alpaca's amounts are strings, MarketSim's JSON numbers: the same amount, whatever the trailing zeros."""
    return Decimal(str(alpaca_text)) == Decimal(str(marketsim_number))


def cancel_everything(server, trader: Trader) -> None:
    """Leaves no order resting for a later test's trades to set off, through MarketSim's own routes."""
    for order in open_orders(server, trader):
        server.api("DELETE", f"{trader.rest}/orders/{order['order_id']}", trader.key)


def buy_now(trader: Trader, symbol: str, quantity: int, **extra):
    return trader.trading.submit_order(MarketOrderRequest(
        symbol=symbol, qty=quantity, side=OrderSide.BUY, time_in_force=TimeInForce.DAY, **extra))


def stable(server, symbol: str, read, rest: str = "/api"):
    """MarketSim's best bid and ask around a read through Alpaca, taken when the market maker left the book alone
    for the length of the read (it re-quotes every 200 ms), so the two can be compared exactly."""
    for _ in range(50):
        before = book(server, symbol, rest)
        seen = read()
        after = book(server, symbol, rest)
        if (before["best_bid"], before["best_ask"]) == (after["best_bid"], after["best_ask"]):
            return before, seen
        time.sleep(0.05)
    pytest.fail(f"the book of {symbol} never held still for the length of one read")


def refused(call, status: int) -> APIError:
    """`call` raises alpaca-py's APIError with HTTP `status` and Alpaca's error body: an integer code whose leading
    digits are the status (40110000, 40310000, 42210000, ...) and a message."""
    with pytest.raises(APIError) as caught:
        call()
    error = caught.value
    assert error.status_code == status, (error.status_code, str(error))
    assert isinstance(error.code, int) and str(error.code).startswith(str(status)), str(error)
    assert isinstance(error.message, str) and error.message.strip(), str(error)
    return error


def raw(trader: Trader, method: str, path: str, headers: dict | None = None, **kwargs) -> httpx.Response:
    """A request to the Alpaca endpoint with Alpaca's headers, for what alpaca-py will not send."""
    headers = {"APCA-API-KEY-ID": trader.key_id, "APCA-API-SECRET-KEY": trader.key, **(headers or {})}
    return httpx.request(method, trader.base + path, headers=headers, timeout=30, **kwargs)


def alpaca_error(answer: httpx.Response, status: int) -> dict:
    assert answer.status_code == status, (answer.status_code, answer.text[:300])
    body = answer.json()
    assert isinstance(body["code"], int) and str(body["code"]).startswith(str(status)), body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    return body


# ---------------------------------------------------------------------------------------------------------------
# Credentials


def test_the_key_id_is_the_keys_listed_id_or_the_key_itself_and_nothing_else(server):
    user = server.register()
    other = server.register()
    key = user["api_key"]
    listed = server.api("GET", "/api/keys", key).json()
    registration = next(entry for entry in listed if key.startswith(entry["prefix"]))
    assert registration["name"] == "default" and registration["scope"] == "trade"

    by_id = clients(server, user, key).trading.get_account()
    by_key = clients(server, user, key, identifier=key).trading.get_account()
    assert by_id.id == by_key.id
    assert same_amount(by_id.cash, user["cash"])
    assert by_id.id != clients(server, other, other["api_key"]).trading.get_account().id

    read_id = key_id(server, user, user["read_key"])
    wrong = {
        "a wrong secret": clients(server, user, "msk_" + "0" * 64, identifier=registration["id"]),
        "the id of the user's other key": clients(server, user, key, identifier=read_id),
        "the id of another user's key": clients(server, user, key, identifier=key_id(server, other, other["api_key"])),
        "another user's key as the id": clients(server, user, key, identifier=other["api_key"]),
        "an id that is no key's": clients(server, user, key, identifier="123"),
    }
    for case, trader in wrong.items():
        error = refused(trader.trading.get_account, 401)
        assert error.code == 40110000, case
        refused(lambda: trader.data.get_stock_latest_quote(StockLatestQuoteRequest(symbol_or_symbols="FUN")), 401)

    anonymous = httpx.get(alpaca_base(server) + "/v2/account", timeout=30)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 40110000


# ---------------------------------------------------------------------------------------------------------------
# Account, assets, clock


def test_the_account_is_the_portfolio_in_alpacas_shape(server):
    trader = new_trader(server)
    fresh = trader.trading.get_account()
    assert fresh.status == AccountStatus.ACTIVE and fresh.account_number
    for field in ("cash", "buying_power", "equity", "portfolio_value"):
        assert same_amount(getattr(fresh, field), trader.user["cash"]), field

    # Alpaca's cash counts what a resting buy holds; its buying power is what is left to spend.
    resting = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        limit_price=on_grid(book(server, "FUN")["best_bid"] * 0.8)))
    portfolio = server.api("GET", "/api/portfolio", trader.key).json()
    assert portfolio["escrowed_cash"] > 0
    holding_order = trader.trading.get_account()
    assert same_amount(holding_order.cash, trader.user["cash"])
    assert same_amount(holding_order.buying_power, portfolio["buying_power"])
    assert Decimal(holding_order.buying_power) < Decimal(holding_order.cash)
    trader.trading.cancel_order_by_id(resting.id)

    buy_now(trader, "FUN", 3)
    portfolio = server.api("GET", "/api/portfolio", trader.key).json()
    account = trader.trading.get_account()
    assert account.id == fresh.id
    assert same_amount(account.cash, portfolio["cash"])
    assert same_amount(account.buying_power, portfolio["buying_power"])
    assert same_amount(account.equity, portfolio["total_value"])
    assert same_amount(account.portfolio_value, portfolio["total_value"])
    assert Decimal(account.cash) < Decimal(str(trader.user["cash"]))


def test_assets_are_the_venues_tickers_and_the_clock_says_it_is_open(server):
    trader = new_trader(server)
    assets = trader.trading.get_all_assets()
    assert {a.symbol for a in assets} == {"FUN", "MEME", "YOLO", "HODL", "PUMP"}
    fun = trader.trading.get_asset("FUN")
    assert fun.symbol == "FUN" and fun.asset_class == AssetClass.US_EQUITY and fun.exchange == AssetExchange.OTC
    assert fun.tradable is True and fun.status == AssetStatus.ACTIVE
    assert fun.id == next(a.id for a in assets if a.symbol == "FUN")
    assert trader.trading.get_asset(fun.id).symbol == "FUN"  # by its asset id too
    assert len({a.id for a in assets}) == len(assets)
    refused(lambda: trader.trading.get_asset("NOPE"), 404)

    clock = trader.trading.get_clock()
    assert clock.is_open is True
    assert abs((clock.timestamp - datetime.now(timezone.utc)).total_seconds()) < 60


# ---------------------------------------------------------------------------------------------------------------
# Orders


def test_a_market_order_fills_and_reads_back_by_id_and_by_client_order_id(server):
    trader = new_trader(server)
    order = buy_now(trader, "FUN", 3, client_order_id="alpaca-market-1")
    assert isinstance(order.id, uuid.UUID)
    assert order.client_order_id == "alpaca-market-1" and order.symbol == "FUN"
    assert order.side == OrderSide.BUY and order.type == OrderType.MARKET and float(order.qty) == 3

    by_id = trader.trading.get_order_by_id(order.id)
    by_client = trader.trading.get_order_by_client_id("alpaca-market-1")
    assert by_id.id == by_client.id == order.id
    assert by_id.status == OrderStatus.FILLED and float(by_id.filled_qty) == 3
    assert by_id.filled_at is not None and by_id.order_class == OrderClass.SIMPLE

    # The average fill price is the one MarketSim charged.
    fills = [f for f in server.api("GET", "/api/trades", trader.key).json() if f["ticker"] == "FUN"]
    assert sum(f["quantity"] for f in fills) == 3
    paid = sum(Decimal(str(f["price"])) * f["quantity"] for f in fills) / 3
    assert abs(Decimal(str(by_id.filled_avg_price)) - paid) < Decimal("0.005")
    assert holding(server, trader, "FUN")["quantity"] == 3

    # The same id every time it is read, in every list.
    assert order.id in {o.id for o in trader.trading.get_orders(GetOrdersRequest(status=QueryOrderStatus.ALL))}
    refused(lambda: trader.trading.get_order_by_id(uuid.uuid4()), 404)
    refused(lambda: trader.trading.get_order_by_client_id("no-such-client-id"), 404)


def test_a_limit_order_rests_is_replaced_and_cancelled(server):
    trader = new_trader(server)
    bid = book(server, "FUN")["best_bid"]
    low = on_grid(bid * 0.8)
    order = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=5, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, limit_price=low,
        client_order_id="alpaca-limit-1"))
    assert order.status in RESTING and order.type == OrderType.LIMIT and float(order.limit_price) == low
    assert float(order.filled_qty or 0) == 0
    assert trader.trading.get_order_by_client_id("alpaca-limit-1").id == order.id
    [resting] = open_orders(server, trader)
    assert (resting["price"], resting["quantity"], resting["side"]) == (low, 5, "buy")

    # A smaller quantity keeps the order: the same id, in MarketSim too.
    smaller = trader.trading.replace_order_by_id(order.id, ReplaceOrderRequest(qty=3))
    assert smaller.id == order.id and float(smaller.qty) == 3 and float(smaller.limit_price) == low
    [resting] = open_orders(server, trader)
    assert resting["quantity"] == 3 and resting["price"] == low

    # A new price makes a new order that replaces the old one.
    lower = on_grid(low - 1)
    moved = trader.trading.replace_order_by_id(order.id, ReplaceOrderRequest(qty=3, limit_price=lower))
    assert moved.id != order.id and moved.replaces == order.id
    assert float(moved.limit_price) == lower and float(moved.qty) == 3 and moved.status in RESTING
    old = trader.trading.get_order_by_id(order.id)
    assert old.status == OrderStatus.REPLACED
    assert [o.id for o in trader.trading.get_orders(GetOrdersRequest(status=QueryOrderStatus.OPEN))] == [moved.id]
    [resting] = open_orders(server, trader)
    assert resting["price"] == lower and resting["quantity"] == 3

    assert trader.trading.cancel_order_by_id(moved.id) is None
    assert trader.trading.get_order_by_id(moved.id).status == OrderStatus.CANCELED
    assert open_orders(server, trader) == []
    assert server.api("GET", "/api/portfolio", trader.key).json()["escrowed_cash"] == 0
    # A cancelled order cannot be cancelled again, nor replaced.
    with pytest.raises(APIError) as again:
        trader.trading.cancel_order_by_id(moved.id)
    assert again.value.status_code in (404, 422)
    with pytest.raises(APIError) as late:
        trader.trading.replace_order_by_id(moved.id, ReplaceOrderRequest(qty=1))
    assert late.value.status_code in (404, 422)


def test_stop_stop_limit_and_trailing_stop_orders_rest_with_their_triggers(server):
    trader = new_trader(server)
    buy_now(trader, "FUN", 4)
    last = book(server, "FUN")["current_price"]
    stop = on_grid(last * 1.5)
    try:
        stop_order = trader.trading.submit_order(StopOrderRequest(
            symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, stop_price=stop))
        assert stop_order.type == OrderType.STOP and float(stop_order.stop_price) == stop
        assert stop_order.status in RESTING

        stop_limit = trader.trading.submit_order(StopLimitOrderRequest(
            symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, stop_price=stop,
            limit_price=on_grid(stop + 1)))
        assert stop_limit.type == OrderType.STOP_LIMIT and float(stop_limit.limit_price) == on_grid(stop + 1)

        trail = on_grid(last * 0.3)
        by_price = trader.trading.submit_order(TrailingStopOrderRequest(
            symbol="FUN", qty=2, side=OrderSide.SELL, time_in_force=TimeInForce.GTC, trail_price=trail))
        by_percent = trader.trading.submit_order(TrailingStopOrderRequest(
            symbol="FUN", qty=2, side=OrderSide.SELL, time_in_force=TimeInForce.GTC, trail_percent=30))
        assert by_price.type == by_percent.type == OrderType.TRAILING_STOP
        assert float(by_price.trail_price) == trail and float(by_percent.trail_percent) == 30
        assert by_price.status in RESTING and by_percent.status in RESTING

        listed = {o["order_id"]: o for o in open_orders(server, trader)}
        assert len(listed) == 4
        kinds = sorted((o["type"], o["side"], o["quantity"]) for o in listed.values())
        assert kinds == [("stop", "buy", 2), ("stop_limit", "buy", 1),
                         ("trailing_stop", "sell", 2), ("trailing_stop", "sell", 2)]
        assert {o.get("stop_price") for o in listed.values() if o["type"].startswith("stop")} == {stop}
        assert {o.get("trail_amount") for o in listed.values()} >= {trail}
        assert {o.get("trail_percent") for o in listed.values()} >= {30}
        assert {o.id for o in trader.trading.get_orders()} == {
            stop_order.id, stop_limit.id, by_price.id, by_percent.id}
    finally:
        cancel_everything(server, trader)


def test_a_bracket_order_places_its_exits_once_it_fills(server):
    trader = new_trader(server)
    quote = book(server, "FUN")
    take, loss = on_grid(quote["best_ask"] * 1.2), on_grid(quote["best_bid"] * 0.8)
    try:
        entered = trader.trading.submit_order(MarketOrderRequest(
            symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, order_class=OrderClass.BRACKET,
            take_profit=TakeProfitRequest(limit_price=take), stop_loss=StopLossRequest(stop_price=loss)))
        assert entered.order_class == OrderClass.BRACKET
        read = trader.trading.get_order_by_id(entered.id, GetOrderByIdRequest(nested=True))
        assert read.status == OrderStatus.FILLED and float(read.filled_qty) == 2
        assert read.order_class == OrderClass.BRACKET
        assert holding(server, trader, "FUN")["quantity"] == 2
        exits = open_orders(server, trader)
        assert sorted((o["side"], o["quantity"], o.get("price", 0), o.get("stop_price", 0)) for o in exits) == sorted(
            [("sell", 2, take, 0), ("sell", 2, 0, loss)])
        # alpaca-py sees the exits as the account's open orders: a limit sell and a stop sell.
        listed = trader.trading.get_orders(GetOrdersRequest(status=QueryOrderStatus.OPEN))
        assert sorted((o.type, o.side, float(o.qty), float(o.limit_price or 0), float(o.stop_price or 0))
                      for o in listed) == sorted([(OrderType.LIMIT, OrderSide.SELL, 2, take, 0),
                                                  (OrderType.STOP, OrderSide.SELL, 2, 0, loss)])

        # A bracket on a limit that does not fill yet rests alone, and takes its exits with it when cancelled.
        waiting = trader.trading.submit_order(LimitOrderRequest(
            symbol="MEME", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
            limit_price=on_grid(book(server, "MEME")["best_bid"] * 0.8), order_class=OrderClass.BRACKET,
            take_profit=TakeProfitRequest(limit_price=on_grid(book(server, "MEME")["best_ask"] * 1.2)),
            stop_loss=StopLossRequest(stop_price=on_grid(book(server, "MEME")["best_bid"] * 0.7))))
        assert waiting.order_class == OrderClass.BRACKET and waiting.status in RESTING
        assert [o["ticker"] for o in open_orders(server, trader)].count("MEME") == 1
        trader.trading.cancel_order_by_id(waiting.id)
        assert [o["ticker"] for o in open_orders(server, trader)].count("MEME") == 0
        assert holding(server, trader, "MEME") is None
    finally:
        cancel_everything(server, trader)


def test_an_oco_protects_a_position(server):
    trader = new_trader(server)
    buy_now(trader, "FUN", 3)
    quote = book(server, "FUN")
    take, loss = on_grid(quote["best_ask"] * 1.2), on_grid(quote["best_bid"] * 0.8)
    try:
        oco = trader.trading.submit_order(LimitOrderRequest(
            symbol="FUN", qty=3, side=OrderSide.SELL, time_in_force=TimeInForce.GTC, order_class=OrderClass.OCO,
            take_profit=TakeProfitRequest(limit_price=take), stop_loss=StopLossRequest(stop_price=loss)))
        assert oco.order_class == OrderClass.OCO and oco.status in RESTING
        pair = open_orders(server, trader)
        assert sorted((o["side"], o["quantity"], o.get("price", 0), o.get("stop_price", 0)) for o in pair) == sorted(
            [("sell", 3, take, 0), ("sell", 3, 0, loss)])
        assert {o.get("linked_order_id") for o in pair} == {o["order_id"] for o in pair}
    finally:
        cancel_everything(server, trader)


def test_an_oto_order_places_its_one_exit_once_it_fills(server):
    trader = new_trader(server)
    quote = book(server, "FUN")
    take = on_grid(quote["best_ask"] * 1.2)
    try:
        entered = trader.trading.submit_order(MarketOrderRequest(
            symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, order_class=OrderClass.OTO,
            take_profit=TakeProfitRequest(limit_price=take)))
        assert entered.order_class == OrderClass.OTO
        assert trader.trading.get_order_by_id(entered.id).status == OrderStatus.FILLED
        exits = open_orders(server, trader)
        assert [(o["type"], o["side"], o["quantity"], o["price"]) for o in exits] == [("limit", "sell", 2, take)]
        # The exit's parent is the entry, whose number the UUID's last 16 hex digits carry.
        entry_number = int(str(entered.id).replace("-", "")[-16:], 16)
        assert "linked_order_id" not in exits[0] and exits[0]["parent_order_id"] == str(entry_number)

        # An oto needs exactly one exit: none, or both, is refused and places nothing (sent raw: alpaca-py
        # refuses them itself).
        before = state(server, trader)
        order = {"symbol": "MEME", "qty": "1", "side": "buy", "type": "limit", "time_in_force": "gtc",
                 "limit_price": "1", "order_class": "oto"}
        for exits in ({}, {"take_profit": {"limit_price": "2"}, "stop_loss": {"stop_price": "0.5"}}):
            error = alpaca_error(raw(trader, "POST", "/v2/orders", json={**order, **exits}), 422)
            assert "either take_profit.limit_price or stop_loss.stop_price" in error["message"]
        assert state(server, trader) == before
    finally:
        cancel_everything(server, trader)


def test_time_in_force_ioc_and_fok_cancel_what_does_not_fill_at_once(server):
    trader = new_trader(server)
    quote = book(server, "FUN")
    missed = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.IOC,
        limit_price=on_grid(quote["best_bid"] * 0.8)))
    missed = trader.trading.get_order_by_id(missed.id)
    assert missed.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED) and float(missed.filled_qty or 0) == 0

    hit = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=2, side=OrderSide.BUY, time_in_force=TimeInForce.IOC,
        limit_price=on_grid(quote["best_ask"] * 1.05)))
    assert trader.trading.get_order_by_id(hit.id).status == OrderStatus.FILLED

    # More PUMP than the market maker shows at its ask, all or nothing: nothing.
    pump = book(server, "PUMP")
    killed = trader.trading.submit_order(LimitOrderRequest(
        symbol="PUMP", qty=300, side=OrderSide.BUY, time_in_force=TimeInForce.FOK, limit_price=pump["best_ask"]))
    killed = trader.trading.get_order_by_id(killed.id)
    assert killed.status in (OrderStatus.CANCELED, OrderStatus.EXPIRED) and float(killed.filled_qty or 0) == 0
    assert holding(server, trader, "PUMP") is None

    # A day order is a good-till-cancelled one: there are no sessions.
    day = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.DAY,
        limit_price=on_grid(quote["best_bid"] * 0.8)))
    assert trader.trading.get_order_by_id(day.id).status in RESTING
    assert [o["time_in_force"] for o in open_orders(server, trader)] == ["GTC"]
    assert holding(server, trader, "FUN")["quantity"] == 2
    cancel_everything(server, trader)


def test_orders_are_listed_by_status_symbol_limit_and_direction(server):
    trader = new_trader(server)
    fun, meme = book(server, "FUN"), book(server, "MEME")

    def rest(symbol, bid):
        placed = trader.trading.submit_order(LimitOrderRequest(
            symbol=symbol, qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, limit_price=on_grid(bid * 0.8)))
        time.sleep(0.01)
        return placed

    filled = buy_now(trader, "FUN", 1)
    time.sleep(0.01)
    fun_open, meme_gone, meme_open = rest("FUN", fun["best_bid"]), rest("MEME", meme["best_bid"]), rest(
        "MEME", meme["best_bid"])
    trader.trading.cancel_order_by_id(meme_gone.id)
    try:
        def ids(**filters):
            return [o.id for o in trader.trading.get_orders(GetOrdersRequest(**filters))]

        assert set(ids(status=QueryOrderStatus.OPEN)) == {fun_open.id, meme_open.id}
        assert {o.id for o in trader.trading.get_orders()} == {fun_open.id, meme_open.id}  # open by default
        assert set(ids(status=QueryOrderStatus.CLOSED)) == {filled.id, meme_gone.id}
        assert set(ids(status=QueryOrderStatus.ALL, symbols=["MEME"])) == {meme_gone.id, meme_open.id}
        assert set(ids(status=QueryOrderStatus.OPEN, symbols=["FUN", "MEME"])) == {fun_open.id, meme_open.id}
        newest_first = [meme_open.id, meme_gone.id, fun_open.id, filled.id]
        assert ids(status=QueryOrderStatus.ALL) == newest_first
        assert ids(status=QueryOrderStatus.ALL, limit=2) == newest_first[:2]
        assert ids(status=QueryOrderStatus.ALL, direction="asc") == newest_first[::-1]
        assert ids(status=QueryOrderStatus.ALL, side=OrderSide.SELL) == []
    finally:
        cancel_everything(server, trader)


def test_cancel_orders_cancels_every_open_order_and_answers_200_for_each(server):
    trader = new_trader(server)
    placed = [trader.trading.submit_order(LimitOrderRequest(
        symbol=symbol, qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        limit_price=on_grid(book(server, symbol)["best_bid"] * 0.8))) for symbol in ("FUN", "MEME", "YOLO")]
    answers = trader.trading.cancel_orders()
    assert {a.id for a in answers} == {o.id for o in placed}
    assert all(a.status == 200 for a in answers)
    assert open_orders(server, trader) == []
    assert all(trader.trading.get_order_by_id(o.id).status == OrderStatus.CANCELED for o in placed)
    assert trader.trading.cancel_orders() == []


# ---------------------------------------------------------------------------------------------------------------
# Positions


def test_positions_are_the_holdings_and_close_with_market_sells(server):
    trader = new_trader(server)
    buy_now(trader, "FUN", 3)
    buy_now(trader, "MEME", 2)
    positions = {p.symbol: p for p in trader.trading.get_all_positions()}
    assert set(positions) == {"FUN", "MEME"}
    for symbol, position in positions.items():
        held = holding(server, trader, symbol)
        assert position.side == PositionSide.LONG and position.qty == str(held["quantity"])
        assert position.asset_class == AssetClass.US_EQUITY and position.exchange == AssetExchange.OTC
        assert position.asset_id == trader.trading.get_asset(symbol).id
        assert same_amount(position.avg_entry_price, held["average_price"])
        assert same_amount(position.cost_basis, held["cost_basis"])
        assert same_amount(position.market_value, held["value"])
        assert same_amount(position.unrealized_pl, held["unrealized_pnl"])
    one = trader.trading.get_open_position("FUN")
    assert one.qty == "3" and one.asset_id == positions["FUN"].asset_id
    refused(lambda: trader.trading.get_open_position("NOPE"), 404)
    refused(lambda: trader.trading.get_open_position("YOLO"), 404)  # listed, but not held

    closing = trader.trading.close_position("FUN")
    assert closing.symbol == "FUN" and closing.side == OrderSide.SELL and closing.type == OrderType.MARKET
    assert float(closing.qty) == 3
    assert trader.trading.get_order_by_id(closing.id).status == OrderStatus.FILLED
    assert holding(server, trader, "FUN") is None
    refused(lambda: trader.trading.get_open_position("FUN"), 404)
    refused(lambda: trader.trading.close_position("FUN"), 404)

    resting = trader.trading.submit_order(LimitOrderRequest(
        symbol="YOLO", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        limit_price=on_grid(book(server, "YOLO")["best_bid"] * 0.8)))
    closed = trader.trading.close_all_positions(cancel_orders=True)
    assert [(c.symbol, c.status) for c in closed] == [("MEME", 200)]
    assert closed[0].body.side == OrderSide.SELL and float(closed[0].body.qty) == 2
    assert closed[0].order_id == closed[0].body.id
    assert trader.trading.get_order_by_id(resting.id).status == OrderStatus.CANCELED
    assert trader.trading.get_all_positions() == []
    after = state(server, trader)
    assert after["holdings"] == [] and after["escrowed_cash"] == 0 and open_orders(server, trader) == []


# ---------------------------------------------------------------------------------------------------------------
# Refusals


def test_bad_input_is_refused_in_alpacas_shape_and_changes_nothing(server):
    trader = new_trader(server)
    buy_now(trader, "FUN", 1)
    before = state(server, trader)

    def order(**fields):
        terms = {"symbol": "FUN", "qty": 1, "side": OrderSide.BUY, "time_in_force": TimeInForce.GTC, **fields}
        return lambda: trader.trading.submit_order(MarketOrderRequest(**terms))

    refused(order(symbol="NOPE"), 422)
    # alpaca-py sends a zero or negative qty as it is given (only ReplaceOrderRequest checks it): the server refuses.
    refused(order(qty=0), 422)
    refused(order(qty=-2), 422)
    refused(order(qty=1.5), 422)  # whole shares only
    refused(lambda: trader.trading.submit_order(MarketOrderRequest(
        symbol="FUN", notional=100, side=OrderSide.BUY, time_in_force=TimeInForce.GTC)), 422)
    assert refused(lambda: trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=1_000_000, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, limit_price=1000)),
        403).code == 40310000

    # What alpaca-py will not send at all, sent as it would look.
    with pytest.raises(ValueError):
        TrailingStopOrderRequest(symbol="FUN", qty=1, side=OrderSide.SELL, time_in_force=TimeInForce.GTC)
    bodies = {
        "no_trail": {"symbol": "FUN", "qty": 1, "side": "sell", "type": "trailing_stop", "time_in_force": "gtc"},
        "both_trails": {"symbol": "FUN", "qty": 1, "side": "sell", "type": "trailing_stop", "time_in_force": "gtc",
                        "trail_price": 1, "trail_percent": 5},
        "zero_qty": {"symbol": "FUN", "qty": 0, "side": "buy", "type": "market", "time_in_force": "gtc"},
        "negative_qty_text": {"symbol": "FUN", "qty": "-1", "side": "buy", "type": "market", "time_in_force": "gtc"},
        "no_symbol": {"qty": 1, "side": "buy", "type": "market", "time_in_force": "gtc"},
        "no_limit_price": {"symbol": "FUN", "qty": 1, "side": "buy", "type": "limit", "time_in_force": "gtc"},
        "bad_side": {"symbol": "FUN", "qty": 1, "side": "hold", "type": "market", "time_in_force": "gtc"},
        "bad_type": {"symbol": "FUN", "qty": 1, "side": "buy", "type": "iceberg", "time_in_force": "gtc"},
        "bad_time_in_force": {"symbol": "FUN", "qty": 1, "side": "buy", "type": "market", "time_in_force": "later"},
    }
    for case, body in bodies.items():
        answer = raw(trader, "POST", "/v2/orders", json=body)
        assert answer.status_code == 422, (case, answer.status_code, answer.text[:300])
        alpaca_error(answer, 422)
    for malformed in (b"", b"{", b"[]", b"null"):
        answer = raw(trader, "POST", "/v2/orders", content=malformed, headers={"Content-Type": "application/json"})
        assert answer.status_code in (400, 422), (malformed, answer.status_code)
        assert set(answer.json()) >= {"code", "message"}

    assert state(server, trader) == before


def test_a_closed_venue_refuses_orders_and_its_clock_says_closed(server):
    trader = new_trader(server)
    resting = trader.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        limit_price=on_grid(book(server, "FUN")["best_bid"] * 0.8)))
    admin = server.admin_key()
    before = state(server, trader)
    assert server.api("POST", "/api/admin/venues/main/halt", admin, json={"reason": "alpaca test"}).status_code == 200
    try:
        assert trader.trading.get_clock().is_open is False
        for request in (
            MarketOrderRequest(symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.DAY),
            LimitOrderRequest(symbol="MEME", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, limit_price=1),
        ):
            with pytest.raises(APIError) as caught:
                trader.trading.submit_order(request)
            assert caught.value.status_code in (403, 422), str(caught.value)
            assert isinstance(caught.value.code, int) and caught.value.message.strip()
        assert state(server, trader) == before
        assert trader.trading.get_order_by_id(resting.id).status in RESTING
    finally:
        server.api("POST", "/api/admin/venues/main/resume", admin, json={"reason": "alpaca test over"})
    assert trader.trading.get_clock().is_open is True
    cancel_everything(server, trader)


def test_a_read_key_reads_and_is_refused_every_change(server):
    user = server.register()
    reader = clients(server, user, user["read_key"])
    owner = clients(server, user, user["api_key"])
    buy_now(owner, "MEME", 1)
    resting = owner.trading.submit_order(LimitOrderRequest(
        symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
        limit_price=on_grid(book(server, "FUN")["best_bid"] * 0.8)))
    before = state(server, owner)

    assert reader.trading.get_account().id == owner.trading.get_account().id
    assert [o.id for o in reader.trading.get_orders()] == [resting.id]
    assert [p.symbol for p in reader.trading.get_all_positions()] == ["MEME"]
    assert "FUN" in reader.data.get_stock_latest_quote(StockLatestQuoteRequest(symbol_or_symbols="FUN"))
    for change in (
        lambda: reader.trading.submit_order(MarketOrderRequest(
            symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.DAY)),
        lambda: reader.trading.cancel_order_by_id(resting.id),
        lambda: reader.trading.replace_order_by_id(resting.id, ReplaceOrderRequest(qty=1, limit_price=2)),
        lambda: reader.trading.close_position("MEME"),
    ):
        refused(change, 403)
    # The bulk operations either refuse outright or answer 403 for every order and position they tried.
    for bulk in (reader.trading.cancel_orders, lambda: reader.trading.close_all_positions(cancel_orders=True)):
        try:
            outcomes = bulk()
        except APIError as error:
            assert error.status_code == 403 and error.code == 40310000, str(error)
        else:
            assert outcomes and all(o.status == 403 for o in outcomes), outcomes
    assert state(server, owner) == before
    cancel_everything(server, owner)


# ---------------------------------------------------------------------------------------------------------------
# Market data


def day_start() -> datetime:
    """Yesterday's midnight in UTC: before every trade of the session and on every bar boundary."""
    return datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)


@pytest.fixture(scope="module")
def traded(server) -> Trader:
    """Trades in FUN and MEME in two different minutes, so that each has at least two one-minute bars."""
    trader = new_trader(server)

    def round_trip():
        for symbol in ("FUN", "MEME"):
            buy_now(trader, symbol, 3)
            trader.trading.submit_order(MarketOrderRequest(
                symbol=symbol, qty=1, side=OrderSide.SELL, time_in_force=TimeInForce.DAY))

    round_trip()
    first_minute = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    time.sleep(max(0.0, (first_minute + timedelta(minutes=1) - datetime.now(timezone.utc)).total_seconds()) + 1)
    round_trip()
    return trader


def bar_tuple(bar) -> tuple:
    return bar.timestamp, bar.open, bar.high, bar.low, bar.close, bar.volume


def candle_tuples(server, symbol: str, interval: str, start: datetime) -> list[tuple]:
    answer = server.api("GET", f"/api/market/{symbol}/history",
                        params={"interval": interval, "start": int(start.timestamp())}).json()
    return [(datetime.fromisoformat(c["timestamp"].replace("Z", "+00:00")), c["open"], c["high"], c["low"],
             c["close"], c["volume"]) for c in answer["candles"]]


def bars(trader: Trader, timeframe: TimeFrame, start: datetime, symbols=("FUN", "MEME"), **extra) -> dict:
    found = trader.data.get_stock_bars(StockBarsRequest(
        symbol_or_symbols=list(symbols), timeframe=timeframe, start=start, **extra))
    return {symbol: [bar_tuple(b) for b in found.data.get(symbol, [])] for symbol in symbols}


def newest_trade(server, symbol: str) -> dict:
    return server.api("GET", f"/api/market/{symbol}/trades", params={"limit": 1}).json()["trades"][0]


def test_bars_are_the_venues_candles_in_every_timeframe(server, traded):
    start = day_start()
    for timeframe, interval in ((TimeFrame.Minute, "1m"), (TimeFrame(5, TimeFrameUnit.Minute), "5m"),
                                (TimeFrame.Hour, "1h")):
        found = bars(traded, timeframe, start)
        for symbol in ("FUN", "MEME"):
            assert found[symbol] == candle_tuples(server, symbol, interval, start), (symbol, interval)
    minutes = bars(traded, TimeFrame.Minute, start)
    for symbol in ("FUN", "MEME"):
        assert len(minutes[symbol]) >= 2, minutes[symbol]
        times = [b[0] for b in minutes[symbol]]
        assert times == sorted(set(times))
        assert minutes[symbol][-1][4] == newest_trade(server, symbol)["price"]

    # Daily bars add up to the same trades (whatever hour Alpaca's day starts at).
    days = bars(traded, TimeFrame.Day, start)
    for symbol in ("FUN", "MEME"):
        day, minute = days[symbol], minutes[symbol]
        assert day, symbol
        assert sum(b[5] for b in day) == sum(b[5] for b in minute)
        assert max(b[2] for b in day) == max(b[2] for b in minute)
        assert min(b[3] for b in day) == min(b[3] for b in minute)
        assert (day[0][1], day[-1][4]) == (minute[0][1], minute[-1][4])

    # alpaca-py's `limit` counts bars over all symbols: FUN's first, then MEME's.
    everything = [b for symbol in ("FUN", "MEME") for b in minutes[symbol]]
    limited = bars(traded, TimeFrame.Minute, start, limit=3)
    assert [b for symbol in ("FUN", "MEME") for b in limited[symbol]] == everything[:3]
    # alpaca-py writes a start with microseconds when it has them (datetime.isoformat): the same bars.
    assert bars(traded, TimeFrame.Minute, start + timedelta(microseconds=250)) == minutes

    # A range before the server's first trade has no bars, and says so with empty lists or no key.
    assert bars(traded, TimeFrame.Minute, start, end=start + timedelta(minutes=1)) == {"FUN": [], "MEME": []}


class OneBarPages(StockHistoricalDataClient):
    """alpaca-py's own paging loop, asking for one bar a page as it asks for 10,000 over a long range, with every
    request's parameters kept."""

    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self.sent: list[dict] = []

    def get(self, path, data=None, **options):
        self.sent.append(dict(data or {}))
        return super().get(path, data, **options)

    def _get_marketdata(self, path, params, page_limit=10_000, page_size=None, no_sub_key=False):
        return super()._get_marketdata(path, params, page_limit=1, page_size=page_size, no_sub_key=no_sub_key)


def test_bars_page_with_next_page_token_every_bar_once_in_order(server, traded):
    start = day_start()
    whole = bars(traded, TimeFrame.Minute, start)
    count = sum(len(v) for v in whole.values())
    assert count >= 4

    # By hand: a page of one bar, and a token to the next until there is none.
    pages, token = {}, None
    for _ in range(count + 2):
        params = {"symbols": "FUN,MEME", "timeframe": "1Min", "start": start.isoformat(), "limit": 1}
        if token:
            params["page_token"] = token
        answer = raw(traded, "GET", "/v2/stocks/bars", params=params)
        assert answer.status_code == 200, answer.text[:300]
        page = answer.json()
        assert sum(len(v) for v in page["bars"].values()) <= 1, page
        for symbol, found in page["bars"].items():
            pages.setdefault(symbol, []).extend(found)
        token = page.get("next_page_token")
        if token is None:
            break
    else:
        pytest.fail("the pages never ended")
    assert {s: [datetime.fromisoformat(b["t"].replace("Z", "+00:00")) for b in v] for s, v in pages.items()} == {
        s: [b[0] for b in v] for s, v in whole.items()}

    # Through alpaca-py's loop, which follows next_page_token itself.
    paged = OneBarPages(traded.key_id, traded.key, url_override=traded.base)
    found = paged.get_stock_bars(StockBarsRequest(symbol_or_symbols=["FUN", "MEME"], timeframe=TimeFrame.Minute,
                                                  start=start))
    assert {s: [bar_tuple(b) for b in found.data.get(s, [])] for s in ("FUN", "MEME")} == whole
    assert count <= len(paged.sent) <= count + 1
    assert all(sent.get("page_token") for sent in paged.sent[1:]) and paged.sent[0].get("page_token") is None

    # And with a total limit spread over pages: alpaca-py asks for what is left each time.
    limited = OneBarPages(traded.key_id, traded.key, url_override=traded.base)
    found = limited.get_stock_bars(StockBarsRequest(symbol_or_symbols=["FUN", "MEME"], timeframe=TimeFrame.Minute,
                                                    start=start, limit=3))
    everything = [b for symbol in ("FUN", "MEME") for b in whole[symbol]]
    assert [bar_tuple(b) for s in ("FUN", "MEME") for b in found.data.get(s, [])] == everything[:3]
    assert len(limited.sent) == 3


def test_latest_quote_trade_and_snapshot_are_the_venues(server, traded):
    data = traded.data
    before, quotes = stable(server, "FUN", lambda: data.get_stock_latest_quote(
        StockLatestQuoteRequest(symbol_or_symbols="FUN")))
    quote = quotes["FUN"]
    assert quote.bid_price == pytest.approx(before["best_bid"], abs=1e-9)
    assert quote.ask_price == pytest.approx(before["best_ask"], abs=1e-9)
    assert quote.bid_size > 0 and quote.ask_size > 0
    both = data.get_stock_latest_quote(StockLatestQuoteRequest(symbol_or_symbols=["FUN", "MEME"]))
    assert set(both) == {"FUN", "MEME"} and both["MEME"].ask_price > both["MEME"].bid_price

    tape = newest_trade(server, "FUN")
    trade = data.get_stock_latest_trade(StockLatestTradeRequest(symbol_or_symbols="FUN"))["FUN"]
    assert trade.price == tape["price"] and trade.size == tape["quantity"]
    assert trade.timestamp == datetime.fromisoformat(tape["timestamp"].replace("Z", "+00:00"))

    before, snapshots = stable(server, "FUN", lambda: data.get_stock_snapshot(
        StockSnapshotRequest(symbol_or_symbols=["FUN", "MEME"])))
    assert set(snapshots) == {"FUN", "MEME"}
    snapshot = snapshots["FUN"]
    assert snapshot.latest_trade.price == tape["price"]
    assert snapshot.latest_quote.bid_price == pytest.approx(before["best_bid"], abs=1e-9)
    assert snapshot.latest_quote.ask_price == pytest.approx(before["best_ask"], abs=1e-9)
    assert snapshot.minute_bar.close == tape["price"] and snapshot.daily_bar.close == tape["price"]
    assert snapshots["MEME"].latest_trade.price == newest_trade(server, "MEME")["price"]


# ---------------------------------------------------------------------------------------------------------------
# TradingStream


class RecordingStream(TradingStream):
    """alpaca-py's TradingStream, keeping every message it is sent after authorising (alpaca-py hands on only
    trade_updates), so a test knows when the server has confirmed the subscription, and sees what failed to parse."""

    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self.messages: list[dict] = []
        self.updates: list = []

        async def handler(update):
            self.updates.append(update)

        self.subscribe_trade_updates(handler)

    async def _dispatch(self, msg):
        self.messages.append(msg)
        await super()._dispatch(msg)

    def listening(self) -> bool:
        return any(m.get("stream") == "listening" and "trade_updates" in m["data"]["streams"] for m in self.messages)

    def events(self, order_id) -> list[str]:
        return [event_name(u) for u in self.updates if u.order.id == order_id]


def event_name(update) -> str:
    """TradeUpdate.event is a TradeEvent or, as pydantic reads a plain string into Union[TradeEvent, str], a str."""
    return getattr(update.event, "value", update.event)


async def until(condition, what: str, stream: RecordingStream, timeout: float = STREAM_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: nothing within {timeout}s; the stream heard {stream.messages!r}")
        await asyncio.sleep(0.05)


async def streaming(stream: RecordingStream, scenario):
    task = asyncio.create_task(stream._run_forever())
    try:
        await until(stream.listening, "the listen reply", stream)
        return await scenario()
    finally:
        await stream.stop_ws()
        try:
            await asyncio.wait_for(task, timeout=15)
        except asyncio.TimeoutError:
            task.cancel()


def test_trade_updates_arrive_for_fills_and_cancels_of_the_callers_orders_only(server):
    trader, stranger = new_trader(server), new_trader(server)
    stream = trader.stream()

    async def scenario():
        theirs = await asyncio.to_thread(buy_now, stranger, "MEME", 1)
        filled = await asyncio.to_thread(buy_now, trader, "FUN", 2)
        await until(lambda: "fill" in stream.events(filled.id), "the fill", stream)
        resting = await asyncio.to_thread(trader.trading.submit_order, LimitOrderRequest(
            symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
            limit_price=on_grid(book(server, "FUN")["best_bid"] * 0.8)))
        await until(lambda: "new" in stream.events(resting.id), "the new order", stream)
        await asyncio.to_thread(trader.trading.cancel_order_by_id, resting.id)
        await until(lambda: "canceled" in stream.events(resting.id), "the cancel", stream)
        return theirs, filled, resting

    theirs, filled, resting = asyncio.run(streaming(stream, scenario))

    [fill] = [u for u in stream.updates if u.order.id == filled.id and event_name(u) == "fill"]
    assert fill.order.status == OrderStatus.FILLED and float(fill.order.filled_qty) == 2
    assert fill.order.symbol == "FUN" and fill.order.client_order_id == filled.client_order_id
    assert fill.position_qty is None or fill.position_qty == 2
    [cancel] = [u for u in stream.updates if u.order.id == resting.id and event_name(u) == "canceled"]
    assert cancel.order.status == OrderStatus.CANCELED
    assert stream.events(theirs.id) == []
    assert {u.order.id for u in stream.updates} <= {filled.id, resting.id}


def test_an_order_that_would_trade_with_the_callers_own_is_rejected(server):
    trader = new_trader(server)
    buy_now(trader, "FUN", 1)
    stream = trader.stream()

    async def scenario():
        quote = book(server, "FUN")
        inside = on_grid(quote["best_ask"] - 0.01)
        assert inside > quote["best_bid"], f"no room inside the market maker's spread: {quote}"
        await asyncio.to_thread(trader.trading.submit_order, LimitOrderRequest(
            symbol="FUN", qty=1, side=OrderSide.SELL, time_in_force=TimeInForce.GTC, limit_price=inside))
        # The buy meets the trader's own sell first: self-trade prevention cancels it before it trades, which
        # Alpaca calls a rejection.
        wash = await asyncio.to_thread(trader.trading.submit_order, LimitOrderRequest(
            symbol="FUN", qty=1, side=OrderSide.BUY, time_in_force=TimeInForce.GTC, limit_price=inside))
        await until(lambda: "rejected" in stream.events(wash.id), "the rejection", stream)
        return wash

    try:
        wash = asyncio.run(streaming(stream, scenario))
        [rejection] = [u for u in stream.updates if u.order.id == wash.id and event_name(u) == "rejected"]
        assert rejection.order.status == OrderStatus.REJECTED and float(rejection.order.filled_qty) == 0
        assert trader.trading.get_order_by_id(wash.id).status == OrderStatus.REJECTED
        assert "canceled" not in stream.events(wash.id)
    finally:
        cancel_everything(server, trader)


def test_the_stream_answers_authenticate_and_listen_as_alpaca_does(server):
    trader = new_trader(server)
    url = websocket_url(trader.base) + "/stream"

    async def conversation(key_id, secret):
        async with websockets.connect(url, open_timeout=10) as socket:
            await socket.send(json.dumps({"action": "authenticate", "data": {"key_id": key_id, "secret_key": secret}}))
            authorised = json.loads(await asyncio.wait_for(socket.recv(), 10))
            if authorised["data"]["status"] != "authorized":
                return authorised, None
            await socket.send(json.dumps({"action": "listen", "data": {"streams": ["trade_updates"]}}))
            return authorised, json.loads(await asyncio.wait_for(socket.recv(), 10))

    authorised, listening = asyncio.run(conversation(trader.key_id, trader.key))
    assert authorised == {"stream": "authorization", "data": {"status": "authorized", "action": "authenticate"}}
    assert listening == {"stream": "listening", "data": {"streams": ["trade_updates"]}}
    refusal, _ = asyncio.run(conversation(trader.key_id, "msk_" + "0" * 64))
    assert refusal["stream"] == "authorization"
    assert refusal["data"]["status"] == "unauthorized" and refusal["data"]["action"] == "authenticate"


# ---------------------------------------------------------------------------------------------------------------
# Another venue


def test_a_venue_of_its_own_is_served_at_its_own_alpaca_endpoint(server):
    admin = server.admin_key()
    venue = "alpaca-" + uuid.uuid4().hex[:6]
    created = server.api("POST", "/api/admin/venues", admin, json={
        "id": venue, "name": f"Alpaca {venue[-6:]}", "starting_cash": 5000,
        "tickers": [{"symbol": "OWL", "initial_price": 20}],
        "market_makers": {"refresh_ms": 200}})
    assert created.status_code == 201, created.text
    user = server.register()
    assert server.api("POST", f"/api/venues/{venue}/join", user["api_key"]).status_code in (200, 201)
    deadline = time.time() + 30
    while book(server, "OWL", f"/api/venues/{venue}")["best_ask"] is None:
        assert time.time() < deadline, "the venue's market maker never quoted"
        time.sleep(0.2)

    trader = clients(server, user, user["api_key"], venue)
    main_before = state(server, clients(server, user, user["api_key"]))
    account = trader.trading.get_account()
    assert same_amount(account.cash, 5000)
    assert [a.symbol for a in trader.trading.get_all_assets()] == ["OWL"]
    refused(lambda: trader.trading.get_asset("FUN"), 404)

    order = buy_now(trader, "OWL", 2)
    assert trader.trading.get_order_by_id(order.id).status == OrderStatus.FILLED
    assert trader.trading.get_open_position("OWL").qty == "2"
    assert holding(server, trader, "OWL")["quantity"] == 2
    assert state(server, clients(server, user, user["api_key"])) == main_before
    assert order.id not in {o.id for o in clients(server, user, user["api_key"]).trading.get_orders(
        GetOrdersRequest(status=QueryOrderStatus.ALL))}

    before, quotes = stable(server, "OWL", lambda: trader.data.get_stock_latest_quote(
        StockLatestQuoteRequest(symbol_or_symbols="OWL")), rest=f"/api/venues/{venue}")
    assert quotes["OWL"].bid_price == pytest.approx(before["best_bid"], abs=1e-9)
    assert quotes["OWL"].ask_price == pytest.approx(before["best_ask"], abs=1e-9)
    owl = bars(trader, TimeFrame.Minute, day_start(), symbols=("OWL",))["OWL"]
    assert sum(b[5] for b in owl) >= 2 and owl[-1][4] == newest_trade_in(server, venue, "OWL")["price"]

    async def authorise():
        async with websockets.connect(websocket_url(trader.base) + "/stream", open_timeout=10) as socket:
            await socket.send(json.dumps({"action": "authenticate",
                                          "data": {"key_id": trader.key_id, "secret_key": trader.key}}))
            return json.loads(await asyncio.wait_for(socket.recv(), 10))

    assert asyncio.run(authorise())["data"]["status"] == "authorized"
    missing = httpx.get(server.url + "/api/venues/no-such-venue/alpaca/v2/account", timeout=30,
                        headers={"APCA-API-KEY-ID": trader.key_id, "APCA-API-SECRET-KEY": trader.key})
    assert missing.status_code == 404


def newest_trade_in(server, venue: str, symbol: str) -> dict:
    return server.api("GET", f"/api/venues/{venue}/market/{symbol}/trades", params={"limit": 1}).json()["trades"][0]


# ---------------------------------------------------------------------------------------------------------------
# The example strategy


def test_the_example_strategy_runs_unmodified_and_trades(server):
    trader = new_trader(server)
    tag = "ex" + uuid.uuid4().hex[:6]
    environment = {**os.environ, "MARKETSIM_URL": server.url, "MARKETSIM_KEY_ID": trader.key_id,
                   "MARKETSIM_API_KEY": trader.key}
    completed = subprocess.run(
        [sys.executable, str(PACKAGE / "examples/alpaca_strategy.py"), "--rounds", "2", "--pause", "0.2",
         "--tag", tag],
        env=environment, capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "round 2" in completed.stdout, completed.stdout

    placed = trader.trading.get_orders(GetOrdersRequest(status=QueryOrderStatus.ALL, limit=100))
    mine = {o.client_order_id: o for o in placed if o.client_order_id.startswith(tag)}
    assert len(mine) >= 3, sorted(mine)
    assert any(o.order_class == OrderClass.BRACKET and o.status == OrderStatus.FILLED for o in mine.values())
    assert {f"{tag}-1", f"{tag}-2"} <= {cid.rsplit("-", 1)[0] for cid in mine}
    # It tidied up: none of its limit orders is left resting.
    assert not any(o.status in RESTING for o in mine.values() if o.order_class == OrderClass.SIMPLE)
    assert holding(server, trader, "FUN")["quantity"] >= 1
    cancel_everything(server, trader)
