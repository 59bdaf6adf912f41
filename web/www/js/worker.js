// The Web Worker that trains: it owns the wasm sessions, trains between frames and posts
// what the page draws, so the page stays responsive while it trains.
import init, { GanSession, NceSession, ReluSession } from '../pkg/tinygen_web.js';

const ready = init();
/** Time between frames while playing, and the training budget of a frame at speed "max". */
const FRAME_MS = 50;
const BUDGET_MS = 35;
const HEAT = 48;

let run = null; // { view, sessions, playing, speed, timer }

self.onmessage = async (e) => {
  await ready;
  try {
    handle(e.data);
  } catch (err) {
    fail(err);
  }
};

function fail(err) {
  if (run) run.playing = false;
  self.postMessage({ type: 'failed', message: String(err && err.message ? err.message : err) });
}

function handle(msg) {
  switch (msg.type) {
    case 'start':
      stop();
      run = { view: msg.view, sessions: create(msg.view, msg.values), playing: false, speed: msg.values.speed };
      post(false);
      break;
    case 'play':
      if (run && !run.playing) {
        run.playing = true;
        schedule(0);
      }
      break;
    case 'pause':
      if (run) run.playing = false;
      post(false);
      break;
    case 'speed':
      if (run) run.speed = msg.value;
      break;
    case 'dstep':
      run.sessions.gan.d_step();
      post(false);
      break;
    case 'gstep':
      run.sessions.gan.g_step();
      post(false);
      break;
    case 'draw': {
      // Before the classifier has learned, the host refuses to print; so does the page.
      const nce = run.sessions.nce;
      self.postMessage({
        type: 'lines',
        text: safe(() => nce.sample_lines(msg.n)),
        epoch: nce.epoch(),
        epochs: nce.epochs(),
        command: nce.host_command(msg.n),
      });
      break;
    }
    case 'lr':
      for (const s of Object.values(run.sessions)) s.set_lr(msg.value);
      break;
    case 'bench':
      self.postMessage({ type: 'bench', ...bench(msg.epochs) });
      break;
  }
}

function create(view, v) {
  const epochs = (x) => (x === '' ? 0 : Number(x));
  switch (view) {
    case 'gan':
      return { gan: new GanSession(v.data, v.seed, epochs(v.epochs), Number(v.d_steps), Number(v.g_steps), v.lr) };
    case 'nce':
      // No epochs given (0): the data set's own default, as the host chooses it.
      return { nce: new NceSession(v.data, v.seed, epochs(v.epochs), v.lr) };
    case 'relu':
      return { relu: new ReluSession('relu', v.seed, v.lr), elu: new ReluSession('elu', v.seed, v.lr), epochs: Number(v.epochs) };
  }
  throw new Error(`unknown view ${view}`);
}

function stop() {
  if (run) {
    run.playing = false;
    clearTimeout(run.timer);
    for (const s of Object.values(run.sessions)) if (s && s.free) s.free();
  }
  run = null;
}

function schedule(ms) {
  clearTimeout(run.timer);
  run.timer = setTimeout(tick, ms);
}

/** Trains one frame's worth, posts the frame, and schedules the next one. */
function tick() {
  if (!run || !run.playing) return;
  const start = performance.now();
  const perFrame = run.speed === 'max' ? Infinity : Number(run.speed);
  let trained = 0;
  let more = true;
  try {
    while (more && trained < perFrame && (trained === 0 || performance.now() - start < BUDGET_MS)) {
      more = trainOne();
      trained += 1;
    }
  } catch (err) {
    fail(err);
    post(false);
    return;
  }
  if (!more) run.playing = false;
  post(run.playing);
  if (run.playing) schedule(Math.max(0, FRAME_MS - (performance.now() - start)));
}

/** One epoch of the view's run; false when the run is over. */
function trainOne() {
  const s = run.sessions;
  switch (run.view) {
    case 'gan':
      s.gan.train_epochs(1);
      break;
    case 'nce':
      s.nce.train_epochs(1);
      break;
    case 'relu':
      for (const x of [s.relu, s.elu]) if (going(x)) x.train_epochs(1);
      break;
  }
  return !finished();
}

/** True when the run has trained all its epochs (a Dead ReLU run: or diverged). */
function finished() {
  const s = run.sessions;
  switch (run.view) {
    case 'gan':
      return s.gan.epoch() >= s.gan.epochs();
    case 'nce':
      return s.nce.epoch() >= s.nce.epochs();
    default:
      return !going(s.relu) && !going(s.elu);
  }
}

/** A Dead ReLU session that has epochs left and has not diverged. */
function going(x) {
  return x.diverged() === '' && x.epoch() < run.sessions.epochs;
}

/** Posts what the page draws now; arrays are transferred, not copied. */
function post(playing) {
  if (!run) return;
  const s = run.sessions;
  let frame;
  if (run.view === 'gan') {
    const g = s.gan;
    frame = {
      epoch: g.epoch(), epochs: g.epochs(), manual: g.manual_steps(), box: g.view_box(), data: g.data_points(),
      generated: g.generated(500), heat: g.d_heatmap(HEAT, HEAT), n: HEAT, history: g.history(),
      lines: g.epoch() > 0 || g.manual_steps() > 0 ? safe(() => g.sample_lines(100)) : '', csv: g.epoch_csv(),
    };
  } else if (run.view === 'nce') {
    const n = s.nce;
    frame = {
      epoch: n.epoch(), epochs: n.epochs(), box: n.view_box(), data: n.data_points(), heat: n.c_heatmap(HEAT, HEAT),
      n: HEAT, proposals: n.proposals(1500), heldOut: n.held_out_accuracy(), history: n.history(),
    };
  } else {
    const one = (x) => ({
      epoch: x.epoch(), diverged: x.diverged(), maps: x.unit_maps(16), dead: x.dead(), history: x.history(),
      output: x.output_map(40),
    });
    frame = {
      epochs: s.epochs, box: s.relu.view_box(), data: s.relu.data_points(), relu: one(s.relu), elu: one(s.elu),
      csv: s.relu.epoch_csv(true) + s.elu.epoch_csv(false),
    };
  }
  frame.done = finished();
  self.postMessage({ type: 'frame', view: run.view, playing, frame });
}

/** A call whose failure is shown as text (a diverged run has no lines). */
function safe(f) {
  try {
    return f();
  } catch (err) {
    return `# ${err}`;
  }
}

/** Times `epochs` epochs of the default GAN (`tinygen gan`, seed 42) in this worker. */
function bench(epochs) {
  const g = new GanSession('moons', '42', epochs, 1, 1, '0.001');
  g.train_epochs(1); // warm-up: the first call compiles and touches every page
  const t0 = performance.now();
  g.train_epochs(epochs - 1);
  const ms = performance.now() - t0;
  g.free();
  return { ms, epochs: epochs - 1, msPerEpoch: ms / (epochs - 1) };
}
