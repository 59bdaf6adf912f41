// The page: which view is shown, its settings in the URL, the worker that trains, and the
// frame rate. Each view draws itself (gan-view.js, nce-view.js, relu-view.js).
import { SPECS, parseHash, toHash } from './params.js';
import * as ganView from './gan-view.js';
import * as nceView from './nce-view.js';
import * as reluView from './relu-view.js';

const VIEWS = { gan: ganView, nce: nceView, relu: reluView };
const $ = (sel, root = document) => root.querySelector(sel);

const state = { view: null, values: null, playing: false, done: false, pending: null, drawn: 0, fps: new FrameRate() };
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

worker.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'frame') {
    if (msg.view !== state.view) return;
    state.playing = msg.playing;
    const f = msg.frame;
    state.done = f.done;
    if (!state.pending) requestAnimationFrame(draw);
    state.pending = f;
  } else if (msg.type === 'failed') {
    state.playing = false;
    showStatus(`stopped: ${msg.message}`, true);
    syncButtons();
  } else if (msg.type === 'lines') {
    VIEWS.nce.showLines(msg.text, msg.epoch, msg.epochs, msg.command);
  } else if (msg.type === 'bench') {
    window.__tinygen.bench = msg;
  }
};
worker.onerror = (e) => showStatus(`the worker failed: ${e.message}`, true);

function draw() {
  const f = state.pending;
  state.pending = null;
  if (!f) return;
  VIEWS[state.view].render(f, state.values);
  state.drawn += 1;
  if (state.playing) state.fps.tick(performance.now());
  $('#fps').textContent = state.playing ? `${state.fps.rate().toFixed(0)} frames/s` : '';
  const v = $(`#view-${state.view}`);
  v.dataset.epoch = f.epoch ?? Math.min(f.relu.epoch, f.elu.epoch);
  v.dataset.done = state.done ? '1' : '0';
  syncButtons();
}

/** Frames drawn per second over the last second, and over the whole time played. */
function FrameRate() {
  const times = [];
  let total = 0;
  let first = null;
  let last = null;
  return {
    tick(t) {
      times.push(t);
      while (times.length && t - times[0] > 1000) times.shift();
      total += 1;
      first ??= t;
      last = t;
    },
    rate: () => times.length,
    average: () => (total > 1 ? ((total - 1) * 1000) / (last - first) : 0),
    reset() {
      times.length = 0;
      total = 0;
      first = last = null;
    },
  };
}

function showStatus(text, isError = false) {
  const el = $(`#view-${state.view} .status`);
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function showNotes(notes) {
  const el = $('#notes');
  el.hidden = notes.length === 0;
  el.textContent = notes.length ? `Some settings in the link were changed: ${notes.join('; ')}.` : '';
}

function syncButtons() {
  const play = $(`#view-${state.view} [data-action=play]`);
  if (play) {
    play.textContent = state.playing ? 'Pause' : 'Play';
    play.disabled = state.done && !state.playing;
  }
}

/** Reads the hash, fills the controls and starts a fresh run of the view it names. */
function load() {
  const { view, values, notes } = parseHash(location.hash);
  showNotes(notes);
  state.view = view;
  state.values = values;
  state.playing = false;
  state.done = false;
  state.fps.reset();
  for (const name of Object.keys(VIEWS)) $(`#view-${name}`).hidden = name !== view;
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view);
  const root = $(`#view-${view}`);
  for (const [name, value] of Object.entries(values)) {
    const input = root.querySelector(`[data-setting=${name}]`);
    if (input) input.value = value;
  }
  VIEWS[view].reset(root, values);
  showStatus('');
  worker.postMessage({ type: 'start', view, values });
}

/** The settings in the controls of the shown view, into the URL (which restarts the run). */
function apply() {
  const root = $(`#view-${state.view}`);
  const values = { ...state.values };
  for (const name of Object.keys(SPECS[state.view])) {
    const input = root.querySelector(`[data-setting=${name}]`);
    if (input) values[name] = input.value.trim();
  }
  const hash = toHash(state.view, values);
  if (hash === location.hash) load();
  else location.hash = hash;
}

window.addEventListener('hashchange', load);

document.addEventListener('click', (e) => {
  const nav = e.target.closest('nav a');
  if (nav) {
    e.preventDefault();
    location.hash = toHash(nav.dataset.view, {});
    return;
  }
  const action = e.target.closest('[data-action]')?.dataset.action;
  if (!action) return;
  switch (action) {
    case 'play':
      state.playing = !state.playing;
      if (state.playing) state.fps.reset();
      worker.postMessage({ type: state.playing ? 'play' : 'pause' });
      syncButtons();
      break;
    case 'dstep':
    case 'gstep':
      if (state.playing) worker.postMessage({ type: 'pause' });
      worker.postMessage({ type: action });
      break;
    case 'restart':
      apply();
      break;
    case 'draw':
      worker.postMessage({ type: 'draw', n: 100 });
      break;
  }
});

document.addEventListener('change', (e) => {
  const name = e.target.dataset?.setting;
  if (!name) return;
  if (name === 'speed') {
    state.values.speed = e.target.value;
    history.replaceState(null, '', toHash(state.view, state.values));
    worker.postMessage({ type: 'speed', value: e.target.value });
  } else if (state.view === 'relu' && name === 'lr') {
    // The learning rate changes the runs from here on, without restarting them.
    state.values.lr = e.target.value;
    history.replaceState(null, '', toHash(state.view, state.values));
    worker.postMessage({ type: 'lr', value: e.target.value });
  } else {
    apply();
  }
});

document.addEventListener('input', (e) => {
  if (e.target.dataset?.setting === 'lr' && state.view === 'relu') reluView.showLr(e.target.value);
});

/** For tests and the curious: frame rates and a GAN speed measurement in the worker. */
window.__tinygen = {
  averageFps: () => state.fps.average(),
  framesDrawn: () => state.drawn,
  bench: null,
  runBench: (epochs) => worker.postMessage({ type: 'bench', epochs }),
};

load();
