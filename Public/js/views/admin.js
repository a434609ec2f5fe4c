// The admin console of the current venue: trading status (halt and resume a ticker, the venue or every
// venue), bulk cancels, balance adjustments, tickers, fees and risk limits, market makers, background traders
// and market events,
// users, the agents live, and the audit log. Administrators may use all of it; a venue's hosts, what
// concerns their venue. Every action answers with the server's own words.
import { h, replace, loading, notice, table } from '../dom.js';
import { request } from '../api.js';
import { rememberConsole } from '../session.js';
import { apiPath } from '../venue.js';
import { formatMoney } from '../money.js';
import { actionForm, amount, whole } from './adminForm.js';
import { agentsPanel } from './adminAgents.js';
import { auditPanel } from './adminAudit.js';

const admin = (venue, path) => `/api/admin/venues/${encodeURIComponent(venue)}${path}`;

export const adminView = {
  title: () => 'Admin console',
  auth: true,
  render(root, ctx) {
    const venue = ctx.venue;
    const usernames = new Map();
    // A user field takes an id or the name of an account the agents table lists.
    const userID = (text) => (/^\d+$/.test(text) ? text : usernames.get(text) || text);

    const status = h('p', { id: 'venue-status', class: 'muted', 'aria-live': 'polite' });
    const reason = h('input', { id: 'halt-reason', name: 'reason', autocomplete: 'off', placeholder: 'e.g. news pending' });
    const tickers = h('div', { id: 'admin-tickers' }, loading('Loading tickers…'));
    const tradingResult = h('div', { id: 'trading-result', 'aria-live': 'polite' });
    // The agents and the audit log are asked for only once the venue's console has answered, so that a
    // trader who opens this page is refused once, not by every panel.
    let audit = null;
    let agents = null;
    let stopped = false;

    const act = async (method, path, body, describe) => {
      try {
        const answer = await request(method, path, body);
        replace(tradingResult, notice('info', describe(answer)));
      } catch (error) {
        replace(tradingResult, notice('error', error.detail || error.message));
      }
      loadTrading();
      audit?.reload();
    };
    const halt = (ticker) => act('POST', admin(venue, '/halt'), { ticker, reason: reason.value.trim() },
      () => `${ticker || `Venue ${venue}`} halted.`);
    const resume = (ticker) => act('POST', admin(venue, '/resume'), { ticker, reason: reason.value.trim() || undefined },
      () => `${ticker || `Venue ${venue}`} resumed.`);

    const loadTrading = async () => {
      try {
        const [info, board] = await Promise.all([
          request('GET', admin(venue, '')), request('GET', apiPath('/market/tickers', venue)),
        ]);
        openConsole();
        status.textContent = info.trading_status === 'halted'
          ? `Venue ${venue} is halted: ${info.halt_reason}` : `Venue ${venue} is open for trading.`;
        const rows = Object.entries(board.tickers || {}).sort(([a], [b]) => a.localeCompare(b));
        replace(tickers, table({
          caption: 'Tickers', hideCaption: true, stack: false,
          columns: [
            { label: 'Ticker', cell: ([symbol]) => symbol },
            { label: 'Last', numeric: true, cell: ([, quote]) => formatMoney(quote.current_price) },
            { label: 'Status', cell: ([, quote]) => (quote.halted ? h('span', { class: 'badge badge-halted' }, 'halted') : 'open') },
            { label: 'Action', cell: ([symbol, quote]) => (quote.halted
              ? h('button', { type: 'button', 'data-action': 'resume', 'data-ticker': symbol, onclick: () => resume(symbol) }, `Resume ${symbol}`)
              : h('button', { type: 'button', 'data-action': 'halt', 'data-ticker': symbol, onclick: () => halt(symbol) }, `Halt ${symbol}`)) },
          ],
          rows,
          rowAttrs: ([symbol]) => ({ 'data-ticker': symbol }),
        }));
      } catch (error) {
        replace(tickers, notice('error', `Could not load the venue: ${error.detail || error.message}`));
      }
    };

    const after = (describe) => (answer, values) => { loadTrading(); audit?.reload(); return describe(answer, values); };
    const forms = [
      actionForm({
        id: 'adjust-form', title: 'Adjust a balance', submitLabel: 'Adjust',
        fields: [
          { name: 'user', label: 'User (name or id)', required: true },
          { name: 'cash', label: 'Cash (+ credit, − debit)', placeholder: '250.00', hint: 'Or leave empty and give a ticker and shares.' },
          { name: 'ticker', label: 'Ticker' }, { name: 'shares', label: 'Shares (+ or −)' },
          { name: 'reason', label: 'Reason', required: true },
        ],
        send: (v) => request('POST', admin(venue, '/adjustments'), v.cash
          ? { user_id: userID(v.user), cash: amount(v.cash), reason: v.reason }
          : { user_id: userID(v.user), ticker: v.ticker || undefined, shares: whole(v.shares), reason: v.reason }),
        describe: after((a) => `Balance now: cash ${formatMoney(a.cash)}${a.shares !== undefined && a.shares !== null ? `, ${a.shares} shares` : ''}.`),
      }),
      actionForm({
        id: 'cancel-form', title: 'Cancel resting orders', submitLabel: 'Cancel orders',
        fields: [{ name: 'user', label: 'User (empty: everyone)' }, { name: 'ticker', label: 'Ticker (empty: all)' }, { name: 'reason', label: 'Reason' }],
        send: (v) => request('POST', admin(venue, '/cancel-orders'),
          { user_id: v.user ? userID(v.user) : undefined, ticker: v.ticker || undefined, reason: v.reason || undefined }),
        describe: after((a) => `${a.cancelled} orders cancelled and refunded.`),
      }),
      actionForm({
        id: 'list-form', title: 'List a ticker', submitLabel: 'List',
        fields: [{ name: 'symbol', label: 'Symbol', required: true }, { name: 'initial_price', label: 'Initial price', required: true },
          { name: 'tick_size', label: 'Tick size', placeholder: '0.01' }, { name: 'reason', label: 'Reason' }],
        send: (v) => request('POST', admin(venue, '/tickers'),
          { symbol: v.symbol, initial_price: amount(v.initial_price), tick_size: amount(v.tick_size), reason: v.reason || undefined }),
        describe: after((a, v) => `${v.symbol.toUpperCase()} is listed in ${a.id}.`),
      }),
      actionForm({
        id: 'delist-form', title: 'Delist a ticker', submitLabel: 'Delist',
        fields: [{ name: 'ticker', label: 'Ticker', required: true }, { name: 'price', label: 'Settlement price', required: true },
          { name: 'reason', label: 'Reason', required: true }],
        send: (v) => request('POST', admin(venue, `/tickers/${encodeURIComponent(v.ticker)}/delist`), { price: amount(v.price), reason: v.reason }),
        describe: after((a) => `${a.ticker} delisted: ${a.cancelled_orders} orders cancelled, ${a.settlements.length} holders settled at ${formatMoney(a.price)}.`),
      }),
      actionForm({
        id: 'fees-form', title: 'Fees', submitLabel: 'Set fees',
        fields: [{ name: 'maker_bps', label: 'Maker (basis points)' }, { name: 'taker_bps', label: 'Taker (basis points)' },
          { name: 'minimum', label: 'Minimum per fill' }, { name: 'reason', label: 'Reason' }],
        send: (v) => request('PUT', admin(venue, '/fees'),
          { maker_bps: whole(v.maker_bps), taker_bps: whole(v.taker_bps), minimum: amount(v.minimum), reason: v.reason || undefined }),
        describe: after((a) => `Fees: maker ${a.fees.maker_bps} bp, taker ${a.fees.taker_bps} bp, minimum ${a.fees.minimum}.`),
      }),
      actionForm({
        id: 'limits-form', title: 'Risk limits', submitLabel: 'Set limits',
        fields: [{ name: 'max_order_quantity', label: 'Max order quantity' }, { name: 'max_order_value', label: 'Max order value' },
          { name: 'max_position', label: 'Max position' }, { name: 'max_open_orders', label: 'Max open orders' }, { name: 'reason', label: 'Reason' }],
        send: (v) => request('PUT', admin(venue, '/risk-limits'), {
          max_order_quantity: whole(v.max_order_quantity), max_order_value: amount(v.max_order_value),
          max_position: whole(v.max_position), max_open_orders: whole(v.max_open_orders), reason: v.reason || undefined,
        }),
        describe: after((a) => `Limits: ${Object.entries(a.risk_limits).map(([k, x]) => `${k.replaceAll('_', ' ')} ${x}`).join(', ')}.`),
      }),
      actionForm({
        id: 'makers-form', title: 'Market makers', submitLabel: 'Apply',
        fields: [{ name: 'enabled', label: 'Market makers', options: [['true', 'On'], ['false', 'Off']] },
          { name: 'spread_bps', label: 'Spread (basis points)' }, { name: 'levels', label: 'Levels' }, { name: 'size', label: 'Size per level' },
          { name: 'reason', label: 'Reason' }],
        send: (v) => request('PUT', admin(venue, '/market-makers'), {
          enabled: v.enabled === 'true', spread_bps: whole(v.spread_bps), levels: whole(v.levels), size: whole(v.size), reason: v.reason || undefined,
        }),
        describe: after((a) => (a.enabled ? `Market makers on (${a.running ? 'quoting' : 'not running'}).` : 'Market makers off.')),
      }),
      actionForm({
        id: 'traders-form', title: 'Background traders', submitLabel: 'Apply',
        fields: [{ name: 'enabled', label: 'Background traders', options: [['true', 'On'], ['false', 'Off']] },
          { name: 'noise', label: 'Noise traders' }, { name: 'value', label: 'Value traders' }, { name: 'momentum', label: 'Momentum traders' },
          { name: 'per_minute', label: 'Orders per trader and ticker a minute' }, { name: 'reason', label: 'Reason' }],
        send: (v) => {
          const style = (count) => ({ count: whole(count), per_minute: v.per_minute ? Number(v.per_minute) : undefined });
          return request('PUT', admin(venue, '/background-traders'), {
            enabled: v.enabled === 'true', noise: style(v.noise), value: style(v.value), momentum: style(v.momentum), reason: v.reason || undefined,
          });
        },
        describe: after((a) => (a.enabled ? `Background traders on: ${a.traders.length} trading (${a.running ? 'running' : 'not running'}).` : 'Background traders off.')),
      }),
      actionForm({
        id: 'event-form', title: 'Dividend or price shock', submitLabel: 'Fire',
        fields: [{ name: 'kind', label: 'Kind', options: [['dividend', 'Dividend'], ['shock', 'Price shock']] },
          { name: 'ticker', label: 'Ticker', required: true }, { name: 'size', label: 'Amount per share, or percent', required: true },
          { name: 'reason', label: 'Reason' }],
        send: (v) => request('POST', admin(venue, '/market-events'), {
          kind: v.kind, ticker: v.ticker, reason: v.reason || undefined,
          ...(v.kind === 'dividend' ? { amount: amount(v.size) } : { percent: Number(v.size) }),
        }),
        describe: after((a) => `${a.kind} on ${a.ticker}: ${Object.entries(a.result).map(([k, x]) => `${k.replaceAll('_', ' ')} ${x}`).join(', ')}.`),
      }),
      actionForm({
        id: 'news-form', title: 'News', submitLabel: 'Publish',
        fields: [{ name: 'headline', label: 'Headline', required: true }, { name: 'ticker', label: 'Ticker (optional)' },
          { name: 'percent', label: 'Moves its fair value by percent (optional)' }, { name: 'reason', label: 'Reason' }],
        send: (v) => request('POST', admin(venue, '/market-events'), {
          kind: 'news', headline: v.headline, ticker: v.ticker || undefined,
          percent: v.percent ? Number(v.percent) : undefined, reason: v.reason || undefined,
        }),
        describe: after((a) => `Published: ${a.result.headline}${a.ticker ? ` (${a.ticker})` : ''}.`),
      }),
      actionForm({
        id: 'user-form', title: 'Users (administrators)', submitLabel: 'Apply',
        fields: [{ name: 'user', label: 'User (name or id)', required: true },
          { name: 'action', label: 'Action', options: [['suspend', 'Suspend'], ['reinstate', 'Reinstate'], ['revoke-keys', 'Revoke API keys']] },
          { name: 'reason', label: 'Reason' }],
        send: (v) => request('POST', `/api/admin/users/${encodeURIComponent(userID(v.user))}/${v.action}`, { reason: v.reason || undefined }),
        describe: after((a) => `${a.username}: ${a.suspended ? 'suspended' : 'active'}${a.api_keys_revoked !== undefined && a.api_keys_revoked !== null ? `, ${a.api_keys_revoked} API keys revoked` : ''}.`),
      }),
    ];

    const formsArea = h('div', { class: 'admin-forms', hidden: true }, forms);
    const panels = h('div', {});
    function openConsole() {
      if (audit || stopped) return;
      rememberConsole();
      formsArea.hidden = false;
      root.querySelectorAll('.admin-only').forEach((element) => { element.hidden = false; });
      audit = auditPanel(venue);
      agents = agentsPanel(venue, {
        onData: (list) => list.forEach((a) => usernames.set(a.username, a.user_id)),
        onPick: (a) => root.querySelectorAll('input[name=user]').forEach((input) => { input.value = a.username; }),
      });
      replace(panels, agents.panel, audit.panel);
    }

    replace(root, h('section', { class: 'page admin-console' },
      h('div', { class: 'page-head' }, h('h1', {}, `Admin console · ${venue}`), status),
      h('section', { class: 'admin-section card', id: 'admin-trading', 'aria-labelledby': 'trading-title' },
        h('h2', { id: 'trading-title' }, 'Trading'),
        h('div', { class: 'field admin-only', hidden: true }, h('label', { for: 'halt-reason' }, 'Reason for a halt'), reason),
        h('div', { class: 'actions admin-only', hidden: true },
          h('button', { type: 'button', id: 'halt-venue', onclick: () => halt(undefined) }, `Halt ${venue}`),
          h('button', { type: 'button', id: 'resume-venue', onclick: () => resume(undefined) }, `Resume ${venue}`),
          h('button', { type: 'button', id: 'halt-all', onclick: () => act('POST', '/api/admin/halt', { reason: reason.value.trim() }, (a) => `${a.venues.length} venues halted.`) }, 'Halt every venue'),
          h('button', { type: 'button', id: 'resume-all', onclick: () => act('POST', '/api/admin/resume', {}, (a) => `${a.venues.length} venues resumed.`) }, 'Resume every venue')),
        tradingResult, tickers),
      formsArea,
      panels));
    loadTrading();
    return () => { stopped = true; agents?.stop(); };
  },
};
