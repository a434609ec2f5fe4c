// The order ticket: buy or sell, limit or market, time in force; validated before it is sent, and the
// server's own reason shown when it refuses.
import { h, replace, notice } from './dom.js';
import { venueGet, venuePost } from './api.js';
import { toCents, formatCents, centsToJSONNumber } from './money.js';

/**
 * Checks the ticket's text fields. Returns {errors: {field: message}, body} where body is the request
 * body when there are no errors. Quantity: a positive whole number. Price (limit orders): greater than
 * zero with at most two decimals.
 */
export function validateOrder({ ticker, side, type, price, quantity, timeInForce }) {
  const errors = {};
  const qtyText = String(quantity ?? '').trim();
  if (!/^\d+$/.test(qtyText) || Number(qtyText) <= 0) errors.quantity = 'Quantity must be a whole number of shares, at least 1.';
  else if (!Number.isSafeInteger(Number(qtyText))) errors.quantity = 'Quantity is too large.';
  let priceCents = null;
  if (type === 'limit') {
    const priceText = String(price ?? '').trim();
    if (!/^\d+(\.\d{1,2})?$/.test(priceText)) errors.price = 'Price must be a number with at most two decimals, like 100.25.';
    else {
      priceCents = toCents(priceText);
      if (priceCents <= 0) errors.price = 'Price must be greater than zero.';
    }
  }
  if (side !== 'buy' && side !== 'sell') errors.side = 'Choose buy or sell.';
  if (!['GTC', 'IOC', 'FOK'].includes(timeInForce)) errors.timeInForce = 'Choose a time in force.';
  if (Object.keys(errors).length) return { errors, body: null };
  const body = { ticker, side, quantity: Number(qtyText), time_in_force: timeInForce };
  if (type === 'market') body.type = 'market';
  else body.price = centsToJSONNumber(priceCents);
  return { errors, body };
}

let ticketCount = 0;

/** Builds the ticket for `ticker`; `onPlaced(answer)` is called after the server accepts an order. */
export function orderTicket(ticker, { onPlaced = () => {} } = {}) {
  const id = `ticket-${++ticketCount}`;
  const radio = (name, value, label, checked) => h('label', { class: `choice choice-${value}` },
    h('input', { type: 'radio', name: `${id}-${name}`, value, checked }), h('span', {}, label));
  const fieldError = (field) => h('p', { class: 'field-error', id: `${id}-${field}-error`, hidden: true });
  const errorsBy = { price: fieldError('price'), quantity: fieldError('quantity') };
  const priceInput = h('input', { id: `${id}-price`, name: 'price', inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00', 'aria-describedby': `${id}-price-error` });
  const quantityInput = h('input', { id: `${id}-quantity`, name: 'quantity', inputmode: 'numeric', autocomplete: 'off', placeholder: '0', 'aria-describedby': `${id}-quantity-error` });
  const tif = h('select', { id: `${id}-tif`, name: 'time_in_force' },
    h('option', { value: 'GTC' }, 'GTC · good till cancelled'),
    h('option', { value: 'IOC' }, 'IOC · immediate or cancel'),
    h('option', { value: 'FOK' }, 'FOK · fill or kill'));
  const result = h('div', { class: 'ticket-result', id: `${id}-result`, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary submit-order' }, `Place order`);
  const estimate = h('p', { class: 'estimate muted', id: `${id}-estimate`, 'aria-live': 'polite' });
  let account = null; // {buyingPowerCents, shares} from the portfolio, when known
  const priceField = h('div', { class: 'field' }, h('label', { for: `${id}-price` }, 'Limit price'), priceInput, errorsBy.price);

  const form = h('form', { class: 'card order-ticket', id: 'order-ticket', novalidate: true, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, `Trade ${ticker}`),
    h('fieldset', { class: 'segmented side' }, h('legend', {}, 'Side'), radio('side', 'buy', 'Buy', true), radio('side', 'sell', 'Sell', false)),
    h('fieldset', { class: 'segmented type' }, h('legend', {}, 'Order type'), radio('type', 'limit', 'Limit', true), radio('type', 'market', 'Market', false)),
    priceField,
    h('div', { class: 'field' }, h('label', { for: `${id}-quantity` }, 'Quantity (shares)'), quantityInput, errorsBy.quantity),
    h('div', { class: 'field' }, h('label', { for: `${id}-tif` }, 'Time in force'), tif),
    estimate,
    submit,
    result);

  const value = (name) => form.querySelector(`input[name="${id}-${name}"]:checked`)?.value;
  const sync = () => {
    const market = value('type') === 'market';
    priceInput.disabled = market;
    priceField.classList.toggle('disabled', market);
    const side = value('side');
    submit.textContent = `${side === 'sell' ? 'Sell' : 'Buy'} ${ticker}`;
    submit.classList.toggle('sell', side === 'sell');
  };
  form.addEventListener('change', sync);
  sync();

  // What the order comes to, in integer cents, next to what the account has (before fees).
  const showEstimate = () => {
    const side = value('side');
    const quantityText = quantityInput.value.trim();
    const quantity = /^\d+$/.test(quantityText) ? Number(quantityText) : null;
    const priceCents = value('type') === 'limit' && /^\d+(\.\d{1,2})?$/.test(priceInput.value.trim()) ? toCents(priceInput.value.trim()) : null;
    const parts = [];
    if (quantity && priceCents) parts.push(`${side === 'sell' ? 'Proceeds' : 'Cost'} ${formatCents(quantity * priceCents)}`);
    if (account && side === 'buy') parts.push(`buying power ${formatCents(account.buyingPowerCents)}`);
    if (account && side === 'sell') parts.push(`you hold ${account.shares} ${ticker}`);
    estimate.textContent = parts.join(' · ');
  };
  form.addEventListener('input', showEstimate);
  form.addEventListener('change', showEstimate);
  const loadAccount = async () => {
    try {
      const portfolio = await venueGet('/portfolio');
      const holding = (portfolio?.holdings || []).find((h) => h.ticker === ticker);
      account = { buyingPowerCents: toCents(portfolio?.buying_power ?? portfolio?.cash), shares: holding ? holding.quantity : 0 };
    } catch {
      account = null; // the estimate then shows the order's own amount only
    }
    showEstimate();
  };
  loadAccount();
  /** Reloads the buying power and shares shown (after a fill from the live feed). */
  form.refreshAccount = loadAccount;

  /** Makes the ticket a limit order at `priceText` (a price picked from the book) and focuses quantity. */
  form.usePrice = (priceText) => {
    form.querySelector(`input[name="${id}-type"][value="limit"]`).checked = true;
    sync();
    priceInput.value = priceText;
    showEstimate();
    quantityInput.focus();
  };

  const showErrors = (errors) => {
    for (const [field, el] of Object.entries(errorsBy)) {
      const input = field === 'price' ? priceInput : quantityInput;
      el.hidden = !errors[field];
      el.textContent = errors[field] || '';
      if (errors[field]) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { errors, body } = validateOrder({
      ticker, side: value('side'), type: value('type'),
      price: priceInput.value, quantity: quantityInput.value, timeInForce: tif.value,
    });
    showErrors(errors);
    replace(result);
    if (!body) {
      (errors.price ? priceInput : quantityInput).focus();
      return;
    }
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const answer = await venuePost('/orders', body);
      replace(result, notice('info', describeFill(answer)));
      loadAccount();
      onPlaced(answer);
    } catch (error) {
      replace(result, h('p', { class: 'notice notice-error order-refused', role: 'alert' },
        h('strong', {}, error.missingRoute ? 'Trading is not available: ' : 'Order refused: '),
        error.detail || error.message));
    } finally {
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });
  return form;
}

function describeFill(answer) {
  if (!answer) return 'Order sent.';
  const side = answer.side === 'sell' ? 'Sell' : 'Buy';
  const filled = answer.filled_quantity ?? 0;
  const price = answer.price !== undefined && answer.price !== null ? ` at ${formatCents(toCents(answer.price))}` : ' at market';
  return `${side} ${answer.quantity} ${answer.ticker}${price}: ${answer.status}, ${filled} filled.`;
}
