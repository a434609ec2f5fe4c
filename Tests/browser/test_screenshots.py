"""Every page at desktop and phone width, with something on it, for a person to look at:
screenshots/page-<name>-desktop.png and page-<name>-phone.png. Each page must finish loading, fit the
width without scrolling sideways, and log no script error."""
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from pages import find, fresh, open_page, signed_in_as, wait


def rest(server, user, ticker, price, quantity):
    status, answer = server.call("POST", "/api/orders", {"ticker": ticker, "side": "buy", "price": price, "quantity": quantity,
                                                         "time_in_force": "GTC"}, user["token"])
    assert status == 200, answer
    return answer


def quoted(server, venue, ticker):
    """Waits until the venue's market maker quotes both sides of `ticker`."""
    deadline = time.time() + 10
    while time.time() < deadline:
        _, book = server.call("GET", f"/api/venues/{venue}/market/{ticker}/orderbook")
        if book and book.get("bids") and book.get("asks"):
            return
        time.sleep(0.2)
    raise AssertionError(f"no quotes for {ticker} in {venue}")


@pytest.fixture(scope="module")
def gallery(live_server):
    """A user with a holding, a resting order, a stop order waiting, a cancelled one and trades, entered in an open, a running
    and a finished tournament (traded in the last two), beside a rival."""
    server = live_server
    user, rival = server.register(), server.register()
    server.market_order(user, "FUN", "buy", 6)
    server.market_order(user, "MEME", "buy", 10)
    server.market_order(user, "FUN", "sell", 2)
    rest(server, user, "FUN", 70, 3)
    # A stop buy far above the price waits for its trigger, on a server that takes stop orders.
    _, quote = server.call("GET", "/api/market/FUN")
    status, answer = server.call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "quantity": 2, "type": "stop",
                                                         "stop_price": round(quote["current_price"] * 1.5)}, user["token"])
    assert status == 200 or answer.get("error") == "invalid_type", answer
    cancelled = rest(server, user, "MEME", 30, 4)
    server.call("DELETE", f"/api/orders/{cancelled['order_id']}", token=user["token"])
    server.market_order(rival, "MEME", "buy", 25)
    tournaments = {name: server.create_tournament() for name in ("open", "live", "results")}
    for tournament in tournaments.values():
        for who in (user, rival):
            status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, who["token"])
            assert status == 200, answer
    for name in ("live", "results"):
        server.admin("POST", f"/api/admin/tournaments/{tournaments[name]}/start")
        quoted(server, tournaments[name], "OWL")
        server.market_order(user, "OWL", "buy", 40, venue=tournaments[name])
        server.market_order(rival, "OWL", "buy", 15, venue=tournaments[name])
    # A few equity snapshots (one a second) before the end.
    time.sleep(3)
    server.market_order(user, "OWL", "sell", 20, venue=tournaments["results"])
    time.sleep(1)
    server.admin("POST", f"/api/admin/tournaments/{tournaments['results']}/end")
    yield user, tournaments
    server.admin("POST", f"/api/admin/tournaments/{tournaments['live']}/end")


def pages(tournaments):
    return [("markets", "/markets"), ("ticker", "/ticker/FUN"), ("portfolio", "/portfolio"), ("orders", "/orders"),
            ("leaderboard", "/leaderboard"), ("tournaments", "/tournaments"),
            ("tournament-open", f"/tournaments/{tournaments['open']}"),
            ("tournament-live", f"/tournaments/{tournaments['live']}"),
            ("tournament-results", f"/tournaments/{tournaments['results']}")]


def settled(driver):
    wait(driver, 15).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))


def walk(driver, server, user, tournaments):
    width = driver.execute_script("return window.innerWidth")
    fresh(driver, server, "/signin")
    settled(driver)
    screenshot(driver, "page-signin")
    open_page(driver, server, "/signup")
    settled(driver)
    screenshot(driver, "page-signup")
    signed_in_as(driver, user)
    for name, route in pages(tournaments):
        open_page(driver, server, route)
        settled(driver)
        if name == "ticker":
            wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, ".chart-state").get_attribute("hidden") is not None)
        if name in ("portfolio", "orders", "leaderboard"):
            find(driver, "main table")
        if name.startswith("tournament-"):
            find(driver, f'#standings tr[data-user="{user["user_id"]}"]')
        if name in ("tournament-live", "tournament-results"):
            find(driver, "#equity svg.equity-chart path.series")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, name
        screenshot(driver, f"page-{name}")


def test_every_page_at_desktop_width(live_server, browser, gallery):
    walk(browser, live_server, *gallery)


def test_every_page_at_phone_width(live_server, phone, gallery):
    walk(phone, live_server, *gallery)
    # The menu opened over the page.
    phone.find_element(By.ID, "menu-toggle").click()
    screenshot(phone, "page-menu")
