// Joining a venue with its invite code: by typing the venue and the code, or by following the join link
// a host handed out (/#/join/<venue>?code=…), which asks once and joins. A tournament's venue is joined
// by entering the tournament.
import { h, replace, notice } from '../dom.js';
import { request, post } from '../api.js';
import { setVenue, rememberVenue } from '../venue.js';
import { confirmAction } from '../confirm.js';
import { toCents, formatCents } from '../money.js';

/** Joins (or enters) and answers what happened, in words for the student. */
async function joinVenue(venue, code) {
  const info = await request('GET', `/api/venues/${encodeURIComponent(venue)}`);
  if (info.tournament) {
    // An invite-only tournament takes its code on entry, as its venue does on joining.
    await post(`/tournaments/${encodeURIComponent(venue)}/enter`, { invite_code: code || undefined });
    return { info, text: `You are entered in ${info.name}. Trading opens when it starts.` };
  }
  await request('POST', `/api/venues/${encodeURIComponent(venue)}/join`, { invite_code: code || undefined });
  return { info, text: `You joined ${info.name} with ${formatCents(toCents(info.starting_cash))} to trade.` };
}

function field(id, label, value, hint) {
  const input = h('input', { id, name: id, value, autocomplete: 'off', spellcheck: 'false' });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null), input];
}

export const joinView = {
  title: () => 'Join a venue',
  auth: true,
  render(root, ctx) {
    const linked = ctx.params[0] || '';
    const [venueRow, venue] = field('join-venue', 'Venue', linked, 'The venue’s id, as your host gave it (e.g. class-a).');
    const [codeRow, code] = field('join-code', 'Invite code', ctx.query.get('code') || '', 'Leave empty for a public venue.');
    const result = h('div', { id: 'join-result', 'aria-live': 'polite' });
    const button = h('button', { type: 'submit', class: 'primary', id: 'join-submit' }, 'Join');
    let stopped = false;

    const next = (info) => h('div', { class: 'actions' },
      info.tournament
        ? h('a', { class: 'button-link primary', id: 'join-next', href: `#/tournaments/${encodeURIComponent(info.id)}` }, `Go to ${info.name}`)
        : h('button', { type: 'button', class: 'primary', id: 'join-next', onclick: () => { ctx.navigate('#/markets'); setVenue(info.id); } }, `Trade in ${info.name}`));

    const join = async () => {
      const id = venue.value.trim();
      if (!id) { replace(result, notice('error', 'Which venue? Give its id.')); venue.focus(); return; }
      button.disabled = true;
      try {
        const { info, text } = await joinVenue(id, code.value.trim());
        rememberVenue(info.id, info.name);
        if (!stopped) replace(result, notice('info', text), next(info));
      } catch (error) {
        if (!stopped) replace(result, notice('error', `Could not join ${id}: ${error.detail || error.message}`));
      }
      button.disabled = false;
    };

    const form = h('form', { class: 'card auth-form', id: 'join-form', novalidate: true },
      h('h1', {}, 'Join a venue'),
      h('p', { class: 'muted' }, 'Your host gives you a venue and, for an invite-only one, its code.'),
      venueRow, codeRow, result, button);
    form.addEventListener('submit', (event) => { event.preventDefault(); join(); });
    replace(root, h('section', { class: 'auth-page' }, form));

    if (linked) {
      (async () => {
        let name = linked;
        try { name = (await request('GET', `/api/venues/${encodeURIComponent(linked)}`)).name; } catch { /* the join names what is wrong */ }
        if (stopped) return;
        const sure = await confirmAction({ title: `Join ${name}?`, text: 'You get an account there with its starting cash.', confirmLabel: `Join ${name}` });
        if (sure && !stopped) join();
      })();
    } else venue.focus();
    return () => { stopped = true; document.getElementById('confirm-dialog')?.close(); };
  },
};
