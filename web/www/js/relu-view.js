// The Dead-ReLU view: the same classifier with ReLU and with ELU hidden units, side by side;
// one small map per hidden unit (its activation over the plane), dead units crossed out in
// red and counted, and the counts over the epochs.
import { column, diverging, drawChart, drawHeatmap, drawPoints } from './plot.js';

const $ = (sel) => document.querySelector(sel);
const out = diverging([240, 170, 120], [120, 170, 240]);
const TILE = 34;
const GAP = 4;
const LABEL = 14;
/** Learning rates the slider steps through: the study's, and some between. */
export const RATES = ['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1', '1.5', '2', '3'];

export function reset(root, values) {
  const slider = $('#relu-lr-slider');
  let i = RATES.indexOf(values.lr);
  if (i < 0) i = RATES.findIndex((r) => Number(r) >= Number(values.lr));
  slider.value = String(i < 0 ? RATES.length - 1 : i);
  showLr(values.lr);
  slider.oninput = () => showLr(RATES[slider.value]);
  slider.onchange = () => {
    const input = root.querySelector('[data-setting=lr]');
    input.value = RATES[slider.value];
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
}

export function showLr(lr) {
  $('#relu-lr-value').textContent = lr;
}

export function render(f) {
  for (const name of ['relu', 'elu']) panel(name, f[name], f);
  $('#relu-csv').value = f.csv;
  const counts = [f.relu, f.elu].flatMap((s) => [...column(s.history, 4, 0), ...column(s.history, 4, 1)]);
  drawChart($('#relu-chart').getContext('2d'), [
    { label: 'ReLU layer 1', colour: '#cf222e', values: column(f.relu.history, 4, 0) },
    { label: 'ReLU layer 2', colour: '#fa8c8c', values: column(f.relu.history, 4, 1) },
    { label: 'ELU layer 1', colour: '#0969da', values: column(f.elu.history, 4, 0) },
    { label: 'ELU layer 2', colour: '#80b3f0', values: column(f.elu.history, 4, 1) },
  ], { lo: 0, hi: Math.max(4, ...counts), title: 'dead units', xLabel: `epoch ${Math.max(f.relu.epoch, f.elu.epoch)}` });
}

function panel(name, s, f) {
  const ctx = $(`#${name}-output`).getContext('2d');
  drawHeatmap(ctx, s.output, 40, 40, out);
  drawPoints(ctx, f.data, f.box, 'rgba(160, 60, 0, 0.7)', { stride: 3, radius: 1, pick: (p, i) => p[i + 2] < 0.5 });
  drawPoints(ctx, f.data, f.box, 'rgba(0, 50, 160, 0.7)', { stride: 3, radius: 1, pick: (p, i) => p[i + 2] > 0.5 });
  const units = $(`#${name}-units`).getContext('2d');
  units.fillStyle = '#fff';
  units.fillRect(0, 0, units.canvas.width, units.canvas.height);
  const cells = 16 * 16;
  let dead = [0, 0];
  for (let u = 0; u < 64; u++) {
    const layer = u < 32 ? 0 : 1;
    const [col, row] = [u % 8, Math.floor((u % 32) / 8) + layer * 4];
    const x = col * (TILE + GAP);
    const y = row * (TILE + GAP) + (layer + 1) * LABEL;
    const map = s.maps.subarray(u * cells, (u + 1) * cells);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of map) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // Each unit on its own scale; a flat map (a unit that is the same everywhere) is grey.
    const span = hi - lo;
    const colour = span > 1e-6 ? (v) => shade((v - lo) / span) : () => [200, 200, 200];
    drawHeatmap(units, map, 16, 16, colour, [x, y, TILE, TILE]);
    if (s.dead[u]) {
      dead[layer] += 1;
      units.strokeStyle = '#cf222e';
      units.lineWidth = 2;
      units.strokeRect(x + 1, y + 1, TILE - 2, TILE - 2);
      units.beginPath();
      units.moveTo(x + 3, y + 3);
      units.lineTo(x + TILE - 3, y + TILE - 3);
      units.stroke();
    }
  }
  units.fillStyle = '#333';
  units.font = '11px sans-serif';
  units.fillText('hidden layer 1', 0, 11);
  units.fillText('hidden layer 2', 0, 4 * (TILE + GAP) + LABEL + 11);
  const h = s.history;
  const n = h.length / 4 - 1;
  $(`#${name}-stats`).textContent =
    `epoch ${s.epoch} of ${f.epochs}: dead units ${dead[0]}/32 in layer 1, ${dead[1]}/32 in layer 2; ` +
    `accuracy ${h[4 * n + 2].toFixed(3)}, loss ${h[4 * n + 3].toFixed(3)}` + (s.diverged ? ` — ${s.diverged}` : '');
  $(`#${name}-stats`).dataset.dead = String(dead[0] + dead[1]);
}

function shade(t) {
  const v = Math.round(255 - 200 * t);
  return [v, v, 255 - Math.round(90 * t)];
}
