// Tournaments: the list, and one tournament with its entry, live standings, final results and equity
// chart. Each tournament trades in a venue of its own, whose id is the tournament's.
import { h, replace, loading, notice, table, formatTime, failureNotice } from '../dom.js';
import { get, post, listFrom } from '../api.js';
import { toCents, formatCents } from '../money.js';
import { equityChart } from '../charts.js';
import { currentSession } from '../session.js';
import { setVenue, rememberVenue } from '../venue.js';
import { countdown } from '../countdown.js';
import { myTradesButton } from './myTrades.js';

const UNAVAILABLE = 'Tournaments are not available on this server yet.';
// Lines drawn in the equity chart: more would be a tangle; the signed-in user's is always among them.
const CHART_SERIES = 8;
const REFRESH_MS = 5000;

const STATUS_TEXT = { draft: 'draft', open: 'open for entry', active: 'running', completed: 'finished', cancelled: 'cancelled' };

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}`, dataset: { status } }, STATUS_TEXT[status] || status);
}

const path = (id, rest = '') => `/tournaments/${encodeURIComponent(id)}${rest}`;

/** "12 / 40" entrants, or just the count when there is no meaningful maximum. */
export const entrantsText = (t) => (t.max_participants ? `${t.entrants} / ${t.max_participants}` : String(t.entrants));

/** When late entry ends (ms since 1970), or null when the tournament takes no entries once it runs. */
export const lateEntryEnd = (t) => (t.late_entry_seconds > 0 ? new Date(t.starts_at).getTime() + t.late_entry_seconds * 1000 : null);

/** Whether it takes entries at `now`, by the server's rule: while open, and while running until late entry ends. */
export const takesEntries = (t, now = Date.now()) => t.status === 'open' || (t.status === 'active' && now < (lateEntryEnd(t) ?? 0));

/** "14:05": hours and minutes in the browser's time zone, the same in every locale. */
export function clockTime(ms) {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** "10 min", "1.5 min"; a few seconds as "30 s". */
export const lengthText = (s) => (s < 60 ? `${s} s` : `${Number((s / 60).toFixed(2))} min`);

/** Late entry as a host reads it: none, how long after the start, or (while running) until when. */
export function lateEntryText(t) {
  if (!t.late_entry_seconds) return 'none';
  if (t.status !== 'active') return `${lengthText(t.late_entry_seconds)} after the start`;
  return `${takesEntries(t) ? 'until' : 'closed at'} ${clockTime(lateEntryEnd(t))}`;
}

/** A percentage from the API's two-decimal number: "+1.25%", "−0.40%". */
function percent(value, { sign = true } = {}) {
  const cents = toCents(value);
  return cents === null ? '—' : `${formatCents(cents, { sign })}%`;
}

export const tournamentsView = {
  title: () => 'Tournaments',
  auth: false,
  render(root) {
    const body = h('div', { id: 'tournaments-body' }, loading('Loading tournaments…'));
    replace(root, h('section', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, 'Tournaments'),
      h('p', { class: 'muted' }, 'Each tournament is a market of its own: enter while it is open, trade once it runs, and the best return from trading wins.'),
      h('p', {}, h('a', { href: '#/join', id: 'join-with-code' }, 'Join with an invite code'))), body));
    let stopped = false;
    (async () => {
      try {
        const list = listFrom(await get('/tournaments'), 'tournaments');
        if (stopped) return;
        list.forEach((t) => rememberVenue(t.venue, t.name));
        replace(body, list.length ? table({
          caption: 'Tournaments', hideCaption: true,
          columns: [
            { label: 'Tournament', cell: (t) => h('a', { href: `#${path(t.id)}` }, t.name) },
            { label: 'Status', cell: (t) => statusBadge(t.status) },
            { label: 'Starts', cell: (t) => formatTime(t.starts_at) },
            { label: 'Ends', cell: (t) => formatTime(t.ends_at) },
            { label: 'Entrants', numeric: true, cell: entrantsText },
            { label: 'Starting cash', numeric: true, optional: true, cell: (t) => formatCents(toCents(t.starting_cash)) },
            { label: 'Tickers', optional: true, cell: (t) => t.tickers.join(', ') },
          ],
          rows: list,
          rowAttrs: (t) => ({ dataset: { tournament: t.id } }),
        }) : notice('empty', 'No tournaments yet. They appear here once an organiser publishes one.'));
      } catch (error) {
        if (!stopped) replace(body, failureNotice(error, UNAVAILABLE, 'Could not load tournaments'));
      }
    })();
    return () => { stopped = true; };
  },
};

/**
 * Standings or final results: rank, trader, total value, cash, P&L, adjustments, dividends, return,
 * drawdown and Sharpe, with a note that what was given is kept apart from what trading made.
 */
export function standingsTable(rows, me, final) {
  return [table({
    caption: final ? 'Final results' : 'Live standings', hideCaption: true, stack: false,
    columns: [
      { label: 'Rank', numeric: true, cell: (r) => (final && r.rank <= 3 ? h('span', { class: `medal medal-${r.rank}` }, String(r.rank)) : String(r.rank)) },
      { label: 'Trader', cell: (r) => (r.user_id === me ? h('strong', {}, `${r.username} (you)`) : r.username) },
      { label: 'Total value', numeric: true, cell: (r) => formatCents(toCents(r.total_value)) },
      { label: 'Cash', numeric: true, optional: true, cell: (r) => formatCents(toCents(r.cash)) },
      { label: 'P&L', numeric: true, optional: true, cell: (r) => signed(r.pnl, formatCents(toCents(r.pnl), { sign: true })) },
      { label: 'Adjustments', numeric: true, optional: true, cell: (r) => formatCents(toCents(r.adjustments)) },
      { label: 'Dividends', numeric: true, optional: true, cell: (r) => formatCents(toCents(r.dividends)) },
      { label: 'Return', numeric: true, cell: (r) => signed(r.return_pct, percent(r.return_pct)) },
      { label: 'Max drawdown', numeric: true, optional: true, cell: (r) => percent(r.max_drawdown_pct, { sign: false }) },
      { label: 'Sharpe', numeric: true, optional: true, cell: (r) => (typeof r.sharpe === 'number' ? r.sharpe.toFixed(2) : '—') },
    ],
    rows,
    rowAttrs: (r) => ({ class: r.user_id === me ? 'me' : '', dataset: { user: r.user_id } }),
  }), h('p', { class: 'hint standings-note' }, 'P&L and return count trading only; prizes, adjustments and dividends are shown apart.')];
}

function signed(value, text) {
  const cents = toCents(value);
  return h('span', { class: cents > 0 ? 'up' : cents < 0 ? 'down' : '' }, text);
}

/**
 * The equity answer's series as chart series, the leaders' and the signed-in user's only (by the order
 * of `standings`), with times as Dates and values as numbers for positions on screen.
 */
function chartSeries(answer, standings, me) {
  const rank = new Map(standings.map((r) => [r.user_id, r.rank]));
  const ranked = [...(answer?.series || [])]
    .filter((s) => s.points.length)
    .sort((a, b) => (rank.get(a.user_id) ?? Infinity) - (rank.get(b.user_id) ?? Infinity));
  const shown = ranked.slice(0, CHART_SERIES);
  const mine = ranked.find((s) => s.user_id === me);
  if (mine && !shown.includes(mine)) shown[shown.length - 1] = mine;
  return shown.map((s) => ({
    name: s.user_id === me ? `${s.username} (you)` : s.username,
    points: s.points.map((p) => ({ time: new Date(p.time), value: Number(p.total_value) }))
      .filter((p) => !Number.isNaN(p.time.getTime()) && Number.isFinite(p.value)),
  }));
}

/** The equity chart is drawn at about its width on screen, so that its labels stay readable on a phone. */
function chartSize(container) {
  const width = Math.max(340, Math.min(960, container.clientWidth || 960));
  return { width, height: width < 600 ? 240 : 320 };
}

export const tournamentView = {
  title: () => 'Tournament',
  auth: false,
  render(root, ctx) {
    const id = ctx.params[0];
    const title = h('h1', {}, 'Tournament');
    const detail = h('div', { id: 'tournament-detail' }, loading('Loading tournament…'));
    const message = h('div', { id: 'tournament-message', 'aria-live': 'polite' });
    const standingsTitle = h('h2', { id: 'standings-title' }, 'Standings');
    const standings = h('div', { id: 'standings' });
    const equityTitle = h('h2', {}, 'Equity');
    const equity = h('div', { id: 'equity' });
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('p', {}, h('a', { href: '#/tournaments' }, '← Tournaments')), title),
      detail, message, standingsTitle, standings, equityTitle, equity));
    let stopped = false;
    let timer = null;
    let stopCountdown = () => {};

    // Enter and withdraw: the server's reason is shown when it refuses (full, closed, already entered).
    const act = (button, action, done) => async () => {
      button.disabled = true;
      try {
        await post(path(id, `/${action}`), {});
        replace(message, notice('info', done));
        await load();
      } catch (error) {
        replace(message, notice('error', `Could not ${action}: ${error.detail || error.message}`));
        button.disabled = false;
      }
    };

    const tradeButton = (t, primary) => h('button', {
      type: 'button', id: 'trade-in-tournament', class: primary ? 'primary' : '',
      onclick: () => { setVenue(t.venue); ctx.navigate('#/markets'); },
    }, `Trade in ${t.name}`);

    const actionButton = (elementId, label, action, done, primary = false) => {
      const button = h('button', { type: 'button', id: elementId, class: primary ? 'primary' : '' }, label);
      button.addEventListener('click', act(button, action, done));
      return button;
    };

    /** The buttons for what the signed-in user may do now; `open` is whether it takes entries. */
    const entryActions = (t, entered, open) => {
      const actions = [];
      if (open && !entered) {
        actions.push(actionButton('enter-tournament', 'Enter tournament', 'enter', t.status === 'active'
          ? 'You are in. Trading is open now.' : 'You are in. Trading opens when the tournament starts.', true));
      }
      if (t.status === 'open' && entered) actions.push(actionButton('withdraw-tournament', 'Withdraw', 'withdraw', 'You have withdrawn.'));
      if (entered && (t.status === 'open' || t.status === 'active')) actions.push(tradeButton(t, t.status === 'active'));
      if (entered && (t.status === 'active' || t.status === 'completed')) actions.push(myTradesButton(t));
      return actions;
    };

    /** Whether the signed-in user is in, what they may do now, and until when a running one takes entries. */
    const entryArea = (t, entered) => {
      const open = takesEntries(t);
      const late = open && t.status === 'active' ? h('p', { id: 'late-entry' }, `Late entry until ${clockTime(lateEntryEnd(t))}`) : null;
      if (!currentSession()) {
        return open ? [late, h('p', {}, h('a', { href: `#/signin?next=${encodeURIComponent(path(id))}` }, 'Sign in to enter'))] : null;
      }
      const state = h('p', { id: 'entry-state', dataset: { entered: String(entered) } },
        entered ? h('strong', {}, 'You are entered.') : 'You are not entered.');
      if (t.status === 'active' && !entered && !open) {
        state.append(t.late_entry_seconds ? ` Entries closed at ${clockTime(lateEntryEnd(t))}.` : ' Entries closed when it started.');
      }
      const actions = entryActions(t, entered, open);
      return [state, late, actions.length ? h('div', { class: 'actions' }, actions) : null];
    };

    const showEquity = async (t, rows) => {
      if (t.status === 'open' || t.status === 'cancelled') {
        replace(equity, notice('empty', 'The equity chart appears once the tournament runs.'));
        return;
      }
      try {
        const series = chartSeries(await get(path(id, '/equity')), rows, currentSession()?.userId);
        if (stopped) return;
        replace(equity, series.length
          ? [equityChart(series, { ...chartSize(equity), label: `Total value of ${series.length} traders over the tournament` }),
            h('ul', { class: 'legend' }, series.map((s, i) => h('li', { class: `series-${i % 8}` }, s.name)))]
          : notice('empty', 'No equity recorded yet; the first snapshot is taken at the start.'));
      } catch (error) {
        if (!stopped) replace(equity, failureNotice(error, 'The equity chart is not available.', 'Could not load the equity chart'));
      }
    };

    // One refresh at a time; a load asked for meanwhile (after entering, say) runs once more after it.
    let running = null;
    let again = false;
    let settled = false;
    const load = () => {
      if (running) { again = true; return running; }
      running = (async () => {
        do { again = false; await refresh(); } while (again && !stopped);
        running = null;
        clearTimeout(timer);
        if (!stopped && !settled) timer = setTimeout(load, REFRESH_MS);
      })();
      return running;
    };

    const refresh = async () => {
      let t;
      try {
        t = await get(path(id));
      } catch (error) {
        if (stopped) return;
        replace(detail, failureNotice(error, UNAVAILABLE, 'Could not load the tournament'));
        // An unknown tournament has nothing more to show; a passing failure keeps what was shown.
        if (error.notFound) { replace(standings); replace(equity); standingsTitle.hidden = true; equityTitle.hidden = true; }
        return;
      }
      if (stopped) return;
      rememberVenue(t.venue, t.name);
      document.title = `${t.name} · MarketSim`;
      const final = t.status === 'completed';
      let rows = null;
      let rowsError = null;
      try {
        rows = listFrom(await get(path(id, final ? '/results' : '/standings')), 'standings');
      } catch (error) {
        rowsError = error;
      }
      if (stopped) return;
      const me = currentSession()?.userId;
      const entered = Boolean(rows?.some((r) => r.user_id === me));
      replace(title, t.name, ' ', statusBadge(t.status));
      replace(detail, h('div', { class: 'card' },
        t.description ? h('p', {}, t.description) : null,
        h('dl', { class: 'facts' },
          // The server moves these to the real moment when a host starts or ends it early.
          h('dt', {}, 'Starts'), h('dd', {}, formatTime(t.starts_at), ' ',
            t.status === 'open' ? h('span', { id: 'countdown', class: 'countdown', role: 'timer', 'aria-live': 'off' }) : null),
          h('dt', {}, 'Ends'), h('dd', {}, formatTime(t.ends_at)),
          t.status === 'open' && t.late_entry_seconds ? [h('dt', {}, 'Late entry'), h('dd', {}, lateEntryText(t))] : null,
          h('dt', {}, 'Entrants'), h('dd', { id: 'tournament-entrants' }, entrantsText(t)),
          h('dt', {}, 'Starting cash'), h('dd', {}, formatCents(toCents(t.starting_cash))),
          h('dt', {}, 'Tickers'), h('dd', {}, t.tickers.join(', ') || '—'),
          h('dt', {}, 'Venue'), h('dd', {}, t.venue)),
        entryArea(t, entered)));
      stopCountdown();
      const clock = detail.querySelector('#countdown');
      // At the start the server opens trading within a second; the page looks again just after.
      stopCountdown = clock ? countdown(clock, t.starts_at, () => setTimeout(load, 1500)) : () => {};
      standingsTitle.hidden = false;
      equityTitle.hidden = false;
      standingsTitle.textContent = final ? 'Final results' : t.status === 'active' ? 'Live standings' : 'Standings';
      if (rowsError) replace(standings, failureNotice(rowsError, 'Standings are not available.', 'Could not load standings'));
      else replace(standings, rows.length ? standingsTable(rows, me, final) : notice('empty', 'No entrants yet.'));
      await showEquity(t, rows || []);
      // A finished or cancelled tournament no longer changes.
      settled = final || t.status === 'cancelled';
    };

    load();
    return () => { stopped = true; clearTimeout(timer); stopCountdown(); };
  },
};
