// Every ticker of the venue: last price, change over the day, best bid and ask, and a sparkline,
// live from the `prices` channel and polled from REST while the feed is down.
import { h, replace, loading, notice, failureNotice } from '../dom.js';
import { venueGet } from '../api.js';
import { liveOrPoll } from '../live.js';
import { toCents, formatCents, formatChange } from '../money.js';
import { sparkline, trendOf } from '../charts.js';
import { currentVenue } from '../venue.js';
import { newsPanel } from '../newsPanel.js';

// The trend line covers the last hour, minute by minute, so that it moves from the first trades on.
const TREND_MINUTES = 60;
const SPARK_POINTS = 4 * TREND_MINUTES;

/**
 * The prices a run of candles passed through, in the order they most likely came: each candle's open,
 * its low and high (the low first in a rising candle), and its close; repeats dropped.
 */
export function candlePath(candles) {
  const points = candles.flatMap((c) => (c.close >= c.open ? [c.open, c.low, c.high, c.close] : [c.open, c.high, c.low, c.close]));
  return points.filter((p, i) => Number.isFinite(p) && p !== points[i - 1]);
}

const history = (ticker, query) => venueGet(`/market/${encodeURIComponent(ticker)}/history?${query}`, { auth: false })
  .then((answer) => answer?.candles || []);

export const marketsView = {
  title: () => 'Markets',
  auth: false,
  render(root, ctx) {
    const body = h('div', { id: 'markets-body' }, loading('Loading prices…'));
    const updated = h('span', { id: 'markets-updated' });
    const [news, stopNews] = newsPanel(ctx.feed);
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Markets'), h('p', { class: 'muted' }, `Venue ${currentVenue()} `, updated)),
      body, news));

    const state = new Map(); // ticker → {price, bid, ask, reference, spark: number[]}
    let failed = null;
    let stopped = false;

    const rowsFor = (tickers) => {
      failed = null;
      // Says how fresh the prices are, so a page left open while the server is away is not mistaken for live.
      updated.textContent = `· updated ${new Date().toLocaleTimeString(undefined, { hourCycle: 'h23' })}`;
      for (const [ticker, quote] of Object.entries(tickers || {})) {
        const entry = state.get(ticker) || { spark: [], reference: null, historyLoaded: false };
        entry.price = quote.current_price ?? entry.price ?? null;
        entry.bid = quote.best_bid ?? null;
        entry.halted = quote.halted === true;
        entry.ask = quote.best_ask ?? null;
        if (entry.price !== null && entry.price !== undefined) {
          if (entry.spark[entry.spark.length - 1] !== entry.price || entry.spark.length < 2) entry.spark.push(entry.price);
          if (entry.spark.length > SPARK_POINTS) entry.spark.shift();
          if (entry.reference === null) entry.reference = entry.price;
        }
        state.set(ticker, entry);
        if (!entry.historyLoaded) { entry.historyLoaded = true; loadHistory(ticker, entry); }
      }
      draw();
    };

    // The day's candles give the change a reference (the first open); the last hour's minutes give the
    // trend line its past, to which the live prices are added.
    const loadHistory = async (ticker, entry) => {
      const since = new Date(Date.now() - TREND_MINUTES * 60000).toISOString();
      const [day, hour] = await Promise.allSettled([history(ticker, 'interval=15m'), history(ticker, `interval=1m&start=${since}`)]);
      if (stopped) return;
      if (day.status === 'fulfilled' && day.value.length) entry.reference = day.value[0].open;
      if (hour.status === 'fulfilled' && hour.value.length) {
        const past = candlePath(hour.value);
        const live = entry.spark.slice(-1).filter((p) => p !== past[past.length - 1]);
        entry.spark = [...past, ...live].slice(-SPARK_POINTS);
      }
      draw();
    };

    // The table is built once per set of tickers and then updated cell by cell, so a link being clicked
    // or holding keyboard focus is not replaced under the pointer several times a second.
    let rows = new Map(); // ticker → its row's cells
    let shownTickers = '';
    const build = (tickers) => {
      rows = new Map(tickers.map((ticker) => [ticker, {
        halted: h('span'),
        price: h('td', { class: 'num price', dataset: { field: 'price' } }),
        change: h('td', { class: 'num change' }),
        bid: h('td', { class: 'num', dataset: { field: 'bid' } }),
        ask: h('td', { class: 'num', dataset: { field: 'ask' } }),
        spark: h('td', { class: 'spark-col' }),
      }]));
      replace(body, h('div', { class: 'table-wrap' }, h('table', { class: 'markets', id: 'markets-table' },
        h('caption', { class: 'visually-hidden' }, 'Tickers with last price, change, best bid and ask'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Ticker'), h('th', { scope: 'col', class: 'num' }, 'Last'),
          h('th', { scope: 'col', class: 'num', title: 'Since the first price of the last 24 hours' }, '24h change'), h('th', { scope: 'col', class: 'num' }, 'Bid'),
          h('th', { scope: 'col', class: 'num' }, 'Ask'), h('th', { scope: 'col', class: 'spark-col' }, 'Last hour'))),
        h('tbody', {}, tickers.map((ticker) => {
          const cells = rows.get(ticker);
          return h('tr', { dataset: { ticker } },
            h('th', { scope: 'row' }, h('a', { href: `#/ticker/${encodeURIComponent(ticker)}`, class: 'ticker-link' }, ticker), cells.halted),
            cells.price, cells.change, cells.bid, cells.ask, cells.spark);
        })))));
    };

    const draw = () => {
      if (failed) return;
      if (state.size === 0) { shownTickers = ''; replace(body, notice('empty', 'This venue lists no tickers yet.')); return; }
      const tickers = [...state.keys()].sort((a, b) => a.localeCompare(b));
      if (tickers.join(' ') !== shownTickers) { shownTickers = tickers.join(' '); build(tickers); }
      for (const ticker of tickers) {
        const e = state.get(ticker);
        const cells = rows.get(ticker);
        const change = formatChange(toCents(e.reference), toCents(e.price));
        const direction = change.startsWith('+') ? 'up' : change.startsWith('−') ? 'down' : 'flat';
        replace(cells.halted, e.halted ? [' ', h('span', { class: 'badge badge-halted' }, 'halted')] : null);
        cells.price.textContent = formatCents(toCents(e.price));
        cells.change.textContent = change;
        cells.change.className = `num change ${direction}`;
        cells.bid.textContent = formatCents(toCents(e.bid));
        cells.ask.textContent = formatCents(toCents(e.ask));
        const trend = trendOf(e.spark);
        const moved = formatChange(toCents(e.spark[0]), toCents(e.spark[e.spark.length - 1])).replace(/^[+−]/, '');
        const words = trend === 'flat' ? 'unchanged' : `${trend} ${moved}`;
        replace(cells.spark, sparkline(e.spark, { label: `${ticker} over the last hour: ${words}` }));
      }
    };

    const stop = liveOrPoll(ctx.feed, 'prices',
      (message) => { if (message.type === 'prices') rowsFor(message.data); },
      async () => {
        try {
          const answer = await venueGet('/market/tickers', { auth: false });
          rowsFor(answer?.tickers);
        } catch (error) {
          if (state.size) return; // keep the last prices on screen; the header shows the feed is down
          failed = error;
          shownTickers = '';
          replace(body, failureNotice(error, 'Market data is not available on this server yet.', 'Could not load prices'));
        }
      }, 3000);
    return () => { stopped = true; stop(); stopNews(); };
  },
};
