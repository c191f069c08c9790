/**
 * Where the CIFAR-10 batches live: the `dir` option, else `$CIFAR10_DIR`, else `data/cifar10/`
 * under the project root. A folder holding the tarball's `cifar-10-batches-bin/` works too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DataError } from './data-error';
import { CIFAR10_ENV, CIFAR10_TARBALL_FOLDER, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE } from './cifar10-format';
import { findProjectRoot } from '../util/project-root';

/** Where a CIFAR-10 folder came from, for messages and run descriptions. */
export type Cifar10DirSource = 'option' | 'env' | 'default';

/**
 * The folder the user asked for (not checked for existence): option, env var, or project default.
 * @param dir explicit folder; relative paths resolve against the current directory.
 * @returns the absolute folder and where the choice came from.
 * @example cifar10DirRequest().dir // '/work/main/data/cifar10' with no option and no env var
 */
export function cifar10DirRequest(dir?: string): { dir: string; source: Cifar10DirSource } {
  if (dir !== undefined && dir !== '') return { dir: path.resolve(dir), source: 'option' };
  const fromEnv = process.env[CIFAR10_ENV.dir];
  if (fromEnv !== undefined && fromEnv !== '') return { dir: path.resolve(fromEnv), source: 'env' };
  return { dir: path.join(findProjectRoot(), 'data', 'cifar10'), source: 'default' };
}

/**
 * The existing folder that holds the batch files, descending into `cifar-10-batches-bin/` when the
 * requested folder has no batches of its own but has that subfolder.
 * @param dir explicit folder (else `$CIFAR10_DIR`, else `<project>/data/cifar10`).
 * @returns the absolute folder with the `.bin` files, and where the request came from.
 * @throws DataError when the folder does not exist.
 * @example const { dir } = resolveCifar10Dir('/data/cifar10');
 */
export function resolveCifar10Dir(dir?: string): { dir: string; source: Cifar10DirSource } {
  const request = cifar10DirRequest(dir);
  if (!isDirectory(request.dir)) {
    throw new DataError(
      `CIFAR-10 folder ${request.dir} (from ${describeSource(request.source)}) does not exist: ` +
        `put the binary batches there, set ${CIFAR10_ENV.dir}, or run \`npx sharpness-lab data check --download\``,
      request.dir,
    );
  }
  const nested = path.join(request.dir, CIFAR10_TARBALL_FOLDER);
  if (!hasBatches(request.dir) && isDirectory(nested)) return { dir: nested, source: request.source };
  return request;
}

function describeSource(source: Cifar10DirSource): string {
  if (source === 'option') return 'the dir option';
  if (source === 'env') return `$${CIFAR10_ENV.dir}`;
  return 'the project default';
}

function hasBatches(dir: string): boolean {
  return [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].some((f) => fs.existsSync(path.join(dir, f)));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
