// The venue's ranking by total value.
import { h, replace, loading, notice, table, failureNotice } from '../dom.js';
import { venueGet, listFrom } from '../api.js';
import { toCents, formatCents } from '../money.js';
import { currentSession } from '../session.js';
import { currentVenue } from '../venue.js';
import { every } from '../live.js';

export const leaderboardView = {
  title: () => 'Leaderboard',
  auth: false,
  render(root) {
    const body = h('div', { id: 'leaderboard-body' }, loading('Loading leaderboard…'));
    replace(root, h('section', { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Leaderboard'), h('p', { class: 'muted' }, `Venue ${currentVenue()} · top 50 by total value`)), body));
    let stopped = false;
    const load = async () => {
      try {
        const rows = listFrom(await venueGet('/leaderboard'), 'leaderboard');
        if (stopped) return;
        const me = currentSession()?.username;
        replace(body, rows.length ? table({
          caption: 'Leaderboard', hideCaption: true, stack: false,
          columns: [
            { label: 'Rank', numeric: true, cell: (r, i) => String(r.rank ?? i + 1) },
            { label: 'Trader', cell: (r) => (r.username === me ? h('strong', {}, `${r.username} (you)`) : r.username) },
            { label: 'Cash', numeric: true, optional: true, cell: (r) => formatCents(toCents(r.cash)) },
            { label: 'Total value', numeric: true, cell: (r) => formatCents(toCents(r.total_value)) },
          ],
          rows,
          rowAttrs: (r) => (r.username === me ? { class: 'me', 'aria-current': 'true' } : {}),
        }) : notice('empty', 'Nobody is ranked yet.'));
      } catch (error) {
        if (!stopped) replace(body, failureNotice(error, 'The leaderboard is not available on this server yet.', 'Could not load the leaderboard'));
      }
    };
    load();
    const stopTimer = every(10000, load);
    return () => { stopped = true; stopTimer(); };
  },
};
