"""Webhooks: the routes that register URLs MarketSim calls with your events, and the check a receiver makes.

A delivery is a POST of ``{"delivery_id", "endpoint_id", "venue", "events": [...]}`` with the headers
``MarketSim-Delivery``, ``MarketSim-Timestamp`` (seconds since 1970) and ``MarketSim-Signature``: ``v1=`` and the
hex HMAC-SHA256, keyed with the endpoint's secret, of the timestamp, a dot and the raw body. Delivery is at least
once: drop an event whose ``id`` you have seen.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, Dict, Mapping, Optional, Sequence
from urllib.parse import quote


def verify_webhook(secret: str, headers: Mapping[str, str], body: bytes, tolerance: float = 300) -> bool:
    """Whether a request is a delivery signed with `secret`, sent within `tolerance` seconds of now. Pass the raw
    body, before any JSON parsing; header names are matched in any case."""
    fields = {name.lower(): value for name, value in headers.items()}
    timestamp = fields.get("marketsim-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("marketsim-signature", ""))


class WebhookOperations:
    """Mixed into the clients: each answer is the API's JSON object."""
    venue: str

    def _call(self, method: str, path: str, *, params=None, json=None, parse=None, auth=True):  # pragma: no cover
        raise NotImplementedError

    def create_webhook(self, url: str, topics: Sequence[str], *, description: Optional[str] = None,
                       active: Optional[bool] = None):
        """Registers `url` for the events of `topics` in this client's venue: fills, orders, margin, risk_limits,
        alerts, tournament, and for the venue's hosts venue_trades and venue_status. The answer's ``secret``
        signs every delivery; it is shown only here and by ``rotate_webhook_secret``."""
        body: Dict[str, Any] = {"url": url, "topics": list(topics), "venue": self.venue}
        if description is not None:
            body["description"] = description
        if active is not None:
            body["active"] = active
        return self._call("POST", "/api/webhooks", json=body)

    def webhooks(self):
        """The caller's endpoints, in every venue, oldest first."""
        return self._call("GET", "/api/webhooks", parse=lambda d: d["webhooks"])

    def webhook(self, webhook_id: str):
        """One of the caller's endpoints."""
        return self._call("GET", f"/api/webhooks/{quote(webhook_id, safe='')}")

    def update_webhook(self, webhook_id: str, *, url: Optional[str] = None, topics: Optional[Sequence[str]] = None,
                       description: Optional[str] = None, active: Optional[bool] = None):
        """Changes an endpoint's URL, topics or description, or pauses (``active=False``) and resumes it."""
        body = {"url": url, "topics": list(topics) if topics is not None else None, "description": description,
                "active": active}
        return self._call("PATCH", f"/api/webhooks/{quote(webhook_id, safe='')}",
                          json={k: v for k, v in body.items() if v is not None})

    def delete_webhook(self, webhook_id: str):
        """Deletes an endpoint with its queue and its delivery history."""
        return self._call("DELETE", f"/api/webhooks/{quote(webhook_id, safe='')}")

    def rotate_webhook_secret(self, webhook_id: str):
        """A new signing secret, used from the next attempt on: ``{"webhook_id", "secret"}``."""
        return self._call("POST", f"/api/webhooks/{quote(webhook_id, safe='')}/rotate-secret")

    def test_webhook(self, webhook_id: str):
        """Queues an event of type ``test`` for the endpoint."""
        return self._call("POST", f"/api/webhooks/{quote(webhook_id, safe='')}/test")

    def webhook_deliveries(self, webhook_id: str, *, status: Optional[str] = None, limit: Optional[int] = None):
        """The endpoint's deliveries, newest first, each with its attempts; ``status="dead"`` lists the dead
        letters."""
        params = {k: v for k, v in {"status": status, "limit": limit}.items() if v is not None}
        return self._call("GET", f"/api/webhooks/{quote(webhook_id, safe='')}/deliveries", params=params or None,
                          parse=lambda d: d["deliveries"])

    def webhook_settings(self):
        """Where webhooks may go (administrators): ``{"private_addresses": "allow" | "forbid"}``."""
        return self._call("GET", "/api/admin/webhooks/settings")

    def set_webhook_private_addresses(self, allowed: bool):
        """Allows or forbids endpoints on loopback, private and other non-public addresses (administrators)."""
        return self._call("PUT", "/api/admin/webhooks/settings",
                          json={"private_addresses": "allow" if allowed else "forbid"})
