// The venue's headlines, newest first: read from `GET /news` and then live from the `news` channel, with
// the REST list polled again while the feed is down. A headline that moves a ticker says by how much.
import { h, replace } from './dom.js';
import { venueGet } from './api.js';
import { liveOrPoll } from './live.js';

const SHOWN = 20;

function headline(item) {
  const time = new Date(item.timestamp);
  const move = item.percent === null || item.percent === undefined ? null
    : h('span', { class: item.percent < 0 ? 'down' : 'up' }, ` ${item.percent > 0 ? '+' : ''}${Number(item.percent).toFixed(2)}%`);
  return h('li', { dataset: { id: item.id } },
    h('time', { datetime: item.timestamp }, Number.isNaN(time.getTime()) ? ''
      : time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })),
    ' ',
    item.ticker ? h('a', { class: 'news-ticker', href: `#/ticker/${encodeURIComponent(item.ticker)}` }, item.ticker) : null,
    item.ticker ? ' ' : null,
    h('span', { class: 'news-headline' }, item.headline),
    move);
}

/** A card listing the venue's news; returns [element, stop]. */
export function newsPanel(feed) {
  const items = new Map(); // id → item
  const list = h('ol', { class: 'news', id: 'news-list', 'aria-live': 'polite', 'aria-label': 'News, newest first' });
  const empty = h('p', { class: 'muted', id: 'news-empty' }, 'No news yet. Headlines appear here as they are published.');
  const draw = () => {
    const newest = [...items.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, SHOWN);
    empty.hidden = newest.length > 0;
    replace(list, ...newest.map(headline));
  };
  const add = (item) => { if (item?.id && item.headline) items.set(String(item.id), item); };
  const stop = liveOrPoll(feed, 'news', (message) => {
    if (message.type !== 'news') return;
    add(message);
    draw();
  }, async () => {
    const answer = await venueGet('/news?limit=' + SHOWN, { auth: false });
    (answer?.news || []).forEach(add);
    draw();
  }, 10000);
  const card = h('section', { class: 'card news-card', 'aria-labelledby': 'news-title' },
    h('h2', { id: 'news-title' }, 'News'), empty, list);
  return [card, stop];
}
