"""Tournaments against the real server: the list of published ones, a tournament's page with entry and
withdrawal, the server's reason when entry is refused, late entry into a running one and its end, the
standings keeping a prize apart from what trading made, and unknown tournaments. The whole life of one,
trading included, is in test_journey.py."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import find, fits_width, fresh, open_as, text_appears, visible, wait


def test_the_list_shows_published_tournaments_and_not_drafts(server, browser):
    published = server.create_tournament()
    draft = server.create_tournament(publish=False)
    fresh(browser, server, "/tournaments")
    row = find(browser, f'#tournaments-body tr[data-tournament="{published}"]')
    _, answer = server.call("GET", f"/api/tournaments/{published}")
    assert answer["name"] in row.text
    assert "open for entry" in row.text.lower()
    assert f"0 / {answer['max_participants']}" in row.text
    assert "5,000.00" in row.text and "OWL" in row.text
    assert not browser.find_elements(By.CSS_SELECTOR, f'#tournaments-body tr[data-tournament="{draft}"]')
    row.find_element(By.TAG_NAME, "a").click()
    text_appears(browser, "main h1", answer["name"])
    # Signed out, the page invites to sign in rather than offering entry.
    text_appears(browser, "#tournament-detail", "Sign in to enter")
    assert not browser.find_elements(By.ID, "enter-tournament")
    screenshot(browser, "tournaments")


def test_enter_and_withdraw_from_the_tournament_page(server, browser, user):
    tournament = server.create_tournament()
    open_as(browser, server, user, f"/tournaments/{tournament}")
    text_appears(browser, "#entry-state", "You are not entered.")
    text_appears(browser, "#standings", "No entrants yet")
    text_appears(browser, "#equity", "appears once the tournament runs")
    visible(browser, "#enter-tournament").click()
    text_appears(browser, "#entry-state", "You are entered.")
    row = find(browser, f'#standings tr[data-user="{user["user_id"]}"]')
    assert f"{user['username']} (you)" in row.text and "5,000.00" in row.text
    text_appears(browser, "#tournament-entrants", "1 / 20")
    # The tournament's venue joins the switcher under its name, and can be traded in once it runs.
    select = Select(find(browser, "#venue-select"))
    _, answer = server.call("GET", f"/api/tournaments/{tournament}")
    assert (tournament, answer["name"]) in [(o.get_attribute("value"), o.text) for o in select.options]
    assert visible(browser, "#trade-in-tournament").text == f"Trade in {answer['name']}"
    screenshot(browser, "tournament-entered")
    browser.find_element(By.ID, "withdraw-tournament").click()
    text_appears(browser, "#entry-state", "You are not entered.")
    text_appears(browser, "#tournament-entrants", "0 / 20")
    _, standings = server.call("GET", f"/api/tournaments/{tournament}/standings")
    assert standings["standings"] == []


def test_a_refused_entry_shows_the_server_reason(server, browser, user):
    tournament = server.create_tournament()
    open_as(browser, server, user, f"/tournaments/{tournament}")
    enter = visible(browser, "#enter-tournament")
    # The organiser starts it while the page still offers entry: the server refuses, and says why.
    server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, server.register()["token"])
    assert status >= 400, answer
    enter.click()
    text_appears(browser, "#tournament-message", f"Could not enter: {answer['detail']}")
    # The next refresh shows it running, entries closed, and no entry button.
    text_appears(browser, "#entry-state", "Entries closed", timeout=10)
    assert not browser.find_elements(By.ID, "enter-tournament")
    text_appears(browser, "#standings-title", "Live standings")
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")


def test_unknown_tournament_shows_the_server_words(server, browser):
    fresh(browser, server, "/tournaments/no-such-tournament")
    _, answer = server.call("GET", "/api/tournaments/no-such-tournament")
    text_appears(browser, "#tournament-detail", answer["detail"])
    assert not browser.find_element(By.ID, "standings-title").is_displayed()
    wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))


def clock(driver, iso, seconds_after=0):
    """HH:MM of `iso` plus some seconds, in the browser's time zone."""
    moment = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")) + datetime.timedelta(seconds=seconds_after)
    offset = driver.execute_script("return new Date(arguments[0]).getTimezoneOffset()", moment.timestamp() * 1000)
    return (moment - datetime.timedelta(minutes=offset)).strftime("%H:%M")


def test_a_student_enters_a_running_tournament_while_late_entry_lasts(server, browser, user):
    tournament = server.create_tournament(late_entry_seconds=600)
    _, answer = server.call("GET", f"/api/tournaments/{tournament}")
    open_as(browser, server, user, f"/tournaments/{tournament}")
    text_appears(browser, "#tournament-detail", "10 min after the start")
    started = server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    text_appears(browser, "#late-entry", f"Late entry until {clock(browser, started['starts_at'], 600)}", timeout=10)
    visible(browser, "#enter-tournament").click()
    text_appears(browser, "#tournament-message", "Trading is open now")
    text_appears(browser, "#entry-state", "You are entered.")
    assert visible(browser, "#trade-in-tournament").text == f"Trade in {answer['name']}"
    find(browser, f'#standings tr[data-user="{user["user_id"]}"]')
    screenshot(browser, "tournament-late-entry")
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")


def test_entries_close_when_late_entry_ends(server, browser, user):
    tournament = server.create_tournament(late_entry_seconds=3)
    started = server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    open_as(browser, server, user, f"/tournaments/{tournament}")
    # The page looks again every five seconds; by then the three seconds are over.
    text_appears(browser, "#entry-state", f"Entries closed at {clock(browser, started['starts_at'], 3)}", timeout=15)
    assert not browser.find_elements(By.ID, "enter-tournament")
    assert not browser.find_elements(By.ID, "late-entry")
    status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, user["token"])
    assert (status, answer["error"]) == (409, "entries_closed")
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")


def cell(row, label):
    return row.find_element(By.CSS_SELECTOR, f'td[data-label="{label}"]')


def test_standings_show_a_prize_apart_from_what_trading_made(server, browser, phone):
    tournament = server.create_tournament()
    winner, other = server.register(), server.register()
    for student in (winner, other):
        status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, student["token"])
        assert status == 200, answer
    server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    server.give_cash(winner, 500, tournament)

    open_as(browser, server, winner, f"/tournaments/{tournament}")
    row = find(browser, f'#standings tr[data-user="{winner["user_id"]}"]')
    mine = next(r for r in server.call("GET", f"/api/tournaments/{tournament}/standings")[1]["standings"]
                if r["user_id"] == winner["user_id"])
    assert (mine["adjustments"], mine["pnl"], mine["total_value"]) == (500, 0, 5500)
    assert cell(row, "Adjustments").text == "500.00"
    assert cell(row, "Dividends").text == "0.00"
    assert cell(row, "P&L").text == "0.00" and cell(row, "Total value").text == "5,500.00"
    headers = [th.get_attribute("textContent") for th in browser.find_elements(By.CSS_SELECTOR, "#standings th")]
    assert headers.index("P&L") < headers.index("Adjustments") < headers.index("Dividends") < headers.index("Return")
    text_appears(browser, "#standings .standings-note",
                 "P&L and return count trading only; prizes, adjustments and dividends are shown apart.")
    screenshot(browser, "tournament-standings-adjustments")

    # On a phone the extra columns give way, as P&L does; the note stays.
    open_as(phone, server, winner, f"/tournaments/{tournament}")
    row = find(phone, f'#standings tr[data-user="{winner["user_id"]}"]')
    assert not cell(row, "Adjustments").is_displayed() and not cell(row, "P&L").is_displayed()
    assert visible(phone, "#standings .standings-note")
    assert fits_width(phone)
    screenshot(phone, "tournament-standings-adjustments")
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")
