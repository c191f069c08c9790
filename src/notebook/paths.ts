/**
 * Project-root-relative paths. Notebook kernels run with cwd = notebooks/, scripts with
 * cwd = the root, tests anywhere: so paths are resolved from this file's location first.
 */
import * as path from 'path';
import { findProjectRoot } from '../util/project-root';
import { notebookScale, PUBLISHED_SCALE, ScalePreset } from './params';

/**
 * The project root: the nearest ancestor (of this module, else of the cwd) whose
 * package.json is named `sharpness-lab`. Falls back to the cwd.
 */
export function projectRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    try {
      return findProjectRoot(start);
    } catch {
      // not inside the project from here; try the next start
    }
  }
  return process.cwd();
}

/** Set by `npm run figures` at the published scale: only then do figures land in the committed `figures/`. */
export const PUBLISH_FIGURES_ENV = 'SHARPNESS_LAB_PUBLISH_FIGURES';

/**
 * Where figures go: `$SHARPNESS_LAB_FIGURES_DIR` when set; the committed `figures/` only when
 * `npm run figures` regenerates the published scale; otherwise the git-ignored `figures/<scale>/`,
 * so stepping through a notebook never rewrites the evidence.
 * @example figuresDir() // '/work/main/figures/smoke' in a notebook at smoke scale
 */
export function figuresDir(): string {
  return figuresDirFor(notebookScale(PUBLISHED_SCALE), process.env[PUBLISH_FIGURES_ENV] === '1');
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
