"""Markets list, ticker page (chart, book, tape) and the order ticket."""
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import find, fresh, open_as, open_page, text_appears, visible, wait

PRICE = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")


def default_ticker(server):
    status, answer = server.call("GET", "/api/market/tickers")
    if status != 200:
        return "FUN"
    return sorted(answer["tickers"])[0]


def test_markets_lists_every_ticker_with_prices(server, browser):
    server.require_route("GET", "/api/market/tickers")
    _, answer = server.call("GET", "/api/market/tickers")
    fresh(browser, server, "/markets")
    find(browser, "#markets-table")
    for ticker, quote in answer["tickers"].items():
        row = find(browser, f'#markets-table tr[data-ticker="{ticker}"]')
        price = row.find_element(By.CSS_SELECTOR, "[data-field=price]").text
        assert PRICE.match(price), price
        assert price.replace(",", "") == f"{quote['current_price']:.2f}"
        assert row.find_element(By.CSS_SELECTOR, "svg.sparkline")
    screenshot(browser, "markets")


def test_markets_page_says_when_market_data_is_missing(server, browser):
    if server.has_route("GET", "/api/market/tickers"):
        pytest.skip("the server has market data; the unavailable state is not shown")
    fresh(browser, server, "/markets")
    text_appears(browser, "#markets-body", "not available")
    screenshot(browser, "markets-unavailable")


def test_ticker_page_shows_chart_book_and_switches_interval(server, browser, user):
    server.require_route("GET", "/api/market/tickers")
    ticker = default_ticker(server)
    open_as(browser, server, user, f"/ticker/{ticker}")
    text_appears(browser, "#last-price", ".")
    find(browser, "canvas#candle-chart")
    text_appears(browser, "#spread", "Midpoint")
    find(browser, "#order-book table.book-side.bids")
    five = browser.find_element(By.CSS_SELECTOR, 'button[data-interval="5m"]')
    hour = browser.find_element(By.CSS_SELECTOR, 'button[data-interval="1h"]')
    hour.click()
    assert hour.get_attribute("aria-pressed") == "true"
    assert five.get_attribute("aria-pressed") == "false"
    # The chart really drew something: the canvas has non-transparent pixels.
    wait(browser).until(lambda d: d.execute_script(
        "const c = document.getElementById('candle-chart'); const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "for (let i = 3; i < px.length; i += 4) if (px[i]) return true; return false;"))
    screenshot(browser, "ticker")


def open_ticket(browser, server, user, ticker):
    open_as(browser, server, user, f"/ticker/{ticker}")
    return visible(browser, "#order-ticket")


def test_order_ticket_validates_before_sending(server, browser, user):
    ticket = open_ticket(browser, server, user, default_ticker(server))
    browser.execute_script("window.__posts = 0; const f = window.fetch; window.fetch = (u, o) => { if (o && o.method === 'POST') window.__posts++; return f(u, o); };")
    price = ticket.find_element(By.CSS_SELECTOR, "input[name=price]")
    quantity = ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]")
    submit = ticket.find_element(By.CSS_SELECTOR, "button[type=submit]")
    cases = [("100.123", "10", "price", "two decimals"), ("0", "10", "price", "greater than zero"),
             ("-5", "10", "price", "two decimals"), ("100.5", "1.5", "quantity", "whole number"),
             ("100.5", "0", "quantity", "whole number"), ("100.5", "", "quantity", "whole number")]
    for price_text, quantity_text, field, message in cases:
        price.clear(); price.send_keys(price_text)
        quantity.clear(); quantity.send_keys(quantity_text)
        submit.click()
        error = ticket.find_element(By.CSS_SELECTOR, f"[id$='-{field}-error']")
        assert error.is_displayed() and message in error.text, (price_text, quantity_text, error.text)
        target = price if field == "price" else quantity
        assert target.get_attribute("aria-invalid") == "true"
    assert browser.execute_script("return window.__posts") == 0
    # A market order needs no price: the field is disabled and hidden.
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("market")
    assert not price.is_enabled() and not price.is_displayed()
    screenshot(browser, "order-ticket-errors")


def test_refused_order_shows_the_server_reason(server, browser, user):
    ticker = default_ticker(server)
    body = {"ticker": ticker, "side": "buy", "price": 1.00, "quantity": 100000000, "time_in_force": "GTC"}
    server.require_route("POST", "/api/orders", body, user["token"])
    status, answer = server.call("POST", "/api/orders", body, user["token"])
    assert status == 400, answer
    ticket = open_ticket(browser, server, user, ticker)
    ticket.find_element(By.CSS_SELECTOR, "input[name=price]").send_keys("1.00")
    ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]").send_keys("100000000")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    refused = text_appears(browser, "#order-ticket .order-refused", answer["detail"])
    assert "Order refused" in refused.text
    screenshot(browser, "order-refused")


def test_place_an_order_see_it_open_and_cancel_it(server, browser, user):
    ticker = default_ticker(server)
    server.require_route("GET", "/api/orders", token=user["token"])
    server.require_route("POST", "/api/orders", {"ticker": ticker, "side": "buy", "price": 0.01, "quantity": 0}, user["token"])
    ticket = open_ticket(browser, server, user, ticker)
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=time_in_force]")).select_by_value("GTC")
    ticket.find_element(By.CSS_SELECTOR, "input[name=price]").send_keys("1.01")
    ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]").send_keys("3")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#order-ticket .ticket-result", "open")
    # The ticker page lists the order, and the book shows it; picking its price fills the ticket.
    text_appears(browser, "#my-orders", "1.01")
    ticket.find_element(By.CSS_SELECTOR, "input[name=price]").clear()
    text_appears(browser, "#order-book .bids", "1.01").find_element(By.CSS_SELECTOR, "button.price-pick").click()
    assert ticket.find_element(By.CSS_SELECTOR, "input[name=price]").get_attribute("value") == "1.01"
    assert browser.switch_to.active_element == ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]")
    screenshot(browser, "ticker-with-order")
    # The resting buy holds cash in escrow, and the portfolio page says how much.
    _, portfolio = server.call("GET", "/api/portfolio", token=user["token"])
    if portfolio and "escrowed_cash" in portfolio:
        open_page(browser, server, "/portfolio")
        text_appears(browser, "#escrowed-cash", f"{portfolio['escrowed_cash']:,.2f}")
        assert portfolio["escrowed_cash"] >= 3.03
    open_page(browser, server, "/orders")
    row = text_appears(browser, "#open-orders", "1.01")
    assert ticker in row.text
    screenshot(browser, "orders")
    browser.find_element(By.CSS_SELECTOR, "#open-orders button").click()
    text_appears(browser, "#open-orders", "No open orders")
    _, orders = server.call("GET", "/api/orders", token=user["token"])
    assert (orders if isinstance(orders, list) else orders.get("orders")) == []


def test_market_order_is_sent_without_a_price(server, browser, user):
    ticker = default_ticker(server)
    body = {"ticker": ticker, "side": "sell", "quantity": 1, "time_in_force": "IOC", "type": "market"}
    server.require_route("POST", "/api/orders", body, user["token"])
    status, answer = server.call("POST", "/api/orders", body, user["token"])
    ticket = open_ticket(browser, server, user, ticker)
    browser.execute_script("window.__bodies = []; const f = window.fetch; window.fetch = (u, o) => { if (o && o.method === 'POST') window.__bodies.push(JSON.parse(o.body)); return f(u, o); };")
    ticket.find_element(By.CSS_SELECTOR, "input[value=sell]").click()
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("market")
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=time_in_force]")).select_by_value("IOC")
    ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]").send_keys("1")
    assert ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").text == f"Sell {ticker}"
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if status == 200:
        text_appears(browser, "#order-ticket .ticket-result", answer["status"])
    else:
        text_appears(browser, "#order-ticket .order-refused", answer["detail"])
    assert browser.execute_script("return window.__bodies") == [body]


def test_a_trade_shows_everywhere(server, browser, user):
    """A seller rests an ask; the user buys through the ticket. The fill appears in the ticket, the
    chart, the trade history, the portfolio (holding, cost and P&L) and the leaderboard."""
    ticker = default_ticker(server)
    server.require_route("GET", "/api/trades", token=user["token"])
    seller = server.register()
    server.give_shares(seller, ticker, 10)
    status, answer = server.call("POST", "/api/orders", {"ticker": ticker, "side": "sell", "price": 101.5, "quantity": 5,
                                                          "time_in_force": "GTC"}, seller["token"])
    assert status == 200, answer
    ticket = open_ticket(browser, server, user, ticker)
    text_appears(browser, "#order-book .asks", "101.50")
    browser.find_element(By.CSS_SELECTOR, "#order-book .asks button.price-pick").click()
    ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]").send_keys("4")
    text_appears(browser, "#order-ticket .estimate", "Cost 406.00 · buying power 10,000.00")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#order-ticket .ticket-result", "filled, 4 filled")
    text_appears(browser, "#order-ticket .estimate", "buying power 9,594.00")
    ticket.find_element(By.CSS_SELECTOR, "input[value=sell]").click()
    text_appears(browser, "#order-ticket .estimate", f"Proceeds 406.00 · you hold 4 {ticker}")
    # The book now has one share left at 101.50; the chart shows the trade after its next load.
    text_appears(browser, "#order-book .asks", "1")
    browser.find_element(By.CSS_SELECTOR, 'button[data-interval="1m"]').click()
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".chart-state").get_attribute("hidden") is not None)
    screenshot(browser, "ticker-after-trade")

    open_page(browser, server, "/orders")
    history = text_appears(browser, "#trade-history", "101.50")
    assert "406.00" in history.text  # 4 × 101.50

    open_page(browser, server, "/portfolio")
    holdings = text_appears(browser, "#portfolio-body table", ticker)
    _, portfolio = server.call("GET", "/api/portfolio", token=user["token"])
    holding = next(h for h in portfolio["holdings"] if h["ticker"] == ticker)
    assert f"{holding['value']:,.2f}" in holdings.text
    assert "406.00" in holdings.text  # cost basis
    assert f"{holding['average_price']:,.2f}" == "101.50" and holding["cost_basis"] == 406
    unrealized = portfolio["unrealized_pnl"]
    sign = "+" if unrealized > 0 else "−" if unrealized < 0 else ""
    text_appears(browser, "#unrealized-pnl", f"{sign}{abs(unrealized):,.2f}")
    assert portfolio["unrealized_pnl"] == round(holding["value"] - 406, 2)
    text_appears(browser, "#total-value", f"{portfolio['total_value']:,.2f}")
    screenshot(browser, "portfolio-with-holding")

    open_page(browser, server, "/leaderboard")
    text_appears(browser, "#leaderboard-body", user["username"])
    screenshot(browser, "leaderboard-after-trade")
