"""The example strategies against a venue held in memory: whatever tickers a venue lists, and whatever their
tick sizes, every strategy trades those tickers and only those, at prices on their grids."""
from __future__ import annotations

import asyncio
import random
from decimal import Decimal

import pytest
from marketsim import Holding, Portfolio, Quote, TickerDetail

from strategies import STRATEGIES, on_grid

# The volatile scenario's tickers, with coarser grids than any shipped file, so that rounding to the cent is caught.
TICKS = {"MEME": Decimal("0.01"), "YOLO": Decimal("0.05"), "PUMP": Decimal("0.25")}
ROUNDS = 300


class VenueInMemory:
    """Answers as an AsyncClient of a venue does, with prices that jump around a level (so that every strategy
    sees signals), and records every price a strategy sends. It holds shares of every ticker, so that selling
    strategies sell."""

    def __init__(self, stop: asyncio.Event):
        self.stop = stop
        self.rng = random.Random(5)
        self.prices = {symbol: Decimal(40) for symbol in TICKS}
        self.reads = 0
        self.sent = []  # (ticker, field, amount) of every order sent

    async def quotes(self):
        self.reads += 1
        if self.reads >= ROUNDS:
            self.stop.set()
        for symbol, tick in TICKS.items():
            self.prices[symbol] = on_grid(Decimal(40) * Decimal(1 + self.rng.uniform(-0.03, 0.03)), tick)
        return {symbol: Quote(symbol, price, price - TICKS[symbol], price + TICKS[symbol])
                for symbol, price in self.prices.items()}

    async def ticker(self, symbol):
        price = self.prices[symbol]
        return TickerDetail(symbol, price, price - TICKS[symbol], price + TICKS[symbol], 10, 10, TICKS[symbol])

    async def portfolio(self):
        holdings = [Holding(symbol, 20, price, price * 20) for symbol, price in self.prices.items()]
        return Portfolio("1", "agent", Decimal(10000), Decimal(10000), Decimal(0), holdings, Decimal(20000))

    async def orders(self, *args, **kwargs):
        return []

    async def cancel_order(self, order_id):
        return None

    async def place_order(self, ticker, side, quantity, price=None, *, stop_price=None, **options):
        self.sent.append((ticker, "price", price))
        self.sent.append((ticker, "stop_price", stop_price))

    async def buy(self, ticker, quantity, price=None, **options):
        await self.place_order(ticker, "buy", quantity, price, **options)

    async def sell(self, ticker, quantity, price=None, **options):
        await self.place_order(ticker, "sell", quantity, price, **options)

    async def place_oco(self, ticker, side, quantity, legs):
        for leg in legs:
            await self.place_order(ticker, side, quantity, leg.price, stop_price=leg.stop_price)


def run(strategy_name: str) -> VenueInMemory:
    async def trade():
        stop = asyncio.Event()
        venue = VenueInMemory(stop)
        await asyncio.wait_for(STRATEGIES[strategy_name](venue, stop, pause=0), timeout=30)
        return venue
    return asyncio.run(trade())


@pytest.mark.parametrize("strategy_name", sorted(STRATEGIES))
def test_a_strategy_trades_every_ticker_the_venue_lists_and_no_other(strategy_name):
    venue = run(strategy_name)
    assert {ticker for ticker, _, _ in venue.sent} == set(TICKS)


# Momentum trades at market, so it names no price.
@pytest.mark.parametrize("strategy_name", sorted(set(STRATEGIES) - {"momentum"}))
def test_a_strategy_sends_prices_on_each_tickers_tick_grid(strategy_name):
    venue = run(strategy_name)
    amounts = [(ticker, field, amount) for ticker, field, amount in venue.sent if amount is not None]
    assert amounts, "the strategy sent no price at all"
    assert [sent for sent in amounts if sent[2] % TICKS[sent[0]] != 0] == []
