// The venue the dashboard looks at. `main` is the unprefixed API; every other venue is reached
// under /api/venues/{venue}/... and /ws/venues/{venue}/{channel}.
const KEY = 'marketsim.venue';
const KNOWN = 'marketsim.venues';
const NAMES = 'marketsim.venueNames';
const listeners = new Set();
const knownListeners = new Set();

export function currentVenue() {
  return localStorage.getItem(KEY) || 'main';
}

export function setVenue(venue) {
  const name = venue || 'main';
  localStorage.setItem(KEY, name);
  rememberVenue(name);
  listeners.forEach((fn) => fn(name));
}

export function onVenueChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Venues seen so far (from the server's lists or tournaments entered), main first. */
export function knownVenues() {
  let stored = [];
  try { stored = JSON.parse(localStorage.getItem(KNOWN) || '[]'); } catch { stored = []; }
  return ['main', ...stored.filter((v) => v && v !== 'main')];
}

/** Remembers a venue by its id, and the name people know it by when given. */
export function rememberVenue(venue, name) {
  if (!venue) return;
  let changed = false;
  if (name && name !== venue) {
    const names = storedNames();
    if (names[venue] !== name) {
      localStorage.setItem(NAMES, JSON.stringify({ ...names, [venue]: name }));
      changed = true;
    }
  }
  const list = knownVenues().slice(1);
  if (venue !== 'main' && !list.includes(venue)) {
    list.push(venue);
    localStorage.setItem(KNOWN, JSON.stringify(list));
    changed = true;
  }
  if (changed) knownListeners.forEach((fn) => fn());
}

/** Calls `fn()` whenever a venue is newly known or renamed; returns the remover. */
export function onKnownVenuesChange(fn) {
  knownListeners.add(fn);
  return () => knownListeners.delete(fn);
}

/** The name of a venue as its definition gives it, else its id. */
export function venueName(venue) {
  return storedNames()[venue] || venue;
}

function storedNames() {
  try {
    const names = JSON.parse(localStorage.getItem(NAMES) || '{}');
    return names && typeof names === 'object' ? names : {};
  } catch {
    return {};
  }
}

/** The path of a venue-scoped API route: apiPath('/market/tickers') → /api/market/tickers or /api/venues/x/market/tickers. */
export function apiPath(path, venue = currentVenue()) {
  return venue === 'main' ? `/api${path}` : `/api/venues/${encodeURIComponent(venue)}${path}`;
}

/** The URL of a WebSocket channel of a venue; `token` (for the private channel) goes in the query. */
export function wsURL(channel, venue = currentVenue(), token = null) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const path = venue === 'main' ? `/ws/${channel}` : `/ws/venues/${encodeURIComponent(venue)}/${channel}`;
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}${path}${query}`;
}
