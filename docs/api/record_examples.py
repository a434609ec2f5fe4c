#!/usr/bin/env python3
"""Records the examples of the API description from a real server: writes docs/api/examples.json, which
docs/api/generate.py puts into Public/openapi.json.

    MARKETSIM_BIN=.build/debug/marketsim python3 docs/api/record_examples.py
    python3 docs/api/generate.py

It starts `marketsim serve` on a free port with a fresh data folder, walks through every operation of the
description the way an agent, a host and an administrator would (register, trade, run a venue and a
tournament), and keeps, per operation, one request with the answer it got, and the refusals it provoked on
purpose. Nothing in examples.json is written by hand: ids, prices and times are the server's own. It also
opens each WebSocket channel and keeps the first messages of each type, for the description's WebSocket
section. It stops with an error when an operation of the description was left without an example.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "examples.json"
ADMIN = ("root", "an-example-admin-password")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def templates():
    """(method, template) of every operation the generator describes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generate
    return [(method.upper(), path) for path, item in generate.PATHS.items() for method in item]


class Recorder:
    """Makes requests and keeps them, with their answers, as the examples of the operations they are."""

    def __init__(self, base, operations):
        self.base = base
        self.operations = operations
        self.examples = {}

    def template(self, method, path):
        """The described path that `path` (without its query) is an instance of; literal segments win."""
        segments = path.split("?")[0].strip("/").split("/")
        best = None
        for candidate_method, template in self.operations:
            parts = template.strip("/").split("/")
            if candidate_method != method or len(parts) != len(segments):
                continue
            if all(p.startswith("{") or p == s for p, s in zip(parts, segments)):
                literal = sum(not p.startswith("{") for p in parts)
                if best is None or literal > best[0]:
                    best = (literal, template)
        if best is None:
            raise AssertionError(f"{method} {path} is not in the description")
        return best[1]

    def call(self, method, path, body=None, auth=None, raw=False):
        """Returns (status, answer); `auth` is ("key", secret) or ("bearer", token)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            kind, secret = auth
            request.add_header(*(("X-API-Key", secret) if kind == "key" else ("Authorization", f"Bearer {secret}")))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        if raw:
            return status, text
        return status, (json.loads(text) if text else None)

    def request(self, method, path, body, auth):
        described = {"line": f"{method} {path}"}
        if auth:
            described["auth"] = "X-API-Key" if auth[0] == "key" else "Bearer"
        if body is not None:
            described["body"] = body
        return described

    def ok(self, summary, method, path, body=None, auth=None, raw=False):
        """Makes a request that must succeed and keeps it as its operation's example; returns the answer."""
        status, answer = self.call(method, path, body, auth, raw)
        assert 200 <= status < 300, (method, path, status, answer)
        key = f"{method} {self.template(method, path)}"
        entry = self.examples.setdefault(key, {"errors": []})
        assert "answer" not in entry, f"{key} has its example already"
        entry["summary"] = summary
        entry["request"] = self.request(method, path, body, auth)
        entry["answer"] = {"status": status, "body": answer}
        return answer

    def refused(self, summary, method, path, body=None, auth=None):
        """Makes a request that must be refused with the status `summary` starts with ("404: an unknown
        ticker") and keeps it as a refusal example."""
        expected, summary = summary.split(": ", 1)
        got, answer = self.call(method, path, body, auth)
        assert got == int(expected), (method, path, got, answer)
        assert isinstance(answer, dict) and "detail" in answer and "error" in answer, answer
        key = f"{method} {self.template(method, path)}"
        self.examples.setdefault(key, {"errors": []})["errors"].append(
            {"summary": summary, "request": self.request(method, path, body, auth),
             "answer": {"status": got, "body": answer}})
        return answer


class Receiver:
    """A webhook endpoint on loopback that answers 204 to every POST."""

    def __enter__(self):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/marketsim"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()


def webhooks(r: Recorder, key, root, other_key):
    with Receiver() as receiver:
        hook = r.ok("Be called with the caller's fills and order changes", "POST", "/api/webhooks",
                    {"url": receiver.url, "topics": ["fills", "orders"], "description": "my agent"}, key)
        r.refused("400: not an http or https URL", "POST", "/api/webhooks",
                  {"url": "ftp://example.com/hook", "topics": ["fills"]}, key)
        r.refused("403: every trade of the venue is for its hosts", "POST", "/api/webhooks",
                  {"url": receiver.url, "topics": ["venue_trades"]}, key)
        path = f"/api/webhooks/{hook['webhook_id']}"
        r.ok("The caller's endpoints", "GET", "/api/webhooks", auth=key)
        r.refused("401: no credentials", "GET", "/api/webhooks")
        r.ok("One endpoint", "GET", path, auth=key)
        r.refused("404: another user's endpoint", "GET", path, auth=other_key)
        r.ok("Add price alerts to its topics", "PATCH", path, {"topics": ["fills", "orders", "alerts"]}, key)
        r.refused("400: an unknown topic", "PATCH", path, {"topics": ["everything"]}, key)
        r.ok("Queue a test event", "POST", f"{path}/test", auth=key)
        r.refused("404: another user's endpoint", "POST", f"{path}/test", auth=other_key)
        wait_for(lambda: r.call("GET", f"{path}/deliveries", auth=key)[1]["deliveries"][0]["status"] == "delivered")
        r.ok("Its deliveries, each with its attempts", "GET", f"{path}/deliveries", auth=key)
        r.refused("400: an unknown status", "GET", f"{path}/deliveries?status=lost", auth=key)
        r.ok("A new signing secret", "POST", f"{path}/rotate-secret", auth=key)
        r.refused("404: no such endpoint", "POST", "/api/webhooks/1/rotate-secret", auth=key)
        r.ok("Where webhooks may go", "GET", "/api/admin/webhooks/settings", auth=root)
        r.refused("403: administrators only", "GET", "/api/admin/webhooks/settings", auth=key)
        r.ok("Allow endpoints on private addresses (the default on a server listening on loopback)", "PUT",
             "/api/admin/webhooks/settings", {"private_addresses": "allow"}, root)
        r.refused("400: neither allow nor forbid", "PUT", "/api/admin/webhooks/settings",
                  {"private_addresses": "sometimes"}, root)
        r.ok("Delete the endpoint", "DELETE", path, auth=key)
        r.refused("404: already deleted", "DELETE", path, auth=key)


def wait_for(predicate, timeout=30, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def scenario(r: Recorder):
    # Server
    r.ok("The process answers", "GET", "/api/health")
    r.ok("The database answers and every venue is journalling", "GET", "/api/ready")

    # Auth and keys
    ada = r.ok("Register a new user", "POST", "/api/register", {"username": "ada", "password": "correct-horse"})
    r.refused("409: the username is taken", "POST", "/api/register", {"username": "ada", "password": "another-one"})
    r.refused("400: the password is too short", "POST", "/api/register", {"username": "grace", "password": "abc"})
    key = ("key", ada["api_key"])
    grace = r.call("POST", "/api/register", {"username": "grace", "password": "grace-hopper"})[1]
    grace_key = ("key", grace["api_key"])
    linus = r.call("POST", "/api/register", {"username": "linus", "password": "linus-penguin"})[1]
    root = ("bearer", r.call("POST", "/api/login", {"username": ADMIN[0], "password": ADMIN[1]})[1]["jwt_token"])

    session = r.ok("Sign in", "POST", "/api/login", {"username": "ada", "password": "correct-horse"})
    r.refused("401: a wrong password", "POST", "/api/login", {"username": "ada", "password": "not-the-password"})
    r.refused("403: an API key cannot change the password", "POST", "/api/account/password",
              {"current_password": "correct-horse", "new_password": "correct-horse-battery"}, key)
    r.refused("401: the current password is wrong", "POST", "/api/account/password",
              {"current_password": "not-the-password", "new_password": "correct-horse-battery"},
              ("bearer", session["jwt_token"]))
    r.ok("Change the password of the signed-in user", "POST", "/api/account/password",
         {"current_password": "correct-horse", "new_password": "correct-horse-battery"}, ("bearer", session["jwt_token"]))

    created = r.ok("Create a second key for a backtest", "POST", "/api/keys", {"name": "backtest"}, key)
    r.refused("400: a name longer than 64 characters", "POST", "/api/keys", {"name": "k" * 65}, key)
    reader = r.call("POST", "/api/keys", {"name": "dashboard", "scope": "read"}, key)[1]
    r.refused("403: a trader asks for an admin key", "POST", "/api/keys", {"name": "root", "scope": "admin"}, key)
    r.refused("403: a read-only key places no order", "POST", "/api/orders",
              {"ticker": "FUN", "side": "buy", "price": 99.5, "quantity": 1}, ("key", reader["api_key"]))
    r.ok("The caller's keys", "GET", "/api/keys", auth=key)
    r.refused("401: no credentials", "GET", "/api/keys")
    r.ok("Revoke a key", "DELETE", f"/api/keys/{created['id']}", auth=key)
    r.refused("404: no such key of the caller", "DELETE", f"/api/keys/{created['id']}", auth=key)

    # Market data in main
    r.ok("Every ticker of venue main", "GET", "/api/market/tickers")
    r.ok("One ticker", "GET", "/api/market/FUN")
    r.refused("404: an unknown ticker", "GET", "/api/market/NOPE")
    r.ok("The best three price levels of each side", "GET", "/api/market/FUN/orderbook?depth=3")
    r.refused("404: an unknown ticker", "GET", "/api/market/NOPE/orderbook")

    # Trading in main
    ask = wait_for(lambda: r.call("GET", "/api/market/FUN")[1]["best_ask"])
    r.ok("What a market buy of 10 would pay now, placing nothing", "POST", "/api/orders/preview",
         {"ticker": "FUN", "side": "buy", "type": "market", "quantity": 10}, key)
    r.refused("400: more than the cash can pay for, as placing it would be", "POST", "/api/orders/preview",
              {"ticker": "FUN", "side": "buy", "price": 99.5, "quantity": 5000}, key)
    r.ok("A limit buy at the best ask: it trades at once", "POST", "/api/orders",
         {"ticker": "FUN", "side": "buy", "type": "limit", "price": ask, "quantity": 10, "client_order_id": "ada-1"}, key)
    r.ok("The three latest trades", "GET", "/api/market/FUN/trades?limit=3")
    r.refused("400: a limit above 1000", "GET", "/api/market/FUN/trades?limit=5000")
    r.refused("400: a price with more than two decimals", "POST", "/api/orders",
              {"ticker": "FUN", "side": "buy", "price": 99.505, "quantity": 10}, key)
    r.refused("400: more than the cash can pay for", "POST", "/api/orders",
              {"ticker": "FUN", "side": "buy", "price": 99.5, "quantity": 5000}, key)
    r.refused("400: an unknown ticker", "POST", "/api/orders",
              {"ticker": "NOPE", "side": "buy", "price": 10, "quantity": 1}, key)
    last = r.call("GET", "/api/market/FUN")[1]["current_price"]
    r.ok("Protect the ten shares: take profit 5.00 above the last price, stop 5.00 below", "POST", "/api/orders/oco",
         {"ticker": "FUN", "side": "sell", "quantity": 10,
          "legs": [{"type": "limit", "price": round(last + 5, 2)}, {"type": "stop", "stop_price": round(last - 5, 2)}]},
         key)
    r.refused("400: a limit leg that would trade at once", "POST", "/api/orders/oco",
              {"ticker": "FUN", "side": "buy", "quantity": 1,
               "legs": [{"type": "limit", "price": round(last + 5, 2)}, {"type": "stop", "stop_price": round(last + 8, 2)}]},
              key)
    resting = r.call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "price": round(last - 10, 2),
                                             "quantity": 20}, key)[1]
    r.ok("Open orders, newest first", "GET", "/api/orders?status=open&limit=2", auth=key)
    r.refused("400: an unknown status", "GET", "/api/orders?status=sleeping", auth=key)
    r.ok("One order in any status, with what its fills came to", "GET", f"/api/orders/{resting['order_id']}",
         auth=key)
    r.refused("404: an unknown order", "GET", "/api/orders/999999999", auth=key)
    r.ok("A lower quantity keeps the order's place in the queue", "PATCH", f"/api/orders/{resting['order_id']}",
         {"quantity": 15}, key)
    oco = [o for o in r.call("GET", "/api/orders", auth=key)[1] if o.get("linked_order_id")]
    r.refused("400: a leg of a one-cancels-other pair is not amended", "PATCH", f"/api/orders/{oco[0]['order_id']}",
              {"price": round(last + 6, 2)}, key)
    r.ok("Cancel a resting order", "DELETE", f"/api/orders/{resting['order_id']}", auth=key)
    r.refused("400: already cancelled", "DELETE", f"/api/orders/{resting['order_id']}", auth=key)
    r.refused("403: another user's order", "DELETE", f"/api/orders/{oco[0]['order_id']}", auth=grace_key)
    r.ok("The caller's last two fills in FUN", "GET", "/api/trades?ticker=FUN&limit=2", auth=key)
    r.refused("400: a limit above 100", "GET", "/api/trades?limit=500", auth=key)
    r.ok("Cash, escrow, holdings and total value", "GET", "/api/portfolio", auth=key)
    r.refused("401: an unknown API key", "GET", "/api/portfolio", auth=("key", "msk_" + "0" * 64))
    alert = r.ok("Be told when FUN trades at 120.00 or more", "POST", "/api/alerts",
                 {"ticker": "FUN", "above": 120, "repeating": False}, key)
    r.refused("400: both above and below", "POST", "/api/alerts", {"ticker": "FUN", "above": 120, "below": 80}, key)
    r.ok("The caller's alerts", "GET", "/api/alerts", auth=key)
    r.refused("401: no credentials", "GET", "/api/alerts")
    r.ok("Delete an alert", "DELETE", f"/api/alerts/{alert['alert_id']}", auth=key)
    r.refused("404: no such alert of the caller", "DELETE", f"/api/alerts/{alert['alert_id']}", auth=key)
    r.ok("Cancel the caller's resting orders 30 s after its last private connection closes", "PUT",
         "/api/account/cancel-on-disconnect", {"seconds": 30}, key)
    r.refused("400: more than an hour", "PUT", "/api/account/cancel-on-disconnect", {"seconds": 7200}, key)
    r.ok("The caller's switch and its private connections now", "GET", "/api/account/cancel-on-disconnect", auth=key)
    r.refused("401: no credentials", "GET", "/api/account/cancel-on-disconnect")
    r.call("PUT", "/api/account/cancel-on-disconnect", {"seconds": None}, key)
    r.ok("Stop trading after a day's loss of 500.00, or 800.00 from the peak", "PUT", "/api/account/loss-limits",
         {"max_daily_loss": 500, "max_drawdown": "800.00"}, key)
    r.refused("400: a limit of 0", "PUT", "/api/account/loss-limits", {"max_daily_loss": 0}, key)
    r.ok("The caller's limits, its equity and what its losses are measured from", "GET", "/api/account/loss-limits",
         auth=key)
    r.refused("401: no credentials", "GET", "/api/account/loss-limits")
    r.ok("Reset a tripped limit (here none had tripped)", "POST", "/api/account/loss-limits/reset", auth=key)
    r.refused("401: no credentials", "POST", "/api/account/loss-limits/reset")
    r.call("PUT", "/api/account/loss-limits", {}, key)
    webhooks(r, key, root, grace_key)
    r.ok("Turn short selling on for the caller's account", "PUT", "/api/account/short-selling", {"enabled": True}, key)
    r.refused("400: enabled is not a boolean", "PUT", "/api/account/short-selling", {"enabled": "yes"}, key)
    r.ok("The leaderboard of venue main", "GET", "/api/leaderboard")
    r.ok("One-minute candles of FUN", "GET", "/api/market/FUN/history?interval=1m")
    r.refused("400: an interval the server does not keep", "GET", "/api/market/FUN/history?interval=2m")

    # Venues
    practice = {
        "id": "practice", "name": "Practice floor", "starting_cash": 5000, "visibility": "public",
        "tickers": [{"symbol": "OWL", "initial_price": 20}, {"symbol": "ELK", "initial_price": 40, "tick_size": 0.05}],
        "fees": {"maker_bps": 0, "taker_bps": 10, "minimum": 0.01},
        "risk_limits": {"max_order_quantity": 1000, "max_open_orders": 50},
        "short_selling": {"initial_margin_bps": 5000, "maintenance_margin_bps": 2500, "opt_in": True}}
    r.ok("Create a public venue with two tickers", "POST", "/api/admin/venues", practice, root)
    r.refused("409: the venue id is taken", "POST", "/api/admin/venues", practice, root)
    r.refused("403: a trader may not create venues", "POST", "/api/admin/venues", dict(practice, id="mine"), key)
    r.ok("Public venues", "GET", "/api/venues")
    r.ok("One venue", "GET", "/api/venues/practice")
    r.refused("404: an unknown venue", "GET", "/api/venues/nowhere")
    r.ok("Open the caller's account in a venue", "POST", "/api/venues/practice/join", {}, key)
    r.refused("409: already joined", "POST", "/api/venues/practice/join", {}, key)
    r.call("POST", "/api/venues/practice/join", {}, grace_key)
    r.ok("A venue with its hosts (an administrator's view)", "GET", "/api/admin/venues/practice", auth=root)
    r.refused("403: a trader who does not host it", "GET", "/api/admin/venues/practice", auth=key)
    r.ok("Make grace a host of the venue", "PUT", "/api/admin/venues/practice/hosts/grace", auth=root)
    r.refused("404: an unknown user", "PUT", "/api/admin/venues/practice/hosts/nobody", auth=root)
    r.ok("Grace hosts it no longer", "DELETE", "/api/admin/venues/practice/hosts/grace", auth=root)
    r.refused("403: only administrators name hosts", "DELETE", "/api/admin/venues/practice/hosts/grace", auth=key)

    # Trading in the venue, against grace's quotes
    r.call("POST", "/api/admin/venues/practice/adjustments",
           {"username": "grace", "ticker": "OWL", "shares": 200, "reason": "Seed holding"}, root)
    for side, price in (("sell", 20.1), ("sell", 20.2), ("buy", 19.9), ("buy", 19.8)):
        r.call("POST", "/api/venues/practice/orders", {"ticker": "OWL", "side": side, "price": price, "quantity": 15},
               grace_key)
    r.ok("Every ticker of the venue", "GET", "/api/venues/practice/market/tickers")
    r.refused("404: an unknown venue", "GET", "/api/venues/nowhere/market/tickers")
    owl = r.ok("One ticker of the venue", "GET", "/api/venues/practice/market/OWL")
    r.refused("404: a ticker the venue does not list", "GET", "/api/venues/practice/market/FUN")
    r.ok("The venue's book, two levels a side", "GET", "/api/venues/practice/market/OWL/orderbook?depth=2")
    r.refused("400: a depth of 0", "GET", "/api/venues/practice/market/OWL/orderbook?depth=0")
    r.ok("What a market buy of 20 would pay in the venue", "POST", "/api/venues/practice/orders/preview",
         {"ticker": "OWL", "side": "buy", "type": "market", "quantity": 20}, key)
    r.refused("400: a ticker the venue does not list", "POST", "/api/venues/practice/orders/preview",
              {"ticker": "FUN", "side": "buy", "type": "market", "quantity": 20}, key)
    r.ok("A market buy in the venue", "POST", "/api/venues/practice/orders",
         {"ticker": "OWL", "side": "buy", "type": "market", "quantity": 20}, key)
    r.ok("The venue's latest trade in OWL", "GET", "/api/venues/practice/market/OWL/trades?limit=1")
    r.refused("404: a ticker the venue does not list", "GET", "/api/venues/practice/market/FUN/trades")
    r.refused("400: a price off the ticker's tick grid (ELK trades in steps of 0.05)", "POST",
              "/api/venues/practice/orders", {"ticker": "ELK", "side": "buy", "price": 39.97, "quantity": 1}, key)
    r.refused("403: no account in the venue yet", "POST", "/api/venues/practice/orders",
              {"ticker": "OWL", "side": "buy", "type": "market", "quantity": 1}, ("key", linus["api_key"]))
    owl = r.call("GET", "/api/venues/practice/market/OWL")[1]
    last = owl["current_price"]
    r.ok("A trailing stop and a take-profit on the twenty shares", "POST", "/api/venues/practice/orders/oco",
         {"ticker": "OWL", "side": "sell", "quantity": 20,
          "legs": [{"type": "take_profit", "stop_price": round(last + 2, 2)}, {"type": "trailing_stop", "trail_percent": 5}]},
         key)
    r.refused("400: a stop that the last price already reached", "POST", "/api/venues/practice/orders/oco",
              {"ticker": "OWL", "side": "sell", "quantity": 20,
               "legs": [{"type": "limit", "price": round(last + 2, 2)}, {"type": "stop", "stop_price": round(last + 1, 2)}]},
              key)
    resting = r.call("POST", "/api/venues/practice/orders",
                     {"ticker": "OWL", "side": "buy", "price": round(last - 2, 2), "quantity": 10}, key)[1]
    r.ok("All the caller's orders in the venue", "GET", "/api/venues/practice/orders?status=all&limit=3", auth=key)
    r.refused("401: no credentials", "GET", "/api/venues/practice/orders")
    r.ok("A new price replaces the order: a new id, at the back of the queue", "PATCH",
         f"/api/venues/practice/orders/{resting['order_id']}", {"price": round(last - 1.5, 2)}, key)
    replaced = [o for o in r.call("GET", "/api/venues/practice/orders", auth=key)[1] if o["type"] == "limit"][0]
    r.refused("400: a quantity of 0", "PATCH", f"/api/venues/practice/orders/{replaced['order_id']}",
              {"quantity": 0}, key)
    r.ok("The replacement, read back by its id", "GET", f"/api/venues/practice/orders/{replaced['order_id']}", auth=key)
    r.refused("403: another user's order", "GET", f"/api/venues/practice/orders/{replaced['order_id']}",
              auth=("key", linus["api_key"]))
    r.ok("Cancel it", "DELETE", f"/api/venues/practice/orders/{replaced['order_id']}", auth=key)
    r.refused("404: an unknown order", "DELETE", "/api/venues/practice/orders/999999999", auth=key)
    r.ok("The caller's fills in the venue", "GET", "/api/venues/practice/trades?limit=2", auth=key)
    r.refused("400: a negative offset", "GET", "/api/venues/practice/trades?offset=-1", auth=key)
    r.ok("The caller's portfolio in the venue", "GET", "/api/venues/practice/portfolio", auth=key)
    r.refused("403: no account in the venue", "GET", "/api/venues/practice/portfolio", auth=("key", linus["api_key"]))
    practice_alert = r.ok("An alert in the venue that fires each time OWL falls to 15.00", "POST",
                          "/api/venues/practice/alerts", {"ticker": "OWL", "below": 15, "repeating": True}, key)
    r.refused("400: a ticker the venue does not list", "POST", "/api/venues/practice/alerts",
              {"ticker": "FUN", "below": 15}, key)
    r.ok("The caller's alerts in the venue", "GET", "/api/venues/practice/alerts", auth=key)
    r.refused("403: no account in the venue", "GET", "/api/venues/practice/alerts",
              auth=("key", linus["api_key"]))
    r.ok("Delete it", "DELETE", f"/api/venues/practice/alerts/{practice_alert['alert_id']}", auth=key)
    r.refused("404: already deleted", "DELETE", f"/api/venues/practice/alerts/{practice_alert['alert_id']}", auth=key)
    r.ok("A drawdown limit in the venue", "PUT", "/api/venues/practice/account/loss-limits", {"max_drawdown": 250}, key)
    r.refused("400: not an amount", "PUT", "/api/venues/practice/account/loss-limits", {"max_drawdown": "lots"}, key)
    r.ok("The caller's limits in the venue", "GET", "/api/venues/practice/account/loss-limits", auth=key)
    r.refused("403: no account in the venue", "GET", "/api/venues/practice/account/loss-limits",
              auth=("key", linus["api_key"]))
    r.ok("Reset a tripped limit in the venue", "POST", "/api/venues/practice/account/loss-limits/reset", auth=key)
    r.refused("403: no account in the venue", "POST", "/api/venues/practice/account/loss-limits/reset",
              auth=("key", linus["api_key"]))
    r.call("PUT", "/api/venues/practice/account/loss-limits", {}, key)
    r.ok("Turn the switch off in the venue", "PUT", "/api/venues/practice/account/cancel-on-disconnect",
         {"seconds": None}, key)
    r.refused("400: seconds is not a number", "PUT", "/api/venues/practice/account/cancel-on-disconnect",
              {"seconds": "soon"}, key)
    r.ok("The caller's switch in the venue", "GET", "/api/venues/practice/account/cancel-on-disconnect", auth=key)
    r.refused("403: no account in the venue", "GET", "/api/venues/practice/account/cancel-on-disconnect",
              auth=("key", linus["api_key"]))
    r.ok("Turn short selling off again for the caller's account in the venue", "PUT",
         "/api/venues/practice/account/short-selling", {"enabled": False}, key)
    r.refused("403: no account in the venue", "PUT", "/api/venues/practice/account/short-selling", {"enabled": True},
              auth=("key", linus["api_key"]))
    r.ok("The venue's leaderboard", "GET", "/api/venues/practice/leaderboard")
    r.refused("404: an unknown venue", "GET", "/api/venues/nowhere/leaderboard")
    r.ok("The venue's five-minute candles", "GET", "/api/venues/practice/market/OWL/history?interval=5m")
    r.refused("400: a start after the end", "GET",
              "/api/venues/practice/market/OWL/history?start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z")

    # Running the venue
    admin_venue = "/api/admin/venues/practice"
    r.ok("Credit 250.00 to grace, with a reason", "POST", f"{admin_venue}/adjustments",
         {"username": "grace", "cash": 250, "reason": "Prize for the best write-up"}, root)
    r.refused("400: no reason given", "POST", f"{admin_venue}/adjustments", {"username": "grace", "cash": 250}, root)
    r.ok("Halt one ticker", "POST", f"{admin_venue}/halt", {"ticker": "ELK", "reason": "Pending news"}, root)
    r.refused("400: a halt needs a reason", "POST", f"{admin_venue}/halt", {"ticker": "ELK"}, root)
    r.refused("400: new orders in a halted ticker are refused", "POST", "/api/venues/practice/orders",
              {"ticker": "ELK", "side": "buy", "price": 30, "quantity": 1}, key)
    r.ok("Resume it", "POST", f"{admin_venue}/resume", {"ticker": "ELK", "reason": "News is out"}, root)
    r.refused("401: no credentials", "POST", f"{admin_venue}/resume", {})
    r.call("POST", "/api/venues/practice/orders", {"ticker": "OWL", "side": "buy", "price": round(last - 3, 2),
                                                   "quantity": 5}, key)
    r.ok("Cancel every resting OWL order of one user", "POST", f"{admin_venue}/cancel-orders",
         {"user_id": ada["user_id"], "ticker": "OWL", "reason": "Runaway agent"}, root)
    r.refused("404: an unknown venue", "POST", "/api/admin/venues/nowhere/cancel-orders", {"ticker": "OWL"}, root)
    r.ok("List a ticker while the venue runs", "POST", f"{admin_venue}/tickers",
         {"symbol": "KIWI", "initial_price": 12.5, "tick_size": 0.01, "reason": "New listing"}, root)
    r.refused("409: the symbol was listed before", "POST", f"{admin_venue}/tickers",
              {"symbol": "KIWI", "initial_price": 12.5}, root)
    r.call("POST", f"{admin_venue}/adjustments", {"username": "ada", "ticker": "KIWI", "shares": 40,
                                                   "reason": "Seed holding"}, root)
    r.ok("Delist it: holders are paid 12.00 a share", "POST", f"{admin_venue}/tickers/KIWI/delist",
         {"price": 12, "reason": "Wound up"}, root)
    r.refused("404: no longer listed", "POST", f"{admin_venue}/tickers/KIWI/delist", {"price": 12, "reason": "Again"}, root)
    r.ok("The venue's fees and risk limits", "GET", f"{admin_venue}/rules", auth=root)
    r.refused("404: an unknown venue", "GET", "/api/admin/venues/nowhere/rules", auth=root)
    r.ok("Set the fees", "PUT", f"{admin_venue}/fees",
         {"maker_bps": 0, "taker_bps": 5, "minimum": 0.01, "reason": "Cheaper for the class"}, root)
    r.refused("400: a rate above 10,000 basis points", "PUT", f"{admin_venue}/fees", {"taker_bps": 20000}, root)
    r.ok("Set the risk limits", "PUT", f"{admin_venue}/risk-limits",
         {"max_order_quantity": 500, "max_order_value": 20000, "max_position": 2000, "max_open_orders": 20,
          "reason": "Classroom limits"}, root)
    r.refused("400: a limit of 0", "PUT", f"{admin_venue}/risk-limits", {"max_open_orders": 0}, root)
    r.ok("Allow short selling", "PUT", f"{admin_venue}/short-selling",
         {"initial_margin_bps": 5000, "maintenance_margin_bps": 2500, "reason": "Pairs trading week"}, root)
    r.refused("400: a maintenance margin above the initial", "PUT", f"{admin_venue}/short-selling",
              {"initial_margin_bps": 1000, "maintenance_margin_bps": 2000}, root)
    r.ok("Every account of the venue stops after a day's loss of 1,000.00", "PUT", f"{admin_venue}/loss-limits",
         {"max_daily_loss": 1000}, root)
    r.refused("400: a negative limit", "PUT", f"{admin_venue}/loss-limits", {"max_daily_loss": -1}, root)
    r.ok("The venue's loss limits", "GET", f"{admin_venue}/loss-limits", auth=root)
    r.refused("403: a trader who does not host the venue", "GET", f"{admin_venue}/loss-limits", auth=key)
    r.ok("Reset ada's tripped limit (here none had tripped)", "POST", f"{admin_venue}/loss-limits/reset",
         {"username": "ada"}, root)
    r.refused("404: an unknown user", "POST", f"{admin_venue}/loss-limits/reset", {"username": "nobody"}, root)
    r.call("PUT", f"{admin_venue}/loss-limits", {}, root)
    r.ok("The venue's market maker", "GET", f"{admin_venue}/market-makers", auth=root)
    r.refused("403: a trader who does not host the venue", "GET", f"{admin_venue}/market-makers", auth=key)
    r.ok("Set the market maker's keys", "PUT", f"{admin_venue}/market-makers",
         {"spread_bps": 20, "levels": 3, "size": 25, "refresh_ms": 250, "seed": 11, "reason": "Livelier market"}, root)
    r.refused("400: a spread above 10,000 basis points", "PUT", f"{admin_venue}/market-makers", {"spread_bps": 20000}, root)
    r.ok("The venue's background traders", "GET", f"{admin_venue}/background-traders", auth=root)
    r.refused("403: a trader who does not host the venue", "GET", f"{admin_venue}/background-traders", auth=key)
    r.ok("Start a small population", "PUT", f"{admin_venue}/background-traders",
         {"enabled": True, "noise": {"count": 2, "per_minute": 6}, "value": {"count": 1}, "momentum": {"count": 0},
          "reason": "Some life in the book"}, root)
    r.refused("400: more than 20 traders of a style", "PUT", f"{admin_venue}/background-traders",
              {"noise": {"count": 50}}, root)
    r.call("PUT", f"{admin_venue}/background-traders", {"enabled": False, "reason": "Quiet again"}, root)
    r.ok("Pay a dividend of 0.25 a share of OWL", "POST", f"{admin_venue}/market-events",
         {"kind": "dividend", "ticker": "OWL", "amount": 0.25, "reason": "Quarterly dividend"}, root)
    r.refused("400: a dividend needs its amount", "POST", f"{admin_venue}/market-events",
              {"kind": "dividend", "ticker": "OWL"}, root)
    r.call("POST", f"{admin_venue}/market-events",
           {"kind": "news", "headline": "OWL opens a second store", "ticker": "OWL", "reason": "Lesson 4"}, root)
    r.refused("400: news needs a headline", "POST", f"{admin_venue}/market-events", {"kind": "news", "headline": " "}, root)
    r.ok("The venue's headlines, newest first", "GET", "/api/venues/practice/news?limit=5")
    r.refused("400: a limit above 100", "GET", "/api/venues/practice/news?limit=500")
    r.call("POST", "/api/admin/venues/main/market-events",
           {"kind": "news", "headline": "Markets close early on Friday", "reason": "Holiday"}, root)
    r.ok("The headlines of venue main", "GET", "/api/news")
    r.refused("400: a limit of 0", "GET", "/api/news?limit=0")
    r.ok("Each account's activity in the last minute", "GET", f"{admin_venue}/agents?limit=3", auth=root)
    r.refused("403: a trader", "GET", f"{admin_venue}/agents", auth=key)
    r.ok("Halt every venue", "POST", "/api/admin/halt", {"reason": "Fire drill"}, root)
    r.refused("400: a halt needs a reason", "POST", "/api/admin/halt", {}, root)
    r.ok("Resume every venue", "POST", "/api/admin/resume", {"reason": "Drill over"}, root)
    r.refused("403: administrators only", "POST", "/api/admin/resume", {}, key)

    # Users
    r.ok("A user, by name", "GET", "/api/admin/users/linus", auth=root)
    r.refused("404: an unknown user", "GET", "/api/admin/users/nobody", auth=root)
    r.ok("Suspend a user", "POST", "/api/admin/users/linus/suspend", {"reason": "Spamming orders"}, root)
    r.refused("400: a suspension needs a reason", "POST", "/api/admin/users/linus/suspend", {}, root)
    r.refused("403: a suspended user's key is refused", "GET", "/api/portfolio", auth=("key", linus["api_key"]))
    r.ok("Reinstate the user", "POST", "/api/admin/users/linus/reinstate", {"reason": "Agreed to slow down"}, root)
    r.refused("403: administrators only", "POST", "/api/admin/users/linus/reinstate", {}, key)
    r.ok("Revoke the user's keys and end their sessions", "POST", "/api/admin/users/linus/revoke-keys",
         {"reason": "Key leaked in a public repository", "end_sessions": True}, root)
    r.refused("404: an unknown user", "POST", "/api/admin/users/nobody/revoke-keys", {}, root)
    linus = r.call("POST", "/api/login", {"username": "linus", "password": "linus-penguin"})[1]
    linus_token = ("bearer", linus["jwt_token"])

    # Tournaments
    cup = {
        "id": "spring-cup", "name": "Spring cup", "description": "Two hours, one ticker, no fees.",
        "starts_in_seconds": 3600, "duration_seconds": 7200, "max_participants": 30,
        "venue": {"name": "Spring cup", "starting_cash": 10000, "tickers": [{"symbol": "OWL", "initial_price": 20}],
                  "fees": {"maker_bps": 0, "taker_bps": 0},
                  "market_makers": {"spread_bps": 30, "levels": 2, "size": 20, "refresh_ms": 250, "seed": 5}}}
    r.ok("Create a draft tournament", "POST", "/api/admin/tournaments", cup, root)
    r.refused("409: the id is taken", "POST", "/api/admin/tournaments", cup, root)
    r.ok("Load a shipped definition as a draft", "POST", "/api/admin/tournaments/load",
         {"file": "classroom-sprint.json"}, root)
    r.refused("404: no such file in TOURNAMENTS_DIR", "POST", "/api/admin/tournaments/load", {"file": "missing.json"}, root)
    r.ok("Edit the draft: a later start (the length is kept), room for 40, entries until 10 minutes in", "PATCH",
         "/api/admin/tournaments/spring-cup",
         {"starts_in_seconds": 5400, "max_participants": 40, "late_entry_seconds": 600}, root)
    r.refused("400: late entry longer than the tournament", "PATCH", "/api/admin/tournaments/spring-cup",
              {"late_entry_seconds": 999999}, root)
    r.ok("Drafts the caller runs", "GET", "/api/admin/tournaments?status=draft", auth=root)
    r.refused("401: no credentials", "GET", "/api/admin/tournaments")
    r.refused("404: a draft is not public", "GET", "/api/tournaments/spring-cup")
    r.ok("Publish it: open for entry", "POST", "/api/admin/tournaments/spring-cup/publish", auth=root)
    r.refused("409: already published", "POST", "/api/admin/tournaments/spring-cup/publish", auth=root)
    r.refused("409: only a draft is edited", "PATCH", "/api/admin/tournaments/spring-cup", {"name": "Late"}, root)
    r.ok("Published tournaments", "GET", "/api/tournaments")
    r.refused("400: an unknown status", "GET", "/api/tournaments?status=sleeping")
    r.ok("One tournament", "GET", "/api/tournaments/spring-cup")
    r.ok("Enter it", "POST", "/api/tournaments/spring-cup/enter", {}, key)
    r.refused("409: entered already", "POST", "/api/tournaments/spring-cup/enter", {}, key)
    r.call("POST", "/api/tournaments/spring-cup/enter", {}, grace_key)
    r.call("POST", "/api/tournaments/spring-cup/enter", {}, linus_token)
    bob = r.call("POST", "/api/register", {"username": "bob", "password": "bob-builder"})[1]
    r.call("POST", "/api/tournaments/spring-cup/enter", {}, ("key", bob["api_key"]))
    r.ok("Withdraw before it starts", "POST", "/api/tournaments/spring-cup/withdraw", auth=("key", bob["api_key"]))
    r.refused("409: not entered", "POST", "/api/tournaments/spring-cup/withdraw", auth=("key", bob["api_key"]))
    r.refused("409: not completed yet", "GET", "/api/tournaments/spring-cup/results")
    r.refused("403: a trader", "POST", "/api/admin/tournaments/spring-cup/start", auth=key)
    r.ok("Start it now", "POST", "/api/admin/tournaments/spring-cup/start", auth=root)
    # With the market maker off and the book cleared, ada and grace trade with each other back and forth:
    # a pair the hosts are told about.
    cup_orders = "/api/venues/spring-cup/orders"
    r.call("PUT", "/api/admin/venues/spring-cup/market-makers", {"enabled": False, "reason": "A quiet book"}, root)
    r.call("POST", "/api/admin/venues/spring-cup/cancel-orders", {"reason": "A clean book"}, root)
    for who in ("ada", "grace"):
        r.call("POST", "/api/admin/venues/spring-cup/adjustments",
               {"username": who, "ticker": "OWL", "shares": 50, "reason": "Seed holding"}, root)
    for price in (20.1, 20.2, 20.3):
        for seller, buyer in ((ada, grace), (grace, ada)):
            r.call("POST", cup_orders, {"ticker": "OWL", "side": "sell", "price": price, "quantity": 5},
                   ("key", seller["api_key"]))
            status, answer = r.call("POST", cup_orders, {"ticker": "OWL", "side": "buy", "price": price, "quantity": 5},
                                    ("key", buyer["api_key"]))
            assert status == 200 and answer["status"] == "filled", answer
    time.sleep(2.5)
    r.ok("Live standings", "GET", "/api/tournaments/spring-cup/standings")
    r.refused("404: an unknown tournament", "GET", "/api/tournaments/autumn-cup/standings")
    r.ok("Disqualify an entrant", "POST", "/api/admin/tournaments/spring-cup/disqualify",
         {"username": "linus", "reason": "Shared an account"}, root)
    r.refused("400: both user_id and username", "POST", "/api/admin/tournaments/spring-cup/disqualify",
              {"username": "linus", "user_id": linus["user_id"]}, root)
    r.ok("End it now: the standings are final", "POST", "/api/admin/tournaments/spring-cup/end", auth=root)
    r.refused("409: it has ended", "POST", "/api/admin/tournaments/spring-cup/end", auth=root)
    r.ok("Final standings", "GET", "/api/tournaments/spring-cup/results")
    r.ok("Equity snapshots of each competitor", "GET", "/api/tournaments/spring-cup/equity")
    r.refused("404: an unknown tournament", "GET", "/api/tournaments/autumn-cup/equity")
    r.ok("Entrants and how they stand", "GET", "/api/admin/tournaments/spring-cup/entrants", auth=root)
    r.refused("403: a trader", "GET", "/api/admin/tournaments/spring-cup/entrants", auth=key)
    r.ok("Pairs that traded with each other at least three times each way", "GET",
         "/api/admin/tournaments/spring-cup/round-trips?threshold=3", auth=root)
    r.refused("400: a threshold of 0", "GET", "/api/admin/tournaments/spring-cup/round-trips?threshold=0", auth=root)
    r.ok("Cancel a draft", "POST", "/api/admin/tournaments/classroom-sprint/cancel", auth=root)
    r.refused("409: cancelled already", "POST", "/api/admin/tournaments/classroom-sprint/cancel", auth=root)
    r.refused("409: a completed tournament is not cancelled", "POST", "/api/admin/tournaments/spring-cup/cancel",
              auth=root)

    # Audit (last: it lists what came before)
    r.ok("The venue's last two administrative actions", "GET", "/api/admin/audit?venue=practice&limit=2", auth=root)
    r.refused("400: a time that is neither ISO 8601 nor seconds", "GET", "/api/admin/audit?since=yesterday", auth=root)

    # Metrics: an excerpt of the scrape, the families of orders and sockets.
    status, text = r.call("GET", "/metrics", raw=True)
    assert status == 200
    kept = [line for line in text.splitlines()
            if re.match(r"(# (HELP|TYPE) )?marketsim_(orders_accepted_total|websocket_connections)\b", line)]
    r.examples["GET /metrics"] = {"errors": [], "summary": "An excerpt: accepted orders and open sockets",
                                  "request": {"line": "GET /metrics"},
                                  "answer": {"status": 200, "body": "\n".join(kept) + "\n"}}
    return {"ada": ada, "grace": grace, "root": root}


class Server:
    """`marketsim serve` on a free port with a fresh data folder and `settings` in its environment."""

    def __init__(self, **settings):
        self.binary = str(Path(os.environ.get("MARKETSIM_BIN") or PACKAGE / ".build" / "debug" / "marketsim").resolve())
        self.data = Path(tempfile.mkdtemp(prefix="marketsim-examples-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATA_DIR": str(self.data), "PORT": str(self.port), "BCRYPT_COST": "4", "BACKGROUND_TRADERS": "off",
                    "ADMIN_USERNAME": ADMIN[0], "ADMIN_PASSWORD": ADMIN[1],
                    # Relative to the package, where the server runs: no path of this machine in an answer.
                    "TOURNAMENTS_DIR": "tournaments", **settings}
        self.env.pop("DATABASE_URL", None)
        self.process = None

    def __enter__(self):
        log = open(self.data / "server.log", "ab")
        self.process = subprocess.Popen([self.binary, "serve"], cwd=PACKAGE, env=self.env, stdout=log, stderr=log)
        deadline = time.time() + 60
        while True:
            if self.process.poll() is not None or time.time() > deadline:
                sys.exit("the server did not start: " + (self.data / "server.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(self.base + "/api/health", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def rate_limited(r: Recorder):
    """The public routes that nothing else refuses answer 429 once a client's budget is spent (one request a
    minute on this server)."""
    r.call("GET", "/api/venues")
    for path in ("/api/market/tickers", "/api/leaderboard", "/api/venues"):
        r.refused("429: more requests than RATE_LIMIT_REQUESTS in RATE_LIMIT_WINDOW seconds", "GET", path)


def main():
    operations = templates()
    with Server(MARKET_MAKERS="on", MARKET_MAKER_CONFIG='{"refresh_ms":250,"seed":3}', RATE_LIMIT_REQUESTS="100000",
                EQUITY_SNAPSHOT_SECONDS="1", WS_SNAPSHOT_MS="200") as server:
        recorder = Recorder(server.base, operations)
        people = scenario(recorder)
        from websocket_examples import record as record_websocket
        websocket = asyncio.run(record_websocket(recorder, people))
    with Server(MARKET_MAKERS="off", RATE_LIMIT_REQUESTS="1", RATE_LIMIT_WINDOW="60") as server:
        recorder.base = server.base
        rate_limited(recorder)
    missing = sorted(f"{m} {p}" for m, p in operations if "answer" not in recorder.examples.get(f"{m} {p}", {}))
    if missing:
        sys.exit("no example for: " + ", ".join(missing))
    document = {"operations": dict(sorted(recorder.examples.items())), "websocket": websocket}
    OUTPUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUTPUT}: {len(recorder.examples)} operations", file=sys.stderr)


if __name__ == "__main__":
    main()
