// Open orders with cancel, and the user's trade history.
import { h, replace, loading, notice, table, formatTime, failureNotice } from '../dom.js';
import { venueGet, venueDelete, listFrom } from '../api.js';
import { toCents, formatCents } from '../money.js';
import { currentVenue } from '../venue.js';

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

    const cancel = async (order, button) => {
      button.disabled = true;
      try {
        const answer = await venueDelete(`/orders/${encodeURIComponent(order.order_id)}`);
        replace(message, notice('info', answer?.message || `Order ${order.order_id} cancelled.`));
      } catch (error) {
        replace(message, notice('error', `Could not cancel: ${error.detail || error.message}`));
      }
      loadOrders();
    };

    const loadOrders = async () => {
      try {
        const orders = listFrom(await venueGet('/orders?limit=100'), 'orders');
        if (stopped) return;
        replace(ordersBody, orders.length ? table({
          caption: 'Open orders', hideCaption: true,
          columns: [
            { label: 'Placed', cell: (o) => formatTime(o.created_at) },
            { label: 'Ticker', cell: (o) => h('a', { href: `#/ticker/${encodeURIComponent(o.ticker)}` }, o.ticker) },
            { label: 'Side', cell: (o) => h('span', { class: o.side === 'buy' ? 'up' : 'down' }, o.side) },
            { label: 'Price', numeric: true, cell: (o) => formatCents(toCents(o.price)) },
            { label: 'Filled', numeric: true, cell: (o) => `${o.filled_quantity ?? 0} / ${o.quantity}` },
            { label: 'Status', cell: (o) => o.status },
            { label: 'Action', cell: (o) => {
              const button = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel ${o.side} ${o.quantity} ${o.ticker} at ${formatCents(toCents(o.price))}` }, 'Cancel');
              button.addEventListener('click', () => cancel(o, button));
              return button;
            } },
          ],
          rows: orders,
        }) : notice('empty', 'No open orders.'));
      } catch (error) {
        if (!stopped) replace(ordersBody, failureNotice(error, 'Orders are not available on this server yet.', 'Could not load orders'));
      }
    };

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
    const timer = setInterval(loadOrders, 5000);
    return () => { stopped = true; clearInterval(timer); };
  },
};
