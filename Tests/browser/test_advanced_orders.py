"""The order ticket's seven order types: only the fields each type needs, a stop order placed and listed as
open and waiting for its trigger, an iceberg refused by the ticket and a post-only order refused by the
server with its reason."""
from decimal import Decimal

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from pages import open_as, open_page, text_appears, visible, wait
from test_markets import default_ticker

# The inputs a type shows, beside quantity and time in force (the iceberg and post-only options are those of
# a limit order, inside "Iceberg, post-only, bracket").
SHOWN = {
    "limit": {"price", "display_quantity", "post_only", "bracket"},
    "market": {"bracket"},
    "stop": {"stop_price"},
    "stop_limit": {"stop_price", "price"},
    "take_profit": {"stop_price"},
    "take_profit_limit": {"stop_price", "price"},
    "trailing_stop": {"trail"},
    "oco": {"price", "stop_price"},
}
OPTIONAL = ["price", "stop_price", "trail", "display_quantity", "post_only", "bracket"]


def open_ticket(browser, server, user, ticker):
    open_as(browser, server, user, f"/ticker/{ticker}")
    return visible(browser, "#order-ticket")


def choose(ticket, order_type):
    Select(ticket.find_element(By.CSS_SELECTOR, "select[name=type]")).select_by_value(order_type)


def fill(ticket, name, text):
    field = ticket.find_element(By.CSS_SELECTOR, f"input[name={name}]")
    field.clear()
    field.send_keys(text)


def open_options(ticket):
    options = ticket.find_element(By.CSS_SELECTOR, "details.ticket-options")
    if options.get_attribute("open") is None:
        options.find_element(By.TAG_NAME, "summary").click()


def count_posts(browser):
    browser.execute_script("window.__posts = []; const f = window.fetch; window.fetch = (u, o) => {"
                           " if (o && o.method === 'POST') window.__posts.push(JSON.parse(o.body)); return f(u, o); };")


def test_the_ticket_shows_only_the_fields_each_type_needs(server, browser, user):
    ticket = open_ticket(browser, server, user, default_ticker(server))
    tif = ticket.find_element(By.CSS_SELECTOR, "select[name=time_in_force]")
    hint = ticket.find_element(By.CSS_SELECTOR, "[id$='-type-hint']")
    hints = set()
    for order_type, expected in SHOWN.items():
        choose(ticket, order_type)
        if ticket.find_element(By.CSS_SELECTOR, "details.ticket-options").is_displayed():
            open_options(ticket)
        shown = {name for name in OPTIONAL if ticket.find_element(By.CSS_SELECTOR, f"input[name={name}]").is_displayed()}
        assert shown == expected, order_type
        # What is hidden is disabled too, so it is neither sent nor reached by the keyboard.
        for name in OPTIONAL[:-1]:
            assert ticket.find_element(By.CSS_SELECTOR, f"input[name={name}]").is_enabled() == (name in expected), (order_type, name)
        # Orders that enter at market once triggered are good till cancelled: the choice is fixed.
        at_market = order_type in ("stop", "take_profit", "trailing_stop", "oco")
        assert tif.is_enabled() != at_market and (not at_market or Select(tif).first_selected_option.get_attribute("value") == "GTC")
        hints.add(hint.text)
    assert len(hints) == len(SHOWN), hints  # each type explains itself
    # The bracket's prices appear once it is asked for.
    choose(ticket, "limit")
    assert not ticket.find_element(By.CSS_SELECTOR, "input[name=take_profit]").is_displayed()
    ticket.find_element(By.CSS_SELECTOR, "input[name=bracket]").click()
    for name in ("take_profit", "stop_loss", "stop_loss_limit"):
        assert ticket.find_element(By.CSS_SELECTOR, f"input[name={name}]").is_displayed()
    screenshot(browser, "order-ticket-options")
    choose(ticket, "trailing_stop")
    ticket.find_element(By.CSS_SELECTOR, "input[value=sell]").click()
    assert "below the highest trade" in hint.text
    screenshot(browser, "order-ticket-trailing")


def test_a_stop_order_is_listed_open_and_waiting_for_its_trigger(server, browser, user):
    server.require_order_types(user)
    ticker = default_ticker(server)
    _, quote = server.call("GET", f"/api/market/{ticker}")
    stop = Decimal(str(quote["current_price"])) + 5
    ticket = open_ticket(browser, server, user, ticker)
    choose(ticket, "stop")
    fill(ticket, "stop_price", f"{stop:.2f}")
    fill(ticket, "quantity", "2")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    result = text_appears(browser, "#order-ticket .ticket-result", "waiting for its trigger")
    assert f"Stop buy 2 {ticker}, trigger {stop:,.2f}" in result.text and "open" in result.text

    _, orders = server.call("GET", "/api/orders?status=open", token=user["token"])
    [placed] = [o for o in orders if o["type"] == "stop"]
    assert (placed["status"], placed["triggered"], placed["stop_price"]) == ("open", False, float(stop))
    mine = text_appears(browser, "#my-orders", "Stop")
    assert f"{stop:,.2f} · waiting" in mine.text and "market" in mine.text
    screenshot(browser, "ticker-with-stop-order")

    open_page(browser, server, "/orders")
    wait(browser).until(lambda d: "Stop" in d.find_element(By.CSS_SELECTOR, "#open-orders").text)
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#open-orders tbody tr") if "Stop" in r.text)
    cells = {cell.get_attribute("data-label"): cell.text for cell in row.find_elements(By.TAG_NAME, "td")}
    assert (cells["Type"], cells["Trigger"], cells["Price"], cells["Status"]) == ("Stop", f"{stop:,.2f} · waiting", "market", "open")
    screenshot(browser, "orders-with-stop-order")
    row.find_element(By.CSS_SELECTOR, "button").click()
    wait(browser).until(lambda d: "Stop" not in d.find_element(By.CSS_SELECTOR, "#open-orders").text)


def test_an_iceberg_refused_by_the_ticket_and_a_post_only_order_refused_by_the_server(server, browser, user):
    server.require_order_types(user)
    ticker = default_ticker(server)
    seller = server.register()
    server.give_shares(seller, ticker, 5)
    status, ask = server.call("POST", "/api/orders", {"ticker": ticker, "side": "sell", "price": 180.25, "quantity": 5},
                              seller["token"])
    assert status == 200, ask
    crossing = {"ticker": ticker, "side": "buy", "quantity": 2, "time_in_force": "GTC", "price": 180.25, "post_only": True}
    status, refusal = server.call("POST", "/api/orders", crossing, user["token"])
    assert (status, refusal["error"]) == (400, "post_only_would_trade"), refusal

    ticket = open_ticket(browser, server, user, ticker)
    count_posts(browser)
    fill(ticket, "price", "1.37")
    fill(ticket, "quantity", "4")
    open_options(ticket)
    fill(ticket, "display_quantity", "4")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = ticket.find_element(By.CSS_SELECTOR, "[id$='-display-error']")
    assert error.is_displayed() and "below the quantity" in error.text
    assert ticket.find_element(By.CSS_SELECTOR, "input[name=display_quantity]").get_attribute("aria-invalid") == "true"
    assert browser.execute_script("return window.__posts") == []
    screenshot(browser, "order-ticket-iceberg-refused")

    # The shown part below the quantity: the book shows only that much.
    fill(ticket, "display_quantity", "1")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    text_appears(browser, "#order-ticket .ticket-result", "open")
    _, book = server.call("GET", f"/api/market/{ticker}/orderbook")
    assert {"price": 1.37, "quantity": 1} in book["bids"]
    text_appears(browser, "#my-orders", "Limit · iceberg 1")

    fill(ticket, "display_quantity", "")
    fill(ticket, "price", "180.25")
    fill(ticket, "quantity", "2")
    ticket.find_element(By.CSS_SELECTOR, "input[name=post_only]").click()
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    refused = text_appears(browser, "#order-ticket .order-refused", refusal["detail"])
    assert "Order refused" in refused.text
    assert browser.execute_script("return window.__posts")[-1] == crossing
    _, orders = server.call("GET", "/api/orders", token=user["token"])
    assert [o["price"] for o in orders] == [1.37]  # the refused order changed nothing
    screenshot(browser, "order-ticket-post-only-refused")
    # The book is shared with the other tests: it is left as it was found.
    for who, order_id in ((user, orders[0]["order_id"]), (seller, ask["order_id"])):
        status, answer = server.call("DELETE", f"/api/orders/{order_id}", token=who["token"])
        assert status == 200, answer


def test_a_one_cancels_other_pair_from_the_ticket(server, browser, user):
    server.require_order_types(user)
    ticker = default_ticker(server)
    server.give_shares(user, ticker, 3)
    _, quote = server.call("GET", f"/api/market/{ticker}")
    last = Decimal(str(quote["current_price"]))
    profit, stop = last + 20, last - 20
    ticket = open_ticket(browser, server, user, ticker)
    ticket.find_element(By.CSS_SELECTOR, "input[value=sell]").click()
    choose(ticket, "oco")
    fill(ticket, "price", f"{profit:.2f}")
    fill(ticket, "stop_price", f"{stop:.2f}")
    fill(ticket, "quantity", "3")
    ticket.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    result = text_appears(browser, "#order-ticket .ticket-result", "One cancels other")
    assert f"limit {profit:,.2f} and stop {stop:,.2f}, both open" in result.text

    _, orders = server.call("GET", "/api/orders?status=open", token=user["token"])
    legs = {o["type"]: o for o in orders if o.get("linked_order_id")}
    assert set(legs) == {"limit", "stop"}
    assert legs["limit"]["linked_order_id"] == legs["stop"]["order_id"] and legs["limit"]["quantity"] == 3
    text_appears(browser, "#my-orders", "OCO")
    screenshot(browser, "order-ticket-oco")
    # Cancelling one leg cancels both.
    status, _ = server.call("DELETE", f"/api/orders/{legs['stop']['order_id']}", token=user["token"])
    assert status == 200
    _, after = server.call("GET", "/api/orders?status=all", token=user["token"])
    reasons = {o["order_id"]: o.get("cancellation_reason") for o in after if o["order_id"] in {l["order_id"] for l in legs.values()}}
    assert reasons == {legs["stop"]["order_id"]: "requested", legs["limit"]["order_id"]: "oneCancelsOther"}
