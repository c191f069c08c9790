/**
 * Notebook parameters. The headless runner (jupyter/run_notebooks.py) passes them as
 * environment variables, which the kernel inherits; interactive sessions get defaults.
 */

/** Experiment size presets, from seconds (CI) to the paper's full runs. */
export type ScalePreset = 'smoke' | 'default' | 'paper';

const SCALES: readonly ScalePreset[] = ['smoke', 'default', 'paper'];

/** The scale whose run records and figures the repository commits as evidence (runs/, figures/). */
export const PUBLISHED_SCALE: ScalePreset = 'default';

/** `$SHARPNESS_LAB_SCALE` (set by `run_notebooks.py --scale`), else `fallback`. */
export function notebookScale(fallback: ScalePreset = 'default'): ScalePreset {
  const v = process.env.SHARPNESS_LAB_SCALE;
  if (v === undefined || v === '') return fallback;
  if (!(SCALES as readonly string[]).includes(v)) {
    throw new Error(`SHARPNESS_LAB_SCALE must be one of ${SCALES.join('|')}, got '${v}'`);
  }
  return v as ScalePreset;
}

/** A string parameter from the environment (`--env KEY=VALUE` in the runner). */
export function envParam(name: string, fallback: string): string {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : v;
}

/** A numeric parameter from the environment; throws on a non-numeric value. */
export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${v}'`);
  return n;
}
