// Money on the client is integer cents. The API sends JSON numbers with at most two decimals; they are
// turned into cents through their decimal text (never by multiplying a float), and all sums, differences
// and products are done on integers. Only display turns cents back into text.

/** Cents from a JSON number or decimal string (`100.25` → 10025); `null` for null/undefined/garbage. */
export function toCents(value) {
  if (value === null || value === undefined || value === '') return null;
  let text = typeof value === 'number' ? numberText(value) : String(value).trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) return null;
  const [, minus, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minus ? -cents : cents;
}

// Plain decimal text of a number, without exponent (1e-7 → "0.0000001"), rounded to two decimals by
// the runtime's decimal conversion, which is exact for the two-decimal numbers the API sends.
function numberText(n) {
  if (!Number.isFinite(n)) return '';
  return n.toFixed(2);
}

/** "1,234.56" from cents; negative amounts get a leading minus. `null` shows as an em dash. */
export function formatCents(cents, { sign = false } = {}) {
  if (cents === null || cents === undefined || Number.isNaN(cents)) return '—';
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const fraction = String(abs % 100).padStart(2, '0');
  const prefix = negative ? '−' : sign && cents > 0 ? '+' : '';
  return `${prefix}${whole}.${fraction}`;
}

/** Display of a JSON money value: two decimals, or an em dash when absent. */
export function formatMoney(value, options) {
  return formatCents(toCents(value), options);
}

/**
 * The midpoint of two prices, shown like every other price: two decimals, a half cent rounded up
 * (97.72 and 97.73 → "97.73").
 */
export function formatMidpoint(bidCents, askCents) {
  if (bidCents === null || askCents === null) return '—';
  return formatCents(Math.ceil((bidCents + askCents) / 2));
}

/** The average price of fills [{price, quantity}] in cents, a half cent rounded up; null without fills. */
export function averagePriceCents(fills) {
  let shares = 0;
  let total = 0;
  for (const fill of fills || []) {
    const cents = toCents(fill.price);
    const quantity = Number(fill.quantity) || 0;
    if (cents === null || quantity <= 0) continue;
    shares += quantity;
    total += cents * quantity;
  }
  return shares ? Math.floor((2 * total + shares) / (2 * shares)) : null;
}

/** Percentage change from `fromCents` to `toCents`, as display text with two decimals ("+1.25%"). */
export function formatChange(fromCents, toCentsValue) {
  if (fromCents === null || toCentsValue === null || fromCents === 0) return '—';
  // basis points as an integer, rounded half away from zero
  const diff = toCentsValue - fromCents;
  const bp = Math.round((diff * 10000) / fromCents);
  const abs = Math.abs(bp);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
  return bp > 0 ? `+${text}` : bp < 0 ? `−${text}` : text;
}

/** A decimal JSON number for a request body from validated text ("100.5" → 100.5). */
export function centsToJSONNumber(cents) {
  return Number(`${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`);
}
