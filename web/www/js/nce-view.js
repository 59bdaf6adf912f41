// The NCE view: the classifier's c(x) as a heatmap, the data (green), the noise proposals
// (grey) and those the rejection sampler accepts (dark blue), with the loss, the acceptance
// rate and the held-out accuracies as training goes; "draw 100 samples" prints the host's lines.
import { column, diverging, drawChart, drawHeatmap, drawPoints } from './plot.js';

const $ = (sel) => document.querySelector(sel);
const heat = diverging([230, 230, 230], [120, 200, 140]);
let track = []; // per frame: [epoch, acceptance, held-out on data, on noise]

export function reset(_root, values) {
  track = [];
  $('#nce-lines').value = '';
  $('#nce-command').textContent = '';
  $('#nce-plane').getContext('2d').clearRect(0, 0, 1e4, 1e4);
  $('#nce-summary').textContent = `data ${values.data}, seed ${values.seed}`;
}

export function render(f) {
  const ctx = $('#nce-plane').getContext('2d');
  drawHeatmap(ctx, f.heat, f.n, f.n, heat);
  drawPoints(ctx, f.data, f.box, 'rgba(20, 110, 40, 0.5)', { radius: 1.2 });
  const accepted = (p, i) => p[i + 2] > 0.5;
  drawPoints(ctx, f.proposals, f.box, 'rgba(90, 90, 90, 0.35)', { stride: 3, radius: 1, pick: (p, i) => !accepted(p, i) });
  drawPoints(ctx, f.proposals, f.box, 'rgba(10, 40, 160, 0.9)', { stride: 3, radius: 1.8, pick: accepted });
  let acc = 0;
  for (let i = 2; i < f.proposals.length; i += 3) acc += f.proposals[i];
  const rate = acc / Math.max(1, f.proposals.length / 3);
  if (!track.length || track[track.length - 1][0] !== f.epoch) track.push([f.epoch, rate, f.heldOut[0], f.heldOut[1]]);
  const flat = track.flat();
  drawChart($('#nce-chart-loss').getContext('2d'), [
    { label: 'loss', colour: '#0969da', values: column(f.history, 2, 0) },
    { label: 'train accuracy', colour: '#1a7f37', values: column(f.history, 2, 1) },
  ], { lo: 0, hi: 1 });
  drawChart($('#nce-chart-sampler').getContext('2d'), [
    { label: 'acceptance', colour: '#0a28a0', values: column(flat, 4, 1) },
    { label: 'held-out data', colour: '#1a7f37', values: column(flat, 4, 2) },
    { label: 'held-out noise', colour: '#6e7781', values: column(flat, 4, 3) },
  ], { lo: 0, hi: 1, title: 'sampler', xLabel: `epoch ${f.epoch}` });
  $('#nce-progress').textContent = `epoch ${f.epoch} of ${f.epochs}`;
  $('#nce-stats').textContent =
    `acceptance ${(100 * rate).toFixed(1)} % of ${f.proposals.length / 3} proposals; ` +
    `held-out accuracy: data ${f.heldOut[0].toFixed(3)}, noise ${f.heldOut[1].toFixed(3)}`;
}

/** The lines of "draw 100 samples", and the host command that prints the same bytes (from the
 * session itself: NceSession::host_command in web/src/nce.rs). */
export function showLines(text, epoch, epochs, command) {
  $('#nce-lines').value = text;
  $('#nce-command').textContent = text.startsWith('# ')
    ? 'No samples: the classifier has not learned to tell data from noise (the host exits with status 1 here).'
    : epoch === epochs
    ? `The same bytes: ${command}`
    : `Drawn after epoch ${epoch} of ${epochs}: the learning rate falls over the whole run, so only the finished run matches a host command.`;
}
