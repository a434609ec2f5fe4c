"""Errors: every refused request raises a MarketSimError subclass carrying the server's reason."""
from __future__ import annotations

from typing import Any, Optional


class MarketSimError(Exception):
    """The server refused a request. `status` is the HTTP status, `code` the machine-readable reason
    (such as ``insufficient_cash``), `detail` the server's sentence."""

    def __init__(self, status: int, code: str, detail: str, body: Any = None):
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.body = body


class InvalidRequest(MarketSimError):
    """400: the request was malformed or broke a rule; nothing changed."""


class InsufficientFunds(InvalidRequest):
    """400: not enough free cash or shares for the order (``insufficient_cash`` / ``insufficient_shares``)."""


class TradingHalted(InvalidRequest):
    """400: the ticker or venue is halted; cancels still work."""


class AuthenticationError(MarketSimError):
    """401: missing or bad credentials."""


class PermissionDenied(MarketSimError):
    """403: authenticated, but not allowed (another user's order, not an entrant, not an admin...)."""


class NotFound(MarketSimError):
    """404: no such order, ticker, venue or tournament."""


class Conflict(MarketSimError):
    """409: the request conflicts with the current state (already entered, tournament full, ...)."""


class RateLimited(MarketSimError):
    """429: too many requests; `retry_after` seconds until the budget refills."""

    def __init__(self, status: int, code: str, detail: str, body: Any = None, retry_after: Optional[float] = None):
        super().__init__(status, code, detail, body)
        self.retry_after = retry_after


class ServerError(MarketSimError):
    """5xx: the server failed; the request may be retried."""


def error_for(status: int, body: Any, headers: Any) -> MarketSimError:
    """The exception for an error answer."""
    code = ""
    detail = ""
    if isinstance(body, dict):
        code = str(body.get("error") or "")
        detail = str(body.get("detail") or "")
    detail = detail or f"HTTP {status}"
    if status == 429:
        retry = headers.get("retry-after") if headers is not None else None
        return RateLimited(status, code or "rate_limited", detail, body, float(retry) if retry else None)
    if status == 400:
        if code in ("insufficient_cash", "insufficient_shares"):
            return InsufficientFunds(status, code, detail, body)
        if code == "trading_halted":
            return TradingHalted(status, code, detail, body)
        return InvalidRequest(status, code or "invalid_request", detail, body)
    kinds = {401: AuthenticationError, 403: PermissionDenied, 404: NotFound, 409: Conflict}
    if status in kinds:
        return kinds[status](status, code, detail, body)
    if status >= 500:
        return ServerError(status, code or "server_error", detail, body)
    return MarketSimError(status, code or "error", detail, body)
