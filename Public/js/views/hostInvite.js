// What a host hands out: the venue's invite code and the join link that carries it. A student who
// follows the link signed in joins after one confirmation; signed out, after signing in.
import { h, replace, loading, notice } from '../dom.js';
import { request } from '../api.js';

/** The join link of a venue: /#/join/<venue>?code=<code>, or without a code for a public venue. */
export function joinLink(venue, code) {
  const query = code ? `?code=${encodeURIComponent(code)}` : '';
  return `${location.origin}${location.pathname}#/join/${encodeURIComponent(venue)}${query}`;
}

function copyButton(text, label) {
  const button = h('button', { type: 'button', class: 'small' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy it';
    }
  });
  return button;
}

/**
 * The invite panel of `venue`, and a promise of the venue as the admin route answers it (with its
 * invite code), which the roster uses for its join links.
 */
export function invitePanel(venue) {
  const body = h('div', { id: 'invite-body' }, loading('Loading the invite…'));
  const panel = h('section', { class: 'card host-panel', id: 'invite', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, 'Invite'), body);
  const answer = request('GET', `/api/admin/venues/${encodeURIComponent(venue)}`);
  answer.then((v) => {
    const link = joinLink(v.id, v.invite_code);
    replace(body,
      h('p', {}, v.visibility === 'invite'
        ? 'Invite only: students join with the code, or by following the link while signed in.'
        : 'Public: anyone signed in may join; the link takes them straight there.'),
      h('dl', { class: 'facts' },
        v.invite_code ? [h('dt', {}, 'Invite code'), h('dd', {}, h('code', { id: 'invite-code' }, v.invite_code), ' ', copyButton(v.invite_code, 'Copy code'))] : null,
        h('dt', {}, 'Join link'),
        h('dd', { class: 'join-link' }, h('a', { id: 'join-link', href: link }, link), ' ', copyButton(link, 'Copy link'))));
  }, (error) => replace(body, notice('error', `Could not load the venue: ${error.detail || error.message}`)));
  return { panel, venue: answer };
}
