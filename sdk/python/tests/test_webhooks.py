"""Webhooks through the SDK against the real server and a real receiver: a fill arrives signed, verify_webhook
accepts it and refuses a forgery, and the endpoint routes answer as the description says."""
import http.server
import json
import threading
import time

import pytest

from marketsim import Client, NotFound, PermissionDenied, verify_webhook

from test_client import admin_client


class Receiver:
    """An HTTP server on loopback that keeps every request and answers 204."""

    def __init__(self):
        self.received = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def events(self):
        return [event for _, body in self.received for event in json.loads(body)["events"]]

    def wait_for(self, predicate, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError("timed out")


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def test_a_fill_arrives_signed_and_verifies(server, name, receiver):
    with Client(server.url) as trader:
        trader.register(name, "a-secret")
        hook = trader.create_webhook(receiver.url, ["fills"], description="my agent")
        assert hook["secret"].startswith("whsec_") and hook["topics"] == ["fills"] and hook["venue"] == "main"
        bought = trader.buy("FUN", 1)
        receiver.wait_for(lambda: any(e["type"] == "fill" for e in receiver.events()))
        headers, body = receiver.received[0]
        assert verify_webhook(hook["secret"], headers, body)
        assert not verify_webhook(hook["secret"], headers, body + b" ")
        assert not verify_webhook("whsec_" + "0" * 64, headers, body)
        assert not verify_webhook(hook["secret"], {**headers, "MarketSim-Timestamp": str(int(time.time()) - 3600)},
                                  body)
        fill = next(e for e in receiver.events() if e["type"] == "fill")
        assert fill["data"]["order_id"] == bought.order_id and fill["topic"] == "fills"
        # The queue's state is written once per batch interval.
        receiver.wait_for(lambda: trader.webhook_deliveries(hook["webhook_id"]))
        deliveries = trader.webhook_deliveries(hook["webhook_id"])
        assert deliveries[0]["status"] == "delivered" and deliveries[0]["attempts"][0]["status_code"] == 204


def test_the_endpoint_routes(server, name, receiver):
    with Client(server.url) as trader, Client(server.url) as other:
        trader.register(name, "a-secret")
        other.register(name + "-other", "a-secret")
        hook = trader.create_webhook(receiver.url, ["orders"])
        webhook_id = hook["webhook_id"]
        assert [h["webhook_id"] for h in trader.webhooks()] == [webhook_id]
        assert trader.webhook(webhook_id)["url"] == receiver.url
        with pytest.raises(NotFound):
            other.webhook(webhook_id)
        assert trader.update_webhook(webhook_id, topics=["orders", "alerts"])["topics"] == ["alerts", "orders"]
        rotated = trader.rotate_webhook_secret(webhook_id)["secret"]
        assert rotated != hook["secret"]
        assert trader.test_webhook(webhook_id)["status"] == "queued"
        receiver.wait_for(lambda: any(e["type"] == "test" for e in receiver.events()))
        headers, body = receiver.received[-1]
        assert verify_webhook(rotated, headers, body) and not verify_webhook(hook["secret"], headers, body)
        assert trader.webhook_deliveries(webhook_id, status="dead") == []
        trader.delete_webhook(webhook_id)
        assert trader.webhooks() == []
        with pytest.raises(PermissionDenied):
            trader.webhook_settings()
        assert admin_client(server).webhook_settings()["private_addresses"] == "allow"
