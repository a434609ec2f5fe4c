// The order ticket: buy or sell, one of the seven order types or a one-cancels-other pair, with only the
// fields it needs, time in force, and for plain orders an iceberg, post-only and a take-profit/stop-loss
// bracket; validated before it is sent, and the server's own reason shown when it refuses.
import { h, replace, notice } from './dom.js';
import { venueGet, venuePost } from './api.js';
import { toCents, formatCents, centsToJSONNumber, averagePriceCents } from './money.js';
import { ORDER_TYPES, TIME_IN_FORCE, orderType, triggerText, typeLabel } from './orderTypes.js';

const MONEY = /^\d+(\.\d{1,2})?$/;
const WHOLE = /^\d+$/;

// A positive amount with at most two decimals, in cents; records the problem in `errors[key]` otherwise.
function money(text, errors, key, label) {
  const trimmed = String(text ?? '').trim();
  if (!MONEY.test(trimmed)) {
    errors[key] = `${label} must be a number with at most two decimals, like 100.25.`;
    return null;
  }
  const cents = toCents(trimmed);
  if (cents <= 0) {
    errors[key] = `${label} must be greater than zero.`;
    return null;
  }
  return cents;
}

/**
 * Checks the ticket's fields. Returns {errors: {field: message}, body} where body is the request body
 * when there are no errors. Quantity: a positive whole number. Price (types with a limit), stop price
 * (stops and take-profits), trail amount: greater than zero with at most two decimals; trail percent
 * above 0 and below 100. The time in force must be one the type takes (see ORDER_TYPES). An iceberg's display
 * quantity (below the quantity) and post-only are for GTC limit orders; a bracket (take-profit above the
 * stop-loss for a buy, below it for a sell) for limit and market orders.
 */
export function validateOrder({ ticker, side, type, price, quantity, timeInForce, stopPrice, trail, trailUnit = 'amount',
  displayQuantity, postOnly = false, bracket = null }) {
  const errors = {};
  const kind = ORDER_TYPES.find((t) => t.value === type);
  if (!kind) errors.type = 'Choose an order type.';
  const qtyText = String(quantity ?? '').trim();
  if (!WHOLE.test(qtyText) || Number(qtyText) <= 0) errors.quantity = 'Quantity must be a whole number of shares, at least 1.';
  else if (!Number.isSafeInteger(Number(qtyText))) errors.quantity = 'Quantity is too large.';
  const needs = kind || orderType('limit');
  const priceCents = needs.price ? money(price, errors, 'price', 'Price') : null;
  const stopCents = needs.stop ? money(stopPrice, errors, 'stopPrice', 'Stop price') : null;
  let trailMember = null;
  if (needs.trail) {
    if (trailUnit === 'percent') {
      const text = String(trail ?? '').trim();
      if (!MONEY.test(text) || Number(text) <= 0 || Number(text) >= 100) {
        errors.trail = 'Trail percent must be above 0 and below 100, with at most two decimals.';
      } else trailMember = { trail_percent: Number(text) };
    } else {
      const cents = money(trail, errors, 'trail', 'Trail amount');
      if (cents !== null) trailMember = { trail_amount: centsToJSONNumber(cents) };
    }
  }
  if (side !== 'buy' && side !== 'sell') errors.side = 'Choose buy or sell.';
  if (!TIME_IN_FORCE[timeInForce]) errors.timeInForce = 'Choose a time in force.';
  else if (!needs.tifs.includes(timeInForce)) errors.timeInForce = tifRefusal(needs);

  const limitGTC = type === 'limit' && timeInForce === 'GTC';
  const displayText = String(displayQuantity ?? '').trim();
  let display = null;
  if (displayText) {
    if (!limitGTC) errors.displayQuantity = 'An iceberg must be a GTC limit order.';
    else if (!WHOLE.test(displayText) || Number(displayText) <= 0) errors.displayQuantity = 'Display quantity must be a whole number of shares, at least 1.';
    else if (!errors.quantity && Number(displayText) >= Number(qtyText)) errors.displayQuantity = 'Display quantity must be below the quantity.';
    else display = Number(displayText);
  }
  if (postOnly && !limitGTC) errors.postOnly = 'Post-only is for GTC limit orders.';

  let bracketMember = null;
  if (bracket) {
    if (!needs.plain) errors.takeProfit = 'A take-profit and stop-loss go with a limit or market order.';
    else {
      const takeProfit = money(bracket.takeProfit, errors, 'takeProfit', 'Take-profit');
      const stopLoss = money(bracket.stopLoss, errors, 'stopLoss', 'Stop-loss');
      const limitText = String(bracket.stopLossLimit ?? '').trim();
      const stopLossLimit = limitText ? money(limitText, errors, 'stopLossLimit', 'Stop-loss limit') : null;
      if (takeProfit !== null && stopLoss !== null) {
        if (side === 'buy' && takeProfit <= stopLoss) errors.takeProfit = 'For a buy, the take-profit must be above the stop-loss.';
        if (side === 'sell' && takeProfit >= stopLoss) errors.takeProfit = 'For a sell, the take-profit must be below the stop-loss.';
      }
      bracketMember = { take_profit: centsToJSONNumber(takeProfit), stop_loss: centsToJSONNumber(stopLoss) };
      if (stopLossLimit !== null) bracketMember.stop_loss_limit = centsToJSONNumber(stopLossLimit);
    }
  }

  if (Object.keys(errors).length) return { errors, body: null };
  if (needs.pair) {
    return { errors, body: { ticker, side, quantity: Number(qtyText), legs: [
      { type: 'limit', price: centsToJSONNumber(priceCents) },
      { type: 'stop', stop_price: centsToJSONNumber(stopCents) },
    ] } };
  }
  const body = { ticker, side, quantity: Number(qtyText), time_in_force: timeInForce };
  if (type !== 'limit') body.type = type;
  if (priceCents !== null) body.price = centsToJSONNumber(priceCents);
  if (stopCents !== null) body.stop_price = centsToJSONNumber(stopCents);
  if (trailMember) Object.assign(body, trailMember);
  if (display !== null) body.display_quantity = display;
  if (postOnly) body.post_only = true;
  if (bracketMember) body.bracket = bracketMember;
  return { errors, body };
}

function tifRefusal(kind) {
  const label = `A ${kind.label.toLowerCase()} order`;
  return kind.tifs.length === 1 ? `${label} is good till cancelled (GTC).` : `${label} is ${kind.tifs.join(' or ')}.`;
}

/** One sentence on what an order of `type` and `side` does, shown under the type selector. */
export function describeType(type, side) {
  const buy = side !== 'sell';
  const verb = buy ? 'Buys' : 'Sells';
  const stopWay = buy ? 'at or above' : 'at or below';
  const profitWay = buy ? 'at or below' : 'at or above';
  switch (type) {
    case 'market': return 'Trades at once against the best prices in the book.';
    case 'stop': return `${verb} at market once a trade prints ${stopWay} the stop price.`;
    case 'stop_limit': return `Becomes a limit order at your price once a trade prints ${stopWay} the stop price.`;
    case 'take_profit': return `${verb} at market once a trade prints ${profitWay} the stop price.`;
    case 'take_profit_limit': return `Becomes a limit order at your price once a trade prints ${profitWay} the stop price.`;
    case 'trailing_stop': return buy
      ? 'Buys at market once a trade prints the trail above the lowest trade since you placed it.'
      : 'Sells at market once a trade prints the trail below the highest trade since you placed it.';
    case 'oco': return `A limit order at your price and a stop at the stop price: when either trades or triggers, the other is cancelled.`;
    default: return 'Rests in the book at your price until it trades or you cancel it.';
  }
}

let ticketCount = 0;

/** Builds the ticket for `ticker`; `onPlaced(answer)` is called after the server accepts an order. */
export function orderTicket(ticker, { onPlaced = () => {} } = {}) {
  const id = `ticket-${++ticketCount}`;
  const radio = (name, value, label, checked) => h('label', { class: `choice choice-${value}` },
    h('input', { type: 'radio', name: `${id}-${name}`, value, checked }), h('span', {}, label));
  const fieldError = (field) => h('p', { class: 'field-error', id: `${id}-${field}-error`, hidden: true });
  const input = (name, field, attrs) => h('input', {
    id: `${id}-${field}`, name, autocomplete: 'off', 'aria-describedby': `${id}-${field}-error`, ...attrs });
  // Each validated field: the problem's key in validateOrder, its DOM name, its input and its error line.
  const fields = {};
  const field = (key, domName, label, control, { hint = null, focusTarget = control } = {}) => {
    const error = fieldError(domName);
    fields[key] = { input: focusTarget, error };
    return h('div', { class: `field field-${domName}` }, h('label', { for: focusTarget.id }, label), control, hint, error);
  };

  const priceInput = input('price', 'price', { inputmode: 'decimal', placeholder: '0.00' });
  const stopInput = input('stop_price', 'stop', { inputmode: 'decimal', placeholder: '0.00' });
  const trailInput = input('trail', 'trail', { inputmode: 'decimal', placeholder: '0.00' });
  const trailUnit = h('select', { id: `${id}-trail-unit`, name: 'trail_unit', 'aria-label': 'Trail by' },
    h('option', { value: 'amount' }, 'amount'), h('option', { value: 'percent' }, '%'));
  const quantityInput = input('quantity', 'quantity', { inputmode: 'numeric', placeholder: '0' });
  const displayInput = input('display_quantity', 'display', { inputmode: 'numeric', placeholder: 'all' });
  const postOnlyBox = h('input', { type: 'checkbox', id: `${id}-post-only`, name: 'post_only', 'aria-describedby': `${id}-post-only-error` });
  const bracketBox = h('input', { type: 'checkbox', id: `${id}-bracket`, name: 'bracket' });
  const takeProfitInput = input('take_profit', 'take-profit', { inputmode: 'decimal', placeholder: '0.00' });
  const stopLossInput = input('stop_loss', 'stop-loss', { inputmode: 'decimal', placeholder: '0.00' });
  const stopLossLimitInput = input('stop_loss_limit', 'stop-loss-limit', { inputmode: 'decimal', placeholder: 'at market' });
  const typeSelect = h('select', { id: `${id}-type`, name: 'type', 'aria-describedby': `${id}-type-hint` },
    ORDER_TYPES.map((t) => h('option', { value: t.value }, t.label)));
  const typeHint = h('p', { class: 'hint', id: `${id}-type-hint` });
  const tif = h('select', { id: `${id}-tif`, name: 'time_in_force', 'aria-describedby': `${id}-tif-error` });
  const result = h('div', { class: 'ticket-result', id: `${id}-result`, 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary submit-order' }, `Place order`);
  const estimate = h('p', { class: 'estimate muted', id: `${id}-estimate`, 'aria-live': 'polite' });
  let account = null; // {buyingPowerCents, shares, shortSelling} from the portfolio, when known

  const priceField = field('price', 'price', 'Limit price', priceInput);
  const stopField = field('stopPrice', 'stop', 'Stop price', stopInput);
  const trailField = field('trail', 'trail', 'Trail', h('div', { class: 'with-unit' }, trailInput, trailUnit), { focusTarget: trailInput });
  const displayField = field('displayQuantity', 'display', 'Display quantity (iceberg)', displayInput,
    { hint: h('p', { class: 'hint' }, 'Shows only this many shares in the book at a time.') });
  const postOnlyError = fieldError('post-only');
  fields.postOnly = { input: postOnlyBox, error: postOnlyError };
  const postOnlyField = h('div', { class: 'field check' },
    h('label', { for: postOnlyBox.id }, postOnlyBox, ' Post only: refuse it rather than trade on arrival'), postOnlyError);
  const bracketFields = h('div', { class: 'bracket-fields' },
    field('takeProfit', 'take-profit', 'Take-profit price', takeProfitInput),
    field('stopLoss', 'stop-loss', 'Stop-loss price', stopLossInput),
    field('stopLossLimit', 'stop-loss-limit', 'Stop-loss limit (optional)', stopLossLimitInput));
  const bracketField = h('div', { class: 'field check' },
    h('label', { for: bracketBox.id }, bracketBox, ' Take-profit and stop-loss once filled'));
  const options = h('details', { class: 'ticket-options' },
    h('summary', {}, 'Iceberg, post-only, bracket'),
    displayField, postOnlyField, bracketField, bracketFields);

  const form = h('form', { class: 'card order-ticket', id: 'order-ticket', novalidate: true, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, `Trade ${ticker}`),
    h('fieldset', { class: 'segmented side' }, h('legend', {}, 'Side'), radio('side', 'buy', 'Buy', true), radio('side', 'sell', 'Sell', false)),
    h('div', { class: 'field' }, h('label', { for: typeSelect.id }, 'Order type'), typeSelect, typeHint),
    stopField,
    trailField,
    priceField,
    field('quantity', 'quantity', 'Quantity (shares)', quantityInput),
    field('timeInForce', 'tif', 'Time in force', tif),
    options,
    estimate,
    submit,
    result);

  const value = (name) => form.querySelector(`input[name="${id}-${name}"]:checked`)?.value;
  const show = (element, shown, ...controls) => {
    element.hidden = !shown;
    for (const control of controls) control.disabled = !shown;
  };
  const sync = () => {
    const type = typeSelect.value;
    const kind = orderType(type);
    const side = value('side');
    show(priceField, Boolean(kind.price), priceInput);
    show(stopField, Boolean(kind.stop), stopInput);
    show(trailField, Boolean(kind.trail), trailInput, trailUnit);
    show(options, Boolean(kind.plain));
    show(displayField, type === 'limit', displayInput);
    show(postOnlyField, type === 'limit', postOnlyBox);
    show(bracketFields, Boolean(kind.plain) && bracketBox.checked, takeProfitInput, stopLossInput, stopLossLimitInput);
    offerTimesInForce(tif, kind.tifs);
    typeHint.textContent = describeType(type, side);
    submit.textContent = `${side === 'sell' ? 'Sell' : 'Buy'} ${ticker}`;
    submit.classList.toggle('sell', side === 'sell');
  };
  form.addEventListener('change', sync);
  sync();

  // What the order comes to, in integer cents, next to what the account has (before fees).
  const showEstimate = () => {
    const side = value('side');
    const quantityText = quantityInput.value.trim();
    const quantity = WHOLE.test(quantityText) ? Number(quantityText) : null;
    const priceCents = orderType(typeSelect.value).price && MONEY.test(priceInput.value.trim()) ? toCents(priceInput.value.trim()) : null;
    const parts = [];
    if (quantity && priceCents) parts.push(`${side === 'sell' ? 'Proceeds' : 'Cost'} ${formatCents(quantity * priceCents)}`);
    if (account && side === 'buy') parts.push(`buying power ${formatCents(account.buyingPowerCents)}`);
    if (account && side === 'sell') {
      parts.push(`you hold ${account.shares} ${ticker}`);
      const short = quantity ? quantity - Math.max(0, account.shares) : 0;
      if (short > 0) parts.push(shortSaleNote(short, priceCents, account.shortSelling));
    }
    estimate.textContent = parts.join(' · ');
  };
  form.addEventListener('input', showEstimate);
  form.addEventListener('change', showEstimate);
  const loadAccount = async () => {
    try {
      const portfolio = await venueGet('/portfolio');
      const holding = (portfolio?.holdings || []).find((h) => h.ticker === ticker);
      account = {
        buyingPowerCents: toCents(portfolio?.buying_power ?? portfolio?.cash),
        shares: holding ? holding.quantity : 0,
        shortSelling: portfolio?.short_selling ?? null,
      };
    } catch {
      account = null; // the estimate then shows the order's own amount only
    }
    showEstimate();
  };
  loadAccount();
  /** Reloads the buying power and shares shown (after a fill from the live feed). */
  form.refreshAccount = loadAccount;

  /**
   * Puts `priceText` (a price picked from the book) in the limit price, making the ticket a limit order
   * unless its type already has one (stop limit, take-profit limit), and focuses quantity.
   */
  form.usePrice = (priceText) => {
    if (!orderType(typeSelect.value).price) typeSelect.value = 'limit';
    sync();
    priceInput.value = priceText;
    showEstimate();
    quantityInput.focus();
  };

  const showErrors = (errors) => {
    for (const [key, { input: control, error }] of Object.entries(fields)) {
      error.hidden = !errors[key];
      error.textContent = errors[key] || '';
      if (errors[key]) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid');
    }
    // A problem inside the options is shown with the options open.
    if (['displayQuantity', 'postOnly', 'takeProfit', 'stopLoss', 'stopLossLimit'].some((key) => errors[key])) options.open = true;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = orderType(typeSelect.value);
    const { errors, body } = validateOrder({
      ticker, side: value('side'), type: typeSelect.value,
      price: priceInput.value, quantity: quantityInput.value, timeInForce: tif.value,
      stopPrice: stopInput.value, trail: trailInput.value, trailUnit: trailUnit.value,
      displayQuantity: typeSelect.value === 'limit' ? displayInput.value : '',
      postOnly: typeSelect.value === 'limit' && postOnlyBox.checked,
      bracket: kind.plain && bracketBox.checked
        ? { takeProfit: takeProfitInput.value, stopLoss: stopLossInput.value, stopLossLimit: stopLossLimitInput.value }
        : null,
    });
    showErrors(errors);
    replace(result);
    if (!body) {
      // The first field in the form that has a problem takes the focus.
      Object.entries(fields).map(([key, f]) => (errors[key] ? f.input : null)).filter(Boolean)
        .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0]?.focus();
      return;
    }
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    try {
      const answer = await venuePost(kind.pair ? '/orders/oco' : '/orders', body);
      replace(result, notice('info', describeOrder(answer)));
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

/** The sentence that confirms an accepted order: what it is, its status and what filled. */
/**
 * What selling `short` shares beyond those held means here: refused where the venue allows no short sales
 * or the account has not turned them on, else the collateral held, the sale's value and the initial margin. The server values the shares at the
 * higher of the limit and the last price, so with a limit the figure is the least it holds.
 */
export function shortSaleNote(short, priceCents, rule) {
  if (!rule) return `${short} more than you hold: this venue does not allow short selling`;
  if (!rule.allowed) return `${short} more than you hold: turn short selling on for your account on the portfolio page`;
  const percent = rule.initial_margin_bps / 100;
  if (!priceCents) return `sells ${short} short: holds their value at the last price + ${percent} % as margin`;
  const collateral = Math.ceil((short * priceCents * (10000 + rule.initial_margin_bps)) / 10000);
  return `sells ${short} short: margin needed at least ${formatCents(collateral)} (value + ${percent} %)`;
}

export function describeOrder(answer) {
  if (!answer) return 'Order sent.';
  if (answer.orders) {
    const [limit, stop] = answer.orders;
    return `One cancels other, ${limit.side} ${limit.quantity} ${limit.ticker}: limit ${formatCents(toCents(limit.price))} `
      + `and stop ${formatCents(toCents(stop.stop_price))}, both ${limit.status}.`;
  }
  if (answer.triggered === false) {
    const trigger = triggerText(answer);
    const limit = answer.price !== undefined && answer.price !== null ? `, limit ${formatCents(toCents(answer.price))}` : '';
    return `${typeLabel(answer.type)} ${answer.side} ${answer.quantity} ${answer.ticker}${trigger ? `, trigger ${trigger}` : ''}${limit}: `
      + `${answer.status}, waiting for its trigger.`;
  }
  const side = answer.side === 'sell' ? 'Sell' : 'Buy';
  const filled = answer.filled_quantity ?? 0;
  const price = answer.price !== undefined && answer.price !== null ? ` at ${formatCents(toCents(answer.price))}` : ' at market';
  const average = averagePriceCents(answer.trades);
  const at = filled && average !== null ? ` at an average ${formatCents(average)}` : '';
  const exits = answer.bracket ? ' Its take-profit and stop-loss follow the fills.' : '';
  return `${side} ${answer.quantity} ${answer.ticker}${price}: ${answer.status}, ${filled} filled${at}.${exits}`;
}

/**
 * Lists only the times in force `tifs` in the select, keeping the choice when it is still offered; a
 * single choice is shown but fixed.
 */
function offerTimesInForce(select, tifs) {
  const chosen = tifs.includes(select.value) ? select.value : tifs[0];
  if ([...select.options].map((o) => o.value).join() !== tifs.join()) {
    replace(select, tifs.map((value) => h('option', { value }, TIME_IN_FORCE[value])));
  }
  select.value = chosen;
  select.disabled = tifs.length === 1;
}
