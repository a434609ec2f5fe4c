"""Portfolio, leaderboard and trade history of a signed-in user."""
from selenium.webdriver.common.by import By

from conftest import screenshot
from pages import open_as, text_appears


def test_portfolio_shows_cash_and_totals(server, browser, user):
    server.require_route("GET", "/api/portfolio", token=user["token"])
    _, portfolio = server.call("GET", "/api/portfolio", token=user["token"])
    open_as(browser, server, user, "/portfolio")
    cash = text_appears(browser, "#cash", ".")
    assert cash.text.replace(",", "") == f"{portfolio['cash']:.2f}"
    assert browser.find_element(By.ID, "total-value").text.replace(",", "") == f"{portfolio['total_value']:.2f}"
    assert browser.find_element(By.ID, "buying-power").text.replace(",", "") == f"{portfolio['buying_power']:.2f}"
    assert browser.find_element(By.ID, "escrowed-cash").text.replace(",", "") == f"{portfolio['escrowed_cash']:.2f}"
    screenshot(browser, "portfolio")


def test_leaderboard_lists_the_user(server, browser, user):
    server.require_route("GET", "/api/leaderboard", token=user["token"])
    open_as(browser, server, user, "/leaderboard")
    row = text_appears(browser, "#leaderboard-body", user["username"])
    assert "(you)" in row.text
    screenshot(browser, "leaderboard")


def test_trade_history_page_loads(server, browser, user):
    server.require_route("GET", "/api/trades", token=user["token"])
    open_as(browser, server, user, "/orders")
    text_appears(browser, "#trade-history", "No trades yet")
