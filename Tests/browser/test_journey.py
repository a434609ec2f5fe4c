"""What a student does, start to end, against a server whose market makers are on: sign up, watch prices
move, buy at market against the market maker, find the holding in the portfolio and the trade in the
history, rest an order and cancel it, then enter a tournament (created and started by the admin through
the API), trade in its venue, follow the live standings and see the final results with the equity chart.
(The feed recovering after a server restart is test_live.py's last test.)"""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot, unique_name
from pages import find, open_page, sign_up, text_appears, visible, wait
from test_live import row_quote, status


def place(browser, side, kind, quantity, price=None, time_in_force="GTC"):
    ticket = visible(browser, "#order-ticket")
    ticket.find_element(By.CSS_SELECTOR, f"input[value={side}]").click()
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value(kind)
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=time_in_force]")).select_by_value(time_in_force)
    if price is not None:
        field = ticket.find_element(By.CSS_SELECTOR, "input[name=price]")
        field.clear()
        field.send_keys(price)
    field = ticket.find_element(By.CSS_SELECTOR, "input[name=quantity]")
    field.clear()
    field.send_keys(str(quantity))
    submit = ticket.find_element(By.CSS_SELECTOR, "button[type=submit]")
    # Fill toasts stand in the window's bottom corner, where the button may be: it is scrolled to the middle.
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    submit.click()
    if kind == "market":
        # The market maker cancels its quotes before placing new ones; a market order that lands in
        # between fills nothing, and the student clicks again.
        for _ in range(10):
            # "…, 0 filled." or "…, 5 filled at an average 100.22."
            result = text_appears(browser, "#order-ticket .ticket-result", " filled")
            if " 0 filled." not in result.text:
                break
            browser.execute_script("document.querySelector('#order-ticket .ticket-result').textContent = ''")
            wait(browser).until(lambda d: submit.is_enabled())
            submit.click()
    return ticket


def percent(value):
    """A return as the page writes it: "+1.25%", "−0.40%", "0.00%"."""
    return "0.00%" if value == 0 else f"{value:+.2f}%".replace("-", "−")


def my_row(browser, css, user_id):
    return find(browser, f'{css} tr[data-user="{user_id}"]')


def test_a_student_from_sign_up_to_tournament_results(live_server, browser):
    server = live_server
    name = unique_name()
    sign_up(browser, server, name, "secret-pass")
    session = browser.execute_script("return JSON.parse(localStorage.getItem('marketsim.session'))")
    token, user_id = session["token"], session["userId"]

    # Prices move by themselves: the market maker requotes, the feed brings it.
    open_page(browser, server, "/markets")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    find(browser, '#markets-table tr[data-ticker="FUN"]')
    first = row_quote(browser, "FUN")
    wait(browser, 10).until(lambda d: row_quote(d, "FUN") != first)
    screenshot(browser, "journey-markets")

    # A market buy fills against the market maker.
    browser.find_element(By.CSS_SELECTOR, '#markets-table a[href="#/ticker/FUN"]').click()
    place(browser, "buy", "market", 5, time_in_force="IOC")
    text_appears(browser, "#order-ticket .ticket-result", "filled, 5 filled")
    text_appears(browser, "#toasts", "Filled: buy")
    screenshot(browser, "journey-bought")

    # The portfolio holds the shares at the last price; the figures are the server's.
    open_page(browser, server, "/portfolio")
    holdings = text_appears(browser, "#portfolio-body table", "FUN")
    _, portfolio = server.call("GET", "/api/portfolio", token=token)
    holding = next(h for h in portfolio["holdings"] if h["ticker"] == "FUN")
    assert holding["quantity"] == 5
    wait(browser).until(lambda d: d.find_element(By.ID, "cash").text == f"{portfolio['cash']:,.2f}")
    assert "5" in holdings.text.split()

    # The history has the trade and the filled order.
    open_page(browser, server, "/orders")
    _, trades = server.call("GET", "/api/trades", token=token)
    history = text_appears(browser, "#trade-history", f"{trades[0]['price']:,.2f}")
    assert "FUN" in history.text and "buy" in history.text
    text_appears(browser, "#past-orders", "filled")

    # A limit buy well under the market rests; the orders page cancels it.
    open_page(browser, server, "/ticker/FUN")
    place(browser, "buy", "limit", 2, price="60.00")
    text_appears(browser, "#order-ticket .ticket-result", "open")
    open_page(browser, server, "/orders")
    text_appears(browser, "#open-orders", "60.00")
    browser.find_element(By.CSS_SELECTOR, "#open-orders button").click()
    text_appears(browser, "#open-orders", "No open orders")
    text_appears(browser, "#past-orders", "cancelled")
    _, still_open = server.call("GET", "/api/orders", token=token)
    assert still_open == []
    screenshot(browser, "journey-orders")

    # The admin publishes a tournament; the student enters it from its page.
    tournament = server.create_tournament(ticker="OWL", price=20)
    open_page(browser, server, "/tournaments")
    find(browser, f'#tournaments-body tr[data-tournament="{tournament}"] a').click()
    visible(browser, "#enter-tournament").click()
    text_appears(browser, "#entry-state", "You are entered.")
    assert "(you)" in my_row(browser, "#standings", user_id).text
    # Its venue is in the switcher by name.
    assert tournament in [o.get_attribute("value") for o in Select(find(browser, "#venue-select")).options]

    # The admin starts it: the page turns to live standings and offers to trade there.
    server.admin("POST", f"/api/admin/tournaments/{tournament}/start")
    text_appears(browser, "#standings-title", "Live standings")
    visible(browser, "#trade-in-tournament").click()
    text_appears(browser, "main", f"Venue {tournament}")
    assert Select(find(browser, "#venue-select")).first_selected_option.get_attribute("value") == tournament
    find(browser, '#markets-table a[href="#/ticker/OWL"]').click()
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    text_appears(browser, "#spread", "Midpoint")
    place(browser, "buy", "market", 10, time_in_force="IOC")
    text_appears(browser, "#order-ticket .ticket-result", "filled, 10 filled")
    _, own = server.call("GET", f"/api/venues/{tournament}/portfolio", token=token)
    assert any(h["ticker"] == "OWL" and h["quantity"] == 10 for h in own["holdings"])

    # Live standings carry the server's figures for the student.
    open_page(browser, server, f"/tournaments/{tournament}")
    _, live = server.call("GET", f"/api/tournaments/{tournament}/standings")
    mine = next(r for r in live["standings"] if r["user_id"] == user_id)
    row = my_row(browser, "#standings", user_id)
    assert f"{mine['total_value']:,.2f}" in row.text and f"{mine['cash']:,.2f}" in row.text
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "#equity svg.equity-chart path.series"))
    screenshot(browser, "journey-tournament-live")

    # The admin ends it: final results, frozen, with the equity chart.
    server.admin("POST", f"/api/admin/tournaments/{tournament}/end")
    text_appears(browser, "#standings-title", "Final results")
    _, results = server.call("GET", f"/api/tournaments/{tournament}/results")
    assert results["final"] is True
    final = next(r for r in results["standings"] if r["user_id"] == user_id)
    row = my_row(browser, "#standings", user_id)
    assert f"{final['total_value']:,.2f}" in row.text
    assert percent(final["return_pct"]) in row.text
    assert find(browser, "#equity svg.equity-chart path.series")
    assert not browser.find_elements(By.ID, "trade-in-tournament")
    screenshot(browser, "journey-tournament-results")
