/**
 * Reading a run's JSON-lines files for analysis. Rows come back as plain objects with NaN and
 * ±Infinity restored, ready for Arquero: `aq.from(readRecords(dir))`. A torn last line (a writer
 * was killed mid-write, or is writing right now) is skipped.
 */
import { readJsonl, truncateJsonl } from './jsonl-file';
import { runPaths } from './run-files';

/**
 * The records of run folder `dir`, in file order.
 * @param dir a run folder (`<root>/<hash>`).
 * @returns one object per complete line of records.jsonl (empty when there is none yet).
 * @example const table = aq.from(readRecords(run.dir));
 */
export function readRecords(dir: string): Record<string, unknown>[] {
  return readJsonl(runPaths(dir).records).lines.map((l) => l.row);
}

/**
 * The wall-clock rows of run folder `dir` (timings.jsonl), kept apart so records stay reproducible.
 * @example aq.from(readTimings(run.dir)).rollup({ total: op.sum('seconds') })
 */
export function readTimings(dir: string): Record<string, unknown>[] {
  return readJsonl(runPaths(dir).timings).lines.map((l) => l.row);
}

/**
 * Cuts records.jsonl and timings.jsonl back (atomically) to complete lines with step ≤ `step`;
 * `null` empties them. (`openRun` cuts to the exact line counts a run checkpoint stores, and
 * uses this step rule only for checkpoints saved without them.)
 * @param dir a run folder; the caller must hold its lock.
 * @returns lines dropped from records.jsonl (a torn tail is not counted).
 * @example recordsUpTo(run.dir, 100)
 */
export function recordsUpTo(dir: string, step: number | null): number {
  const paths = runPaths(dir);
  const keep = (l: { step: number }): boolean => step !== null && l.step <= step;
  truncateJsonl(paths.timings, keep);
  return truncateJsonl(paths.records, keep).dropped;
}
