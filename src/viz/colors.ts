/**
 * One colour per step-size method across all notebooks, and a sequential palette for
 * grids of step sizes η. Colours are from the Okabe–Ito colour-blind-safe set.
 */

/** Fixed colours of the methods compared in the paper (keys are normalised names). */
export const METHOD_COLORS: Readonly<Record<string, string>> = {
  constant: '#4d4d4d',
  'armijo-optax': '#0072b2',
  'armijo-sls': '#56b4e9',
  polyak: '#009e73',
  'cdat-1': '#e69f00',
  'cdat-2': '#d55e00',
  oracle: '#cc79a7',
};

/** Colours for methods not listed above, picked by a stable hash of the name. */
const FALLBACK = ['#8c564b', '#17becf', '#bcbd22', '#7f7f7f', '#9467bd', '#e377c2', '#2ca02c'];

/** Lower-case, spaces/underscores to dashes: 'Armijo_SLS' and 'armijo sls' match. */
export function normalizeMethod(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The colour of a method, e.g. `methodColor('polyak')`. Unknown names get a stable colour
 * from a fallback palette (the same name always gets the same colour).
 */
export function methodColor(name: string): string {
  const key = normalizeMethod(name);
  return METHOD_COLORS[key] ?? FALLBACK[fnv1a(key) % FALLBACK.length];
}

/** Viridis anchor colours (0 → dark purple, 1 → yellow). */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89',
  '#35b779', '#6ece58', '#b5de2b', '#fde725'];

const hex = (c: string, i: number) => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);

/**
 * A colour of the sequential (viridis) palette at t in [0, 1]; t is mapped into
 * [0, 0.8] because viridis' light yellow-greens are hard to read on white.
 */
export function sequentialColor(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * 0.8 * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - i;
  const ch = [0, 1, 2].map((k) => Math.round(hex(VIRIDIS[i], k) * (1 - f) + hex(VIRIDIS[i + 1], k) * f));
  return '#' + ch.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** `n` evenly spaced sequential colours (for a grid of n settings). */
export function sequentialPalette(n: number): string[] {
  return Array.from({ length: n }, (_, i) => sequentialColor(n === 1 ? 0 : i / (n - 1)));
}

/**
 * Colours for a grid of step sizes, aligned with `etas`: placed on a log scale between
 * the smallest and largest η, so a colour means the same η across figures of one grid.
 */
export function etaColors(etas: readonly number[]): string[] {
  const logs = etas.map((e) => Math.log10(e));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  return logs.map((l) => sequentialColor(hi > lo ? (l - lo) / (hi - lo) : 0));
}
