// One ticker: candlesticks with an interval selector, the order book with depth, spread and midpoint,
// the trade tape, and the order ticket. Everything updates from the feed, or by polling while it is down.
import { h, replace, loading, failureNotice } from '../dom.js';
import { venueGet } from '../api.js';
import { liveOrPoll, every, onAccountEvent } from '../live.js';
import { toCents, formatCents, formatMidpoint } from '../money.js';
import { drawDepth, keepDrawn } from '../charts.js';
import { drawCandles } from '../priceChart.js';
import { orderTicket } from '../orderTicket.js';
import { alertsCard } from '../priceAlerts.js';
import { openOrders } from '../openOrders.js';
import { currentSession } from '../session.js';

const INTERVALS = { '10s': 10, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '1d': 86400 };
const TAPE_LENGTH = 40;
const BOOK_LEVELS = 12;

/** The time of day of a trade, to the second, in 24-hour time like the chart's axis. */
function tradeTime(timestamp) {
  const date = timestamp ? new Date(timestamp) : new Date();
  return Number.isNaN(date.getTime()) ? ''
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

// A trade's colour is the side that took liquidity: green when a buyer took an ask, red when a seller hit
// a bid. The legend says so, and each entry says it in words for screen readers.
const AGGRESSOR = { buy: 'Buyer took the ask', sell: 'Seller hit the bid' };

function tapeLegend() {
  return h('ul', { class: 'legend tape-legend', id: 'tape-legend', 'aria-label': 'Trade colours' },
    Object.entries(AGGRESSOR).map(([side, text]) => h('li', { class: `tape-${side}`, dataset: { side } }, text)));
}

function tapeEntry(message, price) {
  const side = AGGRESSOR[message.side] ? message.side : null;
  return h('li', { class: side ? `tape-${side}` : 'tape-unknown', dataset: { price: message.price, side: side || '' } },
    h('span', { class: 'num' }, formatCents(price)),
    h('span', { class: 'num' }, `${message.quantity}`),
    h('time', { datetime: message.timestamp || '' }, tradeTime(message.timestamp)),
    side ? h('span', { class: 'visually-hidden' }, side === 'buy' ? 'bought' : 'sold') : null);
}

export const tickerView = {
  title: ([ticker]) => ticker.toUpperCase(),
  auth: false,
  render(root, ctx) {
    const ticker = ctx.params[0].toUpperCase();
    const stops = [];
    let interval = localStorage.getItem('marketsim.interval') || '5m';
    if (!INTERVALS[interval]) interval = '5m';
    let candles = [];

    // --- header ---
    const lastPrice = h('span', { class: 'big-price', id: 'last-price' }, '—');
    const headQuote = h('span', { class: 'muted', id: 'head-quote' });
    const status = h('div', { id: 'ticker-status' });

    // --- chart ---
    const canvas = h('canvas', { class: 'candles', id: 'candle-chart', role: 'img', 'aria-label': `${ticker} candlestick chart` });
    const chartState = h('p', { class: 'chart-state muted', role: 'status' }, 'Loading chart…');
    const buttons = Object.keys(INTERVALS).map((name) => h('button', {
      type: 'button', 'aria-pressed': String(name === interval), dataset: { interval: name },
      onclick: () => { interval = name; localStorage.setItem('marketsim.interval', name); buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.interval === name))); loadHistory(); },
    }, name));
    const timeAxis = h('div', { class: 'time-axis', id: 'chart-times', 'aria-hidden': 'true' });
    // While the chart-state line speaks (loading, unavailable), the canvas itself stays blank.
    const redraw = () => {
      canvas.dataset.candles = String(candles.length);
      drawCandles(canvas, candles,
        { emptyText: chartState.hidden ? undefined : '', intervalSeconds: INTERVALS[interval], axis: timeAxis });
    };

    // --- book ---
    const bookBody = h('div', { class: 'book', id: 'order-book' }, loading('Loading order book…'));
    const spreadLine = h('p', { class: 'spread', id: 'spread' });
    const depthCanvas = h('canvas', { class: 'depth', id: 'depth-chart', role: 'img', 'aria-label': `${ticker} cumulative depth` });
    let book = { bids: [], asks: [] };
    const redrawDepth = () => drawDepth(depthCanvas, book.bids, book.asks);

    // --- tape ---
    const tape = h('ol', { class: 'tape', id: 'trade-tape', 'aria-label': `Latest ${ticker} trades` });
    const tapeEmpty = h('p', { class: 'muted tape-empty' }, 'Trades appear here as they happen, from the live feed.');

    const signedIn = currentSession();
    let stopped = false;
    const myOrders = h('div', { id: 'my-orders' });
    const myOrdersMessage = h('div', { 'aria-live': 'polite' });
    const loadMyOrders = signedIn ? openOrders(myOrders, myOrdersMessage, { ticker, isStopped: () => stopped }) : null;
    const ticket = signedIn ? orderTicket(ticker, { onPlaced: () => { pollBook(); loadMyOrders(); } }) : null;
    const alerts = signedIn ? alertsCard(ticker) : null;
    const ticketArea = signedIn
      ? [ticket, h('section', { class: 'card my-orders', 'aria-labelledby': 'my-orders-title' },
        h('h2', { id: 'my-orders-title' }, `Your open ${ticker} orders`), myOrdersMessage, myOrders), alerts]
      : h('div', { class: 'card' }, h('h2', {}, `Trade ${ticker}`), h('p', {}, h('a', { href: `#/signin?next=${encodeURIComponent(`/ticker/${ticker}`)}` }, 'Sign in'), ' to place orders.'));
    if (loadMyOrders) {
      loadMyOrders();
      stops.push(every(5000, loadMyOrders), () => { stopped = true; },
        onAccountEvent((message) => {
          if (message.type === 'alert' && message.alert?.ticker === ticker) alerts.refresh();
          if (message.ticker === ticker) { loadMyOrders(); ticket.refreshAccount(); }
        }));
    }

    replace(root, h('section', { class: 'page ticker-page' },
      h('div', { class: 'page-head' },
        h('p', {}, h('a', { href: '#/markets' }, '← Markets')),
        h('h1', {}, ticker, ' ', lastPrice), headQuote),
      status,
      // Two columns on wide screens; on narrow ones the columns dissolve and the cards interleave
      // (chart, ticket, book, own orders, tape) by their CSS order.
      h('div', { class: 'ticker-grid' },
        h('div', { class: 'ticker-main' },
          h('section', { class: 'card chart-card', 'aria-labelledby': 'chart-title' },
            h('div', { class: 'card-head' }, h('h2', { id: 'chart-title' }, 'Price'),
              h('div', { class: 'segmented-buttons', role: 'group', 'aria-label': 'Candle interval' }, buttons)),
            h('div', { class: 'chart-box' }, canvas, timeAxis, chartState)),
          h('section', { class: 'card book-card', 'aria-labelledby': 'book-title' },
            h('h2', { id: 'book-title' }, 'Order book'), spreadLine, depthCanvas, bookBody)),
        h('div', { class: 'ticker-side' },
          ticketArea,
          h('section', { class: 'card tape-card', 'aria-labelledby': 'tape-title' },
            h('h2', { id: 'tape-title' }, 'Trades'), tapeLegend(), tapeEmpty, tape)))));

    stops.push(keepDrawn(canvas, redraw), keepDrawn(depthCanvas, redrawDepth));

    // --- history ---
    let historyRequest = 0;
    async function loadHistory() {
      const mine = ++historyRequest;
      chartState.hidden = false;
      chartState.textContent = 'Loading chart…';
      try {
        const answer = await venueGet(`/market/${encodeURIComponent(ticker)}/history?interval=${interval}`, { auth: false });
        if (mine !== historyRequest) return;
        candles = (answer?.candles || []).map((c) => ({ ...c, time: Date.parse(c.timestamp) }));
        chartState.hidden = true;
        redraw();
      } catch (error) {
        if (mine !== historyRequest) return;
        candles = [];
        redraw();
        chartState.textContent = error.missingRoute ? 'No price history on this server yet.'
          : error.notFound ? error.detail : `Chart unavailable: ${error.detail || error.message}`;
      }
    }
    loadHistory();
    // Candles are reloaded now and then so that closed periods carry the server's exact values.
    stops.push(every(60000, loadHistory));

    // A live trade extends the last candle or opens the next one.
    function addTradeToCandles(price, quantity, timestamp) {
      const seconds = INTERVALS[interval];
      const t = Number.isNaN(Date.parse(timestamp)) ? Date.now() : Date.parse(timestamp);
      const bucket = Math.floor(t / 1000 / seconds) * seconds * 1000;
      const last = candles[candles.length - 1];
      if (last && last.time === bucket) {
        last.high = Math.max(last.high, price);
        last.low = Math.min(last.low, price);
        last.close = price;
        last.volume = (last.volume || 0) + quantity;
      } else if (!last || bucket > last.time) {
        candles.push({ timestamp: new Date(bucket).toISOString(), time: bucket, open: price, high: price, low: price, close: price, volume: quantity });
      }
      chartState.hidden = true;
      redraw();
    }

    // --- quote ---
    const showQuote = (quote) => {
      if (!quote) return;
      lastPrice.textContent = formatCents(toCents(quote.current_price));
      headQuote.textContent = `Bid ${formatCents(toCents(quote.best_bid))} · Ask ${formatCents(toCents(quote.best_ask))}`
        + (quote.halted ? ' · Trading halted' : '');
    };
    stops.push(liveOrPoll(ctx.feed, 'prices',
      (message) => { if (message.type === 'prices') showQuote(message.data?.[ticker]); },
      async () => {
        try {
          showQuote(await venueGet(`/market/${encodeURIComponent(ticker)}`, { auth: false }));
          replace(status);
        } catch (error) {
          replace(status, failureNotice(error, 'Market data is not available on this server yet.', `Could not load ${ticker}`));
        }
      }, 5000));

    // --- book ---
    let shownBook = '';
    const showBook = (answer) => {
      const next = { bids: answer?.bids || [], asks: answer?.asks || [] };
      // Unchanged snapshots leave the DOM alone, so keyboard focus in the book survives polling.
      const key = JSON.stringify(next);
      if (key === shownBook) return;
      shownBook = key;
      book = next;
      redrawDepth();
      const bestBid = toCents(book.bids[0]?.price);
      const bestAsk = toCents(book.asks[0]?.price);
      spreadLine.textContent = bestBid !== null && bestAsk !== null
        ? `Spread ${formatCents(bestAsk - bestBid)} · Midpoint ${formatMidpoint(bestBid, bestAsk)}`
        : 'Spread — · Midpoint —';
      const maxQty = Math.max(1, ...book.bids.slice(0, BOOK_LEVELS).map((l) => l.quantity), ...book.asks.slice(0, BOOK_LEVELS).map((l) => l.quantity));
      const side = (levels, name) => h('table', { class: `book-side ${name}` },
        h('caption', {}, name === 'bids' ? 'Bids (buyers)' : 'Asks (sellers)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Price'), h('th', { scope: 'col', class: 'num' }, 'Shares'))),
        h('tbody', {}, levels.length ? levels.slice(0, BOOK_LEVELS).map((l) => h('tr', { style: `--depth:${Math.round((l.quantity / maxQty) * 100)}%` },
          h('td', { class: 'num' }, priceCell(formatCents(toCents(l.price)), name)), h('td', { class: 'num' }, String(l.quantity))))
          : h('tr', {}, h('td', { colspan: 2, class: 'muted' }, 'Empty'))));
      // A price button that had keyboard focus keeps it across the update when its level is still there.
      const focused = bookBody.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
      replace(bookBody, side(book.bids, 'bids'), side(book.asks, 'asks'));
      if (focused) bookBody.querySelector(`[aria-label="${CSS.escape(focused)}"]`)?.focus();
    };
    // Signed in, a book price is a button that puts it in the ticket.
    const priceCell = (text, name) => (ticket
      ? h('button', { type: 'button', class: 'price-pick', title: 'Use this price in the order ticket', 'aria-label': `Use ${name === 'bids' ? 'bid' : 'ask'} price ${text}`, onclick: () => ticket.usePrice(text.replace(/,/g, '')) }, text)
      : text);
    async function pollBook() {
      try {
        showBook(await venueGet(`/market/${encodeURIComponent(ticker)}/orderbook`, { auth: false }));
      } catch (error) {
        replace(bookBody, failureNotice(error, 'Order book unavailable.', 'Could not load the book'));
      }
    }
    stops.push(liveOrPoll(ctx.feed, `orderbook:${ticker}`,
      (message) => { if (message.type === 'orderbook') showBook(message); }, pollBook, 3000));

    // --- tape ---
    const stopTrades = ctx.feed.subscribe(`trades:${ticker}`, (message) => {
      if (message.type !== 'trade') return;
      tapeEmpty.hidden = true;
      const price = toCents(message.price);
      tape.prepend(tapeEntry(message, price));
      lastPrice.textContent = formatCents(price);
      while (tape.children.length > TAPE_LENGTH) tape.lastElementChild.remove();
      addTradeToCandles(Number(message.price), Number(message.quantity) || 0, message.timestamp);
    });
    stops.push(stopTrades);

    return () => stops.forEach((stop) => stop());
  },
};
