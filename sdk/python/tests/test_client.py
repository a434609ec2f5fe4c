"""The synchronous client against the real server: every kind of route, typed answers and typed errors."""
from decimal import Decimal

import pytest

from marketsim import (AuthenticationError, Client, Conflict, InsufficientFunds, InvalidRequest, NotFound, Order,
                       PermissionDenied, Portfolio, RateLimited, TradingHalted)

from conftest import ADMIN, RunningServer


def admin_client(server) -> Client:
    client = Client(server.url)
    client.login(*ADMIN)
    return client


def test_register_trade_and_read_back_typed_answers(server, name):
    with Client(server.url) as client:
        registration = client.register(name, "a-host-password-long-enough")
        assert registration.cash == Decimal("10000") and client.api_key == registration.api_key
        quotes = client.quotes()
        assert set(quotes) == {"FUN", "MEME", "YOLO", "HODL", "PUMP"}
        assert isinstance(quotes["FUN"].current_price, Decimal)

        resting = client.buy("FUN", 2, Decimal("1.00"), client_order_id=f"{name}-1")
        assert isinstance(resting, Order) and resting.status == "open" and resting.price == Decimal("1.00")
        again = client.buy("FUN", 2, Decimal("1.00"), client_order_id=f"{name}-1")
        assert again.duplicate and again.order_id == resting.order_id
        assert [o.order_id for o in client.orders()] == [resting.order_id]
        portfolio = client.portfolio()
        assert isinstance(portfolio, Portfolio) and portfolio.escrowed_cash == Decimal("2.00")

        smaller = client.amend_order(resting.order_id, quantity=1)
        assert smaller.order_id == resting.order_id and smaller.quantity == 1
        client.cancel_order(resting.order_id)
        assert client.orders() == [] and client.portfolio().escrowed_cash == 0

        # A market buy fills against the market maker's ask.
        bought = client.buy("FUN", 3)
        assert bought.status == "filled" and sum(t.quantity for t in bought.trades) == 3
        assert client.portfolio().quantity("FUN") == 3
        [fun] = [h for h in client.portfolio().holdings if h.ticker == "FUN"]
        paid = sum(t.price * t.quantity for t in bought.trades)
        assert fun.cost_basis == paid and fun.average_price == (paid / 3).quantize(Decimal("0.01"), "ROUND_DOWN")
        assert fun.unrealized_pnl == fun.value - paid and fun.realized_pnl == 0
        trades = client.trades(ticker="FUN")
        assert {t.order_id for t in trades} == {bought.order_id} and all(t.side == "buy" for t in trades)
        book = client.order_book("FUN")
        assert book.asks and book.bids and book.bids[0].price < book.asks[0].price
        assert client.ticker("FUN").tick_size == Decimal("0.01")
        assert isinstance(client.candles("FUN", "1m"), list)
        assert any(row.username == name for row in client.leaderboard()) or len(client.leaderboard()) == 50
        key = client.create_api_key("second")
        assert key.api_key.startswith("msk_") and len(client.api_keys()) == 2
        client.revoke_api_key(key.id)
        assert len(client.api_keys()) == 1
        reader = client.create_api_key("watcher", scope="read")
        assert reader.scope == "read" and key.scope == "trade"
        with Client(server.url, api_key=reader.api_key) as watching:
            assert watching.portfolio().quantity("FUN") == 3
            with pytest.raises(PermissionDenied) as refused:
                watching.buy("FUN", 1)
            assert refused.value.code == "insufficient_scope"
        assert client.portfolio().quantity("FUN") == 3


def test_errors_are_typed_with_the_servers_reason(server, name):
    with Client(server.url) as client, Client(server.url) as other:
        client.register(name, "a-secret")
        other.register(name + "-b", "a-secret")
        with pytest.raises(InsufficientFunds) as refused:
            client.buy("FUN", 1000, Decimal("99"))
        assert refused.value.code == "insufficient_cash" and "cash" in refused.value.detail.lower()
        with pytest.raises(InsufficientFunds):
            client.sell("FUN", 5, Decimal("99"))
        with pytest.raises(InvalidRequest) as off_grid:
            client.buy("FUN", 1, "1.005")
        assert off_grid.value.status == 400
        with pytest.raises(NotFound):
            client.ticker("NOPE")
        with pytest.raises(NotFound):
            client.cancel_order("12345")
        order = client.buy("FUN", 1, "1.00")
        with pytest.raises(PermissionDenied):
            other.cancel_order(order.order_id)
        with pytest.raises(Conflict):
            Client(server.url).register(name, "another")
        with pytest.raises(AuthenticationError):
            Client(server.url, api_key="msk_not-a-key").portfolio()
        with pytest.raises(TypeError):
            client.buy("FUN", 1, 1.5)

        admin = admin_client(server)
        admin.halt("maintenance", ticker="MEME")
        try:
            with pytest.raises(TradingHalted) as halted:
                client.buy("MEME", 1, "1.00")
            assert "maintenance" in halted.value.detail
            client.cancel_order(order.order_id)  # cancels still work
        finally:
            admin.resume(ticker="MEME")


def test_a_password_change_ends_the_old_sessions(server, name):
    with Client(server.url) as client, Client(server.url) as other_session:
        client.register(name, "first-password")
        client.login(name, "first-password")
        other_session.login(name, "first-password")
        with pytest.raises(AuthenticationError):
            client.change_password("not-it", "second-password")
        client.change_password("first-password", "second-password")
        assert client.portfolio().cash == Decimal("10000")
        with pytest.raises(AuthenticationError):
            other_session.portfolio()
        with pytest.raises(AuthenticationError):
            other_session.login(name, "first-password")
        other_session.login(name, "second-password")


def test_the_probes_and_the_metrics(server):
    with Client(server.url) as client:
        assert client.health() == {"status": "ok"}
        ready = client.ready()
        assert ready["status"] == "ready" and "main" in ready["venues"]
        metrics = client.metrics()
        assert isinstance(metrics, str) and "# TYPE marketsim_orders_accepted_total counter" in metrics


def test_rate_limits_raise_with_the_retry_delay_or_are_waited_out():
    limited = RunningServer(MARKET_MAKERS="off", RATE_LIMIT_REQUESTS="5", RATE_LIMIT_WINDOW="2").start()
    try:
        client = Client(limited.url, max_rate_limit_retries=0)
        client.register("limited", "a-secret")
        with pytest.raises(RateLimited) as error:
            for _ in range(20):
                client.portfolio()
        assert error.value.retry_after and error.value.retry_after > 0
        patient = Client(limited.url, api_key=client.api_key, max_rate_limit_retries=3)
        for _ in range(8):
            assert patient.portfolio().username == "limited"
    finally:
        limited.stop()


def test_a_client_per_venue_and_per_tournament(server, name):
    admin = admin_client(server)
    venue_id = f"v-{name[4:]}"
    admin.create_venue({"id": venue_id, "name": "SDK venue", "starting_cash": 500, "visibility": "invite",
                        "invite_code": "sdk-code", "tickers": [{"symbol": "OWL", "initial_price": 20}]})
    with Client(server.url) as client:
        registration = client.register(name, "a-host-password-long-enough")
        venue = client.in_venue(venue_id)
        with pytest.raises(PermissionDenied):
            venue.join("wrong")
        assert venue.join("sdk-code").id == venue_id
        assert venue.portfolio().cash == Decimal("500") and client.portfolio().cash == Decimal("10000")
        order = venue.buy("OWL", 2, "19.50")
        assert [o.order_id for o in venue.orders()] == [order.order_id] and client.orders() == []
        assert list(venue.quotes()) == ["OWL"]
        hosted = admin.in_venue(venue_id).set_host(registration.user_id)
        assert hosted["hosts"] == [registration.user_id]
        with pytest.raises(PermissionDenied) as trade_key:
            venue.admin_venue()
        assert trade_key.value.code == "insufficient_scope"
        # A host's control-plane key: an admin key, which only administrators and hosts may create, signed in.
        with pytest.raises(PermissionDenied) as from_a_trade_key:
            client.create_api_key("host", scope="admin")
        assert from_a_trade_key.value.code == "scope_not_allowed"
        with Client(server.url) as session:
            session.login(name, "a-host-password-long-enough")
            host_key = session.create_api_key("host", scope="admin").api_key
        with Client(server.url, api_key=host_key) as host:
            assert host.in_venue(venue_id).admin_venue()["invite_code"] == "sdk-code"
            admin.in_venue(venue_id).set_host(registration.user_id, False)
            with pytest.raises(PermissionDenied) as no_longer:
                host.in_venue(venue_id).admin_venue()
            assert no_longer.value.code == "forbidden"

        tournament_id = f"t-{name[4:]}"
        admin.create_tournament({"id": tournament_id, "name": "SDK cup", "starts_in_seconds": 3600,
                                 "duration_seconds": 3600, "max_participants": 5,
                                 "venue": {"name": "SDK cup", "starting_cash": 1000,
                                           "tickers": [{"symbol": "OWL", "initial_price": 10}]}})
        admin.publish_tournament(tournament_id)
        assert client.enter(tournament_id).entrants == 1
        with pytest.raises(Conflict):
            client.enter(tournament_id)
        admin.start_tournament(tournament_id)
        cup = client.in_tournament(tournament_id)
        resting = cup.buy("OWL", 3, "9.00")
        standings = client.standings(tournament_id)
        assert [row.username for row in standings.rows] == [name] and not standings.final
        assert [e["username"] for e in admin.entrants(tournament_id)] == [name]
        assert admin.round_trips(tournament_id) == []
        admin.in_venue(tournament_id).cancel_orders(user_id=registration.user_id)
        assert cup.orders() == []
        resting = cup.buy("OWL", 3, "9.00")
        admin.end_tournament(tournament_id)
        results = client.results(tournament_id)
        assert results.final and results.rows[0].total_value == Decimal("1000")
        assert cup.orders(status="cancelled")[0].order_id == resting.order_id
        assert name in client.equity(tournament_id)


def test_the_admin_control_plane_through_the_sdk(server, name):
    admin = admin_client(server)
    with Client(server.url) as trader:
        registration = trader.register(name, "a-secret")
        with pytest.raises(PermissionDenied):
            trader.suspend(registration.user_id, "not allowed")
        admin.suspend(registration.user_id, "testing the SDK")
        with pytest.raises(PermissionDenied) as suspended:
            trader.portfolio()
        assert suspended.value.code == "account_suspended"
        admin.reinstate(registration.user_id)
        assert trader.portfolio().username == name
        admin.adjust(registration.user_id, "SDK credit", cash="12.34")
        assert trader.portfolio().cash == Decimal("10012.34")
        entries = admin.audit(actor=ADMIN[0], limit=20)
        actions = [e["action"] for e in (entries["entries"] if isinstance(entries, dict) else entries)]
        assert "suspend" in " ".join(actions) and any("cash" in a for a in actions)
        assert isinstance(admin.rules(), dict) and isinstance(admin.agents(), (dict, list))
        # On main an account sells short only once it opts in.
        with pytest.raises(InsufficientFunds) as refused:
            trader.place_order("FUN", "sell", 1, price="1000")
        assert refused.value.code == "insufficient_shares" and not trader.portfolio().short_selling_allowed
        assert trader.allow_short_selling().short_selling_allowed
        assert not trader.allow_short_selling(False).short_selling_allowed
        # Short selling: a sale beyond one's shares borrows them, and the portfolio shows the collateral.
        assert admin.set_short_selling(initial_margin_bps=5000, reason="SDK")["short_selling"]["enabled"] == "true"
        try:
            trader.place_order("FUN", "sell", 2, price="1000")
            short = trader.portfolio()
            assert short.margin_used == Decimal("3000") and short.margin_available == short.cash
        finally:
            admin.set_short_selling(False)
        assert admin.rules()["short_selling"] == {"enabled": "false"}


def test_loss_limits_through_the_sdk(server, name):
    admin = admin_client(server)
    with Client(server.url) as trader:
        trader.register(name, "a-secret")
        limits = trader.set_loss_limits(max_daily_loss="250.50")
        assert limits["max_daily_loss"] == 250.5 and limits["max_drawdown"] is None and limits["tripped"] is None
        assert trader.loss_limits()["peak_equity"] == limits["equity"]
        with pytest.raises(InvalidRequest):
            trader.set_loss_limits(max_drawdown="-1")
        assert trader.reset_loss_limit()["tripped"] is None
        assert trader.set_loss_limits()["max_daily_loss"] is None
        try:
            assert admin.set_venue_loss_limits(max_drawdown=900)["max_drawdown"] == 900
            assert admin.venue_loss_limits()["max_drawdown"] == 900
            assert trader.loss_limits()["venue_max_drawdown"] == 900
            assert admin.reset_user_loss_limit(username=name)["tripped"] is None
        finally:
            admin.set_venue_loss_limits()
        assert admin.venue_loss_limits()["max_drawdown"] is None


def test_a_client_signs_its_requests_instead_of_sending_its_key(server, name):
    with Client(server.url) as registering:
        registration = registering.register(name, "a-host-password-long-enough")
    assert registration.signing_secret.startswith("mss_") and registration.api_key_id

    with Client(server.url, signing_key_id=registration.api_key_id,
                signing_secret=registration.signing_secret) as signing:
        assert signing.api_key is None
        resting = signing.buy("FUN", 2, Decimal("1.00"), client_order_id=f"{name}-signed")
        assert resting.status == "open"
        assert [o.order_id for o in signing.orders(status="all")] == [resting.order_id]
        assert signing.cancel_order(resting.order_id)["status"] == "cancelled"
        key = signing.create_api_key("reader", scope="read")
        assert key.signing_secret.startswith("mss_") and key.signing_secret != registration.signing_secret

    with Client(server.url, signing_key_id=registration.api_key_id, signing_secret="mss_" + "0" * 64) as wrong:
        with pytest.raises(AuthenticationError) as refused:
            wrong.portfolio()
        assert refused.value.code == "invalid_signature"
