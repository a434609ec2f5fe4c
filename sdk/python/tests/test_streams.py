"""Streams over real WebSockets: public and private channels, resynchronisation from REST, gap detection,
and reconnecting after the server restarts."""
import asyncio
import signal
from decimal import Decimal

from marketsim import AsyncClient, Client

from conftest import ADMIN, RunningServer


async def wait_for(stream, predicate, timeout=15):
    deadline = asyncio.get_running_loop().time() + timeout
    seen = []
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        assert remaining > 0, f"timed out; saw {seen[-5:]}"
        message = await stream.next(timeout=remaining)
        seen.append(message)
        if predicate(message):
            return message


def test_public_and_private_channels_with_resync_snapshots(server, name):
    async def scenario():
        async with AsyncClient(server.url) as client:
            await client.register(name, "a-secret")
            async with client.stream("trades:FUN", "private", "orderbook:FUN") as stream:
                connected = {(await wait_for(stream, lambda m: m["type"] == "resync"))["channel"] for _ in range(3)}
                assert connected == {"trades:FUN", "private", "orderbook:FUN"}
                bought = await client.buy("FUN", 2)
                ours = {t.trade_id for t in bought.trades}
                seen = {}

                def note(message):
                    if message["type"] in ("fill", "orderbook") or (message["type"] == "trade" and message["trade_id"] in ours):
                        seen.setdefault(message["type"], message)
                    return {"fill", "trade", "orderbook"} <= set(seen)

                await wait_for(stream, note)
                fill, trade, book = seen["fill"], seen["trade"], seen["orderbook"]
                assert fill["order_id"] == bought.order_id and isinstance(fill["price"], Decimal)
                assert trade["channel"] == "trades:FUN" and isinstance(trade["sequence"], int)
                assert book["bids"] and book["asks"]
                assert stream.gaps == 0
    asyncio.run(scenario())


def test_a_jump_in_sequence_is_a_gap_that_resynchronises_from_rest(server, name):
    async def scenario():
        async with AsyncClient(server.url) as client:
            await client.register(name, "a-secret")
            async with client.stream("orderbook:PUMP") as stream:
                first = await wait_for(stream, lambda m: m["type"] == "orderbook")
                # A message that skips ahead, as after frames lost in between.
                skipped = dict(first, sequence=first["sequence"] + 5)
                await stream._receive("orderbook:PUMP", skipped)
                resync = await wait_for(stream, lambda m: m["type"] == "resync" and m["reason"] == "gap")
                assert resync["expected"] == first["sequence"] + 1 and resync["received"] == first["sequence"] + 5
                assert resync["snapshot"].ticker == "PUMP" and stream.gaps == 1
    asyncio.run(scenario())


def test_streams_reconnect_and_resubscribe_after_the_server_restarts(name):
    restarting = RunningServer(MARKET_MAKERS="on", MARKET_MAKER_CONFIG='{"refresh_ms":200}').start()
    restarting.wait_for_quotes()
    try:
        async def scenario():
            async with AsyncClient(restarting.url) as client:
                await client.register(name, "a-secret")
                async with client.stream("prices", "private", min_backoff=0.1, max_backoff=0.5) as stream:
                    # Both channels must be connected before the kill: a channel that connects only to the
                    # restarted server reports "connected", not "reconnected".
                    connected = set()

                    def both_connected(message):
                        if message["type"] == "resync" and message["reason"] == "connected":
                            connected.add(message["channel"])
                        return connected == {"prices", "private"}

                    await wait_for(stream, both_connected)
                    await wait_for(stream, lambda m: m["type"] == "prices")
                    await asyncio.get_running_loop().run_in_executor(None, restarting.stop, signal.SIGKILL)
                    await asyncio.get_running_loop().run_in_executor(None, restarting.start)
                    await asyncio.get_running_loop().run_in_executor(None, restarting.wait_for_quotes)
                    reconnected = set()

                    def resubscribed(message):
                        if message["type"] == "resync" and message["reason"] == "reconnected":
                            reconnected.add(message["channel"])
                        return reconnected == {"prices", "private"}

                    await wait_for(stream, resubscribed, 30)
                    await wait_for(stream, lambda m: m["type"] == "prices", 30)
                    bought = await client.buy("HODL", 1)
                    fill = await wait_for(stream, lambda m: m["type"] == "fill", 30)
                    assert fill["order_id"] == bought.order_id and stream.reconnects >= 2
        asyncio.run(scenario())
    finally:
        restarting.stop()


def test_news_arrives_on_its_channel_and_reads_back_from_rest(server, name):
    async def scenario():
        async with AsyncClient(server.url) as host, AsyncClient(server.url) as reader:
            await host.login(*ADMIN)
            async with reader.stream("news") as stream:
                resync = await wait_for(stream, lambda m: m["type"] == "resync")
                assert isinstance(resync["snapshot"], list)
                published = await host.publish_news(f"{name} wins the cup", "fun", percent="-2.5", reason="SDK test")
                assert published["kind"] == "news" and published["ticker"] == "FUN"
                message = await wait_for(stream, lambda m: m["type"] == "news" and m["headline"].startswith(name))
                assert message["ticker"] == "FUN" and message["percent"] == Decimal("-2.5")
            newest = (await reader.news(limit=1))[0]
            assert newest.headline == f"{name} wins the cup" and newest.ticker == "FUN"
            assert newest.percent == Decimal("-2.5") and newest.id == int(message["id"]) == int(published["result"]["id"])
    asyncio.run(scenario())


def test_a_price_alert_fires_on_the_private_channel(server, name):
    async def scenario():
        async with AsyncClient(server.url) as client:
            await client.register(name, "a-secret")
            async with client.stream("private") as stream:
                await wait_for(stream, lambda m: m["type"] == "resync")
                last = (await client.ticker("FUN")).current_price
                reached = await client.create_alert("FUN", below=last + 1000)
                never = await client.create_alert("FUN", above="9999999", repeating=True)
                assert reached.direction == "below" and reached.armed and never.repeating
                await client.buy("FUN", 1)
                message = await wait_for(stream, lambda m: m["type"] == "alert")
                assert message["alert"]["alert_id"] == reached.alert_id and message["trade_price"] <= last + 1000
            listed = {a.alert_id: a for a in await client.alerts()}
            assert listed[reached.alert_id].times_fired == 1 and not listed[reached.alert_id].armed
            assert listed[never.alert_id].times_fired == 0
            await client.delete_alert(reached.alert_id)
            assert [a.alert_id for a in await client.alerts()] == [never.alert_id]
    asyncio.run(scenario())


def test_resting_orders_are_cancelled_once_the_private_stream_is_gone(server, name):
    async def scenario():
        async with AsyncClient(server.url) as client:
            await client.register(name, "a-secret")
            async with client.stream("private") as stream:
                await wait_for(stream, lambda m: m["type"] == "resync")
                switch = await client.cancel_on_disconnect(1)
                assert switch == {"seconds": 1, "connections": 1}
                resting = await client.buy("FUN", 1, "1.00")
                await asyncio.sleep(1.5)
                assert [o.order_id for o in await client.orders()] == [resting.order_id]
            for _ in range(100):
                if not await client.orders():
                    break
                await asyncio.sleep(0.1)
            assert await client.orders() == []
            assert (await client.cancel_on_disconnect(None))["seconds"] is None
            assert await client.cancel_on_disconnect_status() == {"seconds": None, "connections": 0}
    asyncio.run(scenario())
