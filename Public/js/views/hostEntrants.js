// A tournament's entrants as its hosts see them (competing, withdrawn, disqualified), and disqualifying
// one with a reason: their orders are cancelled and they leave the standings for good.
import { h, replace, loading, notice, table, formatTime } from '../dom.js';
import { request } from '../api.js';
import { confirmAction } from '../confirm.js';

const admin = (id, rest) => `/api/admin/tournaments/${encodeURIComponent(id)}${rest}`;

/** The panel, `reload()`, and `list()`: the entrants last loaded. */
export function entrantsPanel(id, { onChange = () => {} } = {}) {
  const body = h('div', { id: 'entrants-body' }, loading('Loading entrants…'));
  const result = h('div', { id: 'entrants-result', 'aria-live': 'polite' });
  const panel = h('section', { class: 'card host-panel', id: 'entrants', 'aria-labelledby': 'entrants-title' },
    h('h2', { id: 'entrants-title' }, 'Entrants'), result, body);
  let entrants = [];
  let finished = false;

  const disqualify = async (entrant, reasonInput) => {
    const reason = reasonInput.value.trim();
    const sure = await confirmAction({
      title: `Disqualify ${entrant.username}?`, danger: true, confirmLabel: `Disqualify ${entrant.username}`,
      text: `Their resting orders are cancelled, they can no longer trade here, and they leave the standings. This cannot be undone.${reason ? ` Reason: ${reason}` : ''}`,
    });
    if (!sure) return;
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
    const reason = h('input', { name: 'reason', 'aria-label': `Reason to disqualify ${entrant.username}`, placeholder: 'Reason', autocomplete: 'off' });
    const button = h('button', { type: 'button', class: 'small danger', 'data-action': 'disqualify' }, 'Disqualify');
    button.addEventListener('click', () => disqualify(entrant, reason));
    return h('span', { class: 'inline-action' }, reason, button);
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
    /** A reload that waits while the host is typing a reason, which a reload would wipe. */
    refresh() {
      const typing = panel.contains(document.activeElement) || [...panel.querySelectorAll('input[name=reason]')].some((i) => i.value);
      if (!typing) reload();
    },
    /** A completed or cancelled tournament disqualifies nobody any more. */
    setFinished(value) { if (finished !== value) { finished = value; reload(); } },
  };
}
