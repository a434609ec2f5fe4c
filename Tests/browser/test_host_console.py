"""The host's console: a tournament created from the form (what the server stored is what was typed, late
entry included), a refused one showing the server's reason, a shipped file loaded, the transitions each
confirmed first (and a refusal's reason), entrants disqualified with a reason, and the pages at phone width."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import ADMIN, screenshot
from pages import answer_dialog, find, open_as, fill_in, fits_width, open_page, sign_in, text_appears, visible, wait


def as_admin(browser, server, route="/host"):
    """Signs in as the first admin: through the form at desktop width, as a stored session on a phone
    (whose menu hides the signed-in name)."""
    if browser.get_window_size()["width"] >= 600:
        sign_in(browser, server, ADMIN["username"], ADMIN["password"], route=route)
        return
    status, answer = server.call("POST", "/api/login", {"username": ADMIN["username"], "password": ADMIN["password"]})
    assert status == 200, answer
    open_as(browser, server, {"token": answer["jwt_token"], "username": answer["username"], "user_id": answer["user_id"],
                              "role": answer["role"]}, route)


def fill_ticker(browser, index, symbol, price, tick):
    row = browser.find_elements(By.CSS_SELECTOR, "#create-tickers .ticker-row")[index]
    for name, value in (("symbol", symbol), ("initial_price", price), ("tick_size", tick)):
        field = row.find_element(By.CSS_SELECTOR, f"input[name={name}]")
        field.clear()
        field.send_keys(value)


def fill_tournament_form(browser, tournament_id, name, code, market_maker=False):
    """The create form filled in as a host would: two tickers, fees, limits, schedule and an invite."""
    visible(browser, '#create-form input[name=name]').send_keys(name)
    fill_in(browser, '#create-form input[name=id]', tournament_id)
    fill_in(browser, '#create-form input[name=starting_cash]', "2500.50")
    fill_ticker(browser, 0, "OWL", "20.00", "0.05")
    browser.find_element(By.ID, "add-ticker").click()
    fill_ticker(browser, 1, "BEE", "7.25", "0.01")
    fill_in(browser, '#create-form input[name=maker_bps]', "5")
    fill_in(browser, '#create-form input[name=taker_bps]', "15")
    fill_in(browser, '#create-form input[name=max_order_quantity]', "300")
    fill_in(browser, '#create-form input[name=max_open_orders]', "12")
    checkbox = browser.find_element(By.ID, "create-market-maker")
    if checkbox.is_selected() != market_maker:
        checkbox.click()
    fill_in(browser, '#create-form input[name=starts_in]', "90")
    fill_in(browser, '#create-form input[name=duration]', "45")
    fill_in(browser, '#create-form input[name=late_entry]', "15")
    fill_in(browser, '#create-form input[name=max_participants]', "25")
    Select(browser.find_element(By.ID, "create-visibility")).select_by_value("invite")
    fill_in(browser, '#create-form input[name=invite_code]', code)


def test_a_tournament_created_from_the_form_is_stored_as_typed(server, browser):
    tournament = "form-" + uuid.uuid4().hex[:8]
    as_admin(browser, server)
    visible(browser, '#site-nav a[data-route="host"]')
    find(browser, "#new-event").click()
    fill_tournament_form(browser, tournament, "Form cup", "owl-code-1")
    screenshot(browser, "host-create")
    browser.find_element(By.ID, "create-submit").click()

    text_appears(browser, "main h1", "Form cup")
    assert browser.current_url.endswith(f"#/host/tournaments/{tournament}")
    find(browser, 'main h1 .badge[data-status="draft"]')
    # A draft is edited where it is shown; test_host_edit.py edits one.
    assert visible(browser, "#edit-name").get_attribute("value") == "Form cup"
    text_appears(browser, "#invite-code", "owl-code-1")
    assert find(browser, "#join-link").get_attribute("href").endswith(f"#/join/{tournament}?code=owl-code-1")

    venue = server.admin("GET", f"/api/admin/venues/{tournament}")
    assert venue["visibility"] == "invite" and venue["invite_code"] == "owl-code-1"
    assert venue["starting_cash"] == 2500.5 and venue["market_makers"] is False
    assert sorted((t["symbol"], t["initial_price"], t["tick_size"]) for t in venue["tickers"]) == [("BEE", 7.25, 0.01), ("OWL", 20, 0.05)]
    rules = server.admin("GET", f"/api/admin/venues/{tournament}/rules")
    assert (str(rules["fees"]["maker_bps"]), str(rules["fees"]["taker_bps"])) == ("5", "15")
    limits = rules["risk_limits"]
    assert (str(limits["max_order_quantity"]), str(limits["max_open_orders"]), limits["max_position"]) == ("300", "12", "none")
    listed = next(t for t in server.admin("GET", "/api/admin/tournaments")["tournaments"] if t["id"] == tournament)
    assert listed["max_participants"] == 25 and listed["late_entry_seconds"] == 900
    assert listed["status"] == "draft"
    screenshot(browser, "host-tournament-draft")

    # The same id again: nothing is created, and the server's reason is on the form.
    open_page(browser, server, "/host/new")
    fill_tournament_form(browser, tournament, "Form cup again", "owl-code-2")
    browser.find_element(By.ID, "create-submit").click()
    refusal = text_appears(browser, "#create-result", "Not created")
    assert tournament in refusal.text or "exists" in refusal.text, refusal.text
    assert browser.current_url.endswith("#/host/new")


def test_a_bad_field_is_named_by_the_server(server, browser):
    as_admin(browser, server, "/host/new")
    visible(browser, '#create-form input[name=name]').send_keys("Broken cup")
    fill_in(browser, '#create-form input[name=starting_cash]', "lots")
    browser.find_element(By.ID, "create-submit").click()
    text_appears(browser, "#create-result", "starting_cash")


def test_a_shipped_file_loads_as_a_draft(server, browser):
    as_admin(browser, server)
    options = [o.get_attribute("value") for o in Select(find(browser, "#shipped-file")).options]
    assert sorted(options) == ["agent-league.json", "classroom-sprint.json", "volatile-scenario.json"]
    Select(browser.find_element(By.ID, "shipped-file")).select_by_value("volatile-scenario.json")
    browser.find_element(By.CSS_SELECTOR, "#load-form button[type=submit]").click()
    wait(browser).until(lambda d: "#/host/tournaments/" in d.current_url)
    tournament = browser.current_url.rsplit("/", 1)[1]
    find(browser, 'main h1 .badge[data-status="draft"]')
    assert any(t["id"] == tournament and t["status"] == "draft" for t in server.admin("GET", "/api/admin/tournaments")["tournaments"])
    # Loading it twice is refused with the server's reason (the id is taken).
    open_page(browser, server, "/host")
    Select(find(browser, "#shipped-file")).select_by_value("volatile-scenario.json")
    browser.find_element(By.CSS_SELECTOR, "#load-form button[type=submit]").click()
    text_appears(browser, "#load-result", "Could not load volatile-scenario.json")
    server.admin("POST", f"/api/admin/tournaments/{tournament}/cancel")


def status_of(server, tournament):
    return next(t for t in server.admin("GET", "/api/admin/tournaments")["tournaments"] if t["id"] == tournament)["status"]


def transition(browser, action, confirm=True):
    button = find(browser, f'#lifecycle button[data-action="{action}"]')
    # Below the sticky header after scrolling down the page: brought to the middle first.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    return answer_dialog(browser, confirm)


def test_publish_start_and_end_each_ask_first(server, browser):
    tournament = server.create_tournament(publish=False)
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    find(browser, 'main h1 .badge[data-status="draft"]')
    question = transition(browser, "publish", confirm=False)
    assert "Publish" in question
    assert status_of(server, tournament) == "draft"

    transition(browser, "publish")
    find(browser, 'main h1 .badge[data-status="open"]')
    assert status_of(server, tournament) == "open"
    text_appears(browser, "#host-countdown", "Starts in")
    transition(browser, "start")
    find(browser, 'main h1 .badge[data-status="active"]')
    text_appears(browser, "#host-standings-title", "Live standings")
    transition(browser, "end")
    find(browser, 'main h1 .badge[data-status="completed"]')
    text_appears(browser, "#host-standings-title", "Final results")
    assert status_of(server, tournament) == "completed"
    assert not browser.find_elements(By.CSS_SELECTOR, "#lifecycle button")


def test_a_refused_transition_shows_the_server_s_reason(server, browser):
    tournament = server.create_tournament()
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    find(browser, '#lifecycle button[data-action="start"]')
    # Someone else cancels it meanwhile; the button on screen is now out of date.
    server.admin("POST", f"/api/admin/tournaments/{tournament}/cancel")
    transition(browser, "start")
    text_appears(browser, "#lifecycle-result", "cannot become active")
    find(browser, 'main h1 .badge[data-status="cancelled"]')


def test_an_entrant_is_disqualified_with_a_reason(server, browser):
    tournament = server.create_tournament()
    cheat, fair = server.register(), server.register()
    for user in (cheat, fair):
        status, answer = server.call("POST", f"/api/tournaments/{tournament}/enter", {}, user["token"])
        assert status == 200, answer
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    row = find(browser, f'#entrants-body tr[data-user="{cheat["username"]}"][data-status="competing"]')
    # Kept as it was when the host thinks again.
    row.find_element(By.CSS_SELECTOR, 'button[data-action="disqualify"]').click()
    assert f"Disqualify {cheat['username']}?" in answer_dialog(browser, confirm=False)
    entrants = server.admin("GET", f"/api/admin/tournaments/{tournament}/entrants")["entrants"]
    assert {e["status"] for e in entrants} == {"competing"}
    find(browser, f'#entrants-body tr[data-user="{cheat["username"]}"][data-status="competing"] button').click()
    answer_dialog(browser, reason="shared an account")
    find(browser, f'#entrants-body tr[data-user="{cheat["username"]}"][data-status="disqualified"]')
    text_appears(browser, "#entrants-result", f"{cheat['username']} is disqualified")
    entrants = {e["username"]: e["status"] for e in server.admin("GET", f"/api/admin/tournaments/{tournament}/entrants")["entrants"]}
    assert entrants == {cheat["username"]: "disqualified", fair["username"]: "competing"}
    audit = server.admin("GET", f"/api/admin/audit?venue={tournament}")["entries"]
    assert any("shared an account" in (e.get("reason") or "") for e in audit), audit
    screenshot(browser, "host-entrants")


def test_a_trader_hosting_nothing_is_told_so(server, browser, user):
    sign_in(browser, server, user["username"], user["password"], route="/host")
    text_appears(browser, "#host-tournaments", "You run no tournaments")
    assert not browser.find_element(By.CSS_SELECTOR, '#site-nav a[data-route="host"]').is_displayed()


def test_console_pages_fit_a_phone(server, phone):
    tournament = server.create_tournament()
    as_admin(phone, server)
    for route, name in (("/host", "host-console"), ("/host/new", "host-create"), (f"/host/tournaments/{tournament}", "host-tournament")):
        open_page(phone, server, route)
        wait(phone).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))
        assert fits_width(phone), route
        screenshot(phone, name)
