// The GAN view: D's output as a heatmap under the real (green) and generated (purple)
// points, D(real), D(G(z)) and both losses over the epochs, and the lines the host prints.
import { column, diverging, drawChart, drawHeatmap, drawPoints } from './plot.js';

const $ = (sel) => document.querySelector(sel);
const heat = diverging([196, 168, 236], [150, 214, 160]);

export function reset(_root, values) {
  for (const id of ['#gan-lines', '#gan-csv']) $(id).value = '';
  $('#gan-command').textContent = '';
  $('#gan-plane').getContext('2d').clearRect(0, 0, 1e4, 1e4);
  $('#gan-summary').textContent = `data ${values.data}, seed ${values.seed}`;
}

export function render(f, values) {
  const ctx = $('#gan-plane').getContext('2d');
  drawHeatmap(ctx, f.heat, f.n, f.n, heat);
  drawPoints(ctx, f.data, f.box, 'rgba(20, 110, 40, 0.55)', { radius: 1.5 });
  drawPoints(ctx, f.generated, f.box, 'rgba(110, 50, 190, 0.8)', { radius: 1.5 });
  drawChart($('#gan-chart-d').getContext('2d'), [
    { label: 'D(real)', colour: '#1a7f37', values: column(f.history, 4, 0) },
    { label: 'D(G(z))', colour: '#8250df', values: column(f.history, 4, 1) },
  ], { lo: 0, hi: 1 });
  drawChart($('#gan-chart-loss').getContext('2d'), [
    { label: 'D loss', colour: '#0969da', values: column(f.history, 4, 2) },
    { label: 'G loss', colour: '#cf222e', values: column(f.history, 4, 3) },
  ], { lo: 0 });
  const last = f.history.length ? Array.from(f.history.slice(-4)) : null;
  $('#gan-stats').textContent = last
    ? `D(real) ${last[0].toFixed(3)}, D(G(z)) ${last[1].toFixed(3)}, D loss ${last[2].toFixed(3)}, G loss ${last[3].toFixed(3)}`
    : 'not trained yet';
  $('#gan-progress').textContent = `epoch ${f.epoch} of ${f.epochs}` + (f.manual ? `, plus ${f.manual} single steps` : '');
  $('#gan-lines').value = f.lines;
  $('#gan-csv').value = f.epoch > 0 ? f.csv : '';
  $('#gan-command').textContent = f.manual
    ? 'Single D or G steps were taken by hand: no host command gives these lines.'
    : f.epoch > 0
      ? `The same bytes: tinygen gan --data ${values.data} --seed ${values.seed} --epochs ${f.epoch} ` +
        `--d-steps ${values.d_steps} --g-steps ${values.g_steps} --lr ${values.lr} --log epochs.csv`
      : '';
}
