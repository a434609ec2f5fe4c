// Charts drawn by hand: sparklines and equity lines in SVG, candlesticks and depth on canvas.
// Prices arrive as numbers; they are only used here for positions on screen, never for money.
import { formatCents, formatMidpoint, toCents } from './money.js';

const SVG = 'http://www.w3.org/2000/svg';

export function cssColor(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
}

/** Which way a series went from its first value to its last: 'up', 'down' or 'flat'. */
export function trendOf(values) {
  const points = values.filter((v) => Number.isFinite(v));
  if (points.length < 2 || points[points.length - 1] === points[0]) return 'flat';
  return points[points.length - 1] > points[0] ? 'up' : 'down';
}

/**
 * A small line of recent prices, green when it ends above where it began, red below, grey when even;
 * `label` describes it for screen readers.
 */
export function sparkline(values, { width = 120, height = 32, label = 'Recent prices' } = {}) {
  const trend = trendOf(values);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: `sparkline ${trend}`, role: 'img', 'aria-label': label });
  const points = values.filter((v) => Number.isFinite(v));
  if (points.length < 2) {
    root.appendChild(svg('line', { x1: 0, y1: height / 2, x2: width, y2: height / 2, class: 'spark-flat' }));
    return root;
  }
  const [lo, hi] = extent(points);
  const step = width / (points.length - 1);
  const d = points.map((v, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(2 + (height - 4) * (1 - (v - lo) / (hi - lo))).toFixed(1)}`).join('');
  root.appendChild(svg('path', { d, class: `spark-${trend}`, fill: 'none' }));
  return root;
}

/** Prepares a canvas for crisp drawing at its CSS size; returns the 2D context and the size. */
export function fitCanvas(canvas) {
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

function drawNote(ctx, text, x, y, align) {
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = align;
  ctx.fillText(text, x, y);
}

function cumulate(levels) {
  let total = 0;
  return levels.map((l) => ({ price: l.price, total: (total += l.quantity) }));
}

// Levels farther than this share of the midpoint are left off the depth chart (an order far away would
// squeeze the spread into a line), unless no level is nearer.
const DEPTH_REACH = 0.05;

/**
 * The price at the middle of the depth chart and how far either edge is from it: the midpoint of the
 * best bid and ask (the one best price when a side is empty), and the farthest level within 5 % of it,
 * so that the spread stays in the middle however lopsided the book is.
 */
export function depthWindow(bids, asks) {
  const best = [bids[0]?.price, asks[0]?.price].filter((p) => Number.isFinite(p));
  const centre = best.reduce((sum, p) => sum + p, 0) / best.length;
  const distances = [...bids, ...asks].map((l) => Math.abs(l.price - centre));
  const near = distances.filter((d) => d <= centre * DEPTH_REACH);
  const reach = Math.max(...(near.some((d) => d > 0) ? near : distances));
  return { centre, reach: reach > 0 ? reach : Math.max(0.01, centre * 0.01) };
}

/** Cumulative depth: bids stepping down to the left of the midpoint, asks up to the right, the spread in the middle. */
export function drawDepth(canvas, bids, asks) {
  const { ctx, width, height } = fitCanvas(canvas);
  if (!bids.length && !asks.length) {
    ctx.fillStyle = cssColor('--muted', '#888');
    ctx.font = '13px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('The book is empty', width / 2, height / 2);
    return;
  }
  const bidSteps = cumulate(bids);
  const askSteps = cumulate(asks);
  const { centre, reach } = depthWindow(bids, asks);
  const maxTotal = Math.max(1, ...bidSteps.map((s) => s.total), ...askSteps.map((s) => s.total));
  const x = (p) => width / 2 + ((p - centre) / reach) * (width / 2 - 4);
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
  drawNote(ctx, formatCents(toCents(centre - reach)), 4, height - 3, 'left');
  const [bid, ask] = [toCents(bids[0]?.price ?? asks[0].price), toCents(asks[0]?.price ?? bids[0].price)];
  drawNote(ctx, formatMidpoint(bid, ask), width / 2, height - 3, 'center');
  drawNote(ctx, formatCents(toCents(centre + reach)), width - 4, height - 3, 'right');
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
