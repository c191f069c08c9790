/**
 * A run from the store with its display description: what `runAll` and `storedRuns` return and
 * the notebooks and the claims checker analyse. One type, whether the run was trained just now or
 * read back.
 */
import * as fs from 'fs';
import { runPaths } from '../store/run-files';
import { readJsonl } from '../store/jsonl-file';
import type { Run } from '../train/run';
import type { RunDescription } from './describe-run';

export interface StoredRun extends Run, RunDescription {
  /** Training wall time summed over timings.jsonl (sharpness measurements included). */
  readonly seconds: number;
  /** True when the records were read from the store, not trained in this call. */
  readonly reused: boolean;
}

/** Training wall time of a run folder, summed over its timings.jsonl rows. */
export function trainingSeconds(dir: string): number {
  const file = runPaths(dir).timings;
  return fs.existsSync(file) ? sumSeconds(readJsonl(file).lines.map((l) => l.row)) : 0;
}

/** The `seconds` of timing rows, summed (rows without it count 0). */
export function sumSeconds(rows: readonly Record<string, unknown>[]): number {
  return rows.reduce((s: number, t) => s + (typeof t.seconds === 'number' ? t.seconds : 0), 0);
}
