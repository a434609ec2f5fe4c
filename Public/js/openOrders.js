// The user's open orders with a Cancel button each, as shown on the orders page and, for one
// ticker, on the ticker page: their type, trigger (stop price or trail) and whether it has fired.
import { h, replace, notice, table, formatTime, failureNotice } from './dom.js';
import { venueGet, venueDelete, listFrom } from './api.js';
import { typeLabel, triggerText, triggerState, qualifierText, priceText } from './orderTypes.js';

// The type with what qualifies it: "Stop", "Limit · OCO", "Stop · bracket exit", "Limit · iceberg 10".
const typeCell = (o) => [typeLabel(o.type), qualifierText(o)].filter(Boolean).join(' · ');
// The trigger and whether it fired: "95.00 · waiting", "trail 2.00 · triggered", or an em dash.
const triggerCell = (o) => {
  const trigger = triggerText(o);
  if (!trigger) return '—';
  const state = triggerState(o);
  return h('span', { class: `trigger ${state}` }, state ? `${trigger} · ${state}` : trigger);
};

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
          // In the narrow column the trigger goes under the type.
          ticker ? { label: 'Type', cell: (o) => [typeCell(o), triggerText(o) ? h('small', { class: 'under' }, triggerCell(o)) : null] }
            : { label: 'Type', cell: typeCell },
          ticker ? null : { label: 'Trigger', cell: triggerCell },
          { label: 'Price', numeric: true, cell: priceText },
          { label: 'Filled', numeric: true, cell: (o) => `${o.filled_quantity ?? 0} / ${o.quantity}` },
          ticker ? null : { label: 'Status', cell: (o) => o.status },
          { label: 'Action', cell: (o) => {
            const button = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel ${typeLabel(o.type).toLowerCase()} ${o.side} ${o.quantity} ${o.ticker} at ${priceText(o)}` }, 'Cancel');
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
