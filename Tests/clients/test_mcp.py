"""The MCP server through the `mcp` package's own client: over Streamable HTTP at /mcp, and over stdio through
`marketsim mcp`, as an LLM host would connect."""
from __future__ import annotations

import asyncio
import json

import httpx
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client

EXPECTED_TOOLS = {
    "get_tickers", "get_quote", "get_orderbook", "get_candles", "place_order", "preview_order", "amend_order",
    "cancel_order", "get_orders", "get_fills", "get_portfolio", "get_leaderboard", "list_tournaments",
    "get_standings", "enter_tournament", "withdraw_from_tournament",
}


def session(server, key: str, path: str = "/mcp") -> Client:
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
    return Client(streamable_http_client(server.url + path, http_client=http))


def run(coroutine):
    return asyncio.run(coroutine)


def structured(result) -> dict:
    assert result.structured_content is not None, result
    return result.structured_content


def portfolio(server, key: str) -> dict:
    return server.api("GET", "/api/portfolio", key).json()


def test_tools_are_listed_with_descriptions_and_schemas(server):
    user = server.register()

    async def scenario():
        async with session(server, user["api_key"]) as client:
            return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in run(scenario())}
    assert set(tools) == EXPECTED_TOOLS
    place = tools["place_order"]
    assert "client_order_id" in place.description and "dollars" in place.description
    assert set(place.input_schema["required"]) == {"ticker", "side", "quantity"}
    assert {"type", "price", "time_in_force", "stop_price", "trail_amount", "bracket"} <= set(place.input_schema["properties"])
    assert tools["get_portfolio"].annotations.read_only_hint is True
    assert tools["place_order"].annotations.read_only_hint is False


def test_an_agent_previews_places_retries_reads_and_cancels(server):
    user = server.register()
    key = user["api_key"]
    before = portfolio(server, key)

    async def scenario():
        async with session(server, key) as client:
            tickers = structured(await client.call_tool("get_tickers", {}))["tickers"]
            ask = tickers["FUN"]["best_ask"]
            preview = await client.call_tool(
                "preview_order", {"ticker": "FUN", "side": "buy", "quantity": 3, "type": "market"})
            after_preview = portfolio(server, key)
            placed = await client.call_tool(
                "place_order", {"ticker": "FUN", "side": "buy", "quantity": 3, "type": "market",
                                "client_order_id": "mcp-buy-1"})
            retried = await client.call_tool(
                "place_order", {"ticker": "FUN", "side": "buy", "quantity": 3, "type": "market",
                                "client_order_id": "mcp-buy-1"})
            resting = await client.call_tool(
                "place_order", {"ticker": "FUN", "side": "buy", "quantity": 2, "price": 1.00})
            orders = await client.call_tool("get_orders", {})
            fills = await client.call_tool("get_fills", {"ticker": "FUN"})
            held = await client.call_tool("get_portfolio", {})
            cancelled = await client.call_tool("cancel_order", {"order_id": structured(resting)["order_id"]})
            return ask, preview, after_preview, placed, retried, resting, orders, fills, held, cancelled

    ask, preview, after_preview, placed, retried, resting, orders, fills, held, cancelled = run(scenario())

    # The preview priced the order against the book and changed nothing.
    seen = structured(preview)
    assert not preview.is_error and seen["filled_quantity"] == 3 and seen["status"] == "filled"
    # The market maker requotes every 200 ms, so the book the preview met may be a later one than `ask` came
    # from: the fills walk up from the best ask of their moment, and add up.
    prices = [f["price"] for f in seen["fills"]]
    assert prices == sorted(prices) and abs(prices[0] - ask) < ask * 0.05 and sum(f["quantity"] for f in seen["fills"]) == 3
    assert round(sum(f["price"] * f["quantity"] for f in seen["fills"]), 2) == seen["notional"]
    assert after_preview["cash"] == before["cash"] and after_preview["holdings"] == before["holdings"]

    # Placed once, whatever the retries; the text says what happened in one line, then the JSON.
    first = structured(placed)
    assert first["status"] == "filled" and first["filled_quantity"] == 3
    assert structured(retried)["order_id"] == first["order_id"] and structured(retried)["duplicate"] is True
    assert placed.content[0].text.startswith(f"place_order: order {first['order_id']} filled")
    assert json.loads(placed.content[1].text)["order_id"] == first["order_id"]

    assert structured(resting)["status"] == "open"
    assert [o["order_id"] for o in structured(orders)["orders"]] == [structured(resting)["order_id"]]
    assert sum(f["quantity"] for f in structured(fills)["trades"]) == 3
    holding = next(h for h in structured(held)["holdings"] if h["ticker"] == "FUN")
    assert holding["quantity"] == 3 and "average_price" in holding and "unrealized_pnl" in holding
    assert structured(cancelled)["status"] == "cancelled"
    assert portfolio(server, key)["escrowed_cash"] == 0


def test_a_read_only_key_reads_and_is_refused_every_order(server):
    user = server.register()

    async def scenario():
        async with session(server, user["read_key"]) as client:
            held = await client.call_tool("get_portfolio", {})
            refused = await client.call_tool("place_order", {"ticker": "FUN", "side": "buy", "quantity": 1, "price": 1})
            return held, refused

    held, refused = run(scenario())
    assert not held.is_error and structured(held)["username"] == user["username"]
    assert refused.is_error and structured(refused)["error"] == "insufficient_scope"
    assert structured(refused)["status"] == 403
    assert server.api("GET", "/api/orders", user["api_key"]).json() == []


def test_bad_input_gets_the_api_error_and_changes_nothing(server):
    user = server.register()
    admin = server.admin_key()
    before = portfolio(server, user["api_key"])

    async def scenario():
        async with session(server, user["api_key"]) as client:
            calls = {
                "unknown_ticker": ("place_order", {"ticker": "NOPE", "side": "buy", "quantity": 1, "price": 1}),
                "bad_quantity": ("place_order", {"ticker": "FUN", "side": "buy", "quantity": 0, "price": 1}),
                "no_trail": ("place_order", {"ticker": "FUN", "side": "sell", "quantity": 1, "type": "trailing_stop"}),
                "too_dear": ("preview_order", {"ticker": "FUN", "side": "buy", "quantity": 1_000_000, "price": 1000}),
                "no_order_id": ("cancel_order", {}),
                "path_escape": ("cancel_order", {"order_id": "../../admin/halt"}),
                "other_venue": ("get_portfolio", {"venue": "no-such-venue"}),
            }
            answers = {name: await client.call_tool(tool, args) for name, (tool, args) in calls.items()}
            assert server.api("POST", "/api/admin/venues/main/halt", admin,
                              json={"reason": "closed for the test"}).status_code == 200
            try:
                answers["halted"] = await client.call_tool(
                    "place_order", {"ticker": "FUN", "side": "buy", "quantity": 1, "price": 1})
            finally:
                server.api("POST", "/api/admin/venues/main/resume", admin, json={"reason": "test over"})
            return answers

    answers = run(scenario())
    codes = {name: structured(answer)["error"] for name, answer in answers.items()}
    assert all(answer.is_error for answer in answers.values()), codes
    assert codes["unknown_ticker"] == "unknown_ticker"
    assert codes["bad_quantity"] == "invalid_quantity"
    assert codes["too_dear"] == "insufficient_cash"
    assert codes["no_order_id"] == "invalid_request"
    assert codes["path_escape"] == "not_found"
    assert codes["other_venue"] == "not_found"
    assert codes["halted"] == "trading_halted"
    assert answers["unknown_ticker"].content[0].text.startswith("Refused (unknown_ticker): ")
    after = portfolio(server, user["api_key"])
    assert after["cash"] == before["cash"] and after["escrowed_cash"] == 0
    assert server.api("GET", "/api/orders?status=all", user["api_key"]).json() == []


def test_without_a_key_the_endpoint_answers_401(server):
    answer = httpx.post(server.url + "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                        headers={"Accept": "application/json, text/event-stream"})
    assert answer.status_code == 401 and answer.json()["error"] == "not_authenticated"
    wrong = httpx.post(server.url + "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                       headers={"Accept": "application/json, text/event-stream", "X-API-Key": "msk_wrong"})
    assert wrong.status_code == 401


def test_a_venue_endpoint_acts_in_its_venue(server):
    user = server.register()

    async def scenario():
        async with session(server, user["api_key"], "/api/venues/main/mcp") as client:
            return await client.call_tool("get_portfolio", {})

    assert structured(run(scenario()))["username"] == user["username"]


def test_the_stdio_bridge_serves_the_same_tools(server):
    user = server.register()
    parameters = StdioServerParameters(
        command=server.binary, args=["mcp", "--url", server.url, "--api-key", user["api_key"]])

    async def scenario():
        async with Client(parameters) as client:
            tools = (await client.list_tools()).tools
            placed = await client.call_tool("place_order", {"ticker": "FUN", "side": "buy", "quantity": 1, "price": 1})
            refused = await client.call_tool("place_order", {"ticker": "NOPE", "side": "buy", "quantity": 1, "price": 1})
            return tools, placed, refused

    tools, placed, refused = run(scenario())
    assert {tool.name for tool in tools} == EXPECTED_TOOLS
    assert structured(placed)["status"] == "open"
    assert refused.is_error and structured(refused)["error"] == "unknown_ticker"
    orders = server.api("GET", "/api/orders", user["api_key"]).json()
    assert [o["order_id"] for o in orders] == [structured(placed)["order_id"]]


def test_malformed_messages_get_json_rpc_errors_and_the_server_stays_up(server):
    user = server.register()
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json",
               "X-API-Key": user["api_key"], "MCP-Protocol-Version": "2025-06-18"}
    bodies = [
        b"", b"{", b"[]", b"null", b"12", b'"text"', b'{"jsonrpc":"2.0"}',
        b'[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]',
        b'{"jsonrpc":"2.0","id":1,"method":"no/such"}',
        b'{"jsonrpc":"2.0","id":99999999999999999999999,"method":"tools/list"}',
        b'{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}',
        b'{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}',
        b'{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"place_order","arguments":[1,2]}}',
        b'{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"place_order","arguments":'
        b'{"ticker":"FUN","side":"buy","quantity":1e400,"price":"NaN"}}}',
        b'{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"get_quote","arguments":{"ticker":"\\u0000"}}}',
        b'{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"cancel_order","arguments":{"order_id":"%2e%2e"}}}',
        b'{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_candles","arguments":'
        b'{"ticker":"FUN","start":"-99999999999999999999"}}}',
        b'{"jsonrpc":"2.0","id":8,"method":"tools/call","params":' + b'[' * 5000 + b']' * 5000 + b'}',
        b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"place_order","arguments":{"ticker":"'
        + b"A" * 200_000 + b'"}}}',
    ]
    for body in bodies:
        answer = httpx.post(server.url + "/mcp", content=body, headers=headers, timeout=30)
        assert answer.status_code < 500, (body[:80], answer.status_code, answer.text[:200])
        if answer.status_code == 200:
            message = answer.json()
            assert "error" in message or message["result"].get("isError") is True, (body[:80], message)
    assert server.api("GET", "/api/health").status_code == 200
    assert server.api("GET", "/api/orders?status=all", user["api_key"]).json() == []
