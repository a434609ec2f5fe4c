"""A mean-reversion strategy written against alpaca-py, unmodified, trading in MarketSim through its
Alpaca-compatible endpoint:

    python3 -m pip install alpaca-py==0.44.0
    MARKETSIM_URL=http://127.0.0.1:8080 MARKETSIM_KEY_ID=<key id> MARKETSIM_API_KEY=msk_... \\
        python3 examples/alpaca_strategy.py --rounds 10

MARKETSIM_API_KEY is a MarketSim API key of scope trade (Alpaca's secret key) and MARKETSIM_KEY_ID that key's id as
`GET /api/keys` lists it (Alpaca's key id; the key itself also serves). The only MarketSim-specific line is the URL.

The first round buys one share with a bracket (a take-profit and a stop-loss around it). Every round reads the
ticker's latest quote and its one-minute bars, moves its resting limit order to the bid when the price is at or
below the bars' mean (or to the ask, selling shares it bought, when above), each with a client order id of its own,
and prints its position. At the end it cancels its resting limit order, leaves the bracket's exits in place, and
prints the account.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from alpaca.common.exceptions import APIError
from alpaca.data.historical.stock import StockHistoricalDataClient
from alpaca.data.requests import StockBarsRequest, StockLatestQuoteRequest
from alpaca.data.timeframe import TimeFrame
from alpaca.trading.client import TradingClient
from alpaca.trading.enums import OrderClass, OrderSide, OrderStatus, TimeInForce
from alpaca.trading.requests import (
    LimitOrderRequest,
    MarketOrderRequest,
    StopLossRequest,
    TakeProfitRequest,
)

RESTING = {OrderStatus.NEW, OrderStatus.ACCEPTED, OrderStatus.PENDING_NEW, OrderStatus.PARTIALLY_FILLED}


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A mean-reversion strategy on MarketSim through alpaca-py")
    parser.add_argument("--symbol", default="FUN")
    parser.add_argument("--rounds", type=int, default=10, help="how many rounds to trade before stopping")
    parser.add_argument("--pause", type=float, default=5, help="seconds between rounds")
    parser.add_argument("--quantity", type=int, default=1, help="shares per order")
    parser.add_argument("--window", type=int, default=20, help="how many one-minute bars the mean is taken over")
    parser.add_argument("--venue", default="main", help="the MarketSim venue to trade in")
    parser.add_argument("--tag", default=None, help="the start of every client order id (default: random)")
    return parser.parse_args()


def endpoint(venue: str) -> str:
    url = os.environ.get("MARKETSIM_URL", "http://127.0.0.1:8080").rstrip("/")
    return url + ("/alpaca" if venue == "main" else f"/api/venues/{venue}/alpaca")


def on_tick(price: float, tick: Decimal, rounding) -> float:
    """`price` on the ticker's grid, rounded the given way (down for a buy, up for a sell, so as not to cross)."""
    return float((Decimal(str(price)) / tick).to_integral_value(rounding=rounding) * tick)


def main() -> int:
    arguments = options()
    key_id, secret = os.environ.get("MARKETSIM_KEY_ID"), os.environ.get("MARKETSIM_API_KEY")
    if not secret:
        print("set MARKETSIM_API_KEY (and MARKETSIM_KEY_ID, or the key is used as its own id)", file=sys.stderr)
        return 2
    key_id = key_id or secret
    base = endpoint(arguments.venue)
    trading = TradingClient(key_id, secret, paper=True, url_override=base)
    data = StockHistoricalDataClient(key_id, secret, url_override=base)

    symbol, quantity = arguments.symbol, arguments.quantity
    tag = arguments.tag or "mr" + uuid.uuid4().hex[:8]
    asset = trading.get_asset(symbol)
    tick = Decimal(str(asset.price_increment or "0.01"))
    account = trading.get_account()
    print(f"trading {symbol} at {base} with cash {account.cash}")

    resting = None  # the client order id of this strategy's resting limit order
    inventory = 0  # shares its limit orders bought and have not sold (the bracket's are its exits' to sell)

    def settle(client_order_id: str) -> None:
        """Count what the order filled and cancel what of it still rests."""
        nonlocal inventory
        order = trading.get_order_by_client_id(client_order_id)
        if order.status in RESTING:
            trading.cancel_order_by_id(order.id)
            order = trading.get_order_by_id(order.id)
        filled = int(Decimal(str(order.filled_qty or 0)))
        inventory += filled if order.side == OrderSide.BUY else -filled

    for round_number in range(1, arguments.rounds + 1):
        quote = data.get_stock_latest_quote(StockLatestQuoteRequest(symbol_or_symbols=symbol))[symbol]
        bid, ask = quote.bid_price, quote.ask_price
        start = datetime.now(timezone.utc) - timedelta(hours=2)
        bars = data.get_stock_bars(StockBarsRequest(
            symbol_or_symbols=symbol, timeframe=TimeFrame.Minute, start=start)).data.get(symbol, [])
        closes = [bar.close for bar in bars[-arguments.window:]]
        middle = (bid + ask) / 2
        mean = statistics.fmean(closes) if closes else middle

        if round_number == 1:
            # An entry with its exits: sell 5% above the ask, or 5% below the bid.
            entry = trading.submit_order(MarketOrderRequest(
                symbol=symbol, qty=quantity, side=OrderSide.BUY, time_in_force=TimeInForce.GTC,
                order_class=OrderClass.BRACKET, client_order_id=f"{tag}-bracket",
                take_profit=TakeProfitRequest(limit_price=on_tick(ask * 1.05, tick, ROUND_UP)),
                stop_loss=StopLossRequest(stop_price=on_tick(bid * 0.95, tick, ROUND_DOWN))))
            print(f"round 1: bracket entry {entry.id} ({entry.status.value})")

        # Take back last round's order if it still rests: this round quotes afresh.
        if resting is not None:
            settle(resting)

        position = next((p for p in trading.get_all_positions() if p.symbol == symbol), None)
        held = int(Decimal(position.qty)) if position else 0
        if middle > mean and inventory > 0:
            side, price, size = OrderSide.SELL, on_tick(ask, tick, ROUND_UP), min(quantity, inventory)
        else:
            side, price, size = OrderSide.BUY, on_tick(bid, tick, ROUND_DOWN), quantity
        resting = f"{tag}-{round_number}-{side.value}"
        try:
            order = trading.submit_order(LimitOrderRequest(
                symbol=symbol, qty=size, side=side, time_in_force=TimeInForce.GTC, limit_price=price,
                client_order_id=resting))
            placed = f"{side.value} {order.qty} at {price} ({order.status.value})"
        except APIError as refusal:
            resting = None
            placed = f"refused ({refusal.status_code}): {refusal.message}"
        print(f"round {round_number}: bid {bid} ask {ask} mean {mean:.2f}; held {held}; {placed}")
        if round_number < arguments.rounds:
            time.sleep(arguments.pause)

    if resting is not None:
        settle(resting)
    for position in trading.get_all_positions():
        print(f"position {position.symbol}: {position.qty} at {position.avg_entry_price}, "
              f"unrealized {position.unrealized_pl}")
    account = trading.get_account()
    print(f"cash {account.cash}, equity {account.equity}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
