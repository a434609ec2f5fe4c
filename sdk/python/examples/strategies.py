"""Five small trading strategies for MarketSim, each an asyncio coroutine that trades through an
AsyncClient until `stop` is set. They are examples, not advice: each shows one way to use the SDK.

Each trades every ticker its venue lists (or only `ticker=` when given): a tournament names its own tickers,
so a strategy asks the venue rather than assuming any. Prices go on each ticker's tick grid, because the
server refuses an off-grid price rather than round it."""
from __future__ import annotations

import asyncio
import random
from collections import defaultdict, deque
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Dict, Optional

from marketsim import AsyncClient, InsufficientFunds, Leg, MarketSimError, RateLimited, TradingHalted

CENT = Decimal("0.01")


def on_grid(price: Decimal, tick: Decimal = CENT, rounding: str = ROUND_FLOOR) -> Decimal:
    """A price on the tick grid, rounded down unless another rounding is given."""
    return (price / tick).to_integral_value(rounding=rounding) * tick


class Market:
    """The venue as a strategy sees it: the tickers it lists and trades now, and their tick sizes."""

    def __init__(self, client: AsyncClient, ticker: Optional[str] = None):
        self.client = client
        self.only = ticker
        self._ticks: Dict[str, Decimal] = {}

    async def quotes(self):
        """The quotes of the tickers that trade now, by symbol; tickers listed, halted or delisted while a
        strategy runs come and go from one call to the next."""
        return {symbol: quote for symbol, quote in (await self.client.quotes()).items()
                if not quote.halted and self.only in (None, symbol)}

    async def tick(self, symbol: str) -> Decimal:
        if symbol not in self._ticks:
            self._ticks[symbol] = (await self.client.ticker(symbol)).tick_size
        return self._ticks[symbol]

    async def bid_price(self, symbol: str, price: Decimal) -> Decimal:
        """A buy's limit at or below `price`, so rounding never makes it pay more than intended."""
        return on_grid(price, await self.tick(symbol), ROUND_FLOOR)

    async def ask_price(self, symbol: str, price: Decimal) -> Decimal:
        """A sell's limit at or above `price`, so rounding never makes it take less than intended."""
        return on_grid(price, await self.tick(symbol), ROUND_CEILING)


async def _guarded(action):
    """Runs one trading action; refusals the market may give any agent are expected, not fatal."""
    try:
        return await action
    except (InsufficientFunds, TradingHalted):
        return None
    except RateLimited as limited:
        await asyncio.sleep(limited.retry_after or 1)
    except MarketSimError as error:
        if error.status >= 500:
            raise
    return None


async def _rounds(stop: asyncio.Event, pause: float, one_round) -> None:
    """Runs `one_round` every `pause` seconds until `stop` is set. Agents on one machine share its address's
    budget for market data, so running out of it is a reason to wait, never to stop trading."""
    while not stop.is_set():
        try:
            await one_round()
        except RateLimited as limited:
            pause_for = limited.retry_after or 1
        else:
            pause_for = pause
        try:
            await asyncio.wait_for(stop.wait(), pause_for)
        except asyncio.TimeoutError:
            pass


async def random_trader(client: AsyncClient, stop: asyncio.Event, *, seed: int = 1, ticker: Optional[str] = None,
                        pause: float = 0.5):
    """Buys or sells a few shares of a random ticker near its mid price, and cancels orders that rest too long."""
    rng = random.Random(seed)
    market = Market(client, ticker)

    async def one_round():
        quotes = await market.quotes()
        if quotes:
            symbol = rng.choice(sorted(quotes))
            side = rng.choice(["buy", "sell"])
            if side == "sell" and (await client.portfolio()).quantity(symbol) <= 0:
                side = "buy"
            near_mid = quotes[symbol].mid * (1 + Decimal(rng.randint(-20, 20)) / 1000)
            price = await (market.bid_price if side == "buy" else market.ask_price)(symbol, near_mid)
            if price > 0:
                await _guarded(client.place_order(symbol, side, rng.randint(1, 5), price))
        for order in (await client.orders())[5:]:
            await _guarded(client.cancel_order(order.order_id))

    await _rounds(stop, pause, one_round)


async def market_maker(client: AsyncClient, stop: asyncio.Event, *, ticker: Optional[str] = None,
                       spread: Decimal = Decimal("0.004"), size: int = 5, max_position: int = 50, pause: float = 0.5):
    """Quotes one bid and one ask around the mid, leaning against its inventory. Each round requotes the next
    ticker in turn, so every ticker keeps its quotes while the agent stays within its request budget."""
    market = Market(client, ticker)
    turn = 0

    async def one_round():
        nonlocal turn
        quotes = await market.quotes()
        if not quotes:
            return
        symbol = sorted(quotes)[turn % len(quotes)]
        turn += 1
        for order in await client.orders():
            if order.ticker == symbol:
                await _guarded(client.cancel_order(order.order_id))
        mid = quotes[symbol].mid
        position = (await client.portfolio()).quantity(symbol)
        lean = Decimal(position) / Decimal(max_position) * spread
        bid = await market.bid_price(symbol, mid * (1 - spread - lean))
        ask = max(await market.ask_price(symbol, mid * (1 + spread - lean)), bid + await market.tick(symbol))
        if position < max_position and bid > 0:
            await _guarded(client.buy(symbol, size, bid))
        if position > 0:
            await _guarded(client.sell(symbol, min(size, position), ask))

    await _rounds(stop, pause, one_round)


async def momentum(client: AsyncClient, stop: asyncio.Event, *, ticker: Optional[str] = None, window: int = 5,
                   size: int = 3, pause: float = 1.0):
    """Buys when the last price rose over the window and sells (what it holds) when it fell: it follows trends."""
    market = Market(client, ticker)
    prices: Dict[str, deque] = defaultdict(lambda: deque(maxlen=window))

    async def one_round():
        portfolio = None
        for symbol, quote in (await market.quotes()).items():
            seen = prices[symbol]
            seen.append(quote.current_price)
            if len(seen) < window:
                continue
            if seen[-1] > seen[0]:
                await _guarded(client.buy(symbol, size))
            elif seen[-1] < seen[0]:
                portfolio = portfolio or await client.portfolio()
                held = portfolio.quantity(symbol)
                if held > 0:
                    await _guarded(client.sell(symbol, min(size, held)))

    await _rounds(stop, pause, one_round)


async def mean_reversion(client: AsyncClient, stop: asyncio.Event, *, ticker: Optional[str] = None, window: int = 10,
                         threshold: Decimal = Decimal("0.003"), size: int = 3, pause: float = 1.0):
    """Buys below the moving average and sells above it, with limit orders at the last price: it bets on a return."""
    market = Market(client, ticker)
    prices: Dict[str, deque] = defaultdict(lambda: deque(maxlen=window))

    async def one_round():
        portfolio = None
        for symbol, quote in (await market.quotes()).items():
            price = quote.current_price
            seen = prices[symbol]
            seen.append(price)
            if len(seen) < window:
                continue
            average = sum(seen) / len(seen)
            if price < average * (1 - threshold):
                await _guarded(client.buy(symbol, size, await market.bid_price(symbol, price)))
            elif price > average * (1 + threshold):
                portfolio = portfolio or await client.portfolio()
                held = portfolio.quantity(symbol)
                if held > 0:
                    above = price + await market.tick(symbol)
                    await _guarded(client.sell(symbol, min(size, held), await market.ask_price(symbol, above)))

    await _rounds(stop, pause, one_round)


async def breakout(client: AsyncClient, stop: asyncio.Event, *, ticker: Optional[str] = None,
                   step: Decimal = Decimal("0.005"), size: int = 3, patience: int = 10, pause: float = 1.0):
    """Buys a breakout with a stop buy a step above the last price, then guards what it bought with an OCO
    pair: a take-profit limit two steps up and a stop-loss a step down, the first to trade cancelling the
    other. A stop buy that has not triggered after `patience` rounds is placed again nearer the price."""
    market = Market(client, ticker)
    waited: Dict[str, int] = defaultdict(int)

    async def one_round():
        open_orders = await client.orders()
        quotes = await market.quotes()
        portfolio = None
        for symbol, quote in quotes.items():
            working = [order for order in open_orders if order.ticker == symbol]
            waited[symbol] = waited[symbol] + 1 if working else 0
            if working and waited[symbol] > patience and all(o.awaiting_trigger and o.side == "buy" for o in working):
                for order in working:
                    await _guarded(client.cancel_order(order.order_id))
                working = []
            if working:
                continue
            last = quote.current_price
            portfolio = portfolio or await client.portfolio()
            held = portfolio.quantity(symbol)
            if held > 0:
                await _guarded(client.place_oco(symbol, "sell", held, [
                    Leg("limit", price=await market.ask_price(symbol, last * (1 + 2 * step))),
                    Leg("stop", stop_price=await market.bid_price(symbol, last * (1 - step)))]))
            else:
                trigger = await market.ask_price(symbol, last * (1 + step))
                await _guarded(client.buy(symbol, size, type="stop", stop_price=trigger))

    await _rounds(stop, pause, one_round)


STRATEGIES = {"random": random_trader, "market-maker": market_maker, "momentum": momentum,
              "mean-reversion": mean_reversion, "breakout": breakout}
