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
  if (!fs.existsSync(file)) return 0;
  return readJsonl(file).lines.reduce((s, l) => s + (typeof l.row.seconds === 'number' ? l.row.seconds : 0), 0);
}
