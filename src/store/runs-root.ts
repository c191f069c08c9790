/**
 * Where runs live: an explicit option, else `$SHARPNESS_LAB_RUNS`, else `<project root>/runs`.
 * Relative paths are taken from the project root, not the cwd, so a notebook (cwd notebooks/) and
 * the CLI (cwd anywhere) find the same runs.
 */
import * as path from 'path';
import { findProjectRoot } from '../util/project-root';

/** The environment variable that overrides the runs folder. */
export const RUNS_ENV = 'SHARPNESS_LAB_RUNS';

/**
 * The absolute runs folder.
 * @param root an explicit folder (absolute, or relative to the project root); wins over the env.
 * @returns e.g. `/work/main/runs`.
 * @throws Error when a relative or default path is needed but the project root cannot be found.
 * @example resolveRunsRoot() // '/work/main/runs' unless $SHARPNESS_LAB_RUNS is set
 */
export function resolveRunsRoot(root?: string): string {
  const chosen = root ?? nonEmpty(process.env[RUNS_ENV]);
  if (chosen !== undefined && path.isAbsolute(chosen)) return path.normalize(chosen);
  return path.resolve(projectRoot(), chosen ?? 'runs');
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
