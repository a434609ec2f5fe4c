// The host's console: the tournaments the signed-in user runs (every one for an administrator, drafts
// included), a shipped tournament loaded in one click, and the way to a venue's own page.
import { h, replace, loading, notice, table, formatTime } from '../dom.js';
import { request, listFrom } from '../api.js';
import { currentSession, rememberConsole } from '../session.js';
import { statusBadge, entrantsText } from './tournaments.js';

// The server has no route that lists its tournament files; these are the ones it ships.
export const SHIPPED_FILES = ['classroom-sprint.json', 'agent-league.json', 'volatile-scenario.json'];

export const hostTournamentPath = (id) => `#/host/tournaments/${encodeURIComponent(id)}`;
export const hostVenuePath = (id) => `#/host/venues/${encodeURIComponent(id)}`;

function tournamentsTable(list) {
  return table({
    caption: 'Your tournaments', hideCaption: true,
    columns: [
      { label: 'Tournament', cell: (t) => h('a', { href: hostTournamentPath(t.id) }, t.name) },
      { label: 'Status', cell: (t) => statusBadge(t.status) },
      { label: 'Starts', cell: (t) => formatTime(t.starts_at) },
      { label: 'Ends', optional: true, cell: (t) => formatTime(t.ends_at) },
      { label: 'Entrants', numeric: true, cell: entrantsText },
    ],
    rows: list,
    rowAttrs: (t) => ({ dataset: { tournament: t.id } }),
  });
}

function loadFileForm(ctx) {
  const select = h('select', { id: 'shipped-file', name: 'file' }, SHIPPED_FILES.map((file) => h('option', { value: file }, file)));
  const result = h('div', { class: 'form-result', id: 'load-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Load as a draft');
  const form = h('form', { class: 'card', id: 'load-form' },
    h('h2', {}, 'From a shipped file'),
    h('div', { class: 'field' }, h('label', { for: 'shipped-file' }, 'Tournament file'), select,
      h('p', { class: 'hint' }, 'Creates a draft you can look over before you publish it.')),
    button, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const created = await request('POST', '/api/admin/tournaments/load', { file: select.value });
      ctx.navigate(hostTournamentPath(created.id));
    } catch (error) {
      replace(result, notice('error', `Could not load ${select.value}: ${error.detail || error.message}`));
      button.disabled = false;
    }
  });
  return form;
}

function openVenueForm(ctx) {
  const input = h('input', { id: 'open-venue-id', name: 'venue', autocomplete: 'off', placeholder: 'class-a', required: true });
  const form = h('form', { class: 'card', id: 'open-venue-form' },
    h('h2', {}, 'A venue you run'),
    h('div', { class: 'field' }, h('label', { for: 'open-venue-id' }, 'Venue id'), input,
      h('p', { class: 'hint' }, 'Its invite code, join link and class roster.')),
    h('button', { type: 'submit' }, 'Open venue'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) ctx.navigate(hostVenuePath(input.value.trim()));
  });
  return form;
}

export const hostView = {
  title: () => 'Host console',
  auth: true,
  render(root, ctx) {
    const body = h('div', { id: 'host-tournaments' }, loading('Loading your tournaments…'));
    replace(root, h('section', { class: 'page host-console' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Host console'),
        h('p', { class: 'muted' }, 'Create a tournament or a venue, hand out its invite, import your class, run it and export the results.')),
      h('div', { class: 'actions' }, h('a', { href: '#/host/new', class: 'button-link primary', id: 'new-event' }, 'New tournament or venue')),
      h('h2', {}, 'Your tournaments'), body,
      h('div', { class: 'host-grid' }, loadFileForm(ctx), openVenueForm(ctx))));
    let stopped = false;
    (async () => {
      try {
        const list = listFrom(await request('GET', '/api/admin/tournaments'), 'tournaments');
        if (stopped) return;
        // Anyone signed in gets an answer here (an empty list when they host nothing), so only a list
        // with something in it, or the admin role, shows them the way back.
        if (list.length || currentSession()?.role === 'admin') rememberConsole();
        replace(body, list.length ? tournamentsTable(list)
          : notice('empty', 'You run no tournaments yet. Administrators create them, and the hosts they name.'));
      } catch (error) {
        if (!stopped) replace(body, notice('error', `Could not load your tournaments: ${error.detail || error.message}`));
      }
    })();
    return () => { stopped = true; };
  },
};
