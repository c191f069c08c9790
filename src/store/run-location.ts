/**
 * Where a run lives: config → canonical JSON → sha256 → `<root>/<hash>/`, and the guard that an
 * existing config.json there is this config. Shared by `openRun` and `planRun`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isJsonObject } from '../checkpoint/json-codec';
import { CanonicalJson, canonicalize, prettyCanonicalJson } from './canonical-json';
import { configHash } from './config-hash';
import { RunPaths, runPaths } from './run-files';
import { resolveRunsRoot } from './runs-root';

/** A run's canonical config, hash and files (nothing is read or written). */
export interface RunLocation {
  readonly canonical: { [key: string]: CanonicalJson };
  readonly hash: string;
  readonly paths: RunPaths;
}

/**
 * @param config a plain JSON object (the run's identity).
 * @param root the runs folder (as openRun's option).
 * @example locateRun({ seed: 0 }).paths.dir // '/work/main/runs/…'
 */
export function locateRun(config: object, root?: string): RunLocation {
  if (!isJsonObject(config)) throw new Error('a run config must be a JSON object');
  const canonical = canonicalize(config) as { [key: string]: CanonicalJson };
  const hash = configHash(canonical);
  return { canonical, hash, paths: runPaths(path.join(resolveRunsRoot(root), hash)) };
}

/** An existing config.json must be this config (guards against hash collisions and hand edits). */
export function checkConfigFile(paths: RunPaths, config: CanonicalJson): void {
  if (!fs.existsSync(paths.config)) return;
  let onDisk: string;
  try {
    onDisk = prettyCanonicalJson(JSON.parse(fs.readFileSync(paths.config, 'utf8')));
  } catch (err) {
    throw new Error(`${paths.config}: unreadable (${(err as Error).message}); move the run folder away or fix it`);
  }
  if (onDisk !== prettyCanonicalJson(config)) {
    throw new Error(`${paths.config}: holds a different config than the one hashed to ${path.basename(paths.dir)}; refusing to mix runs`);
  }
}

