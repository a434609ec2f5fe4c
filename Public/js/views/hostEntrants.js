// A tournament's entrants as its hosts see them (competing, withdrawn, disqualified), and disqualifying
// one with a reason: their orders are cancelled and they leave the standings for good.
import { h, replace, loading, notice, table, formatTime } from '../dom.js';
import { request } from '../api.js';
import { confirmWithReason } from '../confirm.js';

const admin = (id, rest) => `/api/admin/tournaments/${encodeURIComponent(id)}${rest}`;

/** The panel, `reload()`, and `list()`: the entrants last loaded. */
export function entrantsPanel(id, { onChange = () => {} } = {}) {
  const body = h('div', { id: 'entrants-body' }, loading('Loading entrants…'));
  const result = h('div', { id: 'entrants-result', 'aria-live': 'polite' });
  const panel = h('section', { class: 'card host-panel', id: 'entrants', 'aria-labelledby': 'entrants-title' },
    h('h2', { id: 'entrants-title' }, 'Entrants'), result, body);
  let entrants = [];
  let finished = false;

  const disqualify = async (entrant) => {
    const reason = await confirmWithReason({
      title: `Disqualify ${entrant.username}?`, danger: true, confirmLabel: `Disqualify ${entrant.username}`,
      text: 'Their resting orders are cancelled, they can no longer trade here, and they leave the standings. This cannot be undone.',
    });
    if (reason === null) return;
    try {
      await request('POST', admin(id, '/disqualify'), { user_id: entrant.user_id, reason: reason || undefined });
      replace(result, notice('info', `${entrant.username} is disqualified.`));
      onChange();
    } catch (error) {
      replace(result, notice('error', `Could not disqualify ${entrant.username}: ${error.detail || error.message}`));
    }
    reload();
  };

  const actionCell = (entrant) => {
    if (entrant.status !== 'competing' || finished) return '—';
    return h('button', {
      type: 'button', class: 'small danger', 'data-action': 'disqualify', 'aria-label': `Disqualify ${entrant.username}`,
      onclick: () => disqualify(entrant),
    }, 'Disqualify…');
  };

  const reload = async () => {
    try {
      entrants = (await request('GET', admin(id, '/entrants'))).entrants || [];
      replace(body, entrants.length ? table({
        caption: 'Entrants', hideCaption: true,
        columns: [
          { label: 'Trader', cell: (e) => e.username },
          { label: 'Entered', optional: true, cell: (e) => formatTime(e.entered_at) },
          { label: 'Status', cell: (e) => h('span', { class: `badge badge-${e.status}` }, e.status) },
          { label: 'Action', cell: actionCell },
        ],
        rows: entrants,
        rowAttrs: (e) => ({ dataset: { user: e.username, status: e.status } }),
      }) : notice('empty', 'Nobody has entered yet. Hand out the join link, or import your class below.'));
    } catch (error) {
      replace(body, notice('error', `Could not load the entrants: ${error.detail || error.message}`));
    }
  };
  reload();
  return {
    panel, reload, list: () => entrants,
    /** A reload, unless the host is asked about one of them (the rows would be rebuilt under the dialog). */
    refresh() {
      if (!document.getElementById('confirm-dialog')) reload();
    },
    /** A completed or cancelled tournament disqualifies nobody any more. */
    setFinished(value) { if (finished !== value) { finished = value; reload(); } },
  };
}
