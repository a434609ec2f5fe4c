"""Theme, phone-width menu, keyboard use, the live-feed status and the venue switcher."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import find, fresh, open_as, open_page, signed_in_as, text_appears, visible, wait


def background(driver):
    return driver.execute_script("return getComputedStyle(document.body).backgroundColor")


def test_theme_toggle_switches_and_is_remembered(server, browser):
    fresh(browser, server, "/markets")
    toggle = browser.find_element(By.ID, "theme-toggle")
    before = browser.execute_script("return document.documentElement.dataset.theme")
    light_background = background(browser)
    toggle.click()
    after = browser.execute_script("return document.documentElement.dataset.theme")
    assert {before, after} == {"light", "dark"}
    assert toggle.get_attribute("aria-pressed") == ("true" if after == "dark" else "false")
    assert background(browser) != light_background
    browser.refresh()
    find(browser, "main > *")
    assert browser.execute_script("return document.documentElement.dataset.theme") == after
    if after == "dark":
        screenshot(browser, "markets-dark")
    browser.find_element(By.ID, "theme-toggle").click()
    assert browser.execute_script("return document.documentElement.dataset.theme") == before


def test_dark_theme_follows_the_system_preference(server, browser):
    fresh(browser, server, "/signin")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    browser.refresh()
    find(browser, "#username")
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    screenshot(browser, "signin-dark")


def test_phone_width_has_a_menu(server, phone, user):
    open_as(phone, server, user, "/markets")
    menu = visible(phone, "#menu-toggle")
    nav_link = phone.find_element(By.CSS_SELECTOR, '#site-nav a[data-route="leaderboard"]')
    assert not nav_link.is_displayed()
    assert menu.get_attribute("aria-expanded") == "false"
    screenshot(phone, "markets")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    visible(phone, '#site-nav a[data-route="leaderboard"]')
    screenshot(phone, "menu-open")
    # The page must not scroll sideways at phone width.
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    nav_link.click()
    wait(phone).until(lambda d: d.current_url.endswith("#/leaderboard"))
    # The router closes the menu on hashchange, which fires just after the address changes.
    wait(phone).until(lambda d: menu.get_attribute("aria-expanded") == "false")
    text_appears(phone, "#leaderboard-body", user["username"])
    # The ranking stays a table at phone width, and fits without scrolling sideways.
    assert phone.execute_script("const w = document.querySelector('#leaderboard-body .table-wrap'); return w.scrollWidth <= w.clientWidth")
    screenshot(phone, "leaderboard")
    # Escape closes the menu too.
    menu.click()
    menu.send_keys(Keys.ESCAPE)
    assert menu.get_attribute("aria-expanded") == "false"


def test_phone_width_pages_fit(server, phone, user):
    fresh(phone, server)
    signed_in_as(phone, user)
    for route, name in (("/ticker/FUN", "ticker"), ("/portfolio", "portfolio"), ("/orders", "orders"),
                        ("/tournaments", "tournaments"), ("/signin", "signin")):
        open_page(phone, server, route)
        wait(phone).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390, route
        screenshot(phone, name)


def test_keyboard_alone_can_sign_in(server, browser, user):
    fresh(browser, server, "/signin")
    name = visible(browser, "#username")
    assert browser.switch_to.active_element == name
    name.send_keys(user["username"], Keys.TAB)
    browser.switch_to.active_element.send_keys(user["password"], Keys.ENTER)
    text_appears(browser, "#signed-in-user", user["username"])


def test_controls_are_labelled_buttons_and_links(server, browser, user):
    fresh(browser, server)
    signed_in_as(browser, user)
    for route in ("/markets", "/ticker/FUN", "/portfolio", "/orders", "/leaderboard", "/tournaments", "/signup"):
        open_page(browser, server, route)
        wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))
        unlabelled = browser.execute_script("""
            return [...document.querySelectorAll('input, select, textarea')].filter((el) => {
              if (el.type === 'radio') return !el.closest('label');
              if (el.getAttribute('aria-label')) return false;
              return !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.closest('label');
            }).map((el) => el.outerHTML);""")
        assert not unlabelled, (route, unlabelled)
        clickable_divs = browser.execute_script(
            "return [...document.querySelectorAll('div[onclick], span[onclick], div[role=button], span[role=button]')].length")
        assert clickable_divs == 0, route
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280, f"{route} scrolls sideways"
        nameless = browser.execute_script(
            "return [...document.querySelectorAll('button, a[href]')].filter((el) => !(el.textContent.trim() || el.getAttribute('aria-label'))).map((el) => el.outerHTML)")
        assert not nameless, (route, nameless)


def test_skip_link_moves_focus_to_the_page(server, browser):
    fresh(browser, server, "/leaderboard")
    find(browser, "#leaderboard-body")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link" and skip.is_displayed()
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"
    assert browser.current_url.endswith("#/leaderboard")
    find(browser, "#leaderboard-body")


def test_focus_is_visible(server, browser):
    fresh(browser, server, "/signin")
    visible(browser, "#username").send_keys(Keys.TAB)
    outline = browser.execute_script("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
    assert outline[0] != "none" and outline[1] != "0px", outline


def test_feed_status_is_shown_and_prices_fall_back_to_polling(server, browser):
    fresh(browser, server, "/markets")
    status = find(browser, "#feed-status")
    wait(browser, 15).until(lambda d: status.get_attribute("data-state") in ("live", "offline"))
    text = status.text
    if status.get_attribute("data-state") == "live":
        assert text == "Live"
    else:
        # The socket is refused: the page says so, counts down to the next try, and polls REST meanwhile.
        assert "Polling" in text and "retry" in text
        requests = browser.execute_script(
            "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/market/tickers')).length")
        wait(browser, 10).until(lambda d: d.execute_script(
            "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/market/tickers')).length") > requests)
    screenshot(browser, "feed-status")


def test_venue_switcher_scopes_the_api(server, browser):
    fresh(browser, server, "/markets")
    browser.execute_script("localStorage.setItem('marketsim.venues', JSON.stringify(['class-a']))")
    browser.refresh()
    select = Select(find(browser, "#venue-select"))
    # Options carry venue ids and show names: main's from the server, class-a's (unknown to it) is its id.
    _, venues = server.call("GET", "/api/venues")
    main_name = next(v["name"] for v in venues["venues"] if v["id"] == "main")
    wait(browser).until(lambda d: Select(d.find_element(By.ID, "venue-select")).options[0].text == main_name)
    select = Select(find(browser, "#venue-select"))
    assert [(o.get_attribute("value"), o.text) for o in select.options][:2] == [("main", main_name), ("class-a", "class-a")]
    select.select_by_value("class-a")
    text_appears(browser, "main", "Venue class-a")
    status, answer = server.call("GET", "/api/venues/class-a/market/tickers")
    if status == 404 and not answer["detail"].startswith("No route"):
        text_appears(browser, "#markets-body", answer["detail"])  # the server's words, e.g. "No venue class-a"
    wait(browser).until(lambda d: d.execute_script(
        "return performance.getEntriesByType('resource').some((e) => e.name.includes('/api/venues/class-a/market/tickers'))"))
    browser.refresh()
    assert Select(find(browser, "#venue-select")).first_selected_option.get_attribute("value") == "class-a"
    Select(find(browser, "#venue-select")).select_by_value("main")
    text_appears(browser, "main", "Venue main")


def test_the_venue_picker_offers_open_and_running_tournaments_only(server, browser):
    draft = server.create_tournament(publish=False)
    running = server.create_tournament()
    server.admin("POST", f"/api/admin/tournaments/{running}/start")
    finished = server.create_tournament()
    server.admin("POST", f"/api/admin/tournaments/{finished}/start")
    server.admin("POST", f"/api/admin/tournaments/{finished}/end")
    opened = server.create_tournament()
    fresh(browser, server, "/markets")

    def offered(driver):
        return {o.get_attribute("value") for o in Select(driver.find_element(By.ID, "venue-select")).options}

    wait(browser).until(lambda d: {running, opened} <= offered(d))
    assert draft not in offered(browser) and finished not in offered(browser)


def test_unknown_and_malformed_addresses_show_a_page(server, browser):
    fresh(browser, server, "/no-such-page")
    text_appears(browser, "main h1", "Page not found")
    open_page(browser, server, "/ticker/%E0")
    find(browser, "#order-book")
    assert "MarketSim" in browser.title
