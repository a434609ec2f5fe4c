// The single-page shell: hash routing, navigation, session, venue switcher, feed status and theme.
import { h, replace, notice } from './dom.js';
import { currentSession, clearSession, onSessionChange, mayAdminister, onConsoleChange } from './session.js';
import { currentVenue, setVenue, knownVenues, rememberVenue, venueName, onVenueChange, onKnownVenuesChange } from './venue.js';
import { get, listFrom } from './api.js';
import { LiveFeed, PRIVATE } from './live.js';
import { toCents, formatCents } from './money.js';
import { setupTheme } from './theme.js';
import { alertText } from './priceAlerts.js';
import { authView } from './views/auth.js';
import { marketsView } from './views/markets.js';
import { tickerView } from './views/ticker.js';
import { portfolioView } from './views/portfolio.js';
import { ordersView } from './views/orders.js';
import { leaderboardView } from './views/leaderboard.js';
import { tournamentsView, tournamentView } from './views/tournaments.js';
import { adminView } from './views/admin.js';
import { hostView } from './views/host.js';
import { hostCreateView } from './views/hostCreate.js';
import { hostTournamentView } from './views/hostTournament.js';
import { hostVenueView } from './views/hostVenue.js';
import { joinView } from './views/join.js';

// Route table: pattern → view. Views are {title(params), auth, render(root, ctx) → cleanup}.
const routes = [
  [/^\/signin$/, authView('signin')],
  [/^\/signup$/, authView('signup')],
  [/^\/markets$/, marketsView],
  [/^\/ticker\/([^/]+)$/, tickerView],
  [/^\/portfolio$/, portfolioView],
  [/^\/orders$/, ordersView],
  [/^\/leaderboard$/, leaderboardView],
  [/^\/tournaments$/, tournamentsView],
  [/^\/tournaments\/([^/]+)$/, tournamentView],
  [/^\/admin$/, adminView],
  [/^\/host$/, hostView],
  [/^\/host\/new$/, hostCreateView],
  [/^\/host\/tournaments\/([^/]+)$/, hostTournamentView],
  [/^\/host\/venues\/([^/]+)$/, hostVenueView],
  [/^\/join$/, joinView],
  [/^\/join\/([^/]+)$/, joinView],
];

const feed = new LiveFeed(currentVenue());
const main = document.getElementById('main');
let cleanup = null;

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

// A malformed escape in a typed URL ("%E0") must not stop the page: it is kept as typed.
function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/markets';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

async function route() {
  const { path, query } = parseHash();
  if (cleanup) { try { cleanup(); } catch { /* a view's cleanup must not stop navigation */ } cleanup = null; }
  closeMenu();
  let match = null;
  let view = null;
  for (const [pattern, candidate] of routes) {
    match = pattern.exec(path);
    if (match) { view = candidate; break; }
  }
  markCurrentLink(path);
  if (!view) {
    document.title = 'Not found · MarketSim';
    replace(main, h('h1', {}, 'Page not found'), notice('info', `Nothing lives at ${path}.`), h('p', {}, h('a', { href: '#/markets' }, 'Go to the markets')));
    return;
  }
  if (view.auth && !currentSession()) {
    // The query goes along: a join link's invite code must survive signing in.
    navigate(`#/signin?next=${encodeURIComponent(String(query) ? `${path}?${query}` : path)}`);
    return;
  }
  const params = match.slice(1).map(safeDecode);
  document.title = `${view.title(params)} · MarketSim`;
  replace(main);
  const ctx = { feed, params, query, navigate, venue: currentVenue() };
  const result = view.render(main, ctx);
  cleanup = typeof result === 'function' ? result : null;
  // Move focus to the page for keyboard and screen-reader users (not on the first load, and not when the
  // view focused one of its own fields).
  if (route.visited && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  route.visited = true;
}

function markCurrentLink(path) {
  const section = path.split('/')[1] === 'ticker' ? 'markets' : path.split('/')[1];
  document.querySelectorAll('#site-nav a[data-route]').forEach((a) => {
    if (a.dataset.route === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

// --- skip link: with hash routing, following "#main" would change the route, so it moves focus instead ---
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

// --- phone menu ---
const menuButton = document.getElementById('menu-toggle');
const nav = document.getElementById('site-nav');
function closeMenu() {
  menuButton.setAttribute('aria-expanded', 'false');
  nav.classList.remove('open');
}
menuButton.addEventListener('click', () => {
  const open = menuButton.getAttribute('aria-expanded') !== 'true';
  menuButton.setAttribute('aria-expanded', String(open));
  nav.classList.toggle('open', open);
  if (open) nav.querySelector('a')?.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && nav.classList.contains('open')) { closeMenu(); menuButton.focus(); }
});

// --- account area ---
function renderAccount(session) {
  const account = document.getElementById('account');
  if (session) {
    replace(account,
      h('span', { class: 'who', id: 'signed-in-user' }, session.username),
      h('button', { type: 'button', id: 'sign-out', onclick: () => { clearSession(); navigate('#/signin'); } }, 'Sign out'));
  } else {
    replace(account,
      h('a', { href: '#/signin', class: 'button-link' }, 'Sign in'),
      h('a', { href: '#/signup', class: 'button-link primary' }, 'Sign up'));
  }
  document.querySelectorAll('#site-nav a[data-route="portfolio"], #site-nav a[data-route="orders"]').forEach((a) => {
    a.parentElement.hidden = !session;
  });
}
// The Admin link shows only to those known to administer (see mayAdminister): asking an admin route on
// every page would answer each trader with a 403.
function showAdminLink(session) {
  document.querySelectorAll('#site-nav a[data-route="admin"], #site-nav a[data-route="host"]').forEach((a) => {
    a.parentElement.hidden = !mayAdminister(session);
  });
}
onConsoleChange(showAdminLink);

onSessionChange((session) => {
  renderAccount(session);
  showAdminLink(session);
  refreshVenues();
  // A session that ends (an expired token, signing out in another tab) leaves the pages that need it.
  const { path } = parseHash();
  const view = routes.find(([pattern]) => pattern.test(path))?.[1];
  if (!session && view?.auth) navigate(`#/signin?next=${encodeURIComponent(path)}&ended=1`);
});

// --- venue switcher ---
const venueSelect = document.getElementById('venue-select');
// Options carry the venue's id (what the API takes) and show its name.
function renderVenues() {
  const venue = currentVenue();
  const ids = knownVenues();
  if (!ids.includes(venue)) ids.push(venue);
  replace(venueSelect, ids.map((id) => h('option', { value: id, selected: id === venue }, venueName(id))));
}
async function refreshVenues() {
  // The public venues, and the venues of tournaments that are open or running (whose venue id is the
  // tournament's); finished ones stay on the tournaments page, out of the picker's way.
  const [venues, tournaments] = await Promise.allSettled([get('/venues'), get('/tournaments')]);
  const finished = new Set();
  if (tournaments.status === 'fulfilled') {
    for (const t of listFrom(tournaments.value, 'tournaments')) {
      if (t.status === 'open' || t.status === 'active') rememberVenue(t.venue, t.name);
      else finished.add(t.venue);
    }
  }
  if (venues.status === 'fulfilled') {
    listFrom(venues.value, 'venues').filter((v) => !finished.has(v.id)).forEach((v) => rememberVenue(v.id, v.name));
  }
}
onKnownVenuesChange(renderVenues);
venueSelect.addEventListener('change', () => setVenue(venueSelect.value));
onVenueChange((venue) => {
  feed.setVenue(venue);
  renderVenues();
  route();
});

// --- feed status ---
// The button shows the state and counts down to the next try; the hidden status region announces only
// changes of state, not every second of the countdown.
const statusButton = document.getElementById('feed-status');
const announcer = document.getElementById('feed-announcer');
let countdown = null;
feed.onStatus((status) => {
  clearInterval(countdown);
  const changed = statusButton.dataset.state !== status.state;
  statusButton.dataset.state = status.state;
  const text = statusButton.querySelector('.feed-text');
  const describe = () => {
    switch (status.state) {
      case 'live': return 'Live';
      case 'connecting': return 'Connecting…';
      case 'offline': return `Polling · retry ${Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000))}s`;
      default: return 'Feed idle';
    }
  };
  text.textContent = describe();
  statusButton.title = status.state === 'offline'
    ? 'The live feed is offline, so prices are polled every few seconds. Click to reconnect now.'
    : 'Live feed status';
  if (changed) {
    announcer.textContent = { live: 'Live feed connected', offline: 'Live feed offline; polling for prices' }[status.state] || '';
  }
  if (status.state === 'offline') countdown = setInterval(() => { text.textContent = describe(); }, 1000);
});
statusButton.addEventListener('click', () => feed.reconnectNow());

// --- the user's own channel: fills and order updates ---
// Each message is passed on as a `marketsim:account` event (pages with the user's orders or holdings
// reload on it), and a fill or a price alert is announced in a toast.
const toasts = document.getElementById('toasts');
let stopPrivate = null;
function followAccount(session) {
  if (stopPrivate) { stopPrivate(); stopPrivate = null; }
  if (!session) return;
  stopPrivate = feed.subscribe(PRIVATE, (message) => {
    window.dispatchEvent(new CustomEvent('marketsim:account', { detail: message }));
    if (message.type !== 'fill' && message.type !== 'alert') return;
    const text = message.type === 'alert' ? alertText(message)
      : `Filled: ${message.side ?? ''} ${message.quantity} ${message.ticker} at ${formatCents(toCents(message.price))}`.replace(/\s+/g, ' ');
    const toast = h('p', { class: 'toast' }, text);
    toasts.prepend(toast);
    // A burst of fills shows the latest three, not a column over the page.
    while (toasts.children.length > 3) toasts.lastElementChild.remove();
    setTimeout(() => toast.remove(), 5000);
  });
}
onSessionChange(followAccount);

setupTheme(document.getElementById('theme-toggle'));
followAccount(currentSession());
renderAccount(currentSession());
showAdminLink(currentSession());
renderVenues();
refreshVenues();
window.addEventListener('hashchange', route);
route();
