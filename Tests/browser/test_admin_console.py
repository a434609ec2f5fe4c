"""The admin console: an administrator halts a ticker, sees an order refused with the reason, resumes,
adjusts a balance and finds the adjustment in the audit log; the agents table refreshes by itself."""
from selenium.webdriver.common.by import By

from conftest import ADMIN, screenshot
from pages import find, sign_in, text_appears, visible, wait


def admin_token(server):
    status, answer = server.call("POST", "/api/login", {"username": ADMIN["username"], "password": ADMIN["password"]})
    assert status == 200, answer
    return answer["jwt_token"]


def fill(form, name, text):
    field = form.find_element(By.CSS_SELECTOR, f"[name={name}]")
    field.clear()
    field.send_keys(text)


def test_admin_halts_resumes_adjusts_and_finds_it_in_the_audit_log(server, browser):
    server.require_route("GET", "/api/admin/audit", token=admin_token(server))
    trader = server.register()
    try:
        sign_in(browser, server, ADMIN["username"], ADMIN["password"], route="/admin")
        visible(browser, '#site-nav a[data-route="admin"]')
        row = find(browser, '#admin-tickers tr[data-ticker="FUN"]')
        visible(browser, "#halt-reason").send_keys("console test halt")
        row.find_element(By.CSS_SELECTOR, 'button[data-action="halt"]').click()
        find(browser, '#admin-tickers tr[data-ticker="FUN"] .badge-halted')
        text_appears(browser, "#trading-result", "FUN halted")

        # The administrator's own order on the halted ticker is refused with the reason.
        browser.get(f"{server.base_url}/#/ticker/FUN")
        ticket = visible(browser, "#order-ticket")
        fill(ticket, "price", "99")
        fill(ticket, "quantity", "1")
        ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        refusal = text_appears(browser, "#order-ticket .order-refused", "console test halt")
        assert "Order refused" in refusal.text
        screenshot(browser, "admin-order-refused")

        browser.get(f"{server.base_url}/#/admin")
        find(browser, '#admin-tickers tr[data-ticker="FUN"] button[data-action="resume"]').click()
        find(browser, '#admin-tickers tr[data-ticker="FUN"] button[data-action="halt"]')
        assert not browser.find_elements(By.CSS_SELECTOR, '#admin-tickers tr[data-ticker="FUN"] .badge-halted')

        form = visible(browser, "#adjust-form")
        fill(form, "user", trader["user_id"])
        fill(form, "cash", "123.45")
        fill(form, "reason", "console credit")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        text_appears(browser, "#adjust-form .form-result", "10,123.45")

        entry = text_appears(browser, '#audit-body tr[data-action="adjust_cash"]', "console credit")
        assert ADMIN["username"] in entry.text and "10123.45" in entry.text
        text_appears(browser, '#audit-body tr[data-action="resume"]', "FUN")
        text_appears(browser, '#audit-body tr[data-action="halt"]', "console test halt")

        # The agents table is live: the trader's account appears, and it refreshes on its own.
        find(browser, f'#agents-body tr[data-user="{trader["username"]}"]')
        first = browser.find_element(By.ID, "agents-updated").text
        wait(browser).until(lambda d: d.find_element(By.ID, "agents-updated").text not in ("", first))
        screenshot(browser, "admin-console")
    finally:
        # Leave the shared server open for the other tests whatever happened here.
        server.call("POST", "/api/admin/venues/main/resume", {"ticker": "FUN"}, admin_token(server))


def test_a_trader_is_told_the_console_is_not_theirs(server, browser, user):
    server.require_route("GET", "/api/admin/audit", token=admin_token(server))
    sign_in(browser, server, user["username"], user["password"], route="/admin")
    text_appears(browser, "#admin-tickers", "Only administrators")
    text_appears(browser, "#audit-body", "Could not load the audit log")
    # The navigation offers the console only to administrators and hosts.
    assert not browser.find_element(By.CSS_SELECTOR, '#site-nav a[data-route="admin"]').is_displayed()
