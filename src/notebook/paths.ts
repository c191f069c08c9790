/**
 * Project-root-relative paths. Notebook kernels run with cwd = notebooks/, scripts with
 * cwd = the root, tests anywhere: so paths are resolved from this file's location first.
 */
import * as path from 'path';
import { findProjectRoot } from '../util/project-root';

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

/** `figures/` under the project root, or `$SHARPNESS_LAB_FIGURES_DIR` when set. */
export function figuresDir(): string {
  const env = process.env.SHARPNESS_LAB_FIGURES_DIR;
  return env ? path.resolve(env) : path.join(projectRoot(), 'figures');
}
