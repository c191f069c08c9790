/**
 * Line styles for runs: a tuner always has its method colour (`viz.methodColor`); several runs
 * of one tuner (a γ_max grid, several batch sizes) keep that colour and differ by dash. Constant
 * step sizes get a palette ordered by η: viridis when only constant runs are shown (the EOS
 * figure), shades of grey when they are baselines next to tuners.
 */
import { etaColors, methodColor } from '../viz/colors';
import { RunLike } from './run-like';

/** Colour and dash of one run's line. */
export interface LineStyle {
  readonly color: string;
  readonly dash: string;
}

const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];

/** Grey shades from light (small η) to dark (large η). */
function greys(etas: readonly number[]): string[] {
  const logs = etas.map(Math.log10);
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  return logs.map((l) => {
    const v = Math.round(190 - 150 * (hi > lo ? (l - lo) / (hi - lo) : 1));
    return `rgb(${v},${v},${v})`;
  });
}

/**
 * Styles for a set of runs, keyed by label.
 * @example const style = runStyles(runs).get(runs[0].label)!; // { color: '#0072b2', dash: 'solid' }
 */
export function runStyles(runs: readonly RunLike[]): Map<string, LineStyle> {
  const out = new Map<string, LineStyle>();
  const constants = runs.filter((r) => Number.isFinite(r.eta));
  const etas = [...new Set(constants.map((r) => r.eta as number))].sort((a, b) => a - b);
  const palette = constants.length === runs.length ? etaColors(etas) : greys(etas);
  for (const r of constants) out.set(r.label, { color: palette[etas.indexOf(r.eta as number)], dash: 'solid' });
  const perMethod = new Map<string, number>();
  for (const r of runs) {
    if (out.has(r.label)) continue;
    const k = perMethod.get(r.method) ?? 0;
    perMethod.set(r.method, k + 1);
    out.set(r.label, { color: methodColor(r.method), dash: DASHES[k % DASHES.length] });
  }
  return out;
}
