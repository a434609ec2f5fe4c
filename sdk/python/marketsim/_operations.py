"""Every route of the API, written once for the synchronous and the asyncio client.

Each method builds its request and hands it to ``self._call``; the synchronous client returns the parsed
answer, the asyncio client a coroutine of it (``await client.portfolio()``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Dict, Mapping, Optional, Sequence, Union
from urllib.parse import quote

from .webhooks import WebhookOperations
from .models import (APIKey, Bracket, Candle, LeaderboardRow, Leg, Money, NewsItem, Order, OrderBook, OrderPreview, Portfolio,
                     PriceAlert, TapeTrade,
                     Quote,
                     Registration, Standings, TickerDetail, Tournament, UserTrade, Venue, EquityPoint, _money)


def _amount(value: Optional[Money]) -> Optional[str]:
    """Money is sent as a decimal string, so no binary float ever rounds a price."""
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("pass money as Decimal, int or str, not float")
    return str(value)


def _drop_none(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def _trigger(stop_price: Optional[Money], trail_amount: Optional[Money], trail_percent: Optional[Money]) -> Dict[str, Any]:
    """The trigger members of an order or an OCO leg; decimal text, like every amount."""
    return {"stop_price": _amount(stop_price), "trail_amount": _amount(trail_amount),
            "trail_percent": _amount(trail_percent)}


def _bracket(bracket: Union[Bracket, Mapping[str, Money], None]) -> Optional[Dict[str, str]]:
    if bracket is None:
        return None
    if isinstance(bracket, Bracket):
        bracket = {"take_profit": bracket.take_profit, "stop_loss": bracket.stop_loss,
                   "stop_loss_limit": bracket.stop_loss_limit}
    return _drop_none({name: _amount(value) for name, value in bracket.items()})


def _leg(leg: Union[Leg, Mapping[str, Any]]) -> Dict[str, Any]:
    if not isinstance(leg, Leg):
        leg = Leg(**leg)
    return _drop_none({"type": leg.type, "price": _amount(leg.price), "time_in_force": leg.time_in_force,
                       **_trigger(leg.stop_price, leg.trail_amount, leg.trail_percent)})


class Operations(WebhookOperations):
    venue: str

    def _call(self, method: str, path: str, *, params=None, json=None, parse=None, auth=True):  # pragma: no cover
        raise NotImplementedError

    def _venue_path(self, path: str) -> str:
        if self.venue == "main":
            return "/api" + path
        return f"/api/venues/{quote(self.venue, safe='')}{path}"

    # Auth and keys
    def register(self, username: str, password: str):
        """Creates a user; the answer holds an API key and a JWT (the client starts using the key)."""
        return self._call("POST", "/api/register", json={"username": username, "password": password}, auth=False,
                          parse=lambda d: self._adopt(Registration(
                              d["user_id"], d["username"], d["api_key"], d["jwt_token"], _money(d["cash"]),
                              d.get("api_key_id"), d.get("signing_secret"))))

    def login(self, username: str, password: str):
        """Signs in; the client then authenticates with the JWT."""
        return self._call("POST", "/api/login", json={"username": username, "password": password}, auth=False,
                          parse=lambda d: self._adopt_token(d["jwt_token"]) or d)

    def change_password(self, current_password: str, new_password: str):
        """Replaces the signed-in user's password (needs a JWT session, not an API key); every earlier session
        ends and the client adopts the new token."""
        return self._call("POST", "/api/account/password",
                          json={"current_password": current_password, "new_password": new_password},
                          parse=lambda d: self._adopt_token(d["jwt_token"]) or d)

    def api_keys(self):
        """The caller's active API keys (their secrets are not shown again)."""
        return self._call("GET", "/api/keys", parse=lambda d: [APIKey.from_json(k) for k in d])

    def create_api_key(self, name: str = "agent", scope: Optional[str] = None):
        """Creates an API key named `name`; its secret is in the answer's ``api_key``, shown this once. `scope`:
        ``"read"`` (reads only), ``"trade"`` (the default) or ``"admin"`` (also the control plane, for
        administrators and venue hosts)."""
        return self._call("POST", "/api/keys", json=_drop_none({"name": name, "scope": scope}),
                          parse=APIKey.from_json)

    def revoke_api_key(self, key_id: str):
        """Revokes one of the caller's API keys by its id."""
        return self._call("DELETE", f"/api/keys/{quote(key_id)}")

    # Market data
    def quotes(self):
        """Every ticker's last price and best bid and ask, by symbol."""
        return self._call("GET", self._venue_path("/market/tickers"), auth=False,
                          parse=lambda d: {s: Quote(s, _money(q["current_price"]), _money(q.get("best_bid")),
                                                    _money(q.get("best_ask")), bool(q.get("halted", False)))
                                           for s, q in d["tickers"].items()})

    def ticker(self, symbol: str):
        """One ticker of this client's venue: last price, best bid and ask, depth, volume, tick size, halt."""
        return self._call("GET", self._venue_path(f"/market/{quote(symbol)}"), auth=False, parse=TickerDetail.from_json)

    def order_book(self, symbol: str, depth: Optional[int] = None):
        """The ticker's book by price level, best first; `depth` levels a side (all when None)."""
        return self._call("GET", self._venue_path(f"/market/{quote(symbol)}/orderbook"), auth=False,
                          params=_drop_none({"depth": depth}), parse=OrderBook.from_json)

    def candles(self, symbol: str, interval: str = "5m", start: Optional[str] = None, end: Optional[str] = None):
        """The ticker's candles of `interval` (10s, 1m, 5m, 15m, 1h or 1d) from `start` to `end`, each ISO 8601 or
        seconds since 1970; the last 24 h by default."""
        return self._call("GET", self._venue_path(f"/market/{quote(symbol)}/history"), auth=False,
                          params=_drop_none({"interval": interval, "start": start, "end": end}),
                          parse=lambda d: [Candle(c["timestamp"], _money(c["open"]), _money(c["high"]),
                                                  _money(c["low"]), _money(c["close"]), int(c["volume"]))
                                           for c in d["candles"]])

    def tape(self, symbol: str, limit: Optional[int] = None):
        """The ticker's latest trades, newest first (`limit` 1 to 1000, default 50), without who made them."""
        return self._call("GET", self._venue_path(f"/market/{quote(symbol)}/trades"), auth=False,
                          params=_drop_none({"limit": limit}),
                          parse=lambda d: [TapeTrade.from_json(t) for t in d["trades"]])

    def news(self, limit: Optional[int] = None, offset: Optional[int] = None):
        """The venue's headlines, newest first (`limit` 1 to 100, default 50, after skipping `offset`)."""
        return self._call("GET", self._venue_path("/news"), auth=False,
                          params=_drop_none({"limit": limit, "offset": offset}),
                          parse=lambda d: [NewsItem.from_json(item) for item in d["news"]])

    # Trading
    def place_order(self, ticker: str, side: str, quantity: int, price: Optional[Money] = None, *,
                    type: Optional[str] = None, time_in_force: Optional[str] = "GTC",
                    client_order_id: Optional[str] = None, stop_price: Optional[Money] = None,
                    trail_amount: Optional[Money] = None, trail_percent: Optional[Money] = None,
                    display_quantity: Optional[int] = None, post_only: Optional[bool] = None,
                    bracket: Union[Bracket, Mapping[str, Money], None] = None):
        """Places an order; answered once durable, with its fills.

        `type` defaults to ``limit`` when a `price` is given and ``market`` otherwise. The conditional types
        ``stop``, ``take_profit`` and ``trailing_stop`` enter at market once triggered; ``stop_limit`` and
        ``take_profit_limit`` enter as limit orders at `price`. A stop buy triggers when a trade prints at or
        above `stop_price`, a stop sell at or below; take-profits the other way round. A trailing stop takes
        exactly one of `trail_amount` and `trail_percent` (0 < p < 100). A limit GTC order may be an iceberg
        (`display_quantity` shares shown at a time) or `post_only` (refused, ``post_only_would_trade``, rather
        than trade on arrival). A limit or market entry may carry a `bracket` (a :class:`Bracket` or a dict with
        ``take_profit``, ``stop_loss`` or both, and optionally ``stop_loss_limit``): once done, its exits are
        placed for the filled quantity, one cancelling the other.
        """
        body = _order_body(ticker, side, quantity, price, type=type, time_in_force=time_in_force,
                           client_order_id=client_order_id, stop_price=stop_price, trail_amount=trail_amount,
                           trail_percent=trail_percent, display_quantity=display_quantity, post_only=post_only,
                           bracket=bracket)
        return self._call("POST", self._venue_path("/orders"), json=body, parse=Order.from_json)

    def preview_order(self, ticker: str, side: str, quantity: int, price: Optional[Money] = None, **options):
        """What :meth:`place_order` with the same arguments would do now, placing nothing: an
        :class:`OrderPreview` with the fills, average price, fees and holds. Refused as placing would be."""
        return self._call("POST", self._venue_path("/orders/preview"),
                          json=_order_body(ticker, side, quantity, price, **options), parse=OrderPreview.from_json)

    def place_oco(self, ticker: str, side: str, quantity: int, legs: Sequence[Union[Leg, Mapping[str, Any]]]):
        """Places two orders (each a :class:`Leg` or a dict of its members) of the same side and quantity,
        one cancelling the other: when either triggers or trades, the other is cancelled, and cancelling
        either cancels both. A leg that would trade or trigger at once is refused. Returns both orders."""
        body = {"ticker": ticker, "side": side, "quantity": quantity, "legs": [_leg(leg) for leg in legs]}
        return self._call("POST", self._venue_path("/orders/oco"), json=body,
                          parse=lambda d: [Order.from_json(o) for o in d["orders"]])

    def buy(self, ticker: str, quantity: int, price: Optional[Money] = None, **options):
        """Places a buy order; see :meth:`place_order` for `price` and the options."""
        return self.place_order(ticker, "buy", quantity, price, **options)

    def sell(self, ticker: str, quantity: int, price: Optional[Money] = None, **options):
        """Places a sell order; see :meth:`place_order` for `price` and the options."""
        return self.place_order(ticker, "sell", quantity, price, **options)

    def amend_order(self, order_id: str, *, price: Optional[Money] = None, quantity: Optional[int] = None):
        """A lower quantity keeps the order's place; a new price replaces it with a new id at the back."""
        return self._call("PATCH", self._venue_path(f"/orders/{quote(order_id)}"),
                          json=_drop_none({"price": _amount(price), "quantity": quantity}), parse=Order.from_json)

    def cancel_order(self, order_id: str):
        """Cancels one of the caller's orders and refunds its escrow; cancelling a leg of a pair cancels both."""
        return self._call("DELETE", self._venue_path(f"/orders/{quote(order_id)}"))

    def orders(self, status: str = "open", limit: int = 50, offset: int = 0):
        """The caller's orders in this client's venue, newest first; `status` is open (the default), all, filled,
        cancelled or partial."""
        return self._call("GET", self._venue_path("/orders"), params={"status": status, "limit": limit, "offset": offset},
                          parse=lambda d: [Order.from_json(o) for o in d])

    def order(self, order_id: str):
        """One of the caller's orders in any status, with `filled_value` (and so `average_price`)."""
        return self._call("GET", self._venue_path(f"/orders/{quote(order_id)}"), parse=Order.from_json)

    def order_by_client_id(self, client_order_id: str):
        """The caller's order placed with `client_order_id`, in any status; None when there is none."""
        return self._call("GET", self._venue_path("/orders"), params={"client_order_id": client_order_id},
                          parse=lambda d: Order.from_json(d[0]) if d else None)

    def trades(self, ticker: Optional[str] = None, limit: int = 50, offset: int = 0):
        """The caller's fills in this client's venue, newest first, optionally of one `ticker`."""
        return self._call("GET", self._venue_path("/trades"),
                          params=_drop_none({"ticker": ticker, "limit": limit, "offset": offset}),
                          parse=lambda d: [UserTrade.from_json(t) for t in d])

    def portfolio(self):
        """The caller's cash, escrowed cash, holdings at the last price and total value in this client's venue."""
        return self._call("GET", self._venue_path("/portfolio"), parse=Portfolio.from_json)

    def create_alert(self, ticker: str, *, above: Optional[Money] = None, below: Optional[Money] = None,
                     repeating: bool = False):
        """Asks to be told, by an ``alert`` message on the private channel, when a trade in `ticker` reaches a price:
        at or `above` it, or at or `below` it (give one). `repeating` fires again each time the price comes back."""
        body = {"ticker": ticker, "above": _amount(above), "below": _amount(below), "repeating": repeating}
        return self._call("POST", self._venue_path("/alerts"), json=_drop_none(body), parse=PriceAlert.from_json)

    def alerts(self):
        """The caller's price alerts in this client's venue, newest first, with what they fired."""
        return self._call("GET", self._venue_path("/alerts"),
                          parse=lambda d: [PriceAlert.from_json(a) for a in d["alerts"]])

    def delete_alert(self, alert_id: str):
        """Deletes one of the caller's price alerts."""
        return self._call("DELETE", self._venue_path(f"/alerts/{quote(alert_id)}"))

    def cancel_on_disconnect(self, seconds: Optional[int]):
        """The dead man's switch: cancels the caller's resting orders in this client's venue once all its private
        WebSocket connections there have been gone `seconds` (1 to 3600); `None` turns it off. Answers
        ``{"seconds", "connections"}``."""
        return self._call("PUT", self._venue_path("/account/cancel-on-disconnect"), json={"seconds": seconds})

    def cancel_on_disconnect_status(self):
        """The caller's dead man's switch in this client's venue: ``{"seconds", "connections"}`` (seconds `None`
        when it is off; connections: its private WebSocket connections there now)."""
        return self._call("GET", self._venue_path("/account/cancel-on-disconnect"))

    def set_loss_limits(self, *, max_daily_loss: Optional[Money] = None, max_drawdown: Optional[Money] = None):
        """Sets the caller's safety switches in this client's venue: the most it may lose in a day and from its
        peak equity (a limit left out is none). A loss that reaches one cancels the caller's orders and refuses
        new ones (``risk_limit_tripped``) until ``reset_loss_limit``. Answers ``loss_limits``."""
        return self._call("PUT", self._venue_path("/account/loss-limits"), json=_drop_none(
            {"max_daily_loss": _amount(max_daily_loss), "max_drawdown": _amount(max_drawdown)}))

    def loss_limits(self):
        """The caller's loss limits and the venue's, the limit that tripped (or None), its equity, and the peak and
        day's opening equity its losses are measured from."""
        return self._call("GET", self._venue_path("/account/loss-limits"))

    def reset_loss_limit(self):
        """Resets the caller's tripped loss limit, so that it may trade again; its losses are measured from now."""
        return self._call("POST", self._venue_path("/account/loss-limits/reset"))

    def allow_short_selling(self, enabled: bool = True):
        """Turns short selling on (or off) for the caller's own account, where the venue lends shares only to
        accounts that opt in (as `main` does by default); answers the portfolio."""
        return self._call("PUT", self._venue_path("/account/short-selling"), json={"enabled": enabled},
                          parse=Portfolio.from_json)

    def leaderboard(self):
        """The top 50 of this client's venue by total value, market makers and administrators excluded."""
        return self._call("GET", self._venue_path("/leaderboard"), auth=False,
                          parse=lambda d: [LeaderboardRow(r["username"], _money(r["cash"]), _money(r["total_value"]))
                                           for r in d["leaderboard"]])

    # Venues
    def venues(self):
        """The public venues."""
        return self._call("GET", "/api/venues", auth=False, parse=lambda d: [Venue.from_json(v) for v in d["venues"]])

    def venue_info(self):
        """This client's venue: its tickers, starting cash and trading status."""
        return self._call("GET", f"/api/venues/{quote(self.venue)}", auth=False, parse=Venue.from_json)

    def join(self, invite_code: Optional[str] = None):
        """Opens the caller's account in this client's venue."""
        return self._call("POST", f"/api/venues/{quote(self.venue)}/join",
                          json=_drop_none({"invite_code": invite_code}), parse=Venue.from_json)

    # Tournaments
    def tournaments(self, status: Optional[str] = None):
        """Published tournaments, optionally of one `status` (open, active, completed, cancelled)."""
        return self._call("GET", "/api/tournaments", auth=False, params=_drop_none({"status": status}),
                          parse=lambda d: [Tournament.from_json(t) for t in d["tournaments"]])

    def tournament(self, tournament_id: str):
        """One published tournament."""
        return self._call("GET", f"/api/tournaments/{quote(tournament_id)}", auth=False, parse=Tournament.from_json)

    def enter(self, tournament_id: str):
        """Enters the caller in an open tournament."""
        return self._call("POST", f"/api/tournaments/{quote(tournament_id)}/enter", parse=Tournament.from_json)

    def withdraw(self, tournament_id: str):
        """Withdraws the caller from a tournament that has not started."""
        return self._call("POST", f"/api/tournaments/{quote(tournament_id)}/withdraw", parse=Tournament.from_json)

    def standings(self, tournament_id: str):
        """A tournament's live standings, or its final ones once completed."""
        return self._call("GET", f"/api/tournaments/{quote(tournament_id)}/standings", auth=False,
                          parse=Standings.from_json)

    def results(self, tournament_id: str):
        """A completed tournament's final standings (Conflict until it completes)."""
        return self._call("GET", f"/api/tournaments/{quote(tournament_id)}/results", auth=False,
                          parse=Standings.from_json)

    def equity(self, tournament_id: str):
        """Each competitor's equity over the tournament: username → points."""
        return self._call("GET", f"/api/tournaments/{quote(tournament_id)}/equity", auth=False,
                          parse=lambda d: {s["username"]: [EquityPoint(p["time"], _money(p["total_value"]))
                                                           for p in s["points"]] for s in d["series"]})

    # Administration (admins, and hosts of the venue or tournament)
    def create_venue(self, definition: Dict[str, Any]):
        """Creates a venue from a definition (administrators)."""
        return self._call("POST", "/api/admin/venues", json=definition, parse=Venue.from_json)

    def create_tournament(self, definition: Dict[str, Any]):
        """Creates a draft tournament from a definition (administrators and hosts)."""
        return self._call("POST", "/api/admin/tournaments", json=definition, parse=Tournament.from_json)

    def load_tournament(self, file: str):
        """Creates a tournament from a definition file in the server's tournaments folder."""
        return self._call("POST", "/api/admin/tournaments/load", json={"file": file}, parse=Tournament.from_json)

    def admin_tournaments(self, status: Optional[str] = None):
        """The tournaments the caller runs, drafts included, optionally of one `status`."""
        return self._call("GET", "/api/admin/tournaments", params=_drop_none({"status": status}),
                          parse=lambda d: [Tournament.from_json(t) for t in d["tournaments"]])

    def edit_tournament(self, tournament_id: str, **changes: Any):
        """Edits a draft tournament: any of name, description, starts_at or starts_in_seconds, ends_at or
        duration_seconds, max_participants and late_entry_seconds."""
        return self._call("PATCH", f"/api/admin/tournaments/{quote(tournament_id)}", json=changes,
                          parse=Tournament.from_json)

    def publish_tournament(self, tournament_id: str):
        """Publishes a draft tournament: it opens for entry."""
        return self._call("POST", f"/api/admin/tournaments/{quote(tournament_id)}/publish", parse=Tournament.from_json)

    def start_tournament(self, tournament_id: str):
        """Starts an open tournament now: trading opens to its entrants."""
        return self._call("POST", f"/api/admin/tournaments/{quote(tournament_id)}/start", parse=Tournament.from_json)

    def end_tournament(self, tournament_id: str):
        """Ends an active tournament now: trading halts and the final standings are computed."""
        return self._call("POST", f"/api/admin/tournaments/{quote(tournament_id)}/end", parse=Tournament.from_json)

    def cancel_tournament(self, tournament_id: str):
        """Cancels a tournament that has not completed."""
        return self._call("POST", f"/api/admin/tournaments/{quote(tournament_id)}/cancel", parse=Tournament.from_json)

    def adjust(self, user_id: str, reason: str, *, cash: Optional[Money] = None, ticker: Optional[str] = None,
               shares: Optional[int] = None):
        """Credits (positive) or debits (negative) cash, or shares of a ticker, in this client's venue."""
        body = _drop_none({"user_id": user_id, "reason": reason, "cash": _amount(cash), "ticker": ticker, "shares": shares})
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/adjustments", json=body)

    def halt(self, reason: str, ticker: Optional[str] = None):
        """Halts one ticker of this client's venue, or the whole venue, with a reason; cancels still work."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/halt",
                          json=_drop_none({"reason": reason, "ticker": ticker}))

    def resume(self, ticker: Optional[str] = None):
        """Resumes one ticker of this client's venue, or the whole venue."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/resume", json=_drop_none({"ticker": ticker}))

    def cancel_orders(self, *, user_id: Optional[str] = None, username: Optional[str] = None,
                      ticker: Optional[str] = None):
        """Cancels resting orders of a user (by id or by username) and/or a ticker in this client's venue,
        refunding their escrow."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/cancel-orders",
                          json=_drop_none({"user_id": user_id, "username": username, "ticker": ticker}))

    def admin_venue(self):
        """This client's venue with its invite code and hosts."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}")

    def set_host(self, user_id: str, is_host: bool = True):
        """Makes a user a host of this client's venue (admins only), or no longer one."""
        return self._call("PUT" if is_host else "DELETE", f"/api/admin/venues/{quote(self.venue)}/hosts/{quote(user_id)}")

    def entrants(self, tournament_id: str):
        """A tournament's entrants and their status (competing, withdrawn, disqualified)."""
        return self._call("GET", f"/api/admin/tournaments/{quote(tournament_id)}/entrants", parse=lambda d: d["entrants"])

    def disqualify(self, tournament_id: str, user_id: str):
        """Disqualifies an entrant of a tournament, by user id."""
        return self._call("POST", f"/api/admin/tournaments/{quote(tournament_id)}/disqualify", json={"user_id": user_id},
                          parse=lambda d: d["entrants"])

    def round_trips(self, tournament_id: str, threshold: int = 3):
        """Pairs of entrants that traded back and forth at least `threshold` times each way."""
        return self._call("GET", f"/api/admin/tournaments/{quote(tournament_id)}/round-trips",
                          params={"threshold": threshold}, parse=lambda d: d["flags"])

    def list_ticker(self, symbol: str, initial_price: Money, tick_size: Optional[Money] = None, reason: Optional[str] = None):
        """Adds a ticker to this client's venue."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/tickers", json=_drop_none(
            {"symbol": symbol, "initial_price": _amount(initial_price), "tick_size": _amount(tick_size), "reason": reason}))

    def delist(self, symbol: str, price: Money, reason: str):
        """Removes a ticker: trading stops, its orders are cancelled and every holder is paid `price` a share."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/tickers/{quote(symbol)}/delist",
                          json={"price": _amount(price), "reason": reason})

    def rules(self):
        """This client's venue's fees, risk limits and short-selling rule."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}/rules")

    def set_fees(self, *, maker_bps: Optional[int] = None, taker_bps: Optional[int] = None,
                 minimum: Optional[Money] = None, reason: Optional[str] = None):
        """Sets the maker and taker rates (basis points) and the minimum fee of this client's venue."""
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/fees", json=_drop_none(
            {"maker_bps": maker_bps, "taker_bps": taker_bps, "minimum": _amount(minimum), "reason": reason}))

    def set_risk_limits(self, *, max_order_quantity: Optional[int] = None, max_order_value: Optional[Money] = None,
                        max_position: Optional[int] = None, max_open_orders: Optional[int] = None,
                        reason: Optional[str] = None):
        """Sets the risk limits of this client's venue; a limit left out is none."""
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/risk-limits", json=_drop_none(
            {"max_order_quantity": max_order_quantity, "max_order_value": _amount(max_order_value),
             "max_position": max_position, "max_open_orders": max_open_orders, "reason": reason}))

    def set_short_selling(self, enabled: bool = True, *, initial_margin_bps: Optional[int] = None,
                          maintenance_margin_bps: Optional[int] = None, opt_in: Optional[bool] = None,
                          reason: Optional[str] = None):
        """Allows short selling in this client's venue with these margins (basis points; 5000 and 2500 when left
        out), to every account or (`opt_in=True`) to those that turn it on for themselves, or stops it
        (`enabled=False`): a sale beyond one's shares then borrows them against collateral."""
        body = ({"initial_margin_bps": initial_margin_bps, "maintenance_margin_bps": maintenance_margin_bps,
                 "opt_in": opt_in} if enabled else {"enabled": False})
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/short-selling",
                          json=_drop_none({**body, "reason": reason}))

    def venue_loss_limits(self):
        """The loss limits this client's venue sets for every account."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}/loss-limits")

    def set_venue_loss_limits(self, *, max_daily_loss: Optional[Money] = None, max_drawdown: Optional[Money] = None):
        """Sets the loss limits of every account of this client's venue but the house's (a limit left out
        is none); the stricter of the venue's and an account's own binds."""
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/loss-limits", json=_drop_none(
            {"max_daily_loss": _amount(max_daily_loss), "max_drawdown": _amount(max_drawdown)}))

    def reset_user_loss_limit(self, *, user_id: Optional[str] = None, username: Optional[str] = None):
        """Resets a user's tripped loss limit in this client's venue, named by id or username."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/loss-limits/reset",
                          json=_drop_none({"user_id": user_id, "username": username}))

    def market_makers(self):
        """The market maker of this client's venue: whether it is enabled and running, and its settings."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}/market-makers")

    def set_market_makers(self, settings: Dict[str, Any]):
        """Switches the venue's market maker on or off (`{"enabled": false}`) or changes its parameters."""
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/market-makers", json=settings)

    def background_traders(self):
        """The background traders of this client's venue: whether enabled and running, their settings and accounts."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}/background-traders")

    def set_background_traders(self, settings: Dict[str, Any]):
        """Stops the venue's background traders (`{"enabled": false}`) or restarts them with these keys."""
        return self._call("PUT", f"/api/admin/venues/{quote(self.venue)}/background-traders", json=settings)

    def market_event(self, kind: str, ticker: Optional[str] = None, *, amount: Optional[Money] = None,
                     percent: Optional[Money] = None, headline: Optional[str] = None, reason: Optional[str] = None):
        """A dividend (`amount` per share), a price shock (`percent`) or a headline (`headline`, with an optional
        ticker and the `percent` it moves that ticker's fair value) now."""
        return self._call("POST", f"/api/admin/venues/{quote(self.venue)}/market-events", json=_drop_none(
            {"kind": kind, "ticker": ticker, "headline": headline, "amount": _amount(amount),
             "percent": _amount(percent), "reason": reason}))

    def publish_news(self, headline: str, ticker: Optional[str] = None, *, percent: Optional[Money] = None,
                     reason: Optional[str] = None):
        """Publishes a headline to the venue's `news` channel (hosts and administrators); with a ticker and a
        percent it also moves that ticker's fair value."""
        return self.market_event("news", ticker, headline=headline, percent=percent, reason=reason)

    def agents(self):
        """Per account: orders and fills per minute, rejections by reason, rate-limit hits, open orders, P&L."""
        return self._call("GET", f"/api/admin/venues/{quote(self.venue)}/agents")

    def halt_everything(self, reason: str):
        """Halts every venue, with a reason (administrators)."""
        return self._call("POST", "/api/admin/halt", json={"reason": reason})

    def resume_everything(self):
        """Resumes every venue (administrators)."""
        return self._call("POST", "/api/admin/resume", json={})

    def user(self, user_id: str):
        """A user by id or username: role, suspension (administrators)."""
        return self._call("GET", f"/api/admin/users/{quote(user_id)}")

    def suspend(self, user_id: str, reason: str):
        """Suspends a user, with a reason: their tokens, keys and login are refused (administrators)."""
        return self._call("POST", f"/api/admin/users/{quote(user_id)}/suspend", json={"reason": reason})

    def reinstate(self, user_id: str, reason: Optional[str] = None):
        """Reinstates a suspended user (administrators)."""
        return self._call("POST", f"/api/admin/users/{quote(user_id)}/reinstate", json=_drop_none({"reason": reason}))

    def revoke_keys(self, user_id: str, reason: Optional[str] = None):
        """Revokes every API key of a user and closes the sockets opened with them (administrators)."""
        return self._call("POST", f"/api/admin/users/{quote(user_id)}/revoke-keys", json=_drop_none({"reason": reason}))

    def audit(self, **filters):
        """The audit log, newest first; filters: venue, actor, action, since, until, limit, offset."""
        return self._call("GET", "/api/admin/audit", params=_drop_none(filters))

    def health(self):
        """The liveness probe: ``{"status": "ok"}`` while the server answers."""
        return self._call("GET", "/api/health", auth=False)

    def ready(self):
        """The readiness probe: ``{"status": "ready", "venues": [...]}`` once the database answers and every venue
        journals; a ServerError (503) otherwise."""
        return self._call("GET", "/api/ready", auth=False)

    def metrics(self) -> str:
        """The server's metrics in the Prometheus text format."""
        return self._call("GET", "/metrics", auth=False)


def _order_body(ticker: str, side: str, quantity: int, price: Optional[Money] = None, *, type: Optional[str] = None,
                time_in_force: Optional[str] = "GTC", client_order_id: Optional[str] = None,
                stop_price: Optional[Money] = None, trail_amount: Optional[Money] = None,
                trail_percent: Optional[Money] = None, display_quantity: Optional[int] = None,
                post_only: Optional[bool] = None, bracket: Union[Bracket, Mapping[str, Money], None] = None):
    body = {"ticker": ticker, "side": side, "quantity": quantity,
            "type": type or ("market" if price is None else "limit"), "price": _amount(price),
            "time_in_force": time_in_force, "client_order_id": client_order_id,
            **_trigger(stop_price, trail_amount, trail_percent),
            "display_quantity": display_quantity, "post_only": post_only, "bracket": _bracket(bracket)}
    return _drop_none(body)
