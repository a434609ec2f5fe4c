// Tiny DOM helpers. Text always goes in through textContent, never innerHTML, so server strings
// (usernames, reasons) cannot inject markup.

/**
 * h('button', {class: 'primary', onclick: fn}, 'Buy') builds an element.
 * Attributes: `class`, `text`, `dataset`, event handlers as `onxxx`, booleans set or removed,
 * everything else as an attribute. Children: nodes, strings, numbers, arrays; null/false skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A status line shown while something loads; `aria-busy` lets assistive tech know. */
export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status', 'aria-busy': 'true' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** An inline notice: kind is 'error', 'info' or 'empty'. Errors are announced (role=alert). */
export function notice(kind, text) {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/**
 * A table with a caption (visually hidden when `hideCaption`), header cells and rows of cells. Each
 * cell carries its column's name, so at phone width the rows can stack as labelled cards (unless
 * `stack` is false, for tables narrow enough to stay tables).
 */
export function table({ caption, hideCaption = false, columns, rows, rowAttrs = () => ({}), stack = true }) {
  return h('div', { class: stack ? 'table-wrap stackable' : 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: hideCaption ? 'visually-hidden' : '' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: cellClass(c) }, c.label)))),
      h('tbody', {}, rows.map((row, i) => h('tr', rowAttrs(row, i),
        columns.map((c) => h('td', { class: cellClass(c), 'data-label': c.label }, c.cell(row, i))))))));
}

// A column may be `numeric` (right-aligned figures) and `optional` (hidden at phone width).
function cellClass(column) {
  return [column.numeric ? 'num' : '', column.optional ? 'optional' : ''].join(' ').trim();
}

/** Formats an ISO 8601 timestamp as local date and time; unknown input is shown as is. */
export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/**
 * The notice for a failed load: a calm "not available" when the server has no such route, the
 * server's own words for another 404 (an unknown venue or ticker), else an error with the server's
 * reason, e.g. "Could not load orders: …".
 */
export function failureNotice(error, unavailableText, failedText) {
  if (error.missingRoute) return notice('empty', unavailableText);
  if (error.notFound) return notice('empty', error.detail || unavailableText);
  const reason = error.detail || error.message;
  return notice('error', failedText ? `${failedText}: ${reason}` : reason);
}
