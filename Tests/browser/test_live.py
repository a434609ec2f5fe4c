"""The live feed in the page, against the real server's WebSockets: prices, the order book and the trade
tape move while the feed is live (and the page does not poll for them meanwhile), the user's own fills are
announced, and the status shows the feed going offline, retrying with backoff, and coming back after the
server process is killed and started again on the same port and data folder.

The page's WebSocket and fetch are the browser's own; a script added before the page's records when
sockets open and close and which requests are made, and changes nothing else.
"""
import re
import signal
import time

from selenium.webdriver.common.by import By

from conftest import ServerProcess, screenshot
from pages import find, fresh, open_as, open_page, signed_in_as, text_appears, wait

RECORDER = """
(() => {
  const RealSocket = window.WebSocket;
  const sockets = [];
  window.WebSocket = class extends RealSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const entry = { url: String(url), at: Date.now(), openedAt: null, closedAt: null };
      sockets.push(entry);
      this.addEventListener('open', () => { entry.openedAt = Date.now(); });
      this.addEventListener('close', () => { entry.closedAt = Date.now(); });
    }
  };
  const realFetch = window.fetch.bind(window);
  const fetches = [];
  window.fetch = (input, init) => { fetches.push({ url: String(input), at: Date.now() }); return realFetch(input, init); };
  window.__recorded = { sockets, fetches };
})();
"""


def recording(driver):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    return driver


def status(driver):
    """The feed status's state and text, read together."""
    return tuple(driver.execute_script("const s = document.getElementById('feed-status'); return [s.dataset.state, s.innerText.trim()]"))


def fetch_count(driver, fragment):
    return driver.execute_script("return window.__recorded.fetches.filter((f) => f.url.includes(arguments[0])).length", fragment)


def row_quote(driver, ticker):
    """Last, bid and ask of a markets row, as shown."""
    return driver.execute_script(
        "const r = document.querySelector(`#markets-table tr[data-ticker='${arguments[0]}']`);"
        "return r ? [...r.querySelectorAll('td.num')].map((c) => c.textContent).filter((_, i) => i !== 1).join(' ') : null;", ticker)


def test_prices_move_on_the_markets_page_from_the_feed(live_server, browser):
    recording(browser)
    fresh(browser, live_server, "/markets")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    assert status(browser)[1] == "Live"
    assert browser.execute_script("return window.__recorded.sockets.some((s) => s.url.endsWith('/ws/prices') && s.openedAt)")
    find(browser, '#markets-table tr[data-ticker="FUN"]')
    polls = fetch_count(browser, "/market/tickers")
    # The market maker requotes twice a second: the best bid and ask change without anyone asking.
    first = row_quote(browser, "FUN")
    wait(browser, 10).until(lambda d: row_quote(d, "FUN") != first)
    # A trade made through the API moves the last price in the row.
    trader = live_server.register()
    fill = live_server.market_order(trader, "FUN", "buy", 3)
    price = f"{fill['trades'][-1]['price']:,.2f}"
    wait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, '#markets-table tr[data-ticker="FUN"] [data-field=price]').text == price)
    assert find(browser, '#markets-table tr[data-ticker="FUN"] svg.sparkline path')
    # All of it came through the socket: the page did not poll while the feed was live.
    assert status(browser)[0] == "live"
    assert fetch_count(browser, "/market/tickers") == polls
    screenshot(browser, "markets-live")


# Added after RECORDER: hands the page's handler of /ws/prices every message but the ones it is told to drop,
# as if the network had lost them; counts what it delivered and keeps the `sequence` of what it dropped.
DROPPER = """
(() => {
  const Socket = window.WebSocket;
  window.__prices = { delivered: 0, drop: 0, dropped: [] };
  window.WebSocket = class extends Socket {
    get onmessage() { return super.onmessage; }
    set onmessage(handler) {
      const prices = String(this.url).endsWith('/ws/prices');
      super.onmessage = !handler || !prices ? handler : (event) => {
        const state = window.__prices;
        if (state.drop > 0) {
          state.drop -= 1;
          state.dropped.push(JSON.parse(event.data).sequence);
          return;
        }
        state.delivered += 1;
        handler.call(this, event);
      };
    }
  };
})();
"""


def test_a_lost_message_is_noticed_by_its_sequence_and_the_page_reads_rest_again(live_server, browser):
    recording(browser)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DROPPER})
    fresh(browser, live_server, "/markets")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    find(browser, '#markets-table tr[data-ticker="FUN"]')
    delivered = "return window.__prices.delivered"
    # Consecutive messages: the page does not poll while the feed is live.
    wait(browser, 10).until(lambda d: d.execute_script(delivered) >= 2)
    polls = fetch_count(browser, "/market/tickers")
    seen = browser.execute_script(delivered)
    wait(browser, 10).until(lambda d: d.execute_script(delivered) >= seen + 2)
    assert fetch_count(browser, "/market/tickers") == polls
    # One message lost: the next one's sequence jumps by two, and the page reads the prices from REST at once,
    # though its socket never closed.
    browser.execute_script("window.__prices.drop = 1")
    wait(browser, 10).until(lambda d: d.execute_script("return window.__prices.dropped.length") == 1)
    wait(browser, 10).until(lambda d: fetch_count(d, "/market/tickers") > polls)
    assert status(browser)[0] == "live"
    assert isinstance(browser.execute_script("return window.__prices.dropped[0]"), int)


def test_the_book_tape_and_chart_follow_real_trades(live_server, browser):
    recording(browser)
    fresh(browser, live_server, "/ticker/MEME")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    text_appears(browser, "#spread", "Midpoint")
    polls = fetch_count(browser, "/orderbook")
    # A resting bid placed through the API appears in the book.
    trader = live_server.register()
    code, answer = live_server.call("POST", "/api/orders", {"ticker": "MEME", "side": "buy", "price": 41.23, "quantity": 7,
                                                            "time_in_force": "GTC"}, trader["token"])
    assert code == 200, answer
    # (The book is redrawn at every requote, so its rows are read afresh each time.)
    wait(browser).until(lambda d: "41.23 7" in d.execute_script(
        "return [...document.querySelectorAll('#order-book .bids tbody tr')].map((r) => r.innerText.replace(/\\s+/g, ' ').trim())"))
    # A market buy trades against the market maker: the tape lists it and the chart draws it.
    fill = live_server.market_order(trader, "MEME", "buy", 4)
    price = f"{fill['trades'][0]['price']:,.2f}"
    tape = text_appears(browser, "#trade-tape", price)
    assert tape.find_elements(By.TAG_NAME, "li")[0].text.split()[:2] == [price, str(fill["trades"][0]["quantity"])]
    text_appears(browser, "#last-price", price)
    wait(browser).until(lambda d: d.execute_script(
        "const c = document.getElementById('candle-chart'); const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) n++; return n > 200;"))
    assert status(browser)[0] == "live"
    assert fetch_count(browser, "/orderbook") == polls
    live_server.call("DELETE", f"/api/orders/{answer['order_id']}", token=trader["token"])
    screenshot(browser, "ticker-live")


def test_fills_on_the_private_channel_are_announced(live_server, browser, request):
    recording(browser)
    user = live_server.register()
    open_as(browser, live_server, user, "/orders")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    url = browser.execute_script("return window.__recorded.sockets.find((s) => s.url.includes('/ws/private')).url")
    assert url.endswith("token=" + user["token"])
    text_appears(browser, "#trade-history", "No trades yet")
    fill = live_server.market_order(user, "FUN", "buy", 2)
    trade = fill["trades"][0]
    text_appears(browser, "#toasts", f"Filled: buy {trade['quantity']} FUN at {trade['price']:,.2f}")
    # The page reloads the trade history on the fill, without waiting for its timer.
    text_appears(browser, "#trade-history", f"{trade['price']:,.2f}", timeout=4)
    screenshot(browser, "fill-toast")
    # Signing out closes the private channel, and no new one is opened.
    browser.find_element(By.ID, "sign-out").click()
    wait(browser).until(lambda d: d.execute_script(
        "return window.__recorded.sockets.filter((s) => s.url.includes('/ws/private')).every((s) => s.closedAt)"))
    time.sleep(1.5)
    assert browser.execute_script("return window.__recorded.sockets.filter((s) => s.url.includes('/ws/private')).length") == 1


def test_the_status_goes_offline_with_backoff_and_recovers_when_the_server_restarts(own_server, browser):
    server = own_server.start()
    recording(browser)
    fresh(browser, server, "/markets")
    wait(browser, 15).until(lambda d: status(d)[0] == "live")
    find(browser, '#markets-table tr[data-ticker="FUN"]')

    # SIGKILL: the sockets drop without a goodbye.
    own_server.stop(signal.SIGKILL)
    killed = int(time.time() * 1000)
    # Offline, it says so and counts down to the next try (between tries; during one it says "Connecting…").
    wait(browser, 10).until(lambda d: status(d)[0] == "offline" and "Polling · retry" in status(d)[1])
    # Refused again and again: the waits grow, 1 s, 2 s, 4 s, each shortened by a random jitter of up to half.
    count = "return window.__recorded.sockets.filter((s) => s.url.endsWith('/ws/prices') && s.at >= arguments[0]).length"
    wait(browser, 12).until(lambda d: d.execute_script(count, killed) >= 3)
    attempts = browser.execute_script(
        "return window.__recorded.sockets.filter((s) => s.url.endsWith('/ws/prices') && s.at >= arguments[0]).map((s) => s.at)", killed)
    dropped = browser.execute_script(
        "return Math.max(...window.__recorded.sockets.filter((s) => s.url.endsWith('/ws/prices') && s.at < arguments[0]).map((s) => s.closedAt))", killed)
    waits = [b - a for a, b in zip([dropped] + attempts, attempts)][:3]
    for expected, waited in zip((1000, 2000, 4000), waits):
        # From each refused socket's close to the next try; the refusal itself takes a moment.
        assert expected / 2 - 50 <= waited <= expected + 500, waits
    # While offline, the prices are polled from REST (and the last ones stay on screen).
    polls = fetch_count(browser, "/market/tickers")
    wait(browser, 8).until(lambda d: fetch_count(d, "/market/tickers") > polls)
    assert find(browser, '#markets-table tr[data-ticker="FUN"]')
    screenshot(browser, "feed-offline")

    # Started again on the same port and data folder: the page reconnects by itself.
    own_server.start()
    wait(browser, 20).until(lambda d: status(d)[0] == "live")
    assert status(browser)[1] == "Live"

    # SIGTERM this time; once the server is back, clicking the status reconnects at once.
    own_server.stop(signal.SIGTERM)
    wait(browser, 10).until(lambda d: status(d)[0] == "offline")
    own_server.start()
    browser.find_element(By.ID, "feed-status").click()
    wait(browser, 3).until(lambda d: status(d)[0] == "live")
    screenshot(browser, "feed-recovered")


def test_a_fresh_server_with_its_defaults_shows_a_living_market_within_a_minute(browser):
    """`swift run marketsim` as a student first meets it: market makers and background traders on, the
    default tickers, nobody signed in and nobody trading. Within a minute of the start the FUN page draws
    several 10-second candles and its tape lists trades, all of them placed by the house."""
    process = ServerProcess("on", {"BACKGROUND_TRADERS": "on"})
    try:
        started = time.time()
        server = process.start()
        fresh(browser, server, "/ticker/FUN")
        find(browser, "button[data-interval='10s']").click()
        remaining = max(5, 60 - (time.time() - started))
        wait(browser, remaining).until(lambda d: int(d.find_element(By.ID, "candle-chart").get_attribute("data-candles") or 0) >= 3
                                       and len(d.find_elements(By.CSS_SELECTOR, "#trade-tape li")) >= 3)
        assert time.time() - started <= 60
        # The tape's times read like the chart's axis: 24-hour time, to the second.
        times = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#trade-tape time")]
        assert times and all(re.fullmatch(r"\d\d:\d\d:\d\d", text) for text in times), times
        # Nobody but the house trades: every account with activity is a market maker or a background trader.
        code, agents = server.call("GET", "/api/admin/venues/main/agents", token=server.admin_token())
        assert code == 200, agents
        active = [agent for agent in agents["agents"] if agent["fills_per_minute"] > 0]
        assert active and all(agent["market_maker"] or agent["background_trader"] for agent in active), active
        assert any(agent["background_trader"] for agent in active), active
        candles = server.call("GET", "/api/market/FUN/history?interval=10s")[1]["candles"]
        assert len(candles) >= 3 and len({c["close"] for c in candles}) >= 2, candles
        screenshot(browser, "ticker-fresh-server")
    finally:
        process.remove()
