// The settings of each view, read from and written to the URL's hash, so that a link
// reproduces a run. Anything out of range is clamped and anything unreadable falls back to
// its default; either way a note says so, and nothing throws.

/** The settings each view takes: name → spec. Defaults are the host command's. */
export const SPECS = {
  gan: {
    data: { kind: 'choice', options: ['moons', 'ring', 'grid'], def: 'moons' },
    seed: { kind: 'seed', def: '42' },
    epochs: { kind: 'int', min: 1, max: 10000, def: 100 },
    d_steps: { kind: 'int', min: 1, max: 50, def: 1 },
    g_steps: { kind: 'int', min: 1, max: 50, def: 1 },
    lr: { kind: 'number', min: 1e-5, max: 1, def: '0.001' },
    speed: { kind: 'choice', options: ['1', '5', 'max'], def: '1' },
  },
  nce: {
    data: { kind: 'choice', options: ['moons', 'ring', 'grid'], def: 'moons' },
    seed: { kind: 'seed', def: '42' },
    // Empty: the data set's default (300 for moons, 720 for the mixtures), as the host.
    epochs: { kind: 'int', min: 1, max: 10000, def: '' },
    // Empty: the data set's default (0.04, and 0.02 for the grid), as the host.
    lr: { kind: 'number', min: 1e-5, max: 1, def: '' },
    speed: { kind: 'choice', options: ['1', '5', 'max'], def: '5' },
  },
  relu: {
    seed: { kind: 'seed', def: '42' },
    epochs: { kind: 'int', min: 1, max: 1000, def: 50 },
    lr: { kind: 'number', min: 0.001, max: 5, def: '0.5' },
    speed: { kind: 'choice', options: ['1', '5', 'max'], def: '1' },
  },
};

export const VIEWS = Object.keys(SPECS);
const U64_MAX = 18446744073709551615n;

/** One value checked against its spec: `[value, note or null]`. Values stay text. */
export function checkValue(name, spec, raw) {
  if (raw === undefined || raw === null || raw === '') return [String(spec.def), null];
  const text = String(raw).trim();
  switch (spec.kind) {
    case 'choice':
      return spec.options.includes(text)
        ? [text, null]
        : [String(spec.def), `${name}: "${text}" is not one of ${spec.options.join(', ')}; using ${spec.def}`];
    case 'seed':
      if (/^\d{1,20}$/.test(text) && BigInt(text) <= U64_MAX) return [BigInt(text).toString(), null];
      return [String(spec.def), `${name}: "${text}" is not a whole number from 0 to 2^64-1; using ${spec.def}`];
    case 'int': {
      if (!/^-?\d+$/.test(text)) return [String(spec.def), `${name}: "${text}" is not a whole number; using the default`];
      const v = Number(text);
      const c = Math.min(spec.max, Math.max(spec.min, v));
      return c === v ? [String(v), null] : [String(c), `${name}: ${text} is out of ${spec.min}..${spec.max}; using ${c}`];
    }
    case 'number': {
      // The text itself goes to the core, which parses it as an f32 like the host's flags.
      const v = Number(text);
      if (!/^[0-9.eE+-]+$/.test(text) || !Number.isFinite(v)) {
        return [String(spec.def), `${name}: "${text}" is not a number; using ${spec.def === '' ? 'the default' : spec.def}`];
      }
      if (v < spec.min || v > spec.max) {
        const c = String(Math.min(spec.max, Math.max(spec.min, v)));
        return [c, `${name}: ${text} is out of ${spec.min}..${spec.max}; using ${c}`];
      }
      return [text, null];
    }
    default:
      return [String(spec.def), null];
  }
}

/** The view and its settings from a hash such as `#view=gan&seed=7`. */
export function parseHash(hash) {
  const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const notes = [];
  let view = params.get('view') || 'gan';
  if (!VIEWS.includes(view)) {
    notes.push(`view: "${view}" is not one of ${VIEWS.join(', ')}; showing gan`);
    view = 'gan';
  }
  const values = {};
  for (const [name, spec] of Object.entries(SPECS[view])) {
    const [v, note] = checkValue(name, spec, params.get(name));
    values[name] = v;
    if (note) notes.push(note);
  }
  for (const key of params.keys()) {
    if (key !== 'view' && !(key in SPECS[view])) notes.push(`${key}: not a setting of the ${view} view; ignored`);
  }
  return { view, values, notes };
}

/** The hash for `view` with `values`, defaults left out so links stay short. */
export function toHash(view, values) {
  const params = new URLSearchParams({ view });
  for (const [name, spec] of Object.entries(SPECS[view])) {
    const v = values[name];
    if (v !== undefined && v !== '' && String(v) !== String(spec.def)) params.set(name, v);
  }
  return '#' + params.toString();
}
