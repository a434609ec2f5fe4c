"""Joining an invite-only venue from the browser: with the code typed in (a wrong one refused with the
server's reason), by following the host's join link signed in (asked once, then joined), and signed out
(the link, code included, survives signing in). A tournament's countdown to its start ticks every second."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import answer_dialog, fill_credentials, fill_in, find, in_page, open_as, open_page, text_appears, visible, wait
from test_roster import invite_venue


def has_account(server, venue, user):
    return server.call("GET", f"/api/venues/{venue}/portfolio", token=user["token"])[0] == 200


def test_a_student_joins_with_the_invite_code(server, browser, user):
    venue = invite_venue(server, code="kite-7788")
    open_as(browser, server, user, "/portfolio")
    find(browser, "#join-with-code").click()
    fill_in(browser, "#join-venue", venue)
    fill_in(browser, "#join-code", "kite-0000")
    browser.find_element(By.ID, "join-submit").click()
    text_appears(browser, "#join-result", "takes an invite code, and this is not it")
    assert not has_account(server, venue, user)

    fill_in(browser, "#join-code", "kite-7788")
    browser.find_element(By.ID, "join-submit").click()
    text_appears(browser, "#join-result", "You joined")
    screenshot(browser, "join-venue")
    assert has_account(server, venue, user)
    find(browser, "#join-next").click()
    wait(browser).until(lambda d: Select(d.find_element(By.ID, "venue-select")).first_selected_option.get_attribute("value") == venue)
    text_appears(browser, "main", f"Venue {venue}")

    # Joining twice is refused by the server, and the page says why.
    open_page(browser, server, "/join")
    fill_in(browser, "#join-venue", venue)
    fill_in(browser, "#join-code", "kite-7788")
    browser.find_element(By.ID, "join-submit").click()
    text_appears(browser, "#join-result", f"Could not join {venue}")


def test_the_join_link_asks_then_joins(server, browser, user):
    venue = invite_venue(server, code="lark-1122")
    open_as(browser, server, user, f"/join/{venue}?code=lark-1122")
    assert "Join" in answer_dialog(browser, confirm=False)
    time.sleep(0.5)
    assert not has_account(server, venue, user)

    open_page(browser, server, "/markets")
    open_page(browser, server, f"/join/{venue}?code=lark-1122")
    answer_dialog(browser)
    text_appears(browser, "#join-result", "You joined")
    assert has_account(server, venue, user)


def test_the_join_link_survives_signing_in(server, browser, user):
    venue = invite_venue(server, code="wren-3344")
    browser.get(f"{server.base_url}/")
    browser.execute_script("localStorage.clear()")
    open_page(browser, server, f"/join/{venue}?code=wren-3344")
    visible(browser, "#username")
    fill_credentials(browser, user["username"], user["password"])
    answer_dialog(browser)
    text_appears(browser, "#join-result", "You joined")
    assert find(browser, "#join-code").get_attribute("value") == "wren-3344"
    assert has_account(server, venue, user)


def test_the_countdown_to_the_start_ticks_and_the_page_turns_when_it_starts(server, browser):
    tournament = server.create_tournament()
    open_page(browser, server, f"/tournaments/{tournament}")
    clock = text_appears(browser, "#countdown", "Starts in 59:")
    first = int(clock.get_attribute("data-seconds-left"))
    assert 3590 <= first <= 3600
    wait(browser, 5).until(lambda d: int(d.find_element(By.ID, "countdown").get_attribute("data-seconds-left")) <= first - 2)

    soon = "soon-" + tournament[-8:]
    server.admin("POST", "/api/admin/tournaments", {
        "id": soon, "name": "Starts soon", "starts_in_seconds": 4, "duration_seconds": 600, "max_participants": 5,
        "venue": {"name": "Starts soon", "starting_cash": 1000, "tickers": [{"symbol": "OWL", "initial_price": 20}]}})
    server.admin("POST", f"/api/admin/tournaments/{soon}/publish")
    open_page(browser, server, f"/tournaments/{soon}")
    text_appears(browser, "#countdown", "Starts in 0:0")
    screenshot(browser, "tournament-countdown")
    # At zero the page looks again, and the server has started it: no countdown, a running badge.
    find(browser, 'main h1 .badge[data-status="active"]')
    assert not browser.find_elements(By.ID, "countdown")


def test_time_left_is_written_as_a_clock(server, browser):
    open_page(browser, server, "/markets")
    texts = in_page(browser, ["/js/countdown.js"], """([c]) => [0, -5, 999, 9000, 65000, 3723000, 2 * 86400000 + 3723000].map(c.timeLeft)""")
    assert texts == ["now", "now", "0:01", "0:09", "1:05", "1:02:03", "2 d 01:02:03"]
