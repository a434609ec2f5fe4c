// Charts drawn by hand: sparklines and equity lines in SVG, candlesticks and depth on canvas.
// Prices arrive as numbers; they are only used here for positions on screen, never for money.
import { formatCents, toCents } from './money.js';

const SVG = 'http://www.w3.org/2000/svg';

function cssColor(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
}

/** A small line of recent prices; rising series are green, falling red. `label` describes it for screen readers. */
export function sparkline(values, { width = 120, height = 32, label = 'Recent prices' } = {}) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'sparkline', role: 'img', 'aria-label': label });
  const points = values.filter((v) => Number.isFinite(v));
  if (points.length < 2) {
    root.appendChild(svg('line', { x1: 0, y1: height / 2, x2: width, y2: height / 2, class: 'spark-flat' }));
    return root;
  }
  const [lo, hi] = extent(points);
  const step = width / (points.length - 1);
  const d = points.map((v, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(2 + (height - 4) * (1 - (v - lo) / (hi - lo))).toFixed(1)}`).join('');
  const rising = points[points.length - 1] >= points[0];
  root.appendChild(svg('path', { d, class: rising ? 'spark-up' : 'spark-down', fill: 'none' }));
  return root;
}

/** Prepares a canvas for crisp drawing at its CSS size; returns the 2D context and the size. */
function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 300;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/** Redraws `draw()` when the canvas changes size or the theme changes; returns the function that stops. */
export function keepDrawn(canvas, draw) {
  draw();
  const observer = new ResizeObserver(() => draw());
  observer.observe(canvas);
  const themeObserver = new MutationObserver(() => draw());
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', draw);
  return () => { observer.disconnect(); themeObserver.disconnect(); media.removeEventListener('change', draw); };
}

function priceAxis(ctx, lo, hi, top, bottom, right, width) {
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.strokeStyle = cssColor('--grid', '#ddd');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const value = lo + ((hi - lo) * i) / ticks;
    const y = bottom - ((bottom - top) * i) / ticks;
    ctx.beginPath();
    ctx.moveTo(0, Math.round(y) + 0.5);
    ctx.lineTo(right, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(formatCents(toCents(value)), right + 6, y);
  }
}

/**
 * Candlesticks with volume bars. `candles` are the API's {timestamp, open, high, low, close, volume};
 * with none, `emptyText` is written in the middle.
 */
export function drawCandles(canvas, candles, { emptyText = 'No trades in this period yet' } = {}) {
  const { ctx, width, height } = fitCanvas(canvas);
  const axisWidth = 64;
  const plotRight = width - axisWidth;
  const top = 10;
  const volumeHeight = Math.round(height * 0.18);
  const bottom = height - volumeHeight - 22;
  if (!candles.length) {
    ctx.fillStyle = cssColor('--muted', '#888');
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(emptyText, width / 2, height / 2);
    return;
  }
  const shown = candles.slice(-Math.max(10, Math.floor(plotRight / 6)));
  const [lo, hi] = extent(shown.flatMap((c) => [c.low, c.high]));
  const pad = (hi - lo) * 0.05;
  const yLo = lo - pad;
  const yHi = hi + pad;
  const y = (v) => bottom - ((v - yLo) / (yHi - yLo)) * (bottom - top);
  priceAxis(ctx, yLo, yHi, top, bottom, plotRight, width);
  // At least 40 slots, newest at the right edge, so a few candles do not turn into wide blocks.
  const slots = Math.max(40, shown.length);
  const slot = plotRight / slots;
  const offset = (slots - shown.length) * slot;
  const body = Math.max(1, Math.min(14, slot * 0.7));
  const maxVolume = Math.max(1, ...shown.map((c) => c.volume || 0));
  const up = cssColor('--up', '#16a34a');
  const down = cssColor('--down', '#dc2626');
  shown.forEach((c, i) => {
    const x = offset + slot * i + slot / 2;
    const rising = c.close >= c.open;
    ctx.strokeStyle = ctx.fillStyle = rising ? up : down;
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, y(c.high));
    ctx.lineTo(Math.round(x) + 0.5, y(c.low));
    ctx.stroke();
    const yOpen = y(c.open);
    const yClose = y(c.close);
    ctx.fillRect(x - body / 2, Math.min(yOpen, yClose), body, Math.max(1, Math.abs(yClose - yOpen)));
    const vh = ((c.volume || 0) / maxVolume) * (volumeHeight - 4);
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x - body / 2, height - 18 - vh, body, vh);
    ctx.globalAlpha = 1;
  });
  // time labels: first, middle and last candle
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.textBaseline = 'alphabetic';
  ctx.font = '11px system-ui, sans-serif';
  for (const i of new Set([0, Math.floor(shown.length / 2), shown.length - 1])) {
    const date = new Date(shown[i].timestamp);
    if (Number.isNaN(date.getTime())) continue;
    const x = offset + slot * i + slot / 2;
    ctx.textAlign = x < 40 ? 'left' : x > plotRight - 40 ? 'right' : 'center';
    ctx.fillText(date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }), x, height - 3);
  }
}

/** Cumulative depth: bids stepping down to the left of the midpoint, asks up to the right. */
export function drawDepth(canvas, bids, asks) {
  const { ctx, width, height } = fitCanvas(canvas);
  if (!bids.length && !asks.length) {
    ctx.fillStyle = cssColor('--muted', '#888');
    ctx.font = '13px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('The book is empty', width / 2, height / 2);
    return;
  }
  const cumulate = (levels) => {
    let total = 0;
    return levels.map((l) => ({ price: l.price, total: (total += l.quantity) }));
  };
  const bidSteps = cumulate(bids);
  const askSteps = cumulate(asks);
  const prices = [...bidSteps, ...askSteps].map((s) => s.price);
  const [lo, hi] = extent(prices);
  const maxTotal = Math.max(1, ...bidSteps.map((s) => s.total), ...askSteps.map((s) => s.total));
  const x = (p) => 4 + ((p - lo) / (hi - lo)) * (width - 8);
  const y = (q) => height - 16 - (q / maxTotal) * (height - 24);
  const area = (steps, color) => {
    if (!steps.length) return;
    ctx.beginPath();
    ctx.moveTo(x(steps[0].price), height - 16);
    let prevY = height - 16;
    for (const s of steps) {
      ctx.lineTo(x(s.price), prevY);
      ctx.lineTo(x(s.price), y(s.total));
      prevY = y(s.total);
    }
    ctx.lineTo(x(steps[steps.length - 1].price), height - 16);
    ctx.closePath();
    ctx.globalAlpha = 0.25;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = color;
    ctx.stroke();
  };
  area(bidSteps, cssColor('--up', '#16a34a'));
  area(askSteps, cssColor('--down', '#dc2626'));
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillText(formatCents(toCents(lo)), 4, height - 3);
  ctx.textAlign = 'right';
  ctx.fillText(formatCents(toCents(hi)), width - 4, height - 3);
}

/**
 * Equity lines over time: `series` is [{name, points: [{time: Date, value: number}]}]. Returns an SVG
 * with a legend; the caller gives a text alternative (the standings table).
 */
export function equityChart(series, { width = 960, height = 320, label = 'Equity over time' } = {}) {
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'equity-chart', role: 'img', 'aria-label': label });
  const all = series.flatMap((s) => s.points);
  if (!all.length) return root;
  const [t0, t1] = extent(all.map((p) => p.time.getTime()));
  const [v0, v1] = extent(all.map((p) => p.value));
  const left = 8;
  const right = width - 70;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (right - left);
  const y = (v) => 10 + (1 - (v - v0) / (v1 - v0)) * (height - 30);
  for (let i = 0; i <= 4; i++) {
    const value = v0 + ((v1 - v0) * i) / 4;
    root.appendChild(svg('line', { x1: left, x2: right, y1: y(value), y2: y(value), class: 'grid' }));
    const text = svg('text', { x: right + 6, y: y(value) + 4, class: 'axis' });
    text.textContent = formatCents(toCents(value));
    root.appendChild(text);
  }
  series.forEach((s, i) => {
    if (!s.points.length) return;
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p.time.getTime()).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
    root.appendChild(svg('path', { d, fill: 'none', class: `series series-${i % 8}` }));
  });
  return root;
}
