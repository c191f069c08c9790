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
export interface RunSummary {
  readonly hash: string;
  readonly dir: string;
  /** The parsed config.json. */
  readonly config: Record<string, unknown>;
  /** status.json, or undefined when the run never wrote one (or it is unreadable). */
  readonly status?: RunStatus;
}

/**
 * The runs under `root` (folders named by a config hash that hold a config.json), sorted by hash.
 * Folders with an unreadable config.json are skipped.
 * @param root default as in `openRun` (`$SHARPNESS_LAB_RUNS`, else `<project root>/runs`).
 * @example listRuns().filter((r) => r.status?.state === 'finished').map((r) => r.config.seed)
 */
export function listRuns(root?: string): RunSummary[] {
  const base = resolveRunsRoot(root);
  if (!fs.existsSync(base)) return [];
  const out: RunSummary[] = [];
  for (const hash of fs.readdirSync(base).sort()) {
    if (!isRunHash(hash)) continue;
    const paths = runPaths(path.join(base, hash));
    const config = readJsonObject(paths.config);
    if (config === undefined) continue;
    out.push({ hash, dir: paths.dir, config, status: safeStatus(paths.status) });
  }
  return out;
}

function readJsonObject(file: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return isJsonObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

function safeStatus(file: string): RunStatus | undefined {
  try {
    return readStatus(file);
  } catch {
    return undefined;
  }
}
