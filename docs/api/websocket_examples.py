"""The WebSocket part of record_examples.py: opens every channel of venue main on the running server, makes
each kind of message happen, and keeps the first message of each kind and the refusals of bad upgrades."""
from __future__ import annotations

import asyncio
import json

import websockets


def kind(message):
    """`order:accepted` for an order update, the `type` otherwise."""
    return f"order:{message['event']}" if message.get("type") == "order" else message.get("type")


async def happen(call, until, key, grace_key, root, received):
    """Makes every kind of message happen."""
    # A resting buy (accepted, rested), made smaller (reduced), then cancelled.
    quote = await call("GET", "/api/market/FUN")
    resting = await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "price": round(quote["best_bid"] - 1, 2),
                                                 "quantity": 10}, key)
    await call("PATCH", f"/api/orders/{resting['order_id']}", {"quantity": 4}, key)
    await call("DELETE", f"/api/orders/{resting['order_id']}", None, key)
    # A market buy: a fill on the private channel, a trade on the tape.
    await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "type": "market", "quantity": 3}, key)
    await until("private", lambda m: m.get("type") == "fill")
    await until("trades:FUN", lambda m: m.get("type") == "trade")
    # A stop buy a cent above the last price, triggered by grace's market buys, which take the asks.
    quote = await call("GET", "/api/market/FUN")
    await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "type": "stop",
                                       "stop_price": round(quote["current_price"] + 0.01, 2), "quantity": 2}, key)
    for _ in range(20):
        await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "type": "market", "quantity": 25}, grace_key)
        if any(kind(m) == "order:triggered" for m in received["private"]):
            break
        await asyncio.sleep(0.3)
    await until("private", lambda m: kind(m) == "order:triggered")
    # A price alert that grace's next buy fires.
    quote = await call("GET", "/api/market/FUN")
    await call("POST", "/api/alerts", {"ticker": "FUN", "below": round(quote["current_price"] + 50, 2)}, key)
    await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "type": "market", "quantity": 1}, grace_key)
    await until("private", lambda m: m.get("type") == "alert")
    # A dividend on the FUN ada holds.
    await call("POST", "/api/admin/venues/main/market-events",
               {"kind": "dividend", "ticker": "FUN", "amount": 0.1, "reason": "A dividend for the example"}, root)
    await until("private", lambda m: m.get("type") == "dividend")
    # A headline that moves FUN's fair value.
    await call("POST", "/api/admin/venues/main/market-events",
               {"kind": "news", "headline": "FUN opens a theme park", "ticker": "FUN", "percent": 2.5,
                "reason": "A headline for the example"}, root)
    await until("news", lambda m: m.get("type") == "news")
    # A short sale whose margin call ada's cash cannot meet: short selling with a margin that any rise breaks,
    # ada sells 10 more than she holds, her free cash is taken away, and grace's buys lift the price.
    await call("PUT", "/api/admin/venues/main/short-selling",
               {"initial_margin_bps": 100, "maintenance_margin_bps": 100, "reason": "A margin call for the example"},
               root)
    ada = await call("GET", "/api/portfolio", None, key)
    await call("POST", "/api/admin/venues/main/cancel-orders", {"user_id": ada["user_id"], "reason": "A clean slate"},
               root)
    held = next((h["quantity"] for h in (await call("GET", "/api/portfolio", None, key))["holdings"]
                 if h["ticker"] == "FUN"), 0)
    await call("POST", "/api/orders", {"ticker": "FUN", "side": "sell", "type": "market", "quantity": held + 10}, key)
    portfolio = await call("GET", "/api/portfolio", None, key)
    await call("POST", "/api/admin/venues/main/adjustments",
               {"user_id": portfolio["user_id"], "cash": -portfolio["cash"], "reason": "Leave nothing to call"}, root)
    grace = await call("GET", "/api/portfolio", None, grace_key)
    await call("POST", "/api/admin/venues/main/adjustments",
               {"user_id": grace["user_id"], "cash": 1000000, "reason": "Grace lifts the price"}, root)
    for _ in range(20):
        last = (await call("GET", "/api/market/FUN"))["current_price"]
        await call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "price": round(last * 1.05, 2),
                                           "quantity": 100, "time_in_force": "IOC"}, grace_key)
        if any(m.get("type") == "liquidation" for m in received["private"]):
            break
        await asyncio.sleep(0.3)
    await until("private", lambda m: m.get("type") == "margin_call")
    await until("private", lambda m: m.get("type") == "liquidation")
    await call("PUT", "/api/admin/venues/main/short-selling", False, root)
    # A drawdown limit of 1.00, then a debit of 50.00: the limit trips.
    await call("POST", "/api/admin/venues/main/adjustments",
               {"user_id": portfolio["user_id"], "cash": 100, "reason": "Something to lose"}, root)
    await call("PUT", "/api/account/loss-limits", {"max_drawdown": 1}, key)
    await call("POST", "/api/admin/venues/main/adjustments",
               {"user_id": portfolio["user_id"], "cash": -50, "reason": "A loss past the limit"}, root)
    await until("private", lambda m: m.get("type") == "risk_limit_tripped")
    await call("POST", "/api/account/loss-limits/reset", None, key)
    await call("PUT", "/api/account/loss-limits", {}, key)
    await until("prices", lambda m: m.get("sequence", 0) > 0)
    await until("orderbook:FUN", lambda m: m.get("sequence", 0) > 0)


async def record(r, people):
    ws = r.base.replace("http://", "ws://", 1)
    ada, grace, root = people["ada"], people["grace"], people["root"]
    key, grace_key = ("key", ada["api_key"]), ("key", grace["api_key"])
    channels = {"prices": "/ws/prices", "orderbook:FUN": "/ws/orderbook:FUN", "trades:FUN": "/ws/trades:FUN",
                "news": "/ws/news",
                "private": f"/ws/private?api_key={ada['api_key']}"}
    received = {name: [] for name in channels}
    sockets = {name: await websockets.connect(ws + path) for name, path in channels.items()}

    async def read(name):
        async for text in sockets[name]:
            received[name].append(json.loads(text))

    async def call(*arguments):
        status, answer = await asyncio.to_thread(r.call, *arguments)
        assert 200 <= status < 300, (arguments, status, answer)
        return answer

    async def until(name, predicate, timeout=15):
        for _ in range(int(timeout * 10)):
            if any(predicate(m) for m in received[name]):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"no such message on {name}: {received[name][-3:]}")

    readers = [asyncio.create_task(read(name)) for name in channels]
    try:
        await happen(call, until, key, grace_key, root, received)
    finally:
        for socket in sockets.values():
            await socket.close()
        await asyncio.gather(*readers, return_exceptions=True)

    messages = {}
    for name in channels:
        for message in received[name]:
            # The first message of a channel is its snapshot on subscribing; keep a later one, sent to all.
            if message.get("sequence", 0) == 0 and message.get("type") in ("prices", "orderbook"):
                continue
            messages.setdefault(kind(message), {"channel": name, "message": message})
    snapshot = received["orderbook:FUN"][0]

    refusals = []
    for path, summary in (("/ws/private", "401: the private channel without credentials"),
                          ("/ws/private?api_key=msk_revoked", "401: an unknown or revoked API key"),
                          ("/ws/trades:NOPE", "404: a ticker the venue does not list"),
                          ("/ws/venues/nowhere/prices", "404: an unknown venue")):
        expected, summary = summary.split(": ", 1)
        try:
            async with websockets.connect(ws + path):
                raise AssertionError(f"{path} was accepted")
        except websockets.InvalidStatus as refused:
            assert refused.response.status_code == int(expected), (path, refused.response.status_code)
            refusals.append({"summary": summary, "request": {"line": f"GET {path}"},
                             "answer": {"status": refused.response.status_code,
                                        "body": json.loads(bytes(refused.response.body))}})
    return {"messages": dict(sorted(messages.items())), "snapshot": {"channel": "orderbook:FUN", "message": snapshot},
            "refusals": refusals}
