"""The page's own logic (money, order validation, cost basis, the REST client), run in the browser itself."""
import json

import pytest

from pages import fresh

IMPORT = """
const done = arguments[arguments.length - 1];
Promise.all([import('/js/money.js'), import('/js/orderTicket.js'), import('/js/views/portfolio.js')]).then(([money, ticket, portfolio]) => {
  try { done(JSON.stringify((%s)(money, ticket, portfolio))); } catch (e) { done(JSON.stringify({error: String(e)})); }
}, (e) => done(JSON.stringify({error: String(e)})));
"""


def run(browser, body):
    return json.loads(browser.execute_async_script(IMPORT % body))


@pytest.fixture
def page(server, browser):
    fresh(browser, server, "/signin")
    return browser


def test_amounts_become_integer_cents_and_display_with_two_decimals(page):
    result = run(page, """(m) => ({
      cents: [m.toCents(100.25), m.toCents(0.1), m.toCents(0.07), m.toCents(10000), m.toCents(-1.5), m.toCents(null), m.toCents('12.3')],
      shown: [m.formatCents(123456789), m.formatCents(5), m.formatCents(-5), m.formatCents(0), m.formatMoney(99.9)],
      sum: m.formatCents(m.toCents(0.1) + m.toCents(0.2)),
      change: [m.formatChange(10000, 10125), m.formatChange(10000, 9900)],
      mid: [m.formatMidpoint(10001, 10002), m.formatMidpoint(10000, 10002)],
    })""")
    assert result["cents"] == [10025, 10, 7, 1000000, -150, None, 1230]
    assert result["shown"] == ["1,234,567.89", "0.05", "−0.05", "0.00", "99.90"]
    assert result["sum"] == "0.30"
    assert result["change"] == ["+1.25%", "−1.00%"]
    # A midpoint is shown like any price: two decimals, its half cent rounded up.
    assert result["mid"] == ["100.02", "100.01"]


def test_order_bodies(page):
    result = run(page, """(m, t) => [
      t.validateOrder({ticker: 'FUN', side: 'buy', type: 'limit', price: '100.5', quantity: '10', timeInForce: 'IOC'}),
      t.validateOrder({ticker: 'FUN', side: 'sell', type: 'market', price: 'ignored', quantity: '3', timeInForce: 'FOK'}),
      t.validateOrder({ticker: 'FUN', side: 'buy', type: 'limit', price: '0.00', quantity: '07', timeInForce: 'GTC'}),
      t.validateOrder({ticker: 'FUN', side: 'buy', type: 'limit', price: '1e3', quantity: '1', timeInForce: 'GTC'}),
    ]""")
    assert result[0] == {"errors": {}, "body": {"ticker": "FUN", "side": "buy", "quantity": 10, "time_in_force": "IOC", "price": 100.5}}
    assert result[1] == {"errors": {}, "body": {"ticker": "FUN", "side": "sell", "quantity": 3, "time_in_force": "FOK", "type": "market"}}
    assert set(result[2]["errors"]) == {"price"} and result[2]["body"] is None
    assert set(result[3]["errors"]) == {"price"}


def test_advanced_order_bodies(page):
    result = run(page, """(m, t) => {
      const base = {ticker: 'FUN', side: 'sell', quantity: '10', timeInForce: 'GTC'};
      const v = (extra) => t.validateOrder({...base, ...extra});
      return {
        stop: v({type: 'stop', stopPrice: '95', price: 'ignored'}),
        stopLimit: v({type: 'stop_limit', stopPrice: '95.00', price: '94.5', timeInForce: 'IOC'}),
        takeProfit: v({type: 'take_profit', stopPrice: '110.10'}),
        takeProfitLimit: v({type: 'take_profit_limit', stopPrice: '110', price: '109.99'}),
        trailAmount: v({type: 'trailing_stop', trail: '2.5', trailUnit: 'amount'}),
        trailPercent: v({type: 'trailing_stop', trail: '1.25', trailUnit: 'percent'}),
        iceberg: v({type: 'limit', price: '101', displayQuantity: '3', postOnly: true}),
        bracket: v({type: 'market', side: 'buy', timeInForce: 'IOC', bracket: {takeProfit: '110', stopLoss: '95', stopLossLimit: '94.5'}}),
        refused: {
          noStop: v({type: 'stop'}).errors,
          stopLimitNoPrice: v({type: 'stop_limit', stopPrice: '95'}).errors,
          stopIOC: v({type: 'stop', stopPrice: '95', timeInForce: 'IOC'}).errors,
          marketGTC: v({type: 'market'}).errors,
          percent: [v({type: 'trailing_stop', trail: '100', trailUnit: 'percent'}).errors,
                    v({type: 'trailing_stop', trail: '0', trailUnit: 'percent'}).errors,
                    v({type: 'trailing_stop', trail: '1.234', trailUnit: 'percent'}).errors],
          amount: v({type: 'trailing_stop', trail: '0.001'}).errors,
          display: [v({type: 'limit', price: '101', displayQuantity: '10'}).errors,
                    v({type: 'limit', price: '101', displayQuantity: '3', timeInForce: 'IOC'}).errors,
                    v({type: 'limit', price: '101', displayQuantity: '0'}).errors],
          postOnly: v({type: 'market', timeInForce: 'IOC', postOnly: true}).errors,
          bracketBuy: v({type: 'limit', side: 'buy', price: '100', bracket: {takeProfit: '95', stopLoss: '110'}}).errors,
          bracketSell: v({type: 'limit', price: '100', bracket: {takeProfit: '110', stopLoss: '95'}}).errors,
          bracketOnStop: v({type: 'stop', stopPrice: '95', bracket: {takeProfit: '90', stopLoss: '99'}}).errors,
          type: v({type: 'iceberg', price: '1'}).errors,
        },
      };
    }""")
    sell = {"ticker": "FUN", "side": "sell", "quantity": 10, "time_in_force": "GTC"}
    assert result["stop"] == {"errors": {}, "body": {**sell, "type": "stop", "stop_price": 95}}
    assert result["stopLimit"]["body"] == {**sell, "type": "stop_limit", "stop_price": 95, "price": 94.5, "time_in_force": "IOC"}
    assert result["takeProfit"]["body"] == {**sell, "type": "take_profit", "stop_price": 110.1}
    assert result["takeProfitLimit"]["body"] == {**sell, "type": "take_profit_limit", "stop_price": 110, "price": 109.99}
    assert result["trailAmount"]["body"] == {**sell, "type": "trailing_stop", "trail_amount": 2.5}
    assert result["trailPercent"]["body"] == {**sell, "type": "trailing_stop", "trail_percent": 1.25}
    assert result["iceberg"]["body"] == {**sell, "price": 101, "display_quantity": 3, "post_only": True}
    assert result["bracket"]["body"] == {**sell, "side": "buy", "type": "market", "time_in_force": "IOC",
                                         "bracket": {"take_profit": 110, "stop_loss": 95, "stop_loss_limit": 94.5}}
    refused = result["refused"]
    assert set(refused["noStop"]) == {"stopPrice"}
    assert set(refused["stopLimitNoPrice"]) == {"price"}
    assert set(refused["stopIOC"]) == {"timeInForce"}
    assert refused["marketGTC"] == {"timeInForce": "A market order is IOC or FOK."}
    assert all(set(errors) == {"trail"} for errors in refused["percent"]) and set(refused["amount"]) == {"trail"}
    assert [set(errors) for errors in refused["display"]] == [{"displayQuantity"}] * 3
    assert "below the quantity" in refused["display"][0]["displayQuantity"]
    assert set(refused["postOnly"]) == {"postOnly"}
    assert "above the stop-loss" in refused["bracketBuy"]["takeProfit"]
    assert "below the stop-loss" in refused["bracketSell"]["takeProfit"]
    assert set(refused["bracketOnStop"]) == {"takeProfit"}
    assert set(refused["type"]) == {"type"}


def test_reads_wait_out_a_429(page):
    result = json.loads(page.execute_async_script("""
const done = arguments[arguments.length - 1];
import('/js/api.js').then(async (api) => {
  const calls = [];
  window.fetch = async (url, options) => {
    calls.push(`${options.method} ${url}`);
    return new Response(JSON.stringify({detail: 'Slow down'}), {status: 429, headers: {'Retry-After': '30'}});
  };
  const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) { return `${e.status} ${e.detail}`; } };
  const first = await outcome(() => api.request('GET', '/api/portfolio'));
  const second = await outcome(() => api.request('GET', '/api/portfolio'));
  const post = await outcome(() => api.request('POST', '/api/orders', {}));
  done(JSON.stringify({first, second, post, calls}));
});"""))
    assert result["first"] == "429 Slow down"
    assert result["second"].startswith("429 Too many requests; trying again in 30")
    assert result["post"] == "429 Slow down"
    assert result["calls"] == ["GET /api/portfolio", "POST /api/orders"]
