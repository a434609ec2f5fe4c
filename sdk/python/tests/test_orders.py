"""Advanced orders through the SDK against the real server: stop, take-profit and trailing orders triggered
by trades, an iceberg's shown size, post-only refusals, OCO pairs and brackets.

Each test trades in a venue of its own without a market maker, so that every trade is one the test makes
and a trigger fires exactly when the test prints a price."""
import asyncio
import time
import uuid
from decimal import Decimal

import pytest

from marketsim import (AsyncClient, Bracket, Client, InsufficientFunds, InvalidRequest, Leg, NotFound, Order,
                       PermissionDenied)

from conftest import ADMIN

START = Decimal("100.00")


class Market:
    """A venue of one ticker, STP at 100.00, no market maker, no fees; traders join it with cash and shares."""

    def __init__(self, server):
        self.server = server
        self.admin = Client(server.url)
        self.admin.login(*ADMIN)
        self.venue = f"orders-{uuid.uuid4().hex[:8]}"
        self.admin.create_venue({"id": self.venue, "name": "Advanced orders", "starting_cash": 100000,
                                 "tickers": [{"symbol": "STP", "initial_price": 100}], "market_makers": False,
                                 "fees": {"maker_bps": 0, "taker_bps": 0}})
        self.clients = [self.admin]

    def trader(self, shares: int = 0) -> Client:
        client = Client(self.server.url)
        self.clients.append(client)
        registration = client.register(f"sdk-{uuid.uuid4().hex[:10]}", "a-secret")
        venue = client.in_venue(self.venue)
        venue.join()
        if shares:
            self.admin.in_venue(self.venue).adjust(registration.user_id, "test holdings", ticker="STP", shares=shares)
        return venue

    def print_trade(self, price) -> None:
        """One share changes hands at `price` between two traders of its own, so a trade prints there."""
        seller, buyer = self.trader(shares=1), self.trader()
        seller.sell("STP", 1, price)
        bought = buyer.buy("STP", 1, price)
        assert bought.status == "filled" and bought.trades[0].price == Decimal(str(price)), bought

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def market(server):
    quiet = Market(server)
    yield quiet
    quiet.close()


def order_of(client, order_id: str) -> Order:
    return next(o for o in client.orders(status="all", limit=100) if o.order_id == order_id)


def eventually(client, order_id: str, condition, timeout: float = 10) -> Order:
    """The order once `condition` holds for it (a trigger is acted on with the trade that fires it, but
    the test does not rely on the answer to that trade having waited for it)."""
    deadline = time.time() + timeout
    while True:
        order = order_of(client, order_id)
        if condition(order) or time.time() > deadline:
            return order
        time.sleep(0.05)


def test_a_stop_sell_waits_open_and_untriggered_until_a_trade_prints_at_its_stop(market):
    holder, bidder = market.trader(shares=5), market.trader()
    bid = bidder.buy("STP", 5, "94.00")
    stop = holder.sell("STP", 5, type="stop", stop_price=Decimal("95.00"))
    assert (stop.type, stop.status, stop.triggered, stop.stop_price, stop.price) == ("stop", "open", False, Decimal("95"), None)
    assert stop.awaiting_trigger and stop.order_id in [o.order_id for o in holder.orders(status="open")]

    market.print_trade("95.01")  # above the stop: nothing happens
    assert order_of(holder, stop.order_id).awaiting_trigger
    market.print_trade("95.00")  # at the stop: it enters at market and sells into the bid at 94
    done = eventually(holder, stop.order_id, lambda o: o.status == "filled")
    assert (done.triggered, done.filled_quantity) == (True, 5)
    assert order_of(bidder, bid.order_id).status == "filled"
    assert holder.portfolio().quantity("STP") == 0


def test_a_stop_buy_reserves_cash_at_its_protection_price_and_a_reached_trigger_is_refused(market):
    buyer = market.trader()
    before = buyer.portfolio()
    stop = buyer.buy("STP", 2, type="stop", stop_price="110.00")
    # The trigger ceiling + 5 %, rounded up to the tick: 110 × 1.05 = 115.50.
    assert stop.protection_price == Decimal("115.50")
    assert buyer.portfolio().escrowed_cash - before.escrowed_cash == Decimal("231.00")
    with pytest.raises(InvalidRequest) as reached:
        buyer.buy("STP", 2, type="stop", stop_price="99.00")  # the last price, 100, is already above it
    assert reached.value.code == "trigger_already_reached"
    with pytest.raises(InvalidRequest):
        buyer.buy("STP", 2, "100.00", type="stop", stop_price="110.00")  # a stop takes no price
    with pytest.raises(InvalidRequest) as amend:
        buyer.amend_order(stop.order_id, quantity=1)
    assert amend.value.code == "order_not_amendable"
    buyer.cancel_order(stop.order_id)
    assert buyer.portfolio().escrowed_cash == before.escrowed_cash


def test_take_profit_orders_trigger_the_other_way_round(market):
    holder, bidder = market.trader(shares=6), market.trader()
    with pytest.raises(InvalidRequest) as reached:
        holder.sell("STP", 1, type="take_profit", stop_price="100.00")  # the last price, 100, already meets it
    assert reached.value.code == "trigger_already_reached"
    bidder.buy("STP", 6, "104.00")
    at_market = holder.sell("STP", 3, type="take_profit", stop_price="105.00")
    limited = holder.sell("STP", 3, "104.00", type="take_profit_limit", stop_price="105.00", time_in_force="GTC")
    assert (at_market.triggered, limited.triggered, limited.price) == (False, False, Decimal("104"))

    market.print_trade("104.99")  # below a sell's take-profit: nothing happens
    assert order_of(holder, at_market.order_id).awaiting_trigger and order_of(holder, limited.order_id).awaiting_trigger
    market.print_trade("105.00")
    for order in (at_market, limited):
        done = eventually(holder, order.order_id, lambda o: o.status == "filled")
        assert (done.triggered, done.filled_quantity) == (True, 3), done
    assert holder.portfolio().quantity("STP") == 0


def test_a_trailing_stop_follows_the_highest_trade_since_it_was_placed(market):
    holder, bidder = market.trader(shares=4), market.trader()
    bid = bidder.buy("STP", 4, "90.00")
    trailing = holder.sell("STP", 4, type="trailing_stop", trail_amount="2.00")
    assert (trailing.type, trailing.trail_amount, trailing.triggered) == ("trailing_stop", Decimal("2"), False)

    market.print_trade("103.00")  # the high moves up to 103: the stop to 101
    market.print_trade("101.50")  # above 101: a fixed stop at 98 would not fire either, nor does this
    assert order_of(holder, trailing.order_id).awaiting_trigger
    market.print_trade("101.00")
    done = eventually(holder, trailing.order_id, lambda o: o.status == "filled")
    assert (done.triggered, done.filled_quantity) == (True, 4)
    assert order_of(bidder, bid.order_id).status == "filled"

    buyer = market.trader()
    trailing_buy = buyer.buy("STP", 1, type="trailing_stop", trail_percent="1.5")
    assert (trailing_buy.trail_percent, trailing_buy.triggered) == (Decimal("1.5"), False)
    # The last trade was the stop's sale at 90: the buy triggers at 90 × 1.015 = 91.35 at the latest, and
    # holds cash at that ceiling + 5 %, rounded up to the tick: 95.9175 → 95.92.
    assert trailing_buy.protection_price == Decimal("95.92")
    with pytest.raises(InvalidRequest) as both:
        buyer.buy("STP", 1, type="trailing_stop", trail_amount="1.00", trail_percent="1")  # exactly one of them
    assert both.value.code.startswith("invalid_")


def test_an_iceberg_shows_only_its_display_quantity_and_refills(market):
    seller, buyer = market.trader(shares=55), market.trader()
    iceberg = seller.sell("STP", 50, "101.00", display_quantity=10)
    assert (iceberg.display_quantity, iceberg.status) == (10, "open")
    assert [(level.price, level.quantity) for level in seller.order_book("STP").asks] == [(Decimal("101"), 10)]
    bought = buyer.buy("STP", 20, "101.00")  # two shown parts, one after the other
    assert bought.filled_quantity == 20
    assert [(level.price, level.quantity) for level in seller.order_book("STP").asks] == [(Decimal("101"), 10)]
    assert order_of(seller, iceberg.order_id).filled_quantity == 20
    with pytest.raises(InvalidRequest) as refused:
        seller.sell("STP", 5, "101.00", display_quantity=5)  # the shown part must be below the quantity
    assert refused.value.code.startswith("invalid_")


def test_a_post_only_order_that_would_trade_is_refused_and_changes_nothing(market):
    seller, buyer = market.trader(shares=5), market.trader()
    seller.sell("STP", 5, "101.00")
    before = buyer.portfolio()
    with pytest.raises(InvalidRequest) as refused:
        buyer.buy("STP", 5, "101.00", post_only=True)
    assert refused.value.code == "post_only_would_trade"
    assert buyer.portfolio() == before and buyer.orders() == []
    resting = buyer.buy("STP", 5, "100.99", post_only=True)
    assert (resting.post_only, resting.status, resting.filled_quantity) == (True, "open", 0)


def test_an_oco_pair_cancels_the_other_when_one_trades_and_both_when_one_is_cancelled(server, market):
    holder, buyer = market.trader(shares=20), market.trader()
    limit, stop = holder.place_oco("STP", "sell", 5, [Leg("limit", price="105.00"), {"type": "stop", "stop_price": "95.00"}])
    assert (limit.type, stop.type, stop.triggered) == ("limit", "stop", False)
    assert (limit.linked_order_id, stop.linked_order_id) == (stop.order_id, limit.order_id)
    assert {o.order_id for o in holder.orders(status="open")} == {limit.order_id, stop.order_id}

    async def fill_the_limit_leg_and_hear_the_stop_leg_go():
        async with AsyncClient(server.url, api_key=holder.api_key, venue=market.venue) as live:
            async with live.stream("private") as stream:
                assert (await stream.next(timeout=10))["type"] == "resync"
                await asyncio.to_thread(buyer.buy, "STP", 5, "105.00")  # the limit leg fills
                while True:
                    message = await stream.next(timeout=10)
                    if message.get("event") == "cancelled" and message["order_id"] == stop.order_id:
                        return message
    cancelled = asyncio.run(fill_the_limit_leg_and_hear_the_stop_leg_go())
    assert cancelled["reason"] == "oneCancelsOther"
    assert order_of(holder, stop.order_id).status == "cancelled"
    assert order_of(holder, limit.order_id).status == "filled"

    first, second = holder.place_oco("STP", "sell", 5, [Leg("limit", price="106.00"), Leg("stop", stop_price="95.00")])
    holder.cancel_order(second.order_id)
    assert order_of(holder, first.order_id).status == "cancelled" and holder.orders() == []

    market.trader().buy("STP", 1, "99.00")  # a bid a limit sell leg at 98 would trade with
    with pytest.raises(InvalidRequest) as refused:
        holder.place_oco("STP", "sell", 1, [Leg("limit", price="98.00"), Leg("stop", stop_price="95.00")])
    assert refused.value.code == "oco_leg_would_trade"


def test_a_filled_bracket_entry_places_its_take_profit_and_stop_loss_as_a_pair(market):
    seller, buyer = market.trader(shares=5), market.trader()
    seller.sell("STP", 5, "101.00")
    entry = buyer.buy("STP", 5, "101.00", bracket=Bracket(take_profit=Decimal("110.00"), stop_loss=Decimal("95.00")))
    assert entry.status == "filled" and entry.bracket == Bracket(Decimal("110"), Decimal("95"))

    def children():
        return [o for o in buyer.orders(status="open") if o.parent_order_id == entry.order_id]
    deadline = time.time() + 10
    while len(children()) < 2 and time.time() < deadline:
        time.sleep(0.05)
    exits = {o.type: o for o in children()}
    assert set(exits) == {"limit", "stop"}, exits
    take_profit, stop_loss = exits["limit"], exits["stop"]
    assert (take_profit.side, take_profit.quantity, take_profit.price) == ("sell", 5, Decimal("110"))
    assert (stop_loss.side, stop_loss.quantity, stop_loss.stop_price, stop_loss.triggered) == ("sell", 5, Decimal("95"), False)
    assert (take_profit.linked_order_id, stop_loss.linked_order_id) == (stop_loss.order_id, take_profit.order_id)
    with pytest.raises(InvalidRequest):
        buyer.buy("STP", 1, "101.00", bracket={"take_profit": "90.00", "stop_loss": "95.00"})  # upside down


def test_the_async_client_places_conditional_orders_and_oco_pairs(server, market):
    holder = market.trader(shares=10)

    async def scenario():
        async with AsyncClient(server.url, api_key=holder.api_key, venue=market.venue) as client:
            stop = await client.sell("STP", 2, type="stop_limit", stop_price="95.00", price="94.50")
            assert (stop.type, stop.price, stop.stop_price, stop.triggered) == ("stop_limit", Decimal("94.5"), Decimal("95"), False)
            pair = await client.place_oco("STP", "sell", 2, [Leg("take_profit", stop_price="110.00"),
                                                             Leg("trailing_stop", trail_percent="5")])
            assert [o.type for o in pair] == ["take_profit", "trailing_stop"]
            assert {o.order_id for o in await client.orders()} == {stop.order_id, *(o.order_id for o in pair)}
    asyncio.run(scenario())


def test_a_preview_prices_an_order_against_the_book_and_places_nothing(market):
    seller, buyer = market.trader(shares=7), market.trader()
    seller.sell("STP", 3, "101.00")
    seller.sell("STP", 4, "102.00")
    cash = buyer.portfolio().cash

    sweep = buyer.preview_order("STP", "buy", 5)
    assert [(f.price, f.quantity) for f in sweep.fills] == [(Decimal("101"), 3), (Decimal("102"), 2)]
    assert (sweep.status, sweep.filled_quantity, sweep.average_price, sweep.notional) == (
        "filled", 5, Decimal("101.4"), Decimal("507"))
    assert (sweep.fees, sweep.cash_held, sweep.resting_quantity) == (Decimal("0"), Decimal("510"), 0)

    partly = buyer.preview_order("STP", "buy", 10, "101.50")
    assert (partly.status, partly.filled_quantity, partly.resting_quantity) == ("partial", 3, 7)
    assert partly.cash_held == Decimal("1015")

    waiting = buyer.preview_order("STP", "buy", 2, type="stop", stop_price="105.00")
    assert waiting.waits_for_trigger and waiting.fills == [] and waiting.status == "open"

    with pytest.raises(InsufficientFunds) as refused:
        buyer.preview_order("STP", "sell", 1, "101.00")
    assert refused.value.code == "insufficient_shares"
    assert buyer.orders(status="all") == [] and buyer.portfolio().cash == cash
    assert [o.remaining for o in seller.orders()] == [4, 3]


def test_an_order_is_read_back_by_id_and_client_order_id_with_its_average_price(market):
    seller, buyer = market.trader(shares=5), market.trader()
    seller.sell("STP", 2, "101.00")
    seller.sell("STP", 3, "102.00")
    placed = buyer.place_order("STP", "buy", 4, "102.00", client_order_id="avg-1")
    assert placed.status == "filled"

    read = buyer.order(placed.order_id)
    assert (read.order_id, read.status, read.filled_quantity) == (placed.order_id, "filled", 4)
    assert read.filled_value == Decimal("406") and read.average_price == Decimal("101.5")
    assert read.updated_at is not None
    assert buyer.order_by_client_id("avg-1").order_id == placed.order_id
    assert buyer.order_by_client_id("never-used") is None
    with pytest.raises(PermissionDenied):
        seller.order(placed.order_id)
    with pytest.raises(NotFound):
        buyer.order("999999999")

    tape = buyer.tape("STP", limit=2)
    assert [(t.price, t.quantity) for t in tape] == [(Decimal("102"), 2), (Decimal("101"), 2)]
