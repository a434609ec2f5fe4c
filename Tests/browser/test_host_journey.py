"""Two journeys through the browser alone, against a server whose market makers are on. The host (the
first admin) creates a tournament from the form, publishes it, imports a class of three, starts it,
watches the standings, ends it and exports the results. A student signs in with the password from the
roster, changes it, joins with the invite code, buys and sells, and sees the final results."""
import uuid

from selenium.webdriver.common.by import By

from conftest import ADMIN, screenshot, unique_name
from pages import (answer_dialog, csv_rows, download_text, fill_credentials, fill_in, find, open_page, text_appears,
                   visible, wait)
from test_host_console import as_admin, transition
from test_journey import my_row, place
from test_live import status
from test_roster import import_roster


def standings_of(server, tournament):
    return server.call("GET", f"/api/tournaments/{tournament}/standings")[1]["standings"]


def test_a_host_runs_a_tournament_from_the_browser(live_server, browser):
    server = live_server
    tournament = "sprint-" + uuid.uuid4().hex[:6]
    as_admin(browser, server)
    find(browser, "#new-event").click()
    visible(browser, "#create-form input[name=name]").send_keys("Class 7A sprint")
    fill_in(browser, "#create-form input[name=id]", tournament)
    fill_in(browser, "#create-form input[name=starts_in]", "60")
    assert browser.find_element(By.ID, "create-market-maker").is_selected()
    code = browser.find_element(By.CSS_SELECTOR, "#create-form input[name=invite_code]").get_attribute("value")
    browser.find_element(By.ID, "create-submit").click()
    find(browser, 'main h1 .badge[data-status="draft"]')

    transition(browser, "publish")
    find(browser, 'main h1 .badge[data-status="open"]')
    text_appears(browser, "#invite-code", code)

    names = [unique_name() for _ in range(3)]
    import_roster(browser, "\n".join(names))
    text_appears(browser, "#roster-status", "3 created, 0 refused")
    roster = csv_rows(download_text(browser, "#roster-download a.download-link"))[1:]
    assert [r[0] for r in roster] == names
    for name in names:
        find(browser, f'#entrants-body tr[data-user="{name}"][data-status="competing"]')
    screenshot(browser, "host-journey-roster")

    transition(browser, "start")
    find(browser, 'main h1 .badge[data-status="active"]')
    text_appears(browser, "#host-standings-title", "Live standings")
    tokens = {}
    for name, password, _ in roster:
        status_code, answer = server.call("POST", "/api/login", {"username": name, "password": password})
        assert status_code == 200, answer
        tokens[name] = {"token": answer["jwt_token"], "user_id": answer["user_id"]}
    server.market_order(tokens[names[0]], "OWL", "buy", 20, venue=tournament)
    server.market_order(tokens[names[1]], "OWL", "buy", 5, venue=tournament)

    # The standings on the page follow the server's as they change.
    def shows_server_standings(driver):
        rows = standings_of(server, tournament)
        return len(rows) == 3 and all(
            f"{r['total_value']:,.2f}" in driver.find_element(By.CSS_SELECTOR, f'#host-standings tr[data-user="{r["user_id"]}"]').text
            for r in rows)
    wait(browser, 15).until(shows_server_standings)
    screenshot(browser, "host-journey-live")

    transition(browser, "end")
    find(browser, 'main h1 .badge[data-status="completed"]')
    text_appears(browser, "#host-standings-title", "Final results")
    results = server.call("GET", f"/api/tournaments/{tournament}/results")[1]["standings"]
    find(browser, "#export-results").click()
    rows = csv_rows(download_text(browser, f'#exports-links a[data-file="{tournament}-results.csv"]'))
    assert [(r[1], float(r[3])) for r in rows[1:]] == [(s["username"], s["total_value"]) for s in results]
    assert {r[1] for r in rows[1:]} == set(names)
    screenshot(browser, "host-journey-results")


def test_a_student_from_roster_password_to_results(live_server, browser):
    server = live_server
    tournament = "class-" + uuid.uuid4().hex[:6]
    server.admin("POST", "/api/admin/tournaments", {
        "id": tournament, "name": "Invite-only sprint", "starts_in_seconds": 3600, "duration_seconds": 3600,
        "max_participants": 10,
        "venue": {"name": "Invite-only sprint", "starting_cash": 5000, "visibility": "invite", "invite_code": "heron-55",
                  "tickers": [{"symbol": "OWL", "initial_price": 20}], "fees": {"maker_bps": 0, "taker_bps": 0},
                  "market_makers": {"refresh_ms": 500, "spread_bps": 40, "levels": 2, "size": 20, "seed": 5}}})
    server.admin("POST", f"/api/admin/tournaments/{tournament}/publish")

    # The host hands out a one-time password from the roster.
    name = unique_name()
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    import_roster(browser, name, enroll=False)
    _, password, link = csv_rows(download_text(browser, "#roster-download a.download-link"))[1]
    assert link.endswith(f"#/join/{tournament}?code=heron-55")
    find(browser, "#sign-out").click()

    # The student signs in with it and changes it first.
    open_page(browser, server, "/signin?next=/portfolio")
    fill_credentials(browser, name, password)
    text_appears(browser, "#signed-in-user", name)
    fill_in(browser, "#current-password", password)
    fill_in(browser, "#new-password", "my-own-pass-77")
    fill_in(browser, "#repeat-password", "my-own-pass-77")
    browser.find_element(By.CSS_SELECTOR, "#password-form button[type=submit]").click()
    text_appears(browser, "#password-result", "Password changed")
    assert server.call("POST", "/api/login", {"username": name, "password": password})[0] == 401

    # Joins with the code the host gave.
    find(browser, "#join-with-code").click()
    fill_in(browser, "#join-venue", tournament)
    fill_in(browser, "#join-code", "heron-55")
    browser.find_element(By.ID, "join-submit").click()
    text_appears(browser, "#join-result", "You are entered in Invite-only sprint")
    find(browser, "#join-next").click()
    text_appears(browser, "#entry-state", "You are entered.")
    text_appears(browser, "#countdown", "Starts in")
    session = browser.execute_script("return JSON.parse(localStorage.getItem('marketsim.session'))")
    screenshot(browser, "student-journey-entered")

    server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    visible(browser, "#trade-in-tournament").click()
    find(browser, '#markets-table a[href="#/ticker/OWL"]').click()
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    text_appears(browser, "#spread", "Midpoint")
    place(browser, "buy", "market", 6, time_in_force="IOC")
    text_appears(browser, "#order-ticket .ticket-result", "6 filled")
    # The ticket's side buttons are back at the top of the page, clear of the sticky header.
    browser.execute_script("document.querySelector('#order-ticket .ticket-result').textContent = ''; window.scrollTo(0, 0)")
    place(browser, "sell", "market", 6, time_in_force="IOC")
    text_appears(browser, "#order-ticket .ticket-result", "6 filled")
    trades = server.call("GET", f"/api/venues/{tournament}/trades", token=session["token"])[1]
    assert {t["side"] for t in trades} == {"buy", "sell"}
    screenshot(browser, "student-journey-traded")

    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")
    open_page(browser, server, f"/tournaments/{tournament}")
    text_appears(browser, "#standings-title", "Final results")
    final = next(r for r in server.call("GET", f"/api/tournaments/{tournament}/results")[1]["standings"]
                 if r["user_id"] == session["userId"])
    row = my_row(browser, "#standings", session["userId"])
    assert "(you)" in row.text and f"{final['total_value']:,.2f}" in row.text
    screenshot(browser, "student-journey-results")
    assert ADMIN["username"] not in row.text
