// A venue in the host's console: who may join, its invite and join link, and the class roster (each new
// account joined to the venue at once if the host wants). Trading rules live in the admin console.
import { h, replace, notice } from '../dom.js';
import { request } from '../api.js';
import { rememberConsole } from '../session.js';
import { setVenue, rememberVenue } from '../venue.js';
import { invitePanel, joinLink } from './hostInvite.js';
import { rosterPanel } from './roster.js';

export const hostVenueView = {
  title: (params) => `Venue ${params[0]}`,
  auth: true,
  render(root, ctx) {
    const id = ctx.params[0];
    const invite = invitePanel(id);
    const head = h('p', { class: 'muted', id: 'host-venue-summary' });
    const adminLink = h('button', { type: 'button', id: 'open-admin', onclick: () => { setVenue(id); ctx.navigate('#/admin'); } }, 'Fees, limits and halts: admin console');
    const join = (token) => invite.venue.then((v) => request('POST', `/api/venues/${encodeURIComponent(id)}/join`,
      { invite_code: v.invite_code || undefined }, { token }));
    const roster = rosterPanel({
      name: id,
      joinLink: () => invite.venue.then((v) => joinLink(v.id, v.invite_code)),
      enroll: { label: 'Open each student’s account in this venue now', run: join },
    });
    replace(root, h('section', { class: 'page host-console' },
      h('div', { class: 'page-head' }, h('p', {}, h('a', { href: '#/host' }, '← Host console')), h('h1', {}, `Venue ${id}`), head),
      h('div', { class: 'actions' }, adminLink),
      h('div', { class: 'host-grid' }, invite.panel, roster)));
    invite.venue.then((v) => {
      rememberConsole();
      rememberVenue(v.id, v.name);
      document.title = `${v.name} · Host console · MarketSim`;
      head.textContent = `${v.name} · ${v.visibility === 'invite' ? 'invite only' : 'public'} · ${v.tickers.map((t) => t.symbol).join(', ')}${v.tournament ? ' · a tournament’s venue' : ''}`;
    }, (error) => head.replaceWith(notice('error', error.detail || error.message)));
  },
};
