/**
 * Finds the sharpness-lab project root (the folder holding its package.json) from this file's
 * location, not from `process.cwd()`: notebooks run with cwd = notebooks/, scripts from anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';

const PROJECT_NAME = 'sharpness-lab';

/**
 * The absolute path of the nearest ancestor of `startDir` whose package.json is named `sharpness-lab`.
 * @param startDir where to start walking up; defaults to this module's folder (src/util or dist/util).
 * @returns the project root, e.g. `/work/main`.
 * @throws Error when no such folder exists above `startDir`.
 * @example const dataDir = path.join(findProjectRoot(), 'data', 'cifar10');
 */
export function findProjectRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (isProjectRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `cannot find the ${PROJECT_NAME} project root (a package.json named "${PROJECT_NAME}") above ${startDir}; pass the data folder explicitly`,
  );
}

function isProjectRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return false;
  try {
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PROJECT_NAME;
  } catch {
    return false; // an unreadable or invalid package.json is not ours
  }
}

/**
 * The project root from this module's location, else from the cwd (notebook kernels run with
 * cwd = notebooks/, scripts from the root, tests anywhere); falls back to the cwd.
 * @example path.join(projectRoot(), 'figures')
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
