"""Live channels over WebSocket, with automatic reconnect and resubscribe, and gap detection through the
channels' sequence numbers that resynchronises from REST."""
from __future__ import annotations

import asyncio
import json
import random
from decimal import Decimal
from typing import Any, Dict, Iterable, Optional
from urllib.parse import quote

import websockets


class Stream:
    """Messages of one or more channels (``prices``, ``news``, ``trades:FUN``, ``orderbook:FUN``, ``private``) of a
    client's venue, as one async iterator of dicts (money as ``Decimal``)::

        async with client.stream("trades:FUN", "private") as stream:
            async for message in stream:
                ...

    Besides the server's messages the stream yields, per channel, ``{"type": "resync", "channel", "reason",
    "snapshot"}``: after every (re)connection (``reason`` ``"connected"``/``"reconnected"``) and when a
    sequence number jumps (``"gap"``, with ``expected`` and ``received``), carrying the channel's state read
    from REST (quotes, the order book, the ticker, or your open orders and recent fills), so a consumer
    rebuilds from it instead of trusting what it pieced together. A dropped connection is retried with
    exponential backoff (``min_backoff`` to ``max_backoff`` seconds) until the stream is closed.
    """

    def __init__(self, client, channels: Iterable[str], *, resync: bool = True, min_backoff: float = 0.2,
                 max_backoff: float = 10.0, queue_size: int = 10_000):
        self.client = client
        self.channels = list(channels)
        if not self.channels:
            raise ValueError("subscribe to at least one channel")
        self.resync = resync
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.reconnects = 0
        self.gaps = 0
        self._queue: asyncio.Queue = asyncio.Queue(maxsize=queue_size)
        self._tasks: list = []
        self._last: Dict[str, Optional[int]] = {}

    async def __aenter__(self) -> "Stream":
        self._tasks = [asyncio.create_task(self._follow(channel)) for channel in self.channels]
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        """Closes every channel's socket; iterating then stops."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    def __aiter__(self):
        return self

    async def __anext__(self) -> Dict[str, Any]:
        if not self._tasks:
            raise StopAsyncIteration
        return await self._queue.get()

    async def next(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        """The next message, waiting at most `timeout` seconds."""
        return await asyncio.wait_for(self._queue.get(), timeout)

    def url(self, channel: str) -> str:
        """The WebSocket address of `channel` in the client's venue, with the credential for ``private``."""
        base = self.client.base_url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        venue = self.client.venue
        path = f"/ws/{quote(channel)}" if venue == "main" else f"/ws/venues/{quote(venue)}/{quote(channel)}"
        if channel == "private":
            if self.client.api_key:
                path += f"?api_key={quote(self.client.api_key)}"
            elif self.client.token:
                path += f"?token={quote(self.client.token)}"
        return base + path

    async def _follow(self, channel: str) -> None:
        backoff = self.min_backoff
        connected_before = False
        while True:
            try:
                async with websockets.connect(self.url(channel), max_size=2 ** 22) as socket:
                    backoff = self.min_backoff
                    if connected_before:
                        self.reconnects += 1
                    await self._resynchronise(channel, "reconnected" if connected_before else "connected")
                    connected_before = True
                    async for text in socket:
                        await self._receive(channel, json.loads(text, parse_float=Decimal))
            except asyncio.CancelledError:
                raise
            except Exception:  # refused, dropped, or the server went away: try again
                pass
            await asyncio.sleep(backoff * (1 + random.random() / 4))
            backoff = min(self.max_backoff, backoff * 2)

    async def _receive(self, channel: str, message: Dict[str, Any]) -> None:
        sequence = message.get("sequence")
        last = self._last.get(channel)
        if isinstance(sequence, int):
            if last is not None and sequence > last + 1:
                self.gaps += 1
                await self._resynchronise(channel, "gap", expected=last + 1, received=sequence)
            if last is None or sequence > last:
                self._last[channel] = sequence
        await self._queue.put(message)

    async def _resynchronise(self, channel: str, reason: str, **details) -> None:
        if not self.resync:
            return
        snapshot = await self._snapshot(channel)
        await self._queue.put({"type": "resync", "channel": channel, "reason": reason, "snapshot": snapshot, **details})

    async def _snapshot(self, channel: str) -> Any:
        client = self.client
        try:
            if channel == "prices":
                return await client.quotes()
            if channel == "news":
                return await client.news()
            if channel.startswith("orderbook:"):
                return await client.order_book(channel.split(":", 1)[1])
            if channel.startswith("trades:"):
                return await client.ticker(channel.split(":", 1)[1])
            if channel == "private":
                return {"orders": await client.orders("open"), "trades": await client.trades(limit=100)}
        except Exception as error:  # the REST side may be down too; the next reconnect tries again
            return {"error": str(error)}
        return None
