// Tournaments: the list, one tournament's detail with entry, live standings and, once finished, the
// final results with an equity chart. Each tournament trades in its own venue.
import { h, replace, loading, notice, table, formatTime, failureNotice } from '../dom.js';
import { get, post, listFrom } from '../api.js';
import { toCents, formatCents } from '../money.js';
import { equityChart } from '../charts.js';
import { currentSession } from '../session.js';
import { setVenue, rememberVenue } from '../venue.js';

const idOf = (t) => String(t.id ?? t.tournament_id ?? t.venue ?? '');
const venueOf = (t) => t.venue || t.venue_id || idOf(t);
const statusOf = (t) => String(t.status || t.state || 'unknown').toLowerCase();
const finished = (t) => ['finished', 'ended', 'completed', 'closed', 'final'].includes(statusOf(t));
const UNAVAILABLE = 'Tournaments are not available on this server yet.';

function statusBadge(t) {
  const status = statusOf(t);
  return h('span', { class: `badge badge-${status}` }, status);
}

export const tournamentsView = {
  title: () => 'Tournaments',
  auth: false,
  render(root) {
    const body = h('div', { id: 'tournaments-body' }, loading('Loading tournaments…'));
    replace(root, h('section', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, 'Tournaments')), body));
    let stopped = false;
    (async () => {
      try {
        const list = listFrom(await get('/tournaments'), 'tournaments');
        if (stopped) return;
        replace(body, list.length ? table({
          caption: 'Tournaments', hideCaption: true,
          columns: [
            { label: 'Tournament', cell: (t) => h('a', { href: `#/tournaments/${encodeURIComponent(idOf(t))}` }, t.name || idOf(t)) },
            { label: 'Status', cell: statusBadge },
            { label: 'Starts', cell: (t) => formatTime(t.starts_at || t.start) },
            { label: 'Ends', cell: (t) => formatTime(t.ends_at || t.end) },
            { label: 'Entrants', numeric: true, cell: (t) => String(t.entrants ?? t.entrant_count ?? t.participants ?? '—') },
          ],
          rows: list,
        }) : notice('empty', 'No tournaments yet.'));
      } catch (error) {
        if (!stopped) replace(body, failureNotice(error, UNAVAILABLE, 'Could not load tournaments'));
      }
    })();
    return () => { stopped = true; };
  },
};

/** Standings rows: rank, username and total value, in the order the server gives. */
function standingsTable(rows) {
  const me = currentSession()?.username;
  return table({
    caption: 'Standings', hideCaption: true, stack: false,
    columns: [
      { label: 'Rank', numeric: true, cell: (r, i) => String(r.rank ?? i + 1) },
      { label: 'Trader', cell: (r) => (r.username === me ? h('strong', {}, `${r.username} (you)`) : r.username) },
      { label: 'Total value', numeric: true, cell: (r) => formatCents(toCents(r.total_value ?? r.equity ?? r.value)) },
      rows.some((r) => (r.return_pct ?? r.return) !== undefined)
        ? { label: 'Return', numeric: true, cell: (r) => ((r.return_pct ?? r.return) !== undefined ? `${r.return_pct ?? r.return}%` : '—') }
        : null,
    ].filter(Boolean),
    rows,
    rowAttrs: (r) => (r.username === me ? { class: 'me' } : {}),
  });
}

/** Equity answers as chart series: a list of {username, points} or an object username → points. */
function equitySeries(answer) {
  const raw = listFrom(answer, 'series', 'equity', 'curves');
  const entries = raw.length ? raw.map((s) => [s.username || s.name, s.points || s.equity || s.values || []])
    : Object.entries(answer?.series || answer?.equity || {});
  return entries.map(([name, points]) => ({
    name,
    points: (points || []).map((p) => ({ time: new Date(p.timestamp || p.time || p.t), value: Number(p.total_value ?? p.equity ?? p.value ?? p.v) }))
      .filter((p) => !Number.isNaN(p.time.getTime()) && Number.isFinite(p.value)),
  })).filter((s) => s.name);
}

export const tournamentView = {
  title: () => 'Tournament',
  auth: false,
  render(root, ctx) {
    const id = ctx.params[0];
    const head = h('div', { class: 'page-head' }, h('p', {}, h('a', { href: '#/tournaments' }, '← Tournaments')), h('h1', {}, 'Tournament'));
    const detail = h('div', { id: 'tournament-detail' }, loading('Loading tournament…'));
    const standings = h('div', { id: 'standings' });
    const equity = h('div', { id: 'equity' });
    replace(root, h('section', { class: 'page' }, head, detail,
      h('h2', { id: 'standings-title' }, 'Standings'), standings,
      h('h2', {}, 'Equity'), equity));
    let stopped = false;
    let timer = null;

    const loadStandings = async (tournament) => {
      try {
        const rows = listFrom(await get(`/tournaments/${encodeURIComponent(id)}/standings`), 'standings', 'leaderboard');
        if (!stopped) replace(standings, rows.length ? standingsTable(rows) : notice('empty', 'No entrants yet.'));
      } catch (error) {
        if (!stopped) replace(standings, failureNotice(error, 'Standings are not available yet.'));
      }
      if (finished(tournament) || statusOf(tournament) === 'running' || statusOf(tournament) === 'active') {
        try {
          const series = equitySeries(await get(`/tournaments/${encodeURIComponent(id)}/equity`));
          if (stopped) return;
          replace(equity, series.length
            ? [equityChart(series, { label: `Equity of ${series.length} traders over the tournament` }),
              h('ul', { class: 'legend' }, series.map((s, i) => h('li', { class: `series-${i % 8}` }, s.name)))]
            : notice('empty', 'No equity recorded yet.'));
        } catch (error) {
          if (!stopped) replace(equity, failureNotice(error, 'The equity chart is not available yet.'));
        }
      } else {
        replace(equity, notice('empty', 'The equity chart appears once the tournament runs.'));
      }
    };

    const load = async () => {
      let t;
      try {
        t = await get(`/tournaments/${encodeURIComponent(id)}`);
        t = t?.tournament || t;
      } catch (error) {
        if (!stopped) replace(detail, failureNotice(error, UNAVAILABLE));
        replace(standings);
        replace(equity);
        return;
      }
      if (stopped) return;
      replace(head, h('p', {}, h('a', { href: '#/tournaments' }, '← Tournaments')), h('h1', {}, t.name || id, ' ', statusBadge(t)));
      const message = h('div', { 'aria-live': 'polite' });
      const venue = venueOf(t);
      const actions = [];
      if (!finished(t) && currentSession() && !t.entered) {
        const enter = h('button', { type: 'button', class: 'primary', id: 'enter-tournament' }, 'Enter tournament');
        enter.addEventListener('click', async () => {
          enter.disabled = true;
          try {
            await post(`/tournaments/${encodeURIComponent(id)}/enter`, {});
            rememberVenue(venue);
            replace(message, notice('info', 'You are in. Trade in the tournament venue to compete.'));
            load();
          } catch (error) {
            replace(message, notice('error', `Could not enter: ${error.detail || error.message}`));
            enter.disabled = false;
          }
        });
        actions.push(enter);
      } else if (!currentSession() && !finished(t)) {
        actions.push(h('a', { href: `#/signin?next=${encodeURIComponent(`/tournaments/${id}`)}` }, 'Sign in to enter'));
      }
      if (!finished(t) && (t.entered || !currentSession())) {
        actions.push(h('button', { type: 'button', onclick: () => { setVenue(venue); ctx.navigate('#/markets'); } }, `Trade in ${venue}`));
      }
      replace(detail, h('div', { class: 'card' },
        t.description ? h('p', {}, t.description) : null,
        h('dl', { class: 'facts' },
          h('dt', {}, 'Venue'), h('dd', {}, venue),
          h('dt', {}, 'Starts'), h('dd', {}, formatTime(t.starts_at || t.start)),
          h('dt', {}, 'Ends'), h('dd', {}, formatTime(t.ends_at || t.end)),
          t.starting_cash !== undefined ? [h('dt', {}, 'Starting cash'), h('dd', {}, formatCents(toCents(t.starting_cash)))] : null),
        actions.length ? h('div', { class: 'actions' }, actions) : null, message));
      document.getElementById('standings-title').textContent = finished(t) ? 'Final results' : 'Live standings';
      await loadStandings(t);
      clearTimeout(timer);
      if (!stopped && !finished(t)) timer = setTimeout(load, 5000);
    };
    load();
    return () => { stopped = true; clearTimeout(timer); };
  },
};
