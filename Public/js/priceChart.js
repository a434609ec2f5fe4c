// The candlestick chart of the ticker page: candles placed by their time across the period they cover,
// volume beneath, prices on the right and times of day under it (as text in the page, not pixels).
import { h, replace } from './dom.js';
import { formatCents, toCents } from './money.js';
import { cssColor, extent, fitCanvas } from './charts.js';

const MINUTE = 60000;
const DAY = 1440 * MINUTE;
// Steps between time labels, from which the smallest that leaves room for each label is taken.
const STEPS = [1 / 6, 1 / 4, 1 / 2, 1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);
const LABEL_SPACING = 80;
const AXIS_WIDTH = 64;
const BODY_MAX = 14;

function priceAxis(ctx, lo, hi, top, bottom, right) {
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.strokeStyle = cssColor('--grid', '#ddd');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const y = bottom - ((bottom - top) * i) / ticks;
    ctx.beginPath();
    ctx.moveTo(0, Math.round(y) + 0.5);
    ctx.lineTo(right, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(formatCents(toCents(lo + ((hi - lo) * i) / ticks)), right + 6, y);
  }
}

/** "14:05:30" for steps under a minute, "14:05" within a day, "3 Dec" for steps of a day or more; always 24-hour. */
function timeText(time, step) {
  const date = new Date(time);
  if (step >= DAY) return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  const seconds = step < MINUTE ? { second: '2-digit' } : {};
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', ...seconds, hourCycle: 'h23' });
}

/**
 * Round times of day between `t0` and `t1` (ms), at least `LABEL_SPACING` pixels apart over `width`:
 * [{time, text}], no step finer than `finest`. Steps are counted from local midnight, so labels read 14:00, 14:15…
 * in any time zone.
 */
export function timeTicks(t0, t1, width, finest = MINUTE) {
  const span = Math.max(1, t1 - t0);
  const most = Math.max(2, Math.floor(width / LABEL_SPACING));
  const step = STEPS.find((s) => s >= finest && span / s <= most) || STEPS[STEPS.length - 1];
  const zone = new Date(t0).getTimezoneOffset() * MINUTE;
  const ticks = [];
  for (let t = Math.ceil((t0 - zone) / step) * step + zone; t <= t1; t += step) ticks.push({ time: t, text: timeText(t, step) });
  return ticks;
}

// Labels under the plot, each centred on its time and kept inside the plot at the edges.
function drawTimeAxis(axis, ticks, x, plotRight) {
  if (!axis) return;
  replace(axis, ticks.map((tick) => {
    const left = Math.min(plotRight - 20, Math.max(20, x(tick.time)));
    return h('span', { style: `left:${left.toFixed(1)}px`, dataset: { time: new Date(tick.time).toISOString() } }, tick.text);
  }));
}

function drawEmpty(ctx, width, height, text, axis) {
  if (axis) replace(axis);
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.font = '14px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, height / 2);
}

/**
 * Candlesticks with volume bars over the time the candles cover, from the first candle's start to the
 * end of the last one: `candles` are the API's {timestamp, open, high, low, close, volume} of
 * `intervalSeconds` each. Time labels go into `axis` (an element under the canvas). With no candles,
 * `emptyText` is written in the middle.
 */
export function drawCandles(canvas, candles, { emptyText = 'No trades in this period yet', intervalSeconds = 300, axis = null } = {}) {
  const { ctx, width, height } = fitCanvas(canvas);
  const plotRight = width - AXIS_WIDTH;
  const shown = candles.filter((c) => Number.isFinite(Date.parse(c.timestamp))).slice(-Math.max(10, Math.floor(plotRight / 4)));
  if (!shown.length) { drawEmpty(ctx, width, height, emptyText, axis); return; }
  const top = 10;
  const volumeHeight = Math.round(height * 0.18);
  const bottom = height - volumeHeight - 22;
  const [lo, hi] = extent(shown.flatMap((c) => [c.low, c.high]));
  const pad = (hi - lo) * 0.05;
  const y = (v) => bottom - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (bottom - top);
  priceAxis(ctx, lo - pad, hi + pad, top, bottom, plotRight);
  const period = intervalSeconds * 1000;
  const t0 = Date.parse(shown[0].timestamp);
  const t1 = Date.parse(shown[shown.length - 1].timestamp) + period;
  const x = (t) => ((t - t0) / (t1 - t0)) * plotRight;
  const body = Math.max(1, Math.min(BODY_MAX, (x(t0 + period) - x(t0)) * 0.7));
  const maxVolume = Math.max(1, ...shown.map((c) => c.volume || 0));
  const colours = { up: cssColor('--up', '#16a34a'), down: cssColor('--down', '#dc2626') };
  for (const c of shown) drawCandle(ctx, c, x(Date.parse(c.timestamp) + period / 2), { y, body, colours, height, volume: ((c.volume || 0) / maxVolume) * (volumeHeight - 4) });
  // Labels finer than a minute only for candles finer than a minute.
  drawTimeAxis(axis, timeTicks(t0, t1, plotRight, Math.min(period, MINUTE)), x, plotRight);
}

function drawCandle(ctx, c, x, { y, body, colours, height, volume }) {
  ctx.strokeStyle = ctx.fillStyle = c.close >= c.open ? colours.up : colours.down;
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, y(c.high));
  ctx.lineTo(Math.round(x) + 0.5, y(c.low));
  ctx.stroke();
  const yOpen = y(c.open);
  const yClose = y(c.close);
  ctx.fillRect(x - body / 2, Math.min(yOpen, yClose), body, Math.max(1, Math.abs(yClose - yOpen)));
  ctx.globalAlpha = 0.35;
  ctx.fillRect(x - body / 2, height - 18 - volume, body, volume);
  ctx.globalAlpha = 1;
}
