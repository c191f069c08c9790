/**
 * Looks run configs up in the run store WITHOUT training: what `npm run claims` reads. A config
 * matches a stored run whose resolved config is the same, on any backend (the records say which
 * one ran); only finished or diverged runs count, anything else is reported missing.
 */
import { canonicalJson } from '../store/canonical-json';
import { listRuns } from '../store/list-runs';
import { runPaths } from '../store/run-files';
import { verifyCompleteRun } from '../store/verify-run';
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
  /** Complete runs that cannot be read whole (not in `found`). */
  readonly damaged: DamagedRun[];
}

/**
 * The stored runs of `configs`, in input order.
 * @param root runs folder (default `$SHARPNESS_LAB_RUNS`, else `<project>/runs`).
 * @example const { found, missing } = storedRuns(claimRuns(experimentScale('default')));
 */
export function storedRuns(configs: readonly RunConfig[], root?: string): StoredRuns {
  const byConfig = new Map<string, ReturnType<typeof listRuns>[number]>();
  for (const r of listRuns(root)) {
    if (r.status?.state !== 'finished' && r.status?.state !== 'diverged') continue;
    const key = canonicalJson(r.config.run);
    if (!byConfig.has(key)) byConfig.set(key, r);
  }
  const found: StoredRun[] = [];
  const missing: RunConfig[] = [];
  const damaged: DamagedRun[] = [];
  for (const config of configs) {
    const hit = byConfig.get(canonicalJson(resolveRunConfig(config)));
    if (hit === undefined || hit.status === undefined) {
      missing.push(config);
      continue;
    }
    try {
      const { records, timings } = verifyCompleteRun(runPaths(hit.dir), hit.status);
      const seconds = timings.reduce((s, t) => s + (typeof t.seconds === 'number' ? t.seconds : 0), 0);
      found.push({
        ...describeRun(config), config, hash: hit.hash, dir: hit.dir, status: hit.status.state,
        backend: String(hit.config.backend ?? '?'), seconds, records,
      });
    } catch (err) {
      damaged.push({ config, dir: hit.dir, reason: String((err as Error).message).split('\n')[0] });
    }
  }
  return { found, missing, damaged };
}
