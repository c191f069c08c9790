/**
 * The experiment size presets and how one is chosen: `$SHARPNESS_LAB_SCALE` (set by the headless
 * notebook runner, `npm run reproduce`/`figures`/`claims`), else a fallback. The numbers behind
 * each preset are in src/experiments/scale.ts.
 */

/** Experiment size presets, from seconds (CI) to the paper's full runs. */
export type ScalePreset = 'smoke' | 'default' | 'paper';

/** Every preset, smallest first. */
export const SCALE_PRESETS: readonly ScalePreset[] = ['smoke', 'default', 'paper'];

/** The scale whose run records and figures the repository commits as evidence (runs/, figures/). */
export const PUBLISHED_SCALE: ScalePreset = 'default';

/** The environment variable that chooses the scale. */
export const SCALE_ENV = 'SHARPNESS_LAB_SCALE';

/**
 * `$SHARPNESS_LAB_SCALE`, else `fallback`.
 * @throws Error for a value that is not a preset.
 * @example const scale = experiments.experimentScale(notebook.scaleFromEnv());
 */
export function scaleFromEnv(fallback: ScalePreset = PUBLISHED_SCALE): ScalePreset {
  const v = process.env[SCALE_ENV];
  if (v === undefined || v === '') return fallback;
  if (!(SCALE_PRESETS as readonly string[]).includes(v)) {
    throw new Error(`${SCALE_ENV} must be one of ${SCALE_PRESETS.join('|')}, got '${v}'`);
  }
  return v as ScalePreset;
}
