// One tournament in the host's console: its schedule and status, a draft's edit form, the transitions
// (publish, start, end, cancel) each confirmed first, the invite, the entrants, the class roster, live
// standings and exports.
import { h, replace, loading, notice, formatTime } from '../dom.js';
import { request, post, listFrom, get } from '../api.js';
import { rememberConsole } from '../session.js';
import { toCents, formatCents } from '../money.js';
import { confirmAction } from '../confirm.js';
import { countdown } from '../countdown.js';
import { statusBadge, entrantsText, standingsTable, takesEntries, lateEntryText, lengthText } from './tournaments.js';
import { editDraftPanel } from './hostEdit.js';
import { entrantsPanel } from './hostEntrants.js';
import { invitePanel, joinLink } from './hostInvite.js';
import { rosterPanel } from './roster.js';
import { exportsPanel } from './hostExports.js';

const REFRESH_MS = 3000;
const admin = (id, rest = '') => `/api/admin/tournaments/${encodeURIComponent(id)}${rest}`;
/** " and for 10 min after": the late entry in a sentence, or nothing when it takes none. */
const lateText = (t, before, after) => (t.late_entry_seconds ? `${before}${lengthText(t.late_entry_seconds)}${after}` : '');

// What each transition is called, from which statuses, and what the host is asked before it.
const TRANSITIONS = [
  { action: 'publish', label: 'Publish', from: ['draft'],
    ask: (t) => `It is listed for everyone and can no longer be edited; students may enter until it starts${lateText(t, ' and for ', ' after')}.` },
  { action: 'start', label: 'Start now', from: ['open'],
    ask: (t) => `Trading opens to the entrants at once, and entries close${lateText(t, ' ', ' later')}.` },
  { action: 'end', label: 'End now', from: ['active'], ask: () => 'Trading stops, every resting order is cancelled and the final results are frozen.' },
  { action: 'cancel', label: 'Cancel tournament', from: ['draft', 'open', 'active'], danger: true, ask: () => 'It stops for good and has no results.' },
];

/** A draft is not public; the admin list is the one route that shows it. */
async function findTournament(id) {
  const found = listFrom(await request('GET', '/api/admin/tournaments'), 'tournaments').find((t) => t.id === id);
  if (!found) throw Object.assign(new Error(`No tournament ${id} that you run.`), { notFound: true });
  return found;
}

function facts(t) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Starts'), h('dd', {}, formatTime(t.starts_at), ' ', t.status === 'open' ? h('span', { id: 'host-countdown', class: 'countdown' }) : null),
    h('dt', {}, 'Ends'), h('dd', {}, formatTime(t.ends_at)),
    h('dt', {}, 'Late entry'), h('dd', { id: 'host-late-entry' }, lateEntryText(t)),
    h('dt', {}, 'Entrants'), h('dd', { id: 'host-entrant-count' }, entrantsText(t)),
    h('dt', {}, 'Starting cash'), h('dd', {}, formatCents(toCents(t.starting_cash))),
    h('dt', {}, 'Tickers'), h('dd', {}, t.tickers.join(', ') || '—'),
    h('dt', {}, 'Public page'), h('dd', {}, t.status === 'draft' ? 'not until it is published'
      : h('a', { href: `#/tournaments/${encodeURIComponent(t.id)}` }, `#/tournaments/${t.id}`)));
}

export const hostTournamentView = {
  title: () => 'Run a tournament',
  auth: true,
  render(root, ctx) {
    const id = ctx.params[0];
    const title = h('h1', {}, 'Tournament');
    const summary = h('div', { id: 'host-summary' }, loading('Loading the tournament…'));
    const actions = h('div', { class: 'actions', id: 'lifecycle' });
    const result = h('div', { id: 'lifecycle-result', 'aria-live': 'polite' });
    const standings = h('div', { id: 'host-standings' });
    const standingsTitle = h('h2', { id: 'host-standings-title' }, 'Standings');
    const entrants = entrantsPanel(id, { onChange: () => load() });
    const invite = invitePanel(id);
    const exportsArea = exportsPanel();
    const editDraft = editDraftPanel(() => load());
    let tournament = null;
    let stopped = false;
    let timer = null;
    let stopCountdown = () => {};

    const transition = async (step) => {
      const sure = await confirmAction({
        title: `${step.label}: ${tournament.name}?`, text: step.ask(tournament), confirmLabel: step.label, danger: step.danger,
      });
      if (!sure) return;
      try {
        const answer = await request('POST', admin(id, `/${step.action}`), {});
        replace(result, notice('info', `${answer.name} is now ${answer.status}.`));
      } catch (error) {
        replace(result, notice('error', `Could not ${step.action}: ${error.detail || error.message}`));
      }
      await load();
      entrants.reload();
    };

    const enter = async (token) => {
      if (!tournament || !takesEntries(tournament)) throw new Error('entries are taken once it is published, until it starts or its late entry ends');
      const venue = await invite.venue;
      return post(`/tournaments/${encodeURIComponent(id)}/enter`, { invite_code: venue.invite_code || undefined }, { token });
    };
    const roster = rosterPanel({
      name: id,
      joinLink: () => invite.venue.then((v) => joinLink(v.id, v.invite_code)),
      enroll: { label: 'Enter each student in this tournament now (while it takes entries)', run: enter },
      onImported: () => { entrants.reload(); load(); },
    });

    const showStandings = async (t) => {
      if (t.status === 'draft') { replace(standings, notice('empty', 'Standings begin once it is published.')); exportsArea.update(t, []); return; }
      try {
        const answer = await get(`/tournaments/${encodeURIComponent(id)}/${t.status === 'completed' ? 'results' : 'standings'}`);
        const rows = listFrom(answer, 'standings');
        standingsTitle.textContent = t.status === 'completed' ? 'Final results' : t.status === 'active' ? 'Live standings' : 'Standings';
        replace(standings, rows.length ? standingsTable(rows, null, t.status === 'completed') : notice('empty', 'No one is competing yet.'));
        exportsArea.update(t, rows);
      } catch (error) {
        replace(standings, notice('error', `Could not load the standings: ${error.detail || error.message}`));
      }
    };

    const showSummary = (t) => {
      stopCountdown();
      replace(summary, h('div', { class: 'card' }, t.description ? h('p', {}, t.description) : null, facts(t)));
      const clock = summary.querySelector('#host-countdown');
      stopCountdown = clock ? countdown(clock, t.starts_at, () => setTimeout(load, 1500)) : () => {};
    };

    const showStatus = (t) => {
      replace(actions, TRANSITIONS.filter((step) => step.from.includes(t.status)).map((step) =>
        h('button', { type: 'button', class: step.danger ? 'danger' : 'primary', 'data-action': step.action, onclick: () => transition(step) }, step.label)));
      entrants.setFinished(t.status === 'completed' || t.status === 'cancelled');
      editDraft.show(t);
    };

    // The summary is drawn again whenever what it says changes (an edit, a transition, late entry ending),
    // and otherwise only its entrant count follows.
    const shown = (t) => JSON.stringify([t.status, t.name, t.description, t.starts_at, t.ends_at, t.late_entry_seconds, takesEntries(t)]);

    const render = (t) => {
      const before = tournament;
      tournament = t;
      document.title = `${t.name} · Host console · MarketSim`;
      replace(title, t.name, ' ', statusBadge(t.status));
      if (before?.status !== t.status) showStatus(t);
      const count = summary.querySelector('#host-entrant-count');
      if (count && shown(before) === shown(t)) count.textContent = entrantsText(t);
      else showSummary(t);
    };

    const load = async () => {
      clearTimeout(timer);
      try {
        const t = await findTournament(id);
        if (stopped) return;
        rememberConsole();
        render(t);
        await showStandings(t);
      } catch (error) {
        if (!stopped) replace(summary, notice('error', error.detail || error.message));
      }
      if (!stopped) timer = setTimeout(() => { load(); entrants.refresh(); }, REFRESH_MS);
    };

    replace(root, h('section', { class: 'page host-console' },
      h('div', { class: 'page-head' }, h('p', {}, h('a', { href: '#/host' }, '← Host console')), title),
      summary, editDraft.panel, actions, result,
      h('div', { class: 'host-grid' }, invite.panel, exportsArea.panel),
      h('section', { class: 'card host-panel', id: 'standings-panel' }, standingsTitle, standings),
      entrants.panel, roster));
    load();
    return () => { stopped = true; clearTimeout(timer); stopCountdown(); };
  },
};
