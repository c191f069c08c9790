/**
 * Notebook parameters. The headless runner (jupyter/run_notebooks.py) passes them as
 * environment variables, which the kernel inherits; interactive sessions get defaults.
 * The scale itself is `scaleFromEnv` (src/config/scale-preset.ts), re-exported by this folder.
 */

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
