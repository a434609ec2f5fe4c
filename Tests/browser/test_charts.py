"""The charts of the trading screens: candles spread over their period with times of day under them, the
depth chart centred on the spread, and the markets page's trend lines coloured by their direction and moving
from the first trades on. Drawing is checked in the page on pixels; the pages against the real server."""
import re

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from pages import find, fresh, in_page, open_as, wait

HH_MM = re.compile(r"^\d{2}:\d{2}$")

# A canvas of 800 × 300 CSS pixels (the browser's pixel ratio is 1) with a time axis beneath, as on the ticker page.
CANVAS = """
  const box = document.createElement('div');
  box.className = 'chart-box';
  box.style.cssText = 'width: 800px; height: 300px; min-height: 0; flex: none';
  const canvas = document.createElement('canvas');
  canvas.className = 'candles';
  const axis = document.createElement('div');
  axis.className = 'time-axis';
  box.append(canvas, axis);
  document.querySelector('main').append(box);
"""

# The x of every column of the canvas, left of `right`, that holds a pixel of the given kind between rows top and bottom.
COLUMNS = """
  const columns = (canvas, kind, top, bottom, right = canvas.width) => {
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const found = [];
    for (let x = 0; x < right; x++) {
      for (let y = top; y < bottom; y++) {
        const i = (y * canvas.width + x) * 4;
        const [r, g, a] = [px[i], px[i + 1], px[i + 3]];
        if (a && (kind === 'green' ? g > r + 40 : r > g + 40)) { found.push(x); break; }
      }
    }
    return found;
  };
"""


@pytest.fixture
def page(server, browser):
    fresh(browser, server, "/signin")
    return browser


def test_candles_spread_over_their_period_with_times_of_day(page):
    result = in_page(page, ["/js/priceChart.js"], """([chart]) => {%s%s
      // An hour of five-minute candles, each rising.
      const start = Date.parse('2026-01-05T10:00:00Z');
      const candles = Array.from({length: 12}, (_, i) => ({timestamp: new Date(start + i * 300000).toISOString(),
        open: 100 + i, high: 101.5 + i, low: 99.5 + i, close: 101 + i, volume: 5}));
      chart.drawCandles(canvas, candles, {intervalSeconds: 300, axis});
      const plot = canvas.width - 64;
      const drawn = columns(canvas, 'green', 0, canvas.height, plot);
      const labels = [...axis.children].map((s) => ({text: s.textContent, left: s.getBoundingClientRect().left,
        right: s.getBoundingClientRect().right}));
      const origin = box.getBoundingClientRect().left;
      return {plot, first: drawn[0], last: drawn[drawn.length - 1], labels, origin};
    }""" % (CANVAS, COLUMNS))
    plot = result["plot"]
    # From the left edge to the right one, not bunched at the right behind empty slots.
    assert result["first"] < 0.1 * plot and result["last"] > 0.9 * plot, result
    labels = result["labels"]
    assert len(labels) >= 3, labels
    assert all(HH_MM.match(label["text"]) for label in labels), labels
    assert all(a["right"] <= b["left"] for a, b in zip(labels, labels[1:])), labels  # none overlaps the next
    assert labels[0]["left"] - result["origin"] < 0.25 * plot and labels[-1]["right"] - result["origin"] > 0.75 * plot, labels


def test_the_ticker_page_labels_its_chart_with_times_of_day(live_server, browser):
    trader = live_server.register()
    live_server.market_order(trader, "FUN", "buy", 2)
    open_as(browser, live_server, trader, "/ticker/FUN")
    find(browser, 'button[data-interval="1m"]').click()
    # The chart redraws its labels as trades arrive, so they are read in one step inside the page.
    def two_or_more_labels(driver):
        texts = driver.execute_script("return [...document.querySelectorAll('#chart-times span')].map(s => s.textContent)")
        return texts if len(texts) >= 2 else None

    texts = wait(browser).until(two_or_more_labels)
    assert all(HH_MM.match(text) for text in texts), texts
    screenshot(browser, "ticker-chart-times")


def test_the_depth_chart_keeps_the_spread_in_the_middle(page):
    result = in_page(page, ["/js/charts.js"], """([charts]) => {%s
      const canvas = document.createElement('canvas');
      canvas.style.cssText = 'width: 600px; height: 120px; display: block';
      document.querySelector('main').append(canvas);
      const spreadAt = (bids, asks) => {
        charts.drawDepth(canvas, bids, asks);
        const row = canvas.height - 20;
        const bidColumns = columns(canvas, 'green', row, row + 1);
        const askColumns = columns(canvas, 'red', row, row + 1);
        return (bidColumns[bidColumns.length - 1] + askColumns[0]) / 2;
      };
      const level = (price, quantity) => ({price, quantity});
      const deepBids = spreadAt([level(99, 5), level(98, 5), level(90, 50), level(80, 50)], [level(100, 5), level(101, 5)]);
      const deepAsks = spreadAt([level(99, 5)], [level(100, 5), level(104, 30), level(130, 80)]);
      return {width: canvas.width, deepBids, deepAsks};
    }""" % COLUMNS)
    middle = result["width"] / 2
    # However lopsided the book, the gap between the best bid and the best ask is in the middle.
    assert abs(result["deepBids"] - middle) <= 4, result
    assert abs(result["deepAsks"] - middle) <= 4, result


def test_trend_lines_are_green_up_red_down_and_grey_when_even(page):
    result = in_page(page, ["/js/charts.js"], """([charts]) => {
      const colour = (values) => {
        const line = charts.sparkline(values);
        document.querySelector('main').append(line);
        const mark = line.querySelector('path, line');
        return getComputedStyle(mark).stroke;
      };
      const probe = (cls) => {
        const span = document.createElement('span');
        span.className = cls;
        document.querySelector('main').append(span);
        return getComputedStyle(span).color;
      };
      return {rising: colour([100, 99, 101]), falling: colour([100, 101, 99]), even: colour([100, 101, 100]),
              up: probe('up'), down: probe('down')};
    }""")
    assert result["rising"] == result["up"]
    assert result["falling"] == result["down"]
    # A line that ends where it began says neither up nor down.
    assert result["even"] not in (result["up"], result["down"])


def test_the_markets_trend_moves_with_the_first_minutes_trades(live_server, browser):
    trader = live_server.register()
    # A buy at the ask and a sell at the bid: two prices within the same minute or two.
    live_server.market_order(trader, "MEME", "buy", 3)
    live_server.market_order(trader, "MEME", "sell", 3)
    fresh(browser, live_server, "/markets")
    find(browser, '#markets-table tr[data-ticker="MEME"] svg.sparkline')
    # The line is redrawn with every price, so it is read in one go.
    read = """const line = document.querySelector('#markets-table tr[data-ticker="MEME"] svg.sparkline');
      const path = line && line.querySelector('path');
      const s = (c) => { const e = document.createElement('span'); e.className = c; document.body.append(e); return getComputedStyle(e).color; };
      return path && {d: path.getAttribute('d'), label: line.getAttribute('aria-label'), stroke: getComputedStyle(path).stroke,
                      up: s('up'), down: s('down')};"""

    def moving(driver):
        line = driver.execute_script(read)
        return line if line and len(set(re.findall(r"[ML][\d.]+,([\d.]+)", line["d"]))) >= 2 else None

    line = wait(browser).until(moving)
    label = line["label"]
    # The line, its colour and its words agree on the direction.
    if " up " in label:
        assert line["stroke"] == line["up"], line
    elif " down " in label:
        assert line["stroke"] == line["down"], line
    else:
        assert "unchanged" in label and line["stroke"] not in (line["up"], line["down"]), line
    screenshot(browser, "markets-trend")
