// Drawing on a canvas: heatmaps over the plane, points, and line charts. Plain 2-D canvas,
// no library; every function redraws what it is given.

/** Maps a value in [0, 1] to a colour from `lo` (at 0) through white (0.5) to `hi` (at 1). */
export function diverging(lo, hi) {
  return (v) => {
    const t = Math.min(1, Math.max(0, v));
    const [from, to, s] = t < 0.5 ? [lo, [255, 255, 255], t * 2] : [[255, 255, 255], hi, (t - 0.5) * 2];
    return [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * s));
  };
}

const scratch = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;

/** `values` (nx × ny, row by row from the top) scaled to fill `ctx`'s rectangle `rect`. */
export function drawHeatmap(ctx, values, nx, ny, colour, rect = [0, 0, ctx.canvas.width, ctx.canvas.height]) {
  const canvas = scratch || document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const c = canvas.getContext('2d');
  const img = c.createImageData(nx, ny);
  for (let i = 0; i < nx * ny; i++) {
    const [r, g, b] = colour(values[i]);
    img.data.set([r, g, b, 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(canvas, ...rect);
}

/** A function from plane coordinates to pixels of a `w × h` canvas for `box` = [x0,x1,y0,y1]. */
export function projector(box, w, h) {
  const [x0, x1, y0, y1] = box;
  return (x, y) => [((x - x0) / (x1 - x0)) * w, ((y1 - y) / (y1 - y0)) * h];
}

/** Flat `[x, y, …]` points (`stride` values each) as dots; `pick(i)` may skip or colour one. */
export function drawPoints(ctx, flat, box, style, { stride = 2, radius = 2, pick = null } = {}) {
  const to = projector(box, ctx.canvas.width, ctx.canvas.height);
  ctx.fillStyle = style;
  for (let i = 0; i + 1 < flat.length; i += stride) {
    if (pick && !pick(flat, i)) continue;
    const [px, py] = to(flat[i], flat[i + 1]);
    ctx.fillRect(px - radius, py - radius, 2 * radius, 2 * radius);
  }
}

/** Line chart of `series` = [{label, colour, values}] over epochs 1..n, y in [lo, hi] (or fitted);
 * `xLabel` replaces the "epoch n" under its right end. */
export function drawChart(ctx, series, { lo = null, hi = null, title = '', xLabel = null } = {}) {
  const { width: w, height: h } = ctx.canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  const all = series.flatMap((s) => Array.from(s.values).filter(Number.isFinite));
  const ymin = lo ?? Math.min(0, ...all);
  let ymax = hi ?? Math.max(1e-6, ...all);
  if (ymax <= ymin) ymax = ymin + 1;
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const [left, right, top, bottom] = [34, 6, 16, 14];
  const X = (i) => left + (i / (n - 1)) * (w - left - right);
  const Y = (v) => top + (1 - (v - ymin) / (ymax - ymin)) * (h - top - bottom);
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(left, top, w - left - right, h - top - bottom);
  ctx.fillStyle = '#555';
  ctx.font = '10px sans-serif';
  ctx.fillText(fmt(ymax), 2, top + 8);
  ctx.fillText(fmt(ymin), 2, h - bottom);
  ctx.fillText(xLabel ?? `epoch ${Math.max(0, ...series.map((s) => s.values.length))}`, w - 70, h - 2);
  let lx = left + 4;
  ctx.fillText(title, lx, 11);
  lx += ctx.measureText(title).width + 8;
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(X(i), Y(v)) : ctx.lineTo(X(i), Y(v))));
    ctx.stroke();
    ctx.fillStyle = s.colour;
    ctx.fillText(s.label, lx, 11);
    lx += ctx.measureText(s.label).width + 8;
  }
}

function fmt(v) {
  return Math.abs(v) >= 100 ? v.toExponential(1) : v.toFixed(2);
}

/** Every `stride`-th value of `flat` starting at `offset`: one series of a flat history. */
export function column(flat, stride, offset) {
  const out = new Float32Array(Math.floor(flat.length / stride));
  for (let i = 0; i < out.length; i++) out[i] = flat[i * stride + offset];
  return out;
}
