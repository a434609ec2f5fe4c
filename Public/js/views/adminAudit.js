// The audit log: every administrator's and host's action, newest first, filtered by venue, actor and action.
import { h, replace, loading, notice, table, formatTime } from '../dom.js';
import { request } from '../api.js';

function values(object) {
  const entries = Object.entries(object || {});
  return entries.length ? entries.map(([key, value]) => `${key}: ${value}`).join(', ') : '—';
}

/** The panel and a function that reloads it (after an action on the page). */
export function auditPanel(venue) {
  const filter = (name, label, value = '') => {
    const input = h('input', { id: `audit-${name}`, name, value, autocomplete: 'off' });
    return [h('label', { for: `audit-${name}` }, label), input];
  };
  const [venueLabel, venueInput] = filter('venue', 'Venue', venue);
  const [actorLabel, actorInput] = filter('actor', 'Actor (name or id)');
  const [actionLabel, actionInput] = filter('action', 'Action');
  const body = h('div', { id: 'audit-body' });
  const form = h('form', { class: 'audit-filters', id: 'audit-filters' },
    h('div', { class: 'field' }, venueLabel, venueInput), h('div', { class: 'field' }, actorLabel, actorInput),
    h('div', { class: 'field' }, actionLabel, actionInput), h('button', { type: 'submit' }, 'Filter'));
  const panel = h('section', { class: 'admin-section', id: 'admin-audit', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit log'), form, body);

  const load = async () => {
    replace(body, loading('Loading the audit log…'));
    const query = new URLSearchParams({ limit: '100' });
    if (venueInput.value.trim()) query.set('venue', venueInput.value.trim());
    if (actorInput.value.trim()) query.set('actor', actorInput.value.trim());
    if (actionInput.value.trim()) query.set('action', actionInput.value.trim());
    try {
      const entries = (await request('GET', `/api/admin/audit?${query}`)).entries || [];
      replace(body, entries.length ? table({
        caption: 'Audit log', hideCaption: true,
        columns: [
          { label: 'When', cell: (e) => formatTime(e.time) },
          { label: 'Venue', cell: (e) => e.venue },
          { label: 'Who', cell: (e) => e.actor },
          { label: 'Action', cell: (e) => e.action },
          { label: 'Target', cell: (e) => e.target },
          { label: 'Why', cell: (e) => e.reason || '—' },
          { label: 'Before', optional: true, cell: (e) => values(e.before) },
          { label: 'After', cell: (e) => values(e.after) },
        ],
        rows: entries,
        rowAttrs: (e) => ({ 'data-action': e.action }),
      }) : notice('empty', 'No recorded actions match.'));
    } catch (error) {
      replace(body, notice('error', `Could not load the audit log: ${error.detail || error.message}`));
    }
  };
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  load();
  return { panel, reload: load };
}
