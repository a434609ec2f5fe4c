// A tournament's figures as CSV files, made in the browser from the routes anyone (or its hosts) can
// read: the standings or final results, every equity snapshot, each account's activity, and one
// student's report. The server has no route listing a venue's trades, so there is no trades file here.
import { h, replace, notice } from '../dom.js';
import { get, request, listFrom } from '../api.js';
import { csvText, offerDownload, fileName } from '../csv.js';

const STANDING_COLUMNS = ['rank', 'username', 'user_id', 'total_value', 'cash', 'pnl', 'adjustments', 'dividends', 'return_pct', 'max_drawdown_pct', 'sharpe', 'entered_at'];
const ACTIVITY_COLUMNS = ['username', 'user_id', 'cash', 'total_value', 'pnl', 'open_orders', 'orders_per_minute', 'fills_per_minute', 'last_activity'];

const tournamentPath = (id, rest) => `/tournaments/${encodeURIComponent(id)}${rest}`;
const pick = (object, columns) => columns.map((column) => object[column]);

/** The final results once completed, else the live standings; with whether they are final. */
async function standings(t) {
  const answer = await get(tournamentPath(t.id, t.status === 'completed' ? '/results' : '/standings'));
  return { rows: listFrom(answer, 'standings'), final: Boolean(answer.final) };
}

export async function resultsCSV(t) {
  const { rows } = await standings(t);
  return csvText([STANDING_COLUMNS, ...rows.map((r) => pick(r, STANDING_COLUMNS))]);
}

export async function equityCSV(t) {
  const series = (await get(tournamentPath(t.id, '/equity'))).series || [];
  return csvText([['username', 'user_id', 'time', 'total_value'],
    ...series.flatMap((s) => s.points.map((p) => [s.username, s.user_id, p.time, p.total_value]))]);
}

export async function activityCSV(t) {
  const agents = (await request('GET', `/api/admin/venues/${encodeURIComponent(t.venue)}/agents?limit=1000`)).agents || [];
  return csvText([ACTIVITY_COLUMNS, ...agents.filter((a) => !a.market_maker).map((a) => pick(a, ACTIVITY_COLUMNS))]);
}

/** One student's report: their standing, then their equity over the tournament. */
export async function studentCSV(t, username) {
  const [{ rows, final }, equity] = await Promise.all([standings(t), get(tournamentPath(t.id, '/equity'))]);
  const row = rows.find((r) => r.username === username);
  if (!row) throw new Error(`${username} is not in the standings.`);
  const points = (equity.series || []).find((s) => s.user_id === row.user_id)?.points || [];
  return csvText([
    ['tournament', t.name], ['status', t.status], ['final', String(final)], ['starting_cash', t.starting_cash],
    ...STANDING_COLUMNS.map((column) => [column, row[column]]),
    [], ['time', 'total_value'], ...points.map((p) => [p.time, p.total_value]),
  ]);
}

/** The panel; `update(t)` gives it the tournament as it is now (the student list follows the standings). */
export function exportsPanel() {
  let tournament = null;
  const result = h('div', { id: 'exports-result', 'aria-live': 'polite' });
  const links = h('div', { id: 'exports-links', class: 'downloads' });
  const student = h('select', { id: 'report-student', name: 'student' });
  const offer = (button, make, part) => button.addEventListener('click', async () => {
    if (!tournament) return;
    button.disabled = true;
    try {
      const text = await make(tournament);
      const slot = h('span', {});
      links.append(slot);
      offerDownload(slot, fileName(tournament.id, part()), text);
      replace(result);
    } catch (error) {
      replace(result, notice('error', `Could not export: ${error.detail || error.message}`));
    }
    button.disabled = false;
  });
  const button = (id, label) => h('button', { type: 'button', id }, label);
  const results = button('export-results', 'Results');
  const equity = button('export-equity', 'Equity snapshots');
  const activity = button('export-activity', 'Activity per account');
  const report = button('export-report', 'Student report');
  offer(results, resultsCSV, () => (tournament.status === 'completed' ? 'results' : 'standings'));
  offer(equity, equityCSV, () => 'equity');
  offer(activity, activityCSV, () => 'activity');
  offer(report, (t) => studentCSV(t, student.value), () => `report-${student.value}`);

  const panel = h('section', { class: 'card host-panel', id: 'exports', 'aria-labelledby': 'exports-title' },
    h('h2', { id: 'exports-title' }, 'Export (CSV)'),
    h('div', { class: 'actions' }, results, equity, activity),
    h('div', { class: 'inline-action' }, h('label', { for: 'report-student' }, 'Report of'), student, report),
    h('p', { class: 'hint' }, 'Trades are not offered: the server has no route that lists a venue’s trades. Each student can download their own from the tournament page.'),
    result, links);
  return {
    panel,
    update(t, rows) {
      tournament = t;
      const names = rows.map((r) => r.username);
      if (names.join('\n') !== [...student.options].map((o) => o.value).join('\n')) {
        const chosen = student.value;
        replace(student, names.map((name) => h('option', { value: name, selected: name === chosen }, name)));
      }
      report.disabled = !names.length;
    },
  };
}
