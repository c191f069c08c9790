/**
 * Where runs live: an explicit option, else `$SHARPNESS_LAB_RUNS`, else `<project root>/runs` (the
 * committed evidence) — except while a scale other than the published one is active
 * (`$SHARPNESS_LAB_SCALE=smoke|paper`, set by the notebook runner, `reproduce` and `claims`): those
 * runs go to the git-ignored `scratch/runs/<scale>/`, so exploring never touches the evidence.
 * Relative paths are taken from the project root, not the cwd, so a notebook (cwd notebooks/) and
 * the CLI (cwd anywhere) find the same runs.
 */
import * as path from 'path';
import { findProjectRoot } from '../util/project-root';
import { scaleFromEnv, PUBLISHED_SCALE } from '../config/scale-preset';

/** The environment variable that overrides the runs folder. */
export const RUNS_ENV = 'SHARPNESS_LAB_RUNS';

/**
 * The absolute runs folder.
 * @param root an explicit folder (absolute, or relative to the project root); wins over the env.
 * @returns e.g. `/work/main/runs`.
 * @throws Error when a relative or default path is needed but the project root cannot be found.
 * @example resolveRunsRoot() // '/work/main/runs' unless $SHARPNESS_LAB_RUNS is set; '/work/main/scratch/runs/smoke' at smoke scale
 */
export function resolveRunsRoot(root?: string): string {
  const chosen = root ?? nonEmpty(process.env[RUNS_ENV]);
  if (chosen !== undefined && path.isAbsolute(chosen)) return path.normalize(chosen);
  const scale = scaleFromEnv(PUBLISHED_SCALE);
  return path.resolve(projectRoot(), chosen ?? (scale === PUBLISHED_SCALE ? 'runs' : path.join('scratch', 'runs', scale)));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function projectRoot(): string {
  try {
    return findProjectRoot(__dirname);
  } catch {
    throw new Error(`cannot find the sharpness-lab project root above ${__dirname}; pass { root } or set ${RUNS_ENV}`);
  }
}
