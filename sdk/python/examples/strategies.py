"""Five small trading strategies for MarketSim, each an asyncio coroutine that trades through an
AsyncClient until `stop` is set. They are examples, not advice: each shows one way to use the SDK."""
from __future__ import annotations

import asyncio
import random
from collections import deque
from decimal import Decimal, ROUND_DOWN

from marketsim import AsyncClient, InsufficientFunds, Leg, MarketSimError, RateLimited, TradingHalted

CENT = Decimal("0.01")


def on_grid(price: Decimal, tick: Decimal = CENT) -> Decimal:
    """A price rounded down to the tick grid (the server refuses off-grid prices rather than round them)."""
    return (price / tick).to_integral_value(rounding=ROUND_DOWN) * tick


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


async def random_trader(client: AsyncClient, stop: asyncio.Event, *, seed: int = 1, pause: float = 0.2):
    """Buys or sells a few shares of a random ticker near its mid price, and cancels orders that rest too long."""
    rng = random.Random(seed)
    while not stop.is_set():
        quotes = await client.quotes()
        symbol = rng.choice(sorted(quotes))
        mid = quotes[symbol].mid
        side = rng.choice(["buy", "sell"])
        offset = Decimal(rng.randint(-20, 20)) / 1000
        price = on_grid(mid * (1 + offset))
        if side == "sell" and (await client.portfolio()).quantity(symbol) <= 0:
            side = "buy"
        if price > 0:
            await _guarded(client.place_order(symbol, side, rng.randint(1, 5), price))
        for order in (await client.orders())[5:]:
            await _guarded(client.cancel_order(order.order_id))
        await asyncio.sleep(pause)


async def market_maker(client: AsyncClient, stop: asyncio.Event, *, ticker: str = "FUN", spread: Decimal = Decimal("0.004"),
                       size: int = 5, max_position: int = 50, pause: float = 0.5):
    """Quotes one bid and one ask around the mid, leaning against its inventory; requotes every `pause` s."""
    while not stop.is_set():
        for order in await client.orders():
            await _guarded(client.cancel_order(order.order_id))
        mid = (await client.quotes())[ticker].mid
        position = (await client.portfolio()).quantity(ticker)
        lean = Decimal(position) / Decimal(max_position) * spread
        bid = on_grid(mid * (1 - spread - lean))
        ask = on_grid(mid * (1 + spread - lean)) + CENT
        if position < max_position and bid > 0:
            await _guarded(client.buy(ticker, size, bid))
        if position > 0:
            await _guarded(client.sell(ticker, min(size, position), ask))
        await asyncio.sleep(pause)


async def momentum(client: AsyncClient, stop: asyncio.Event, *, ticker: str = "FUN", window: int = 5,
                   size: int = 3, pause: float = 0.3):
    """Buys when the last price rose over the window and sells (what it holds) when it fell: it follows trends."""
    prices: deque = deque(maxlen=window)
    while not stop.is_set():
        prices.append((await client.quotes())[ticker].current_price)
        if len(prices) == window:
            if prices[-1] > prices[0]:
                await _guarded(client.buy(ticker, size))
            elif prices[-1] < prices[0]:
                held = (await client.portfolio()).quantity(ticker)
                if held > 0:
                    await _guarded(client.sell(ticker, min(size, held)))
        await asyncio.sleep(pause)


async def mean_reversion(client: AsyncClient, stop: asyncio.Event, *, ticker: str = "FUN", window: int = 10,
                         threshold: Decimal = Decimal("0.003"), size: int = 3, pause: float = 0.3):
    """Buys below the moving average and sells above it, with limit orders at the average: it bets on a return."""
    prices: deque = deque(maxlen=window)
    while not stop.is_set():
        price = (await client.quotes())[ticker].current_price
        prices.append(price)
        if len(prices) == window:
            average = sum(prices) / len(prices)
            if price < average * (1 - threshold):
                await _guarded(client.buy(ticker, size, on_grid(price)))
            elif price > average * (1 + threshold):
                held = (await client.portfolio()).quantity(ticker)
                if held > 0:
                    await _guarded(client.sell(ticker, min(size, held), on_grid(price) + CENT))
        await asyncio.sleep(pause)


async def breakout(client: AsyncClient, stop: asyncio.Event, *, ticker: str = "FUN", step: Decimal = Decimal("0.005"),
                   size: int = 3, patience: int = 20, pause: float = 0.3):
    """Buys a breakout with a stop buy a step above the last price, then guards what it bought with an OCO
    pair: a take-profit limit two steps up and a stop-loss a step down, the first to trade cancelling the
    other. A stop buy that has not triggered after `patience` rounds is placed again nearer the price."""
    waited = 0
    while not stop.is_set():
        working = await client.orders()
        waited = waited + 1 if working else 0
        if working and waited > patience and all(o.awaiting_trigger and o.side == "buy" for o in working):
            for order in working:
                await _guarded(client.cancel_order(order.order_id))
            working = []
        if not working:
            last = (await client.quotes())[ticker].current_price
            held = (await client.portfolio()).quantity(ticker)
            if held > 0:
                await _guarded(client.place_oco(ticker, "sell", held, [
                    Leg("limit", price=on_grid(last * (1 + 2 * step)) + CENT),
                    Leg("stop", stop_price=on_grid(last * (1 - step)))]))
            else:
                await _guarded(client.buy(ticker, size, type="stop", stop_price=on_grid(last * (1 + step)) + CENT))
        await asyncio.sleep(pause)


STRATEGIES = {"random": random_trader, "market-maker": market_maker, "momentum": momentum,
              "mean-reversion": mean_reversion, "breakout": breakout}
