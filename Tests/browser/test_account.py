"""Portfolio, leaderboard and trade history of a signed-in user."""
import hashlib
import hmac
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import open_as, text_appears, visible


def test_portfolio_shows_cash_and_totals(server, browser, user):
    server.require_route("GET", "/api/portfolio", token=user["token"])
    _, portfolio = server.call("GET", "/api/portfolio", token=user["token"])
    open_as(browser, server, user, "/portfolio")
    cash = text_appears(browser, "#cash", ".")
    assert cash.text.replace(",", "") == f"{portfolio['cash']:.2f}"
    assert browser.find_element(By.ID, "total-value").text.replace(",", "") == f"{portfolio['total_value']:.2f}"
    assert browser.find_element(By.ID, "buying-power").text.replace(",", "") == f"{portfolio['buying_power']:.2f}"
    assert browser.find_element(By.ID, "escrowed-cash").text.replace(",", "") == f"{portfolio['escrowed_cash']:.2f}"
    screenshot(browser, "portfolio")


def test_leaderboard_lists_the_user(server, browser, user):
    server.require_route("GET", "/api/leaderboard", token=user["token"])
    open_as(browser, server, user, "/leaderboard")
    row = text_appears(browser, "#leaderboard-body", user["username"])
    assert "(you)" in row.text
    screenshot(browser, "leaderboard")


def test_trade_history_page_loads(server, browser, user):
    server.require_route("GET", "/api/trades", token=user["token"])
    open_as(browser, server, user, "/orders")
    text_appears(browser, "#trade-history", "No trades yet")


def test_the_account_lists_keys_with_their_scope_and_creates_a_read_key_that_cannot_trade(server, browser, user):
    open_as(browser, server, user, "/portfolio")
    text_appears(browser, "#api-key-list", "default")
    assert "trade" in browser.find_element(By.CSS_SELECTOR, "#api-key-list").text
    browser.find_element(By.ID, "api-key-name").send_keys("watcher")
    Select(browser.find_element(By.ID, "api-key-scope")).select_by_value("read")
    browser.find_element(By.CSS_SELECTOR, "#api-key-form button[type=submit]").click()
    text_appears(browser, "#api-key-result", "Key watcher (read) created")
    secret = browser.find_element(By.ID, "api-key-secret").text
    assert secret.startswith("msk_")
    text_appears(browser, "#api-key-list", "watcher")
    screenshot(browser, "api-keys")
    status, answer = server.call("POST", "/api/orders", {"ticker": "FUN", "side": "buy", "price": 1, "quantity": 1},
                                 token=secret)  # a key sent as a bearer token is taken as a key
    assert status == 403 and answer["error"] == "insufficient_scope", answer
    [row] = [r for r in browser.find_elements(By.CSS_SELECTOR, "#api-key-list tbody tr") if "watcher" in r.text]
    assert "read" in row.text
    row.find_element(By.CSS_SELECTOR, "button.revoke").click()
    visible(browser, "#confirm-dialog button[value=confirm]").click()
    text_appears(browser, "#api-key-result", "Key watcher revoked")
    status, _ = server.call("GET", "/api/portfolio", token=secret)
    assert status == 401


def test_the_portfolio_sets_the_dead_mans_switch_and_shows_the_open_connection(server, browser, user):
    open_as(browser, server, user, "/portfolio")
    text_appears(browser, "#switch-status", "Off")
    visible(browser, "#switch-seconds").send_keys("45")
    browser.find_element(By.CSS_SELECTOR, "#switch-form button[type=submit]").click()
    text_appears(browser, "#switch-status", "cancelled 45 s after your last connection closes")
    # The dashboard's own private connection counts.
    for _ in range(50):
        status, answer = server.call("GET", "/api/account/cancel-on-disconnect", token=user["token"])
        if answer.get("connections") == 1:
            break
        time.sleep(0.1)
    assert status == 200 and answer == {"seconds": 45, "connections": 1}, answer
    screenshot(browser, "cancel-on-disconnect")
    browser.find_element(By.ID, "switch-off").click()
    text_appears(browser, "#switch-status", "Off")
    status, answer = server.call("GET", "/api/account/cancel-on-disconnect", token=user["token"])
    assert status == 200 and answer["seconds"] is None, answer


def test_the_portfolio_sets_loss_limits_and_resets_a_tripped_one(server, browser, user):
    open_as(browser, server, user, "/portfolio")
    text_appears(browser, "#loss-limits-status", "Off")
    visible(browser, "#loss-limit-drawdown").send_keys("1.50")
    browser.find_element(By.CSS_SELECTOR, "#loss-limits-form button[type=submit]").click()
    text_appears(browser, "#loss-limits-status", "trading stops after 1.50 from your peak")
    status, answer = server.call("GET", "/api/account/loss-limits", token=user["token"])
    assert status == 200 and answer["max_drawdown"] == 1.5 and answer["max_daily_loss"] is None, answer
    # A bad amount is refused in the page, and nothing changes.
    drawdown = browser.find_element(By.ID, "loss-limit-drawdown")
    drawdown.clear()
    drawdown.send_keys("-3")
    browser.find_element(By.CSS_SELECTOR, "#loss-limits-form button[type=submit]").click()
    text_appears(browser, "#loss-limits-result", "above 0")
    assert server.call("GET", "/api/account/loss-limits", token=user["token"])[1]["max_drawdown"] == 1.5

    # A debit of 5.00 is a loss past the limit: it trips.
    server.give_cash(user, -5, "main", reason="browser test loss")
    for _ in range(100):
        status, answer = server.call("GET", "/api/account/loss-limits", token=user["token"])
        if answer.get("tripped"):
            break
        time.sleep(0.1)
    assert answer["tripped"] == "drawdown", answer
    open_as(browser, server, user, "/portfolio")
    text_appears(browser, "#loss-limits-status", "Tripped: your drawdown limit")
    screenshot(browser, "loss-limit-tripped")
    visible(browser, "#loss-limits-reset").click()
    text_appears(browser, "#loss-limits-result", "you may trade again")
    status, answer = server.call("GET", "/api/account/loss-limits", token=user["token"])
    assert status == 200 and answer["tripped"] is None, answer
    assert not browser.find_element(By.ID, "loss-limits-reset").is_displayed()


def test_the_portfolio_adds_a_webhook_sends_it_a_test_and_shows_the_delivery(server, browser, user):
    import http.server
    import threading

    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    try:
        open_as(browser, server, user, "/portfolio")
        text_appears(browser, "#webhook-list", "No webhooks")
        visible(browser, "#webhook-url").send_keys(url)
        # Nothing chosen: refused in the page, nothing created.
        browser.find_element(By.CSS_SELECTOR, "#webhook-form button[type=submit]").click()
        text_appears(browser, "#webhook-result", "at least one")
        browser.find_element(By.ID, "webhook-topic-fills").click()
        browser.find_element(By.ID, "webhook-topic-orders").click()
        browser.find_element(By.CSS_SELECTOR, "#webhook-form button[type=submit]").click()
        secret = visible(browser, "#webhook-secret").text
        assert secret.startswith("whsec_"), secret
        text_appears(browser, "#webhook-list", url)
        status, answer = server.call("GET", "/api/webhooks", token=user["token"])
        assert status == 200 and answer["webhooks"][0]["topics"] == ["fills", "orders"], answer

        visible(browser, "#webhook-list .webhook-test").click()
        text_appears(browser, "#webhook-result", "on its way")
        for _ in range(100):
            if received:
                break
            time.sleep(0.1)
        headers, body = received[0]
        expected = "v1=" + hmac.new(secret.encode(), headers["MarketSim-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
        assert headers["MarketSim-Signature"] == expected
        for _ in range(50):
            visible(browser, "#webhook-list .webhook-show").click()
            if "delivered" in browser.find_element(By.ID, "webhook-deliveries").text:
                break
            time.sleep(0.2)
        text_appears(browser, "#webhook-deliveries", "204 in")
        screenshot(browser, "webhooks")
        visible(browser, "#webhook-list .webhook-delete").click()
        visible(browser, ".confirm-dialog .danger").click()
        text_appears(browser, "#webhook-list", "No webhooks")
        assert server.call("GET", "/api/webhooks", token=user["token"])[1]["webhooks"] == []
    finally:
        receiver.shutdown()
