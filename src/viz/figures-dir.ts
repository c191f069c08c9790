/**
 * Where figures go. Only `npm run figures` at the published scale writes the committed
 * `figures/`; a notebook stepped through by hand, or any other scale, writes the git-ignored
 * `figures/<scale>/`, so exploring never rewrites the evidence.
 */
import * as path from 'path';
import { PUBLISHED_SCALE, ScalePreset, scaleFromEnv } from '../config/scale-preset';
import { projectRoot } from '../util/project-root';

/** Set by `npm run figures` at the published scale: only then do figures land in the committed `figures/`. */
export const PUBLISH_FIGURES_ENV = 'SHARPNESS_LAB_PUBLISH_FIGURES';

/**
 * `$SHARPNESS_LAB_FIGURES_DIR` when set, else the folder of the current scale (see the header).
 * @example figuresDir() // '/work/main/figures/smoke' in a notebook at smoke scale
 */
export function figuresDir(): string {
  return figuresDirFor(scaleFromEnv(PUBLISHED_SCALE), process.env[PUBLISH_FIGURES_ENV] === '1');
}

/**
 * The figures folder of a scale (what `figuresDir()` gives in a kernel with that scale), for tools
 * outside the kernel such as `npm run figures`.
 * @param publish whether this is the publishing command (only then, at the published scale, `figures/`).
 */
export function figuresDirFor(scale: ScalePreset, publish: boolean): string {
  const env = process.env.SHARPNESS_LAB_FIGURES_DIR;
  if (env) return path.resolve(env);
  return publish && scale === PUBLISHED_SCALE ? path.join(projectRoot(), 'figures') : path.join(projectRoot(), 'figures', scale);
}
