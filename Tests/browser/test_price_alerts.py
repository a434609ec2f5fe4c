"""Price alerts from the ticker page: set one, see it fire as a toast when a trade reaches the price, and
delete it. In a venue of its own, so that no other test's orders trade first."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import open_as, open_page, text_appears, venue, visible


def quiet_venue(server, *users):
    venue_id = "alerts-" + uuid.uuid4().hex[:6]
    server.admin("POST", "/api/admin/venues", {"id": venue_id, "name": f"Alerts {venue_id[-4:]}", "starting_cash": 10000,
                                               "tickers": [{"symbol": "OWL", "initial_price": 20}]})
    for user in users:
        status, answer = server.call("POST", f"/api/venues/{venue_id}/join", None, user["token"])
        assert status in (200, 201), answer
    return venue_id


def test_an_alert_set_on_the_ticker_page_fires_as_a_toast(server, browser, user):
    seller, buyer = server.register(), server.register()
    venue_id = quiet_venue(server, user, seller, buyer)
    open_as(browser, server, user, "/markets")
    venue(browser, venue_id)
    open_page(browser, server, "/ticker/OWL")
    text_appears(browser, "#alert-list", "No alerts on this ticker")
    Select(visible(browser, "#alert-direction")).select_by_value("above")
    browser.find_element(By.ID, "alert-price").send_keys("25")
    browser.find_element(By.CSS_SELECTOR, "#alert-form button[type=submit]").click()
    text_appears(browser, "#alert-list", "above 25.00")
    alerts = f"/api/venues/{venue_id}/alerts"
    status, listed = server.call("GET", alerts, token=user["token"])
    assert status == 200 and [(a["direction"], a["price"]) for a in listed["alerts"]] == [("above", 25)], listed

    server.give_shares(seller, "OWL", 5, venue=venue_id)
    for who, side in ((seller, "sell"), (buyer, "buy")):
        status, answer = server.call("POST", f"/api/venues/{venue_id}/orders", {
            "ticker": "OWL", "side": side, "price": 25.25, "quantity": 1, "time_in_force": "GTC"}, who["token"])
        assert status == 200, answer
    text_appears(browser, "#toasts", "Alert: OWL traded at 25.25 (above 25.00)")
    text_appears(browser, "#alert-list", "1×")
    screenshot(browser, "price-alert")
    delete = browser.find_element(By.CSS_SELECTOR, "#alert-list button.delete-alert")
    # Out from under the toasts in the corner, as a person would scroll to it.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", delete)
    delete.click()
    text_appears(browser, "#alert-list", "No alerts on this ticker")
    status, listed = server.call("GET", alerts, token=user["token"])
    assert status == 200 and listed["alerts"] == []


def test_a_price_that_is_not_one_is_refused_before_sending(server, browser, user):
    open_as(browser, server, user, "/ticker/FUN")
    visible(browser, "#alert-price").send_keys("cheap")
    browser.find_element(By.CSS_SELECTOR, "#alert-form button[type=submit]").click()
    text_appears(browser, "#alert-result", "Give a price above 0")
    status, listed = server.call("GET", "/api/alerts", token=user["token"])
    assert status == 200 and listed["alerts"] == []
