"""A class imported from a list of names: accounts with one-time passwords (random, 12 or more
characters), names the server refuses reported with its reason while the rest go on, the CSV of
usernames, passwords and join links read from the page's download; then a student changes the one-time
password and the page adopts the new session."""
import re
import uuid

from selenium.webdriver.common.by import By

from conftest import screenshot, unique_name
from pages import (csv_rows, download_text, find, fill_in, in_page, open_page, sign_in, text_appears,
                   visible, wait)
from test_host_console import as_admin


def invite_venue(server, code="owl-4242"):
    venue = "class-" + uuid.uuid4().hex[:8]
    server.admin("POST", "/api/admin/venues", {
        "id": venue, "name": f"Class {venue[-4:]}", "starting_cash": 1000, "visibility": "invite", "invite_code": code,
        "tickers": [{"symbol": "OWL", "initial_price": 20}]})
    return venue


def import_roster(browser, names_text, enroll=True):
    fill_in(browser, "#roster-names", names_text)
    box = browser.find_elements(By.ID, "roster-enroll")
    if box and box[0].is_selected() != enroll:
        box[0].click()
    browser.find_element(By.ID, "roster-import").click()
    text_appears(browser, "#roster-status", "created,", timeout=30)


def test_a_class_is_imported_and_refused_names_are_reported(server, browser):
    venue = invite_venue(server)
    taken = server.register()
    first, second = unique_name(), unique_name()
    as_admin(browser, server, f"/host/venues/{venue}")
    text_appears(browser, "#invite-code", "owl-4242")
    import_roster(browser, f"username\n{first}\n{taken['username']}\nnot a name\n{second}\n{first}\n")

    text_appears(browser, "#roster-status", "2 created, 2 refused")
    refused = find(browser, f'#roster-results tr[data-user="{taken["username"]}"][data-status="refused"]')
    assert "already registered" in refused.text
    assert find(browser, '#roster-results tr[data-user="not a name"][data-status="refused"]').text.count("Username") >= 1
    screenshot(browser, "host-roster")

    rows = csv_rows(download_text(browser, '#roster-download a.download-link'))
    assert rows[0] == ["username", "password", "join_link"]
    assert [r[0] for r in rows[1:]] == [first, second]
    passwords = [r[1] for r in rows[1:]]
    assert len(set(passwords)) == 2
    assert all(len(p) >= 12 and re.fullmatch(r"[A-Za-z0-9]+", p) for p in passwords), passwords
    assert all(r[2].endswith(f"#/join/{venue}?code=owl-4242") for r in rows[1:])
    for username, password, _ in rows[1:]:
        status, answer = server.call("POST", "/api/login", {"username": username, "password": password})
        assert status == 200, answer
        # Joined the venue at import: the account is there with its starting cash.
        status, portfolio = server.call("GET", f"/api/venues/{venue}/portfolio", token=answer["jwt_token"])
        assert status == 200 and portfolio["cash"] == 1000, portfolio


def test_one_time_passwords_and_csv_in_the_page(server, browser):
    open_page(browser, server, "/markets")
    result = in_page(browser, ["/js/secrets.js", "/js/csv.js"], """([secrets, csv]) => ({
      passwords: Array.from({length: 200}, () => secrets.oneTimePassword()),
      short: secrets.oneTimePassword(4),
      names: csv.parseNames('Username,Class\\r\\n"ana",7A\\r\\n\\r\\nben,7A\\r\\nana,7B\\r\\n'),
      plain: csv.parseNames('ana\\n ben \\n'),
      text: csv.csvText([['a,b', 'say "hi"', '=SUM(A1)', -12.5, '-cmd', null]]),
    })""")
    passwords = result["passwords"]
    assert len(set(passwords)) == 200
    assert all(len(p) == 14 and re.fullmatch(r"[a-km-zA-HJ-NP-Z2-9]+", p) for p in passwords)
    # Every character of the alphabet turns up across 2,800 draws: nothing is left out by the sampling.
    assert len(set("".join(passwords))) == 55
    assert len(result["short"]) == 12
    assert result["names"] == ["ana", "ben"]
    assert result["plain"] == ["ana", "ben"]
    assert result["text"] == '"a,b","say ""hi""",\'=SUM(A1),-12.5,\'-cmd,\r\n'


def test_a_student_changes_the_one_time_password(server, browser):
    student = server.register(password="one-time-pass-1")
    sign_in(browser, server, student["username"], "one-time-pass-1", route="/portfolio")
    form = visible(browser, "#password-form")
    old_token = browser.execute_script("return JSON.parse(localStorage.getItem('marketsim.session')).token")

    # A wrong current password is refused with the server's reason, and the student stays signed in.
    fill_in(browser, "#current-password", "not-my-password")
    fill_in(browser, "#new-password", "my-own-secret-9")
    fill_in(browser, "#repeat-password", "my-own-secret-9")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    refusal = text_appears(browser, "#password-result", "Not changed")
    assert len(refusal.text) > len("Not changed: ")
    assert browser.find_element(By.ID, "signed-in-user").text == student["username"]

    fill_in(browser, "#current-password", "one-time-pass-1")
    fill_in(browser, "#new-password", "my-own-secret-9")
    fill_in(browser, "#repeat-password", "my-own-secret-9")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#password-result", "Password changed")
    screenshot(browser, "account-password")

    new_token = browser.execute_script("return JSON.parse(localStorage.getItem('marketsim.session')).token")
    assert new_token != old_token
    assert server.call("GET", "/api/portfolio", token=old_token)[0] == 401
    assert server.call("GET", "/api/portfolio", token=new_token)[0] == 200
    assert server.call("POST", "/api/login", {"username": student["username"], "password": "my-own-secret-9"})[0] == 200
    # The page goes on with the new session, reload included.
    browser.refresh()
    text_appears(browser, "#signed-in-user", student["username"])
    wait(browser).until(lambda d: d.find_element(By.ID, "cash").text)


def test_mismatched_new_passwords_send_nothing(server, browser):
    student = server.register(password="one-time-pass-2")
    sign_in(browser, server, student["username"], "one-time-pass-2", route="/portfolio")
    fill_in(browser, "#current-password", "one-time-pass-2")
    fill_in(browser, "#new-password", "first-choice-1")
    fill_in(browser, "#repeat-password", "second-choice-2")
    browser.find_element(By.CSS_SELECTOR, "#password-form button[type=submit]").click()
    text_appears(browser, "#password-result", "differ")
    assert server.call("POST", "/api/login", {"username": student["username"], "password": "one-time-pass-2"})[0] == 200
