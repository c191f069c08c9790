/**
 * Looks run configs up in the run store WITHOUT training: what `npm run claims` reads. A config
 * matches the run stored under its identity on this compute path (run-identity.ts), the same rule
 * `runExperiment` uses, so the claims and the notebooks read the same runs; only finished or
 * diverged runs count, anything else is reported missing. Runs of other identities (another
 * compute path, older numerics) are counted, never read.
 */
import { BackendInfo } from '../backend/select-backend';
import { canonicalJson } from '../store/canonical-json';
import { CorruptRunFolder, RunListing, scanRuns } from '../store/list-runs';
import { runPaths } from '../store/run-files';
import { verifyCompleteRun } from '../store/verify-run';
import { firstLine } from '../util/first-line';
import { RunConfig } from '../train/run-config';
import { runIdentity } from '../train/run-identity';
import { configHash } from '../store/config-hash';
import { isCompleteState } from '../store/run-status';
import { describeRun } from './describe-run';
import { StoredRun, sumSeconds } from './stored-run';
import type { StepRecord } from '../train/step-record';

/** A complete run whose files are damaged (torn or missing records, a corrupt line). */
export interface DamagedRun {
  readonly config: RunConfig;
  readonly dir: string;
  /** One line: the file, what is wrong, the fix. */
  readonly reason: string;
}

/** What the store holds for a list of configs. */
export interface StoredRuns {
  readonly found: StoredRun[];
  /** Configs with no complete run in the store. */
  readonly missing: RunConfig[];
  /** Complete runs that cannot be read whole, or whose status.json is corrupt (not in `found`). */
  readonly damaged: DamagedRun[];
  /** Run folders whose config.json is corrupt: which config they held is unknown. */
  readonly corrupt: CorruptRunFolder[];
  /** Runs of these same configs stored under another identity (another compute path, other numerics): not read. */
  readonly others: RunListing[];
}

/**
 * The stored runs of `configs`, in input order.
 * @param root runs folder (default `$SHARPNESS_LAB_RUNS`, else `<project>/runs`).
 * @example const { found, missing } = storedRuns(claimRuns(experimentScale('default')));
 */
export function storedRuns(configs: readonly RunConfig[], backend: BackendInfo, root?: string): StoredRuns {
  const scan = scanRuns(root);
  const byHash = new Map(scan.runs.map((r) => [r.hash, r]));
  const wanted = new Set<string>();
  const wantedConfigs = new Set<string>();
  const found: StoredRun[] = [];
  const missing: RunConfig[] = [];
  const damaged: DamagedRun[] = [];
  for (const config of configs) {
    const identity = runIdentity(config, backend);
    const hash = configHash(identity);
    wanted.add(hash);
    wantedConfigs.add(canonicalJson(identity.run));
    const hit = byHash.get(hash);
    if (hit === undefined || (hit.status !== undefined && !isCompleteState(hit.status.state))) {
      missing.push(config);
    } else if (hit.status === undefined) {
      damaged.push({ config, dir: hit.dir, reason: firstLine(hit.statusProblem ?? `${runPaths(hit.dir).status}: missing`) });
    } else if (canonicalJson(hit.config) !== canonicalJson(identity)) {
      damaged.push({ config, dir: hit.dir, reason: `${runPaths(hit.dir).config}: holds another config than its folder's hash (edited by hand?); move the folder away` });
    } else {
      try {
        const { records, timings } = verifyCompleteRun(runPaths(hit.dir), hit.status, true); // the trainer writes one row per step
        found.push({
          ...describeRun(config), config, hash: hit.hash, dir: hit.dir, status: hit.status.state,
          seconds: sumSeconds(timings), reused: true, records: records as unknown as StepRecord[],
        });
      } catch (err) {
        damaged.push({ config, dir: hit.dir, reason: firstLine(err) });
      }
    }
  }
  const others = scan.runs.filter((r) => !wanted.has(r.hash) && wantedConfigs.has(canonicalJson(r.config.run)));
  return { found, missing, damaged, corrupt: scan.corrupt, others };
}
