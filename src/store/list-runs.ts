/**
 * All runs under a root, for notebooks to pick runs by config fields:
 * `listRuns().filter((r) => r.config.tuner?.name === 'armijo')`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isJsonObject } from '../checkpoint/json-codec';
import { isRunHash } from './config-hash';
import { runPaths } from './run-files';
import { readStatus, RunStatus } from './run-status';
import { resolveRunsRoot } from './runs-root';

/** One run as listed. */
export interface RunListing {
  readonly hash: string;
  readonly dir: string;
  /** The parsed config.json. */
  readonly config: Record<string, unknown>;
  /** status.json, or undefined when the run never wrote one or it is unreadable (see `statusProblem`). */
  readonly status?: RunStatus;
  /** Why status.json could not be read (file, what is wrong, the fix); undefined when it is fine or absent. */
  readonly statusProblem?: string;
}

/** A run folder whose config.json cannot be read, so nobody can tell which run it is. */
export interface CorruptRunFolder {
  readonly dir: string;
  /** One line: the file, what is wrong, the fix. */
  readonly reason: string;
}

/** Everything under a runs folder: readable runs, and folders that are not. */
export interface RunScan {
  readonly runs: RunListing[];
  readonly corrupt: CorruptRunFolder[];
}

/**
 * The runs under `root` (folders named by a config hash that hold a config.json), sorted by hash.
 * Folders with an unreadable config.json are left out (`scanRuns` lists them).
 * @param root default as in `openRun` (`$SHARPNESS_LAB_RUNS`, else `<project root>/runs`).
 * @example listRuns().filter((r) => r.status?.state === 'finished').map((r) => r.config.seed)
 */
export function listRuns(root?: string): RunListing[] {
  return scanRuns(root).runs;
}

/**
 * Like `listRuns`, and also the run folders whose config.json is corrupt (for reports that must
 * say "corrupt" rather than "missing").
 * @param root default as in `openRun`.
 */
export function scanRuns(root?: string): RunScan {
  const base = resolveRunsRoot(root);
  const runs: RunListing[] = [];
  const corrupt: CorruptRunFolder[] = [];
  if (!fs.existsSync(base)) return { runs, corrupt };
  for (const hash of fs.readdirSync(base).sort()) {
    if (!isRunHash(hash)) continue;
    const paths = runPaths(path.join(base, hash));
    if (!fs.existsSync(paths.config)) continue; // created a moment ago, or not a run folder
    const config = readConfig(paths.config);
    if (typeof config === 'string') {
      corrupt.push({ dir: paths.dir, reason: config });
      continue;
    }
    try {
      runs.push({ hash, dir: paths.dir, config, status: readStatus(paths.status) });
    } catch (err) {
      runs.push({ hash, dir: paths.dir, config, statusProblem: (err as Error).message });
    }
  }
  return { runs, corrupt };
}

/** The config object, or why it cannot be read. */
function readConfig(file: string): Record<string, unknown> | string {
  const fix = 'the run cannot be identified; move its folder away (or restore the file from git)';
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isJsonObject(json) ? json : `${file}: not a JSON object; ${fix}`;
  } catch (err) {
    return `${file}: not valid JSON (${(err as Error).message}); ${fix}`;
  }
}
