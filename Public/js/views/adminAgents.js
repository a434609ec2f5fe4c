// The agents of a venue, live: the table is refreshed every second from the server's in-memory activity
// (orders and fills per minute, refusals by reason, rate-limit hits) and committed state (open orders, P&L).
import { h, replace, loading, notice, table, formatTime } from '../dom.js';
import { request } from '../api.js';
import { formatMoney } from '../money.js';

const REFRESH_MS = 1000;

function rejections(counts) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([code, n]) => `${code} × ${n}`).join(', ') : '—';
}

/** The panel and a function that stops its refreshing. */
export function agentsPanel(venue, { onPick = () => {}, onData = () => {} } = {}) {
  const body = h('div', { id: 'agents-body' }, loading('Loading agents…'));
  const updated = h('p', { class: 'hint', id: 'agents-updated', 'aria-live': 'off' });
  const panel = h('section', { class: 'admin-section', id: 'admin-agents', 'aria-labelledby': 'agents-title' },
    h('h2', { id: 'agents-title' }, 'Agents'), updated, body);
  let stopped = false;
  let timer = null;
  const load = async () => {
    try {
      const answer = await request('GET', `/api/admin/venues/${encodeURIComponent(venue)}/agents`);
      if (stopped) return;
      const agents = answer.agents || [];
      onData(agents);
      updated.textContent = `Live · updated ${formatTime(answer.as_of)}`;
      replace(body, agents.length ? table({
        caption: `Agents of ${venue}`, hideCaption: true,
        columns: [
          { label: 'User', cell: (a) => h('button', { type: 'button', class: 'link-button', title: `Use ${a.username} in the forms`, onclick: () => onPick(a) },
            a.username || a.user_id, a.market_maker ? ' (market maker)' : a.background_trader ? ' (background trader)' : '') },
          { label: 'Orders/min', numeric: true, cell: (a) => String(a.orders_per_minute) },
          { label: 'Fills/min', numeric: true, cell: (a) => String(a.fills_per_minute) },
          { label: 'Refused', cell: (a) => rejections(a.rejections) },
          { label: 'Rate limited', numeric: true, cell: (a) => String(a.rate_limited) },
          { label: 'Open orders', numeric: true, cell: (a) => String(a.open_orders) },
          { label: 'Cash', numeric: true, optional: true, cell: (a) => formatMoney(a.cash) },
          { label: 'Value', numeric: true, cell: (a) => formatMoney(a.total_value) },
          { label: 'P&L', numeric: true, cell: (a) => formatMoney(a.pnl, { sign: true }) },
          { label: 'Last activity', optional: true, cell: (a) => formatTime(a.last_activity) },
        ],
        rows: agents,
        rowAttrs: (a) => ({ 'data-user': a.username }),
      }) : notice('empty', 'No accounts in this venue yet.'));
    } catch (error) {
      if (!stopped) replace(body, notice('error', `Could not load the agents: ${error.detail || error.message}`));
    }
    if (!stopped) timer = setTimeout(load, REFRESH_MS);
  };
  load();
  return { panel, stop: () => { stopped = true; clearTimeout(timer); } };
}
