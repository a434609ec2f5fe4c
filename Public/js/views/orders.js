// Open orders with cancel, past orders (filled or cancelled), and the user's trade history.
import { h, replace, loading, notice, table, formatTime, failureNotice } from '../dom.js';
import { venueGet, listFrom } from '../api.js';
import { openOrders } from '../openOrders.js';
import { toCents, formatCents, averagePriceCents } from '../money.js';
import { typeLabel, priceText } from '../orderTypes.js';
import { currentVenue } from '../venue.js';
import { every, onAccountEvent } from '../live.js';

const PAGE = 50;
// The most trades one request returns: the fills that average prices are worked out from.
const FILLS = 100;

/**
 * An order's average fill price as text, from the user's latest trades; an em dash when it filled
 * nothing or when some of its fills are older than the trades at hand (a partial average would mislead).
 */
export function averageFillText(order, trades) {
  const fills = trades.filter((t) => t.order_id === order.order_id);
  const shares = fills.reduce((sum, t) => sum + (Number(t.quantity) || 0), 0);
  if (!shares || shares !== order.filled_quantity) return '—';
  return formatCents(averagePriceCents(fills));
}

export const ordersView = {
  title: () => 'Orders',
  auth: true,
  render(root) {
    const ordersBody = h('div', { id: 'open-orders' }, loading('Loading open orders…'));
    const pastBody = h('div', { id: 'past-orders' }, loading('Loading past orders…'));
    const tradesBody = h('div', { id: 'trade-history' }, loading('Loading trades…'));
    const message = h('div', { id: 'orders-message', 'aria-live': 'polite' });
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Orders and trades'), h('p', { class: 'muted' }, `Venue ${currentVenue()}`)),
      message,
      h('h2', {}, 'Open orders'), ordersBody,
      h('h2', {}, 'Past orders'), pastBody,
      h('h2', {}, 'Trades'), tradesBody));
    let stopped = false;

    const loadOpen = openOrders(ordersBody, message, { isStopped: () => stopped, onChange: () => loadPast() });

    // The latest orders that no longer rest: filled in full or cancelled (with what they filled).
    const loadPast = async () => {
      try {
        const [all, fills] = await Promise.all([venueGet(`/orders?status=all&limit=${PAGE}`), venueGet(`/trades?limit=${FILLS}`)]);
        const orders = listFrom(all, 'orders').filter((o) => o.status === 'filled' || o.status === 'cancelled');
        const trades = listFrom(fills, 'trades');
        if (stopped) return;
        replace(pastBody, orders.length ? table({
          caption: 'Past orders', hideCaption: true,
          columns: [
            { label: 'Placed', cell: (o) => formatTime(o.created_at) },
            { label: 'Ticker', cell: (o) => o.ticker },
            { label: 'Side', cell: (o) => h('span', { class: o.side === 'buy' ? 'up' : 'down' }, o.side) },
            { label: 'Type', cell: (o) => typeLabel(o.type) },
            { label: 'Price', numeric: true, cell: priceText },
            { label: 'Filled', numeric: true, cell: (o) => `${o.filled_quantity ?? 0} / ${o.quantity}` },
            { label: 'Avg fill', numeric: true, cell: (o) => averageFillText(o, trades) },
            { label: 'Status', cell: (o) => (o.cancellation_reason === 'oneCancelsOther' ? 'cancelled · OCO'
              : o.cancellation_reason === 'disconnected' ? 'cancelled · disconnected' : o.status) },
          ],
          rows: orders,
          rowAttrs: (o) => ({ dataset: { order: o.order_id } }),
        }) : notice('empty', 'No past orders yet.'));
      } catch (error) {
        if (!stopped) replace(pastBody, failureNotice(error, 'Past orders are not available on this server yet.', 'Could not load past orders'));
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

    // A cancel on this page moves the order from open to past.
    const loadOrders = () => { loadOpen(); loadPast(); };
    loadOrders();
    loadTrades();
    const stopTimer = every(5000, loadOrders);
    const stopAccount = onAccountEvent(() => { loadOrders(); loadTrades(0); });
    return () => { stopped = true; stopTimer(); stopAccount(); };
  },
};
