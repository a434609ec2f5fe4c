"""The admin console: an administrator halts a ticker, sees an order refused with the reason, resumes,
adjusts a balance and finds the adjustment in the audit log; the agents table refreshes by itself. Only
administrators and hosts are offered the console, and a trader's pages ask no admin route."""
import time

from selenium.webdriver.common.by import By

from conftest import ADMIN, screenshot
from pages import find, fresh, no_loading, open_page, sign_in, text_appears, visible, wait
from test_markets import default_ticker


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


def refused_admin_requests(driver):
    """The admin routes the page asked for and was refused since the last look (Chrome logs each failed load)."""
    return [entry["message"] for entry in driver.get_log("browser") if "/api/admin" in entry.get("message", "")]


def admin_link_shown(driver):
    return driver.find_element(By.CSS_SELECTOR, '#site-nav a[data-route="admin"]').is_displayed()


def test_a_trader_is_told_the_console_is_not_theirs(server, browser, user):
    server.require_route("GET", "/api/admin/audit", token=admin_token(server))
    sign_in(browser, server, user["username"], user["password"], route="/admin")
    text_appears(browser, "#admin-tickers", "Only administrators")
    # Refused once, for the venue; the agents, the audit log and the forms are not asked for or offered.
    assert not browser.find_elements(By.CSS_SELECTOR, "#audit-body, #agents-body")
    assert not browser.find_element(By.ID, "halt-venue").is_displayed()
    refused = refused_admin_requests(browser)
    assert len(refused) == 1 and "/api/admin/venues/main " in refused[0], refused
    # The navigation offers the console only to administrators and hosts.
    assert not admin_link_shown(browser)


def test_a_trader_s_pages_ask_no_admin_route(server, browser, user):
    sign_in(browser, server, user["username"], user["password"])
    for route in ("/markets", f"/ticker/{default_ticker(server)}", "/portfolio", "/orders", "/leaderboard", "/tournaments"):
        open_page(browser, server, route)
        no_loading(browser)
    browser.refresh()
    find(browser, "#signed-in-user")
    no_loading(browser)
    assert refused_admin_requests(browser) == []
    assert not admin_link_shown(browser)


def test_the_admin_link_shows_to_whom_the_console_answered(server, browser):
    sign_in(browser, server, ADMIN["username"], ADMIN["password"], route="/admin")
    find(browser, '#admin-tickers tr[data-ticker="FUN"]')
    visible(browser, '#site-nav a[data-route="admin"]')
    # Remembered for the session: after a reload on another page the link is there without a request.
    open_page(browser, server, "/markets")
    browser.refresh()
    find(browser, "#signed-in-user")
    assert admin_link_shown(browser)
    assert refused_admin_requests(browser) == []


def test_a_session_the_server_called_admin_shows_the_link_at_once(server, browser, user):
    # The role comes from the sign-in answer where the server gives it; the page trusts it for the link only.
    fresh(browser, server)
    browser.execute_script(
        "localStorage.setItem('marketsim.session', JSON.stringify({token: arguments[0], username: arguments[1], userId: arguments[2], role: 'admin'}))",
        user["token"], user["username"], user["user_id"])
    browser.refresh()
    find(browser, "#signed-in-user")
    assert admin_link_shown(browser)
    assert refused_admin_requests(browser) == []


def test_admin_starts_and_stops_the_background_traders_from_the_console(server, browser):
    """Value and momentum traders only cross the spread, so on this server's empty books they start, show in
    the agents table and stop again without leaving an order behind for the other tests."""
    token = admin_token(server)
    server.require_route("GET", "/api/admin/venues/main/background-traders", token=token)
    try:
        sign_in(browser, server, ADMIN["username"], ADMIN["password"], route="/admin")
        form = visible(browser, "#traders-form")
        fill(form, "noise", "0")
        fill(form, "value", "1")
        fill(form, "momentum", "1")
        fill(form, "reason", "console population")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        text_appears(browser, "#traders-form .form-result", "Background traders on: 2 trading (running)")
        status, shown = server.call("GET", "/api/admin/venues/main/background-traders", token=token)
        assert status == 200 and [t["style"] for t in shown["traders"]] == ["value", "momentum"], shown
        text_appears(browser, "#agents-body", "(background trader)")
        text_appears(browser, '#audit-body tr[data-action="set_background_traders"]', "console population")
        screenshot(browser, "admin-background-traders")
    finally:
        server.call("PUT", "/api/admin/venues/main/background-traders", {"enabled": False}, token)


def test_a_headline_published_from_the_console_appears_on_the_markets_page(server, browser):
    """The shared server runs no market maker, so the headline carries no percent (a percent needs a fair value
    to move); it names a ticker, and the markets page shows it, newest first, as the feed delivers it."""
    token = admin_token(server)
    server.require_route("GET", "/api/news")
    ticker = default_ticker(server)
    headline = f"{ticker} opens a new factory {int(time.time() * 1000)}"
    sign_in(browser, server, ADMIN["username"], ADMIN["password"], route="/admin")
    form = visible(browser, "#news-form")
    fill(form, "headline", headline)
    fill(form, "ticker", ticker.lower())
    fill(form, "reason", "console news")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#news-form .form-result", f"Published: {headline} ({ticker})")
    text_appears(browser, '#audit-body tr[data-action="publish_news"]', "console news")
    open_page(browser, server, "/markets")
    first = text_appears(browser, "#news-list li:first-child", headline)
    assert first.find_element(By.CSS_SELECTOR, ".news-ticker").text == ticker
    # A second headline arrives over the `news` channel while the page is open and goes on top.
    later = f"Markets close early {int(time.time() * 1000)}"
    status, answer = server.call("POST", "/api/admin/venues/main/market-events", {"kind": "news", "headline": later}, token)
    assert status == 200, answer
    text_appears(browser, "#news-list li:first-child", later)
    assert browser.find_elements(By.CSS_SELECTOR, "#news-list li")[1].text.endswith(headline)
    screenshot(browser, "markets-news")
