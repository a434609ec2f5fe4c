"""A draft edited in the host's console: the form shows the draft as created, sends only what the host
changed (a new start keeps the length), the page shows the change, a bad value is refused with the
server's reason beside the form, and the form is gone once the tournament is published, by the host or
by someone else a moment before the host saves."""
import datetime
import uuid

from selenium.webdriver.common.by import By

from conftest import screenshot
from pages import find, fill_in, fits_width, no_loading, text_appears, visible, wait
from test_host_console import as_admin, transition

# Keeps the body of every PATCH the page sends, so that a test can see what was sent and what was not.
PATCH_RECORDER = """
(() => {
  const realFetch = window.fetch.bind(window);
  window.__patches = [];
  window.fetch = (input, init) => {
    if (init && init.method === 'PATCH') window.__patches.push(JSON.parse(init.body));
    return realFetch(input, init);
  };
})();
"""


def instant(iso):
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def local_input(driver, moment):
    """`moment` as a datetime-local input holds it in the browser's time zone ("2026-12-03T18:30")."""
    offset = driver.execute_script("return new Date(arguments[0]).getTimezoneOffset()", moment.timestamp() * 1000)
    return (moment - datetime.timedelta(minutes=offset)).strftime("%Y-%m-%dT%H:%M")


def set_start(driver, value):
    """Chooses a start as the date picker does: Chrome takes typed digits of a datetime-local input in the
    order of the browser's locale, so the value is set and the input event sent instead."""
    field = find(driver, "#edit-starts_at")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                          field, value)


def save(driver):
    button = find(driver, "#edit-submit")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def tournament_of(server, tournament):
    return next(t for t in server.admin("GET", "/api/admin/tournaments")["tournaments"] if t["id"] == tournament)


def create_from_the_form(browser, tournament):
    find(browser, "#new-event").click()
    visible(browser, "#create-form input[name=name]").send_keys("Edit cup")
    fill_in(browser, "#create-form input[name=id]", tournament)
    fill_in(browser, "#create-form input[name=starts_in]", "60")
    fill_in(browser, "#create-form input[name=duration]", "90")
    fill_in(browser, "#create-form input[name=late_entry]", "5")
    browser.find_element(By.ID, "create-submit").click()
    find(browser, 'main h1 .badge[data-status="draft"]')


def test_a_host_edits_a_draft_then_publishes_it(server, browser):
    tournament = "edit-" + uuid.uuid4().hex[:8]
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PATCH_RECORDER})
    as_admin(browser, server)
    create_from_the_form(browser, tournament)
    created = tournament_of(server, tournament)
    assert created["late_entry_seconds"] == 300

    # The form holds the draft as the server has it.
    assert visible(browser, "#edit-name").get_attribute("value") == "Edit cup"
    assert find(browser, "#edit-starts_at").get_attribute("value") == local_input(browser, instant(created["starts_at"]))
    assert find(browser, "#edit-duration_seconds").get_attribute("value") == "90"
    assert find(browser, "#edit-late_entry_seconds").get_attribute("value") == "5"
    text_appears(browser, "#host-late-entry", "5 min after the start")
    screenshot(browser, "host-edit-draft")

    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    fill_in(browser, "#edit-name", "Edit cup, moved")
    set_start(browser, local_input(browser, start))
    fill_in(browser, "#edit-late_entry_seconds", "10")
    save(browser)
    text_appears(browser, "#edit-result", "Saved: name, start, late entry.")

    # Only what changed was sent; the length was kept by the server.
    assert browser.execute_script("return window.__patches") == [
        {"name": "Edit cup, moved", "starts_at": start.strftime("%Y-%m-%dT%H:%M:00.000Z"), "late_entry_seconds": 600}]
    edited = tournament_of(server, tournament)
    assert (edited["name"], instant(edited["starts_at"]), edited["late_entry_seconds"]) == ("Edit cup, moved", start, 600)
    assert instant(edited["ends_at"]) - start == datetime.timedelta(minutes=90)
    text_appears(browser, "main h1", "Edit cup, moved")
    text_appears(browser, "#host-late-entry", "10 min after the start")

    # Late entry longer than the tournament: the server's reason, the field marked, nothing changed.
    fill_in(browser, "#edit-late_entry_seconds", "120")
    save(browser)
    refusal = text_appears(browser, "#edit-result", "Not saved: late_entry_seconds: must be from 0 to the tournament's length")
    assert refusal.find_element(By.CSS_SELECTOR, ".notice-error")
    assert find(browser, "#edit-late_entry_seconds").get_attribute("aria-invalid") == "true"
    assert tournament_of(server, tournament)["late_entry_seconds"] == 600
    screenshot(browser, "host-edit-refused")

    # Typed back as it was: nothing to send.
    fill_in(browser, "#edit-late_entry_seconds", "10")
    save(browser)
    text_appears(browser, "#edit-result", "Nothing changed.")
    assert len(browser.execute_script("return window.__patches")) == 2

    transition(browser, "publish")
    find(browser, 'main h1 .badge[data-status="open"]')
    wait(browser).until(lambda d: not d.find_elements(By.ID, "edit-form"))
    assert not browser.find_elements(By.ID, "edit-draft")
    assert tournament_of(server, tournament)["status"] == "open"


def test_saving_after_someone_else_published_shows_why_the_form_is_gone(server, browser):
    tournament = server.create_tournament(publish=False)
    as_admin(browser, server, f"/host/tournaments/{tournament}")
    fill_in(browser, "#edit-name", "Too late a name")
    # Published from elsewhere the moment before the host saves: the page has not looked again yet.
    browser.execute_async_script("""
        const [path, token, done] = arguments;
        fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
          .then(() => { document.getElementById('edit-form').requestSubmit(); done(); });
    """, f"/api/admin/tournaments/{tournament}/publish", server.admin_token())
    text_appears(browser, "#edit-result", "Not saved: Only a draft can be edited; the tournament is open")
    find(browser, 'main h1 .badge[data-status="open"]')
    wait(browser).until(lambda d: not d.find_elements(By.ID, "edit-form"))
    # The reason stays where the form was.
    assert "the tournament is open" in browser.find_element(By.ID, "edit-result").text
    assert tournament_of(server, tournament)["name"] != "Too late a name"


def test_the_edit_form_fits_a_phone(server, phone):
    tournament = server.create_tournament(publish=False)
    as_admin(phone, server, f"/host/tournaments/{tournament}")
    visible(phone, "#edit-form")
    no_loading(phone)
    assert fits_width(phone)
    screenshot(phone, "host-edit-draft")
