// The live feed: one WebSocket per channel, reopened with exponential backoff (1 s doubling to 30 s,
// with jitter) when it closes, and a connection status that the header shows. While a channel's socket
// is not open, `liveOrPoll` polls the REST equivalent instead, so pages stay current without the feed.
import { wsURL } from './venue.js';
import { currentSession } from './session.js';

/** The user's own channel: their orders' updates and fills, authenticated by the JWT in the query. */
export const PRIVATE = 'private';

const MIN_DELAY = 1000;
const MAX_DELAY = 30000;

class Channel {
  constructor(feed, name) {
    this.feed = feed;
    this.name = name;
    this.handlers = new Set();
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.state = 'connecting';
    this.retryAt = null;
    this.closed = false;
    this.lastSequence = null;
  }

  open() {
    if (this.closed) return;
    this.setState('connecting');
    let socket;
    try {
      const token = this.name === PRIVATE ? currentSession()?.token : null;
      socket = new WebSocket(wsURL(this.name, this.feed.venue, token));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
    };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      // Each channel numbers its messages (`sequence`, one more each time): a jump means missed messages,
      // so handlers are told to resynchronise from REST.
      const sequence = typeof message.sequence === 'number' ? message.sequence : null;
      const gap = sequence !== null && this.lastSequence !== null && sequence > this.lastSequence + 1;
      if (sequence !== null) this.lastSequence = sequence;
      this.handlers.forEach((fn) => fn(message, { gap }));
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
    socket.onerror = () => { /* onclose follows and schedules the retry */ };
  }

  scheduleReconnect() {
    if (this.closed) return;
    const base = Math.min(MAX_DELAY, MIN_DELAY * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.setState('waiting');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), delay);
  }

  reconnectNow() {
    if (this.state !== 'waiting') return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.open();
  }

  setState(state) {
    this.state = state;
    if (state !== 'waiting') this.retryAt = null;
    this.feed.changed();
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.onclose = null;
      socket.close();
    }
  }
}

export class LiveFeed {
  constructor(venue) {
    this.venue = venue;
    this.channels = new Map();
    this.statusListeners = new Set();
  }

  /** Calls `handler(message, {gap})` for each message of `channel`; returns the unsubscribe function. */
  subscribe(channel, handler) {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = new Channel(this, channel);
      this.channels.set(channel, entry);
      entry.open();
    }
    entry.handlers.add(handler);
    return () => {
      entry.handlers.delete(handler);
      if (entry.handlers.size === 0) {
        entry.close();
        this.channels.delete(channel);
        this.changed();
      }
    };
  }

  isOpen(channel) {
    return this.channels.get(channel)?.state === 'open';
  }

  /** Moves every channel to another venue (the sockets are reopened there). */
  setVenue(venue) {
    if (venue === this.venue) return;
    this.venue = venue;
    for (const entry of this.channels.values()) {
      entry.close();
      entry.closed = false;
      entry.attempt = 0;
      entry.lastSequence = null;
      entry.open();
    }
  }

  reconnectNow() {
    this.channels.forEach((entry) => entry.reconnectNow());
  }

  /**
   * The overall status: `idle` (no channel), `live` (all open), `connecting`, or `offline` with the
   * time of the next retry.
   */
  status() {
    const entries = [...this.channels.values()];
    if (entries.length === 0) return { state: 'idle' };
    if (entries.every((e) => e.state === 'open')) return { state: 'live' };
    const waiting = entries.filter((e) => e.state === 'waiting');
    if (waiting.length) return { state: 'offline', retryAt: Math.min(...waiting.map((e) => e.retryAt)) };
    return { state: 'connecting' };
  }

  onStatus(fn) {
    this.statusListeners.add(fn);
    fn(this.status());
    return () => this.statusListeners.delete(fn);
  }

  changed() {
    const status = this.status();
    this.statusListeners.forEach((fn) => fn(status));
  }
}

/**
 * Keeps a page current: messages of `channel` go to `onMessage`; `poll()` runs once at start, whenever
 * the feed reports a gap, and every `intervalMs` while the channel's socket is not open.
 * Returns the function that stops both.
 */
export function liveOrPoll(feed, channel, onMessage, poll, intervalMs = 3000) {
  let stopped = false;
  let timer = null;
  const runPoll = async () => {
    if (stopped) return;
    try { await poll(); } catch { /* the page shows its own error state */ }
  };
  const unsubscribe = feed.subscribe(channel, (message, { gap }) => {
    onMessage(message);
    if (gap) runPoll();
  });
  const tick = async () => {
    if (stopped) return;
    if (!feed.isOpen(channel) && !document.hidden) await runPoll();
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  runPoll().then(() => { if (!stopped) timer = setTimeout(tick, intervalMs); });
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}

/**
 * Runs `fn` every `intervalMs` while the page is visible (a hidden tab does not poll); returns the
 * function that stops it.
 */
export function every(intervalMs, fn) {
  const timer = setInterval(() => { if (!document.hidden) fn(); }, intervalMs);
  return () => clearInterval(timer);
}

/** Calls `fn(message)` for each message of the user's own channel (see app.js); returns the remover. */
export function onAccountEvent(fn) {
  const listener = (event) => fn(event.detail);
  window.addEventListener('marketsim:account', listener);
  return () => window.removeEventListener('marketsim:account', listener);
}
