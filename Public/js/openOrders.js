// The user's open orders with a Cancel button each, as shown on the orders page and, for one
// ticker, on the ticker page.
import { h, replace, notice, table, formatTime, failureNotice } from './dom.js';
import { venueGet, venueDelete, listFrom } from './api.js';
import { toCents, formatCents } from './money.js';

/**
 * Fills `container` with the open orders (of `ticker` only, when given) and reports cancels in
 * `message`, then calls `onChange()`. Returns `load()`, which reloads the list; the caller decides how often.
 */
export function openOrders(container, message, { ticker = null, isStopped = () => false, onChange = () => {} } = {}) {
  const cancel = async (order, button) => {
    button.disabled = true;
    try {
      const answer = await venueDelete(`/orders/${encodeURIComponent(order.order_id)}`);
      replace(message, notice('info', answer?.message || `Order ${order.order_id} cancelled.`));
    } catch (error) {
      replace(message, notice('error', `Could not cancel: ${error.detail || error.message}`));
    }
    load();
    onChange();
  };

  const load = async () => {
    try {
      const query = ticker ? `&ticker=${encodeURIComponent(ticker)}` : '';
      let orders = listFrom(await venueGet(`/orders?limit=100${query}`), 'orders');
      if (ticker) orders = orders.filter((o) => o.ticker === ticker);
      if (isStopped()) return;
      replace(container, orders.length ? table({
        caption: 'Open orders', hideCaption: true,
        columns: [
          // For one ticker (in the narrow column of the ticker page) the list is kept short.
          ticker ? null : { label: 'Placed', cell: (o) => formatTime(o.created_at) },
          ticker ? null : { label: 'Ticker', cell: (o) => h('a', { href: `#/ticker/${encodeURIComponent(o.ticker)}` }, o.ticker) },
          { label: 'Side', cell: (o) => h('span', { class: o.side === 'buy' ? 'up' : 'down' }, o.side) },
          { label: 'Price', numeric: true, cell: (o) => formatCents(toCents(o.price)) },
          { label: 'Filled', numeric: true, cell: (o) => `${o.filled_quantity ?? 0} / ${o.quantity}` },
          ticker ? null : { label: 'Status', cell: (o) => o.status },
          { label: 'Action', cell: (o) => {
            const button = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel ${o.side} ${o.quantity} ${o.ticker} at ${formatCents(toCents(o.price))}` }, 'Cancel');
            button.addEventListener('click', () => cancel(o, button));
            return button;
          } },
        ].filter(Boolean),
        rows: orders,
      }) : notice('empty', 'No open orders.'));
    } catch (error) {
      if (!isStopped()) replace(container, failureNotice(error, 'Orders are not available on this server yet.', 'Could not load orders'));
    }
  };
  return load;
}
