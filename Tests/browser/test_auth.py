"""Sign up, sign in, sign out; the session survives a reload; the server's refusals are shown."""
from selenium.webdriver.common.by import By

from conftest import screenshot, unique_name
from pages import fill_credentials, find, fresh, sign_in, sign_up, text_appears, visible


def test_sign_up_then_reload_keeps_the_session(server, browser):
    fresh(browser, server, "/signup")
    screenshot(browser, "signup")
    name = unique_name()
    sign_up(browser, server, name, "secret-pass")
    assert browser.execute_script("return JSON.parse(localStorage.getItem('marketsim.session')).username") == name
    browser.refresh()
    text_appears(browser, "#signed-in-user", name)
    assert browser.find_element(By.ID, "sign-out").is_displayed()


def test_sign_out_then_sign_in_again(server, browser, user):
    fresh(browser, server)
    sign_in(browser, server, user["username"], user["password"])
    browser.find_element(By.ID, "sign-out").click()
    visible(browser, "#username")  # sign out leads to the sign-in form
    assert "#/signin" in browser.current_url
    assert browser.execute_script("return localStorage.getItem('marketsim.session')") is None
    assert not browser.find_elements(By.ID, "signed-in-user")
    sign_in(browser, server, user["username"], user["password"], route="/leaderboard")
    assert browser.current_url.endswith("#/leaderboard")


def test_wrong_password_shows_the_server_reason(server, browser, user):
    _, answer = server.call("POST", "/api/login", {"username": user["username"], "password": "wrong-pass"})
    fresh(browser, server, "/signin")
    fill_credentials(browser, user["username"], "wrong-pass")
    alert = text_appears(browser, "#auth-message [role=alert]", answer["detail"])
    assert alert.is_displayed()
    assert browser.execute_script("return localStorage.getItem('marketsim.session')") is None


def test_taken_username_shows_the_server_reason(server, browser, user):
    _, answer = server.call("POST", "/api/register", {"username": user["username"], "password": "another-pass"})
    fresh(browser, server, "/signup")
    fill_credentials(browser, user["username"], "another-pass")
    text_appears(browser, "#auth-message [role=alert]", answer["detail"])


def test_short_credentials_are_refused_before_sending(server, browser):
    fresh(browser, server, "/signup")
    fill_credentials(browser, "x", "12")
    text_appears(browser, "#auth-message [role=alert]", "at least 2 characters")


def test_sign_up_asks_for_eight_characters_before_sending(server, browser):
    fresh(browser, server, "/signup")
    name = unique_name()
    fill_credentials(browser, name, "seven77")
    text_appears(browser, "#auth-message [role=alert]", "password at least 8")
    status, _ = server.call("POST", "/api/login", {"username": name, "password": "seven77"})
    assert status == 401, "nothing was registered"


def test_pages_that_need_an_account_lead_to_sign_in(server, browser, user):
    fresh(browser, server, "/portfolio")
    visible(browser, "#username")
    assert "next=%2Fportfolio" in browser.current_url
    fill_credentials(browser, user["username"], user["password"])
    find(browser, "#portfolio-body")
    assert browser.current_url.endswith("#/portfolio")


def test_an_expired_session_leads_back_to_sign_in(server, browser, user):
    server.require_route("GET", "/api/portfolio", token=user["token"])
    fresh(browser, server)
    browser.execute_script("localStorage.setItem('marketsim.session', JSON.stringify({token: 'expired.token.value', username: arguments[0]}))",
                           user["username"])
    browser.get(f"{server.base_url}/#/portfolio")
    text_appears(browser, "#auth-message", "session has ended")
    assert "next=%2Fportfolio" in browser.current_url
    assert browser.execute_script("return localStorage.getItem('marketsim.session')") is None
    fill_credentials(browser, user["username"], user["password"])
    text_appears(browser, "#portfolio-body", "Cash")
