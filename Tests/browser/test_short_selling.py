"""Selling short from the ticket, in a venue that allows it: the ticket says how many shares the sale sells
short and the margin it needs, or that the venue allows none; the portfolio shows the short position and
the margin used."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import open_as, open_page, text_appears, venue, visible


def venue_with_short_selling(server, allowed):
    venue_id = "short-" + uuid.uuid4().hex[:6]
    definition = {"id": venue_id, "name": f"Shorts {venue_id[-4:]}", "starting_cash": 10000,
                  "tickers": [{"symbol": "OWL", "initial_price": 20}]}
    if allowed:
        definition["short_selling"] = {"initial_margin_bps": 5000, "maintenance_margin_bps": 2500}
    server.admin("POST", "/api/admin/venues", definition)
    seller, buyer = server.register(), server.register()
    for user in (seller, buyer):
        status, answer = server.call("POST", f"/api/venues/{venue_id}/join", None, user["token"])
        assert status in (200, 201), answer
    return venue_id, seller, buyer


def fill_ticket(browser, quantity, price):
    ticket = visible(browser, "#order-ticket")
    ticket.find_element(By.CSS_SELECTOR, "input[value=sell]").click()
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value("limit")
    for name, value in (("quantity", quantity), ("price", price)):
        field = ticket.find_element(By.CSS_SELECTOR, f"input[name={name}]")
        field.clear()
        field.send_keys(value)
    return ticket


def test_a_short_sale_from_the_ticket_shows_its_margin_then_the_short_position(server, browser):
    venue_id, seller, buyer = venue_with_short_selling(server, allowed=True)
    open_as(browser, server, seller, "/markets")
    venue(browser, venue_id)
    open_page(browser, server, "/ticker/OWL")
    ticket = fill_ticket(browser, "10", "20")
    text_appears(browser, "#order-ticket .estimate", "sells 10 short: margin needed at least 300.00")
    screenshot(browser, "short-sale-ticket")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#order-ticket .ticket-result", "open")
    status, answer = server.call("POST", f"/api/venues/{venue_id}/orders", {
        "ticker": "OWL", "side": "buy", "price": 20, "quantity": 10, "time_in_force": "GTC"}, buyer["token"])
    assert status == 200 and answer["status"] == "filled", answer
    open_page(browser, server, "/portfolio")
    assert text_appears(browser, "#margin-used", "300.00").text == "300.00"
    text_appears(browser, "main table", "-10 short")
    screenshot(browser, "short-position")


def test_the_ticket_says_when_the_venue_allows_no_short_sale(server, browser):
    venue_id, seller, _ = venue_with_short_selling(server, allowed=False)
    open_as(browser, server, seller, "/markets")
    venue(browser, venue_id)
    open_page(browser, server, "/ticker/OWL")
    ticket = fill_ticket(browser, "5", "20")
    text_appears(browser, "#order-ticket .estimate", "5 more than you hold: this venue does not allow short selling")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#order-ticket .ticket-result", "Insufficient shares")


def test_on_main_a_student_turns_short_selling_on_from_the_portfolio_then_sells_short(server, browser):
    seller = server.register()
    open_as(browser, server, seller, "/markets")
    venue(browser, "main")
    open_page(browser, server, "/ticker/FUN")
    fill_ticket(browser, "3", "1000")
    text_appears(browser, "#order-ticket .estimate",
                 "3 more than you hold: turn short selling on for your account on the portfolio page")
    open_page(browser, server, "/portfolio")
    text_appears(browser, "#short-selling-status", "Off")
    visible(browser, "#short-selling-toggle").click()
    text_appears(browser, "#short-selling-status", "On: you may sell shares you do not hold")
    screenshot(browser, "short-selling-opt-in")
    status, answer = server.call("GET", "/api/portfolio", None, seller["token"])
    assert status == 200 and answer["short_selling"]["allowed"] is True, answer
    open_page(browser, server, "/ticker/FUN")
    fill_ticket(browser, "3", "1000")
    text_appears(browser, "#order-ticket .estimate", "sells 3 short: margin needed at least")
