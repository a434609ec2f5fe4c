"""The asyncio client: the same operations as coroutines, concurrently."""
import asyncio
from decimal import Decimal

import pytest

from marketsim import AsyncClient, InsufficientFunds, NotFound


def test_the_async_client_trades_concurrently(server, name):
    async def scenario():
        async with AsyncClient(server.url) as client:
            await client.register(name, "a-secret")
            orders = await asyncio.gather(*[client.buy("MEME", 1, Decimal("1.00") + Decimal(i) / 100) for i in range(5)])
            assert len({o.order_id for o in orders}) == 5
            assert {o.order_id for o in await client.orders()} == {o.order_id for o in orders}
            portfolio = await client.portfolio()
            assert portfolio.escrowed_cash == sum(o.price for o in orders)
            await asyncio.gather(*[client.cancel_order(o.order_id) for o in orders])
            assert await client.orders() == []
            with pytest.raises(InsufficientFunds):
                await client.buy("MEME", 10_000, "50")
            with pytest.raises(NotFound):
                await client.order_book("NOPE")
            tournaments = await client.tournaments()
            assert isinstance(tournaments, list)
    asyncio.run(scenario())
