/**
 * Looks run configs up in the run store WITHOUT training: what `npm run claims` reads. A config
 * matches a stored run whose resolved config is the same, on any backend (the records say which
 * one ran); only finished or diverged runs count, anything else is reported missing.
 */
import { canonicalJson } from '../store/canonical-json';
import { CorruptRunFolder, RunSummary, scanRuns } from '../store/list-runs';
import { runPaths } from '../store/run-files';
import { verifyCompleteRun } from '../store/verify-run';
import { firstLine } from '../util/first-line';
import { RunConfig, resolveRunConfig } from '../train/run-config';
import { describeRun, RunDescription } from './describe-run';

/** A stored run with its description and records. */
export interface StoredRun extends RunDescription {
  readonly config: RunConfig;
  readonly hash: string;
  readonly dir: string;
  readonly status: string;
  readonly backend: string;
  /** Training wall time summed over timings.jsonl (includes the sharpness measurements). */
  readonly seconds: number;
  readonly records: Record<string, unknown>[];
}

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
}

/**
 * The stored runs of `configs`, in input order.
 * @param root runs folder (default `$SHARPNESS_LAB_RUNS`, else `<project>/runs`).
 * @example const { found, missing } = storedRuns(claimRuns(experimentScale('default')));
 */
export function storedRuns(configs: readonly RunConfig[], root?: string): StoredRuns {
  const scan = scanRuns(root);
  const byConfig = new Map<string, RunSummary>();
  for (const r of scan.runs) {
    const readable = r.status?.state === 'finished' || r.status?.state === 'diverged';
    if (!readable && r.statusProblem === undefined) continue;
    const key = canonicalJson(r.config.run);
    if (!byConfig.has(key) || byConfig.get(key)!.statusProblem !== undefined) byConfig.set(key, r); // a readable twin wins
  }
  const found: StoredRun[] = [];
  const missing: RunConfig[] = [];
  const damaged: DamagedRun[] = [];
  for (const config of configs) {
    const hit = byConfig.get(canonicalJson(resolveRunConfig(config)));
    if (hit === undefined) {
      missing.push(config);
    } else if (hit.status === undefined) {
      damaged.push({ config, dir: hit.dir, reason: firstLine(hit.statusProblem ?? 'status.json is missing') });
    } else {
      try {
        const { records, timings } = verifyCompleteRun(runPaths(hit.dir), hit.status, true); // the trainer writes one row per step
        const seconds = timings.reduce((s, t) => s + (typeof t.seconds === 'number' ? t.seconds : 0), 0);
        found.push({
          ...describeRun(config), config, hash: hit.hash, dir: hit.dir, status: hit.status.state,
          backend: String(hit.config.backend ?? '?'), seconds, records,
        });
      } catch (err) {
        damaged.push({ config, dir: hit.dir, reason: firstLine(err) });
      }
    }
  }
  return { found, missing, damaged, corrupt: scan.corrupt };
}
