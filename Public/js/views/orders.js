// Open orders with cancel, and the user's trade history.
import { h, replace, loading, notice, table, formatTime, failureNotice } from '../dom.js';
import { venueGet, listFrom } from '../api.js';
import { openOrders } from '../openOrders.js';
import { toCents, formatCents } from '../money.js';
import { currentVenue } from '../venue.js';
import { every, onAccountEvent } from '../live.js';

const PAGE = 50;

export const ordersView = {
  title: () => 'Orders',
  auth: true,
  render(root) {
    const ordersBody = h('div', { id: 'open-orders' }, loading('Loading open orders…'));
    const tradesBody = h('div', { id: 'trade-history' }, loading('Loading trades…'));
    const message = h('div', { id: 'orders-message', 'aria-live': 'polite' });
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Orders and trades'), h('p', { class: 'muted' }, `Venue ${currentVenue()}`)),
      message,
      h('h2', {}, 'Open orders'), ordersBody,
      h('h2', {}, 'Trades'), tradesBody));
    let stopped = false;

    const loadOrders = openOrders(ordersBody, message, { isStopped: () => stopped });

    let trades = [];
    const loadTrades = async (offset = 0) => {
      try {
        const batch = listFrom(await venueGet(`/trades?limit=${PAGE}&offset=${offset}`), 'trades');
        if (stopped) return;
        trades = offset === 0 ? batch : [...trades, ...batch];
        const more = batch.length === PAGE ? h('button', { type: 'button', onclick: () => loadTrades(trades.length) }, 'Load more') : null;
        replace(tradesBody, trades.length ? [table({
          caption: 'Trades', hideCaption: true,
          columns: [
            { label: 'Time', cell: (t) => formatTime(t.created_at) },
            { label: 'Ticker', cell: (t) => t.ticker },
            { label: 'Side', cell: (t) => h('span', { class: t.side === 'buy' ? 'up' : 'down' }, t.side) },
            { label: 'Price', numeric: true, cell: (t) => formatCents(toCents(t.price)) },
            { label: 'Shares', numeric: true, cell: (t) => String(t.quantity) },
            { label: 'Amount', numeric: true, cell: (t) => formatCents(toCents(t.price) * t.quantity) },
          ],
          rows: trades,
        }), more] : notice('empty', 'No trades yet.'));
      } catch (error) {
        if (!stopped) replace(tradesBody, failureNotice(error, 'Trade history is not available on this server yet.', 'Could not load trades'));
      }
    };

    loadOrders();
    loadTrades();
    const stopTimer = every(5000, loadOrders);
    const stopAccount = onAccountEvent(() => { loadOrders(); loadTrades(0); });
    return () => { stopped = true; stopTimer(); stopAccount(); };
  },
};
