"""The synchronous and asyncio clients."""
from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import secrets
import time
from decimal import Decimal
from typing import Any, Dict, Optional

import httpx

from ._operations import Operations
from .errors import RateLimited, error_for


def _decode(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        return response.text


class _RequestSigner(httpx.Auth):
    """Signs each request with a key's signing secret instead of sending the key: the key id, the time, a fresh
    nonce, and the HMAC-SHA256 of the method, path, query, time, nonce and the body's SHA-256, a line each."""

    requires_request_body = True

    def __init__(self, key_id: str, secret: str):
        self.key_id = key_id
        self.secret = secret.encode()

    def auth_flow(self, request: httpx.Request):
        path, _, query = request.url.raw_path.decode("ascii").partition("?")
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        message = "\n".join([request.method.upper(), path, query, timestamp, nonce,
                             hashlib.sha256(request.content).hexdigest()])
        request.headers["X-MarketSim-Key-Id"] = self.key_id
        request.headers["X-MarketSim-Timestamp"] = timestamp
        request.headers["X-MarketSim-Nonce"] = nonce
        request.headers["X-MarketSim-Signature"] = hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()
        yield request


class _Credentials:
    """The credential a client sends: an API key (agents), a JWT (after `login`), or a signature per request made
    with a key's signing secret (which then replaces the key)."""

    def __init__(self, api_key: Optional[str], token: Optional[str]):
        self.api_key = api_key
        self.token = token
        self.signer: Optional[_RequestSigner] = None

    def headers(self) -> Dict[str, str]:
        if self.signer:
            return {}
        if self.api_key:
            return {"X-API-Key": self.api_key}
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        return {}


class _ClientBase(Operations):
    def __init__(self, base_url: str, *, api_key: Optional[str] = None, token: Optional[str] = None,
                 venue: str = "main", max_rate_limit_retries: int = 3, signing_key_id: Optional[str] = None,
                 signing_secret: Optional[str] = None):
        self.base_url = base_url.rstrip("/")
        self.venue = venue
        self.max_rate_limit_retries = max_rate_limit_retries
        self._credentials = _Credentials(api_key, token)
        if signing_key_id and signing_secret:
            self.sign_requests(signing_key_id, signing_secret)

    def sign_requests(self, key_id: str, signing_secret: str):
        """Signs every request with the key's signing secret (from registration or key creation) instead of
        sending the key; returns the client."""
        self._credentials.signer = _RequestSigner(key_id, signing_secret)
        return self

    @property
    def api_key(self) -> Optional[str]:
        """The API key the client sends, if it authenticates with one."""
        return self._credentials.api_key

    @property
    def token(self) -> Optional[str]:
        """The JWT the client holds (after `register` or `login`)."""
        return self._credentials.token

    def in_venue(self, venue: str):
        """The same client (same connection and credentials) speaking for another venue."""
        scoped = copy.copy(self)
        scoped.venue = venue
        return scoped

    def in_tournament(self, tournament_id: str):
        """The client for a tournament's venue (a tournament trades in the venue of the same id)."""
        return self.in_venue(tournament_id)

    def _adopt(self, registration):
        self._credentials.api_key = registration.api_key
        self._credentials.token = registration.jwt_token
        return registration

    def _adopt_token(self, token: str):
        self._credentials.api_key = None
        self._credentials.signer = None
        self._credentials.token = token

    def _headers(self, auth: bool) -> Dict[str, str]:
        return self._credentials.headers() if auth else {}

    def _signer(self, auth: bool) -> Optional[httpx.Auth]:
        return self._credentials.signer if auth else None

    @staticmethod
    def _result(response: httpx.Response, parse):
        body = _decode(response)
        if response.status_code >= 400:
            raise error_for(response.status_code, body, response.headers)
        return parse(body) if parse else body


class Client(_ClientBase):
    """A synchronous client: ``Client("http://127.0.0.1:8080", api_key="msk_...")``.

    Every method returns the typed answer or raises a :class:`marketsim.MarketSimError`. A 429 is retried
    after the server's `Retry-After`, up to `max_rate_limit_retries` times, then raised as RateLimited.
    """

    def __init__(self, base_url: str = "http://127.0.0.1:8080", **options):
        timeout = options.pop("timeout", 30.0)
        super().__init__(base_url, **options)
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def _call(self, method, path, *, params=None, json=None, parse=None, auth=True):
        for attempt in range(self.max_rate_limit_retries + 1):
            response = self._http.request(method, path, params=params, json=json, headers=self._headers(auth),
                                          auth=self._signer(auth))
            try:
                return self._result(response, parse)
            except RateLimited as limited:
                if attempt == self.max_rate_limit_retries:
                    raise
                time.sleep(limited.retry_after or 1)

    def close(self) -> None:
        """Closes the client's connections."""
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class AsyncClient(_ClientBase):
    """The asyncio client: the same methods as :class:`Client`, each a coroutine."""

    def __init__(self, base_url: str = "http://127.0.0.1:8080", **options):
        timeout = options.pop("timeout", 30.0)
        super().__init__(base_url, **options)
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def _call(self, method, path, *, params=None, json=None, parse=None, auth=True):
        for attempt in range(self.max_rate_limit_retries + 1):
            response = await self._http.request(method, path, params=params, json=json,
                                                headers=self._headers(auth), auth=self._signer(auth))
            try:
                return self._result(response, parse)
            except RateLimited as limited:
                if attempt == self.max_rate_limit_retries:
                    raise
                await asyncio.sleep(limited.retry_after or 1)

    def stream(self, *channels: str, **options):
        """Live channels of this client's venue with its credentials; see :class:`marketsim.Stream`."""
        from .streams import Stream
        return Stream(self, channels, **options)

    async def aclose(self) -> None:
        """Closes the client's connections."""
        await self._http.aclose()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()
