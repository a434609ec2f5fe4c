"""The ticker page's book, prices, ticket and tape: book rows keep one height, every price shows two
decimals (the midpoint too), the ticket offers only the times in force a type takes, a market order shows
its average fill price, and the tape's colours are explained by a legend."""
import re
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import find, open_as, open_page, text_appears, venue, visible, wait
from test_markets import default_ticker

TICKER = "ROW"


def order(server, user, venue_id, side, price, quantity):
    status, answer = server.call("POST", f"/api/venues/{venue_id}/orders", {
        "ticker": TICKER, "side": side, "price": price, "quantity": quantity, "time_in_force": "GTC"}, user["token"])
    assert status == 200, answer
    return answer


@pytest.fixture(scope="module")
def quiet_venue(server):
    """A venue of its own without market makers, whose book holds one bid at 97.72 and six asks from 97.73:
    (venue id, buyer)."""
    venue_id = "rows-" + uuid.uuid4().hex[:6]
    server.admin("POST", "/api/admin/venues", {"id": venue_id, "name": f"Rows {venue_id[-4:]}", "starting_cash": 10000,
                                               "tickers": [{"symbol": TICKER, "initial_price": 97.72}]})
    buyer, seller = server.register(), server.register()
    for user in (buyer, seller):
        status, answer = server.call("POST", f"/api/venues/{venue_id}/join", None, user["token"])
        assert status in (200, 201), answer
    server.give_shares(seller, TICKER, 100, venue=venue_id)
    order(server, buyer, venue_id, "buy", 97.72, 3)
    for price in (97.73, 97.80, 97.90, 98.00, 98.10, 98.20):
        order(server, seller, venue_id, "sell", price, 2)
    return venue_id, buyer


def open_book(browser, server, venue_id, user):
    open_as(browser, server, user, "/markets")
    venue(browser, venue_id)
    open_page(browser, server, f"/ticker/{TICKER}")
    find(browser, "#order-book table.book-side.asks .price-pick")


def row_heights(browser, bids):
    """Waits for `bids` rows of bids, then gives the heights of every row of both sides."""
    wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#order-book .bids tbody tr")) == bids)
    return browser.execute_script(
        "return [...document.querySelectorAll('#order-book tbody tr')].map((r) => r.getBoundingClientRect().height)")


def test_book_rows_keep_one_height_whatever_each_side_holds(server, browser, quiet_venue):
    venue_id, buyer = quiet_venue
    open_book(browser, server, venue_id, buyer)
    first = row_heights(browser, 1)
    assert len(first) == 7, first
    # One bid beside six asks: the bid's row is as tall as each ask's, not stretched to the asks' height.
    assert max(first) - min(first) < 1, first
    order(server, buyer, venue_id, "buy", 97.50, 1)
    second = row_heights(browser, 2)
    assert max(second) - min(second) < 1 and abs(second[0] - first[0]) < 1, (first, second)
    screenshot(browser, "book-rows")


def test_every_price_on_the_ticker_page_has_two_decimals(server, browser, quiet_venue):
    venue_id, buyer = quiet_venue
    open_book(browser, server, venue_id, buyer)
    # 97.72 and 97.73: the midpoint's half cent is rounded, as every price is shown.
    text_appears(browser, "#spread", "Midpoint 97.73")
    assert browser.find_element(By.ID, "spread").text == "Spread 0.01 · Midpoint 97.73"
    decimals = re.findall(r"\d\.(\d+)", browser.find_element(By.TAG_NAME, "main").text)
    assert decimals and all(len(d) == 2 for d in decimals), decimals


TIMES = {"limit": ["GTC", "IOC", "FOK"], "market": ["IOC", "FOK"], "stop": ["GTC"], "stop_limit": ["GTC", "IOC", "FOK"],
         "take_profit": ["GTC"], "take_profit_limit": ["GTC", "IOC", "FOK"], "trailing_stop": ["GTC"], "oco": ["GTC"]}


def test_the_ticket_offers_only_the_times_in_force_of_the_type(server, browser, user):
    open_as(browser, server, user, f"/ticker/{default_ticker(server)}")
    ticket = visible(browser, "#order-ticket")
    tif = Select(ticket.find_element(By.CSS_SELECTOR, "select[name=time_in_force]"))
    for kind, offered in TIMES.items():
        Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value(kind)
        assert [o.get_attribute("value") for o in tif.options] == offered, kind
        assert tif.first_selected_option.get_attribute("value") == offered[0], kind
    # A choice the next type also takes is kept: IOC from a limit order to a market order.
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("limit")
    tif.select_by_value("FOK")
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("market")
    assert tif.first_selected_option.get_attribute("value") == "FOK"


def average(trades):
    cents = sum(round(t["price"] * 100) * t["quantity"] for t in trades)
    shares = sum(t["quantity"] for t in trades)
    return f"{(2 * cents + shares) // (2 * shares) / 100:,.2f}"


def test_a_market_order_shows_its_average_fill_price(live_server, browser):
    trader = live_server.register()
    open_as(browser, live_server, trader, "/ticker/FUN")
    ticket = visible(browser, "#order-ticket")
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("market")
    quantity = ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]")
    quantity.send_keys("30")
    # The market maker requotes twice a second; an order in between finds nothing, and is sent again.
    for _ in range(10):
        ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        result = text_appears(browser, "#order-ticket .ticket-result", "filled").text
        if " 0 filled" not in result:
            break
    _, trades = live_server.call("GET", "/api/trades?limit=100", token=trader["token"])
    order_id = trades[0]["order_id"]
    expected = average([t for t in trades if t["order_id"] == order_id])
    assert f"at an average {expected}." in result, (result, trades)
    screenshot(browser, "market-order-average")

    open_page(browser, live_server, "/orders")
    row = find(browser, f'#past-orders tr[data-order="{order_id}"]')
    assert row.find_element(By.CSS_SELECTOR, 'td[data-label="Avg fill"]').text == expected


def test_the_tape_colours_trades_by_side_with_a_legend(live_server, browser):
    trader = live_server.register()
    open_as(browser, live_server, trader, "/ticker/FUN")
    legend = find(browser, "#tape-legend")
    assert "Buyer" in legend.text and "Seller" in legend.text
    for side in ("buy", "sell"):
        fill = live_server.market_order(trader, "FUN", side, 2)
        trade_id = fill["trades"][0]["trade_id"]
        wait(browser).until(lambda d: d.execute_script(
            "const li = document.querySelector('#trade-tape li'); return li && li.dataset.side === arguments[0]", side))
        colours = browser.execute_script("""
          const entry = document.querySelector('#trade-tape li');
          const key = document.querySelector(`#tape-legend li[data-side="${arguments[0]}"]`);
          return {entry: getComputedStyle(entry.querySelector('span')).color, key: getComputedStyle(key, '::before').backgroundColor};""",
                                         side)
        # The entry's price is in the colour the legend gives its side.
        assert colours["entry"] == colours["key"], (side, trade_id, colours)
    screenshot(browser, "tape-legend")
