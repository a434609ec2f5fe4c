// The seven order types the server takes, and a one-cancels-other pair of a limit and a stop; what each
// needs, and how an order's type and trigger read in a list.
import { formatMoney } from './money.js';

const ANY = ['GTC', 'IOC', 'FOK'];
const GTC = ['GTC'];

/**
 * Each type with its label, the times in force it takes (the first is the default) and its needs:
 * `price` (a limit price), `stop` (a stop price), `trail` (a trail amount or percent); `atMarket` types
 * enter at market once triggered, so they wait good till cancelled; a market order takes what the book
 * offers at once and never rests, so it is IOC or FOK. Iceberg, post-only and brackets belong to the
 * `plain` types.
 */
export const ORDER_TYPES = [
  { value: 'limit', label: 'Limit', price: true, plain: true, tifs: ANY },
  { value: 'market', label: 'Market', plain: true, tifs: ['IOC', 'FOK'] },
  { value: 'stop', label: 'Stop', stop: true, atMarket: true, tifs: GTC },
  { value: 'stop_limit', label: 'Stop limit', price: true, stop: true, tifs: ANY },
  { value: 'take_profit', label: 'Take profit', stop: true, atMarket: true, tifs: GTC },
  { value: 'take_profit_limit', label: 'Take profit limit', price: true, stop: true, tifs: ANY },
  { value: 'trailing_stop', label: 'Trailing stop', trail: true, atMarket: true, tifs: GTC },
  // Not an order type of its own: a limit order and a stop placed together, one cancelling the other.
  { value: 'oco', label: 'One cancels other', price: true, stop: true, atMarket: true, pair: true, tifs: GTC },
];

/** What each time in force is called in the ticket. */
export const TIME_IN_FORCE = {
  GTC: 'GTC · good till cancelled',
  IOC: 'IOC · immediate or cancel',
  FOK: 'FOK · fill or kill',
};

const BY_VALUE = Object.fromEntries(ORDER_TYPES.map((type) => [type.value, type]));

/** What a type needs (see ORDER_TYPES); unknown types read as limit orders, the server's default. */
export function orderType(value) {
  return BY_VALUE[value] || BY_VALUE.limit;
}

/** "Stop limit" for `stop_limit`; an order without a type is a limit order. */
export function typeLabel(value) {
  return BY_VALUE[value || 'limit']?.label || String(value);
}

/** An order's trigger as text: its stop price, or its trail ("trail 2.00", "trail 1.5%"); '' when none. */
export function triggerText(order) {
  if (order.stop_price !== undefined && order.stop_price !== null) return formatMoney(order.stop_price);
  if (order.trail_amount !== undefined && order.trail_amount !== null) return `trail ${formatMoney(order.trail_amount)}`;
  if (order.trail_percent !== undefined && order.trail_percent !== null) return `trail ${order.trail_percent}%`;
  return '';
}

/** Whether a conditional order has fired: 'waiting', 'triggered', or '' for an order with no trigger. */
export function triggerState(order) {
  if (order.triggered === false) return 'waiting';
  if (order.triggered === true) return 'triggered';
  return '';
}

/**
 * What qualifies an order beyond its type: 'OCO' for one of a pair, 'bracket exit' for a bracket's child,
 * 'iceberg 10' for one showing 10 shares at a time, 'post-only'; joined with ' · ', or ''.
 */
export function qualifierText(order) {
  return [
    order.parent_order_id ? 'bracket exit' : order.linked_order_id ? 'OCO' : '',
    order.display_quantity ? `iceberg ${order.display_quantity}` : '',
    order.post_only ? 'post-only' : '',
  ].filter(Boolean).join(' · ');
}

/** An order's limit price as text, or "market" for one without. */
export function priceText(order) {
  return order.price === undefined || order.price === null ? 'market' : formatMoney(order.price);
}
