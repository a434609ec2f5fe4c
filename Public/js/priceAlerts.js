// The signed-in user's price alerts on one ticker: a form that asks to be told when a trade reaches a price,
// and the alerts with what they fired. The firing itself arrives on the private channel (a toast).
import { h, replace, notice, table, formatTime } from './dom.js';
import { venueGet, venuePost, venueDelete } from './api.js';
import { toCents, formatCents } from './money.js';

export function alertsCard(ticker) {
  const list = h('div', { id: 'alert-list' });
  const result = h('div', { id: 'alert-result', 'aria-live': 'polite' });
  const direction = h('select', { id: 'alert-direction', name: 'direction' },
    h('option', { value: 'below' }, 'at or below'), h('option', { value: 'above' }, 'at or above'));
  const price = h('input', { id: 'alert-price', name: 'price', inputmode: 'decimal', autocomplete: 'off', required: true });
  const repeating = h('input', { id: 'alert-repeating', name: 'repeating', type: 'checkbox' });
  const button = h('button', { type: 'submit' }, 'Set alert');
  const form = h('form', { id: 'alert-form', class: 'alert-form' },
    h('div', { class: 'field' }, h('label', { for: 'alert-direction' }, `When ${ticker} trades`), direction),
    h('div', { class: 'field' }, h('label', { for: 'alert-price' }, 'Price'), price),
    h('label', { class: 'check' }, repeating, ' every time'), button);

  const load = async () => {
    try {
      const mine = ((await venueGet('/alerts'))?.alerts || []).filter((a) => a.ticker === ticker);
      replace(list, mine.length ? table({
        caption: `Your ${ticker} alerts`, hideCaption: true, stack: false,
        columns: [
          { label: 'When', cell: (a) => `${a.direction} ${formatCents(toCents(a.price))}${a.repeating ? ', every time' : ''}` },
          { label: 'Fired', cell: (a) => (a.times_fired ? h('span', { title: formatTime(a.fired_at) }, `${a.times_fired}×`) : 'not yet') },
          { label: '', cell: (a) => h('button', { type: 'button', class: 'delete-alert', onclick: () => remove(a) }, 'Delete') },
        ],
        rows: mine,
        rowAttrs: (a) => ({ 'data-alert-id': a.alert_id }),
      }) : h('p', { class: 'muted' }, 'No alerts on this ticker.'));
    } catch (error) {
      replace(list, notice('error', `Could not load your alerts: ${error.detail || error.message}`));
    }
  };
  const remove = async (alert) => {
    try {
      await venueDelete(`/alerts/${encodeURIComponent(alert.alert_id)}`);
    } catch (error) {
      replace(result, notice('error', `Not deleted: ${error.detail || error.message}`));
    }
    load();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cents = toCents(price.value);
    if (!(cents > 0)) {
      replace(result, notice('error', 'Give a price above 0, like 95.50.'));
      price.focus();
      return;
    }
    button.disabled = true;
    try {
      await venuePost('/alerts', { ticker, [direction.value]: price.value.trim(), repeating: repeating.checked });
      replace(result);
      form.reset();
    } catch (error) {
      replace(result, notice('error', `Not set: ${error.detail || error.message}`));
    }
    button.disabled = false;
    load();
  });
  load();
  const card = h('section', { class: 'card alerts-card', id: 'price-alerts', 'aria-labelledby': 'alerts-title' },
    h('h2', { id: 'alerts-title' }, 'Price alerts'), form, result, list);
  card.refresh = load;
  return card;
}

/** The toast text for an `alert` message. */
export function alertText(message) {
  const alert = message.alert || {};
  return `Alert: ${alert.ticker} traded at ${formatCents(toCents(message.trade_price))} `
    + `(${alert.direction} ${formatCents(toCents(alert.price))})`;
}
