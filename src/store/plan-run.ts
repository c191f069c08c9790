/**
 * Planning a run without opening it: its folder (config hash) and state, and, unless it is
 * complete, the folder with its config.json written, so that a batch system can address the run by
 * its folder alone (`sharpness-lab run --run-dir <root>/<hash>`) and no config travels through a
 * command line.
 */
import * as fs from 'fs';
import { writeFileAtomic } from '../checkpoint/atomic-file';
import { prettyCanonicalJson } from './canonical-json';
import { checkConfigFile, locateRun } from './run-location';
import { RunState, isCompleteState, readStatus } from './run-status';
import { mkdirWithFaults } from '../util/disk-fault';

/** A run as planned: where it lives and how far it got. */
export interface PlannedRun {
  readonly hash: string;
  readonly dir: string;
  /** The stored status, or 'new' when the run was never started. */
  readonly state: RunState | 'new';
}

/**
 * @param config the run's identity (what `openRun` would be given).
 * @param options `root` (as openRun), `write`: create the folder and config.json of a run that is not complete.
 * @throws when a stored config.json differs from `config` (as openRun).
 * @example planRun(runIdentity(config, backend), { write: true }).dir // '/work/main/runs/0a1b…'
 */
export function planRun(config: object, options: { root?: string; write?: boolean } = {}): PlannedRun {
  const { canonical, hash, paths } = locateRun(config, options.root);
  checkConfigFile(paths, canonical);
  const state = readStatus(paths.status)?.state ?? 'new';
  if (options.write && !(state !== 'new' && isCompleteState(state))) {
    if (!fs.existsSync(paths.dir)) mkdirWithFaults(paths.dir, 'creating the run folder');
    if (!fs.existsSync(paths.config)) writeFileAtomic(paths.config, prettyCanonicalJson(canonical));
  }
  return { hash, dir: paths.dir, state };
}
