/**
 * Cutting a run's JSON-lines files back to its checkpoint before resuming. Run checkpoints store
 * how many complete lines each file had when they were saved (records are flushed and fsynced
 * first), so the cut is exact whatever step convention the trainer uses: lines written after the
 * checkpoint, and a torn last line, go; everything the checkpoint covers stays, byte for byte.
 */
import * as path from 'path';
import { CheckpointManifest } from '../checkpoint/format';
import { JsonlLine, truncateJsonl } from './jsonl-file';
import { RunPaths } from './run-files';
import { checkStepSequence, RunDamagedError } from './run-damaged-error';

/** Where the files stand after the cut. */
export interface LogPosition {
  /** Complete lines now in records.jsonl / timings.jsonl. */
  readonly lines: { records: number; timings: number };
  /** Step of the last kept line of each file (null when empty). */
  readonly lastStep: { records: number | null; timings: number | null };
  /** Sentences for the run's notes (lines dropped, lines missing). */
  readonly notes: string[];
}

/**
 * Cuts records.jsonl and timings.jsonl to what `manifest` covers (nothing when it is undefined).
 * Checkpoints without line counts (saved outside the run store) keep lines with step ≤ their step.
 * @param paths the run's files; the caller holds the lock.
 * @param manifest the run's checkpoint manifest, or undefined for none.
 * @param uniqueSteps the run writes one row per step (see checkStepSequence).
 */
export function cutLogsToCheckpoint(paths: RunPaths, manifest: CheckpointManifest | undefined, uniqueSteps = false): LogPosition {
  const notes: string[] = [];
  const cut = (file: string, kind: 'records' | 'timings'): JsonlLine[] => {
    const limit = manifest?.logLines?.[kind];
    const keep = manifest === undefined
      ? () => false
      : limit !== undefined ? (_: JsonlLine, i: number) => i < limit : (l: JsonlLine) => l.step <= manifest.step;
    const { kept, dropped } = truncateJsonl(file, keep);
    if (dropped > 0) notes.push(`dropped ${dropped} line(s) of ${path.basename(file)} written after the checkpoint${manifest ? ` at step ${manifest.step}` : ' (none yet)'}`);
    if (limit !== undefined && kept.length < limit) {
      const after = kept.length > 0 ? kept[kept.length - 1].step + 1 : 0;
      throw new RunDamagedError(file, `the checkpoint at step ${manifest!.step} covers ${limit} lines but only ${kept.length} exist ` +
        `(${limit - kept.length} line(s) from step ${after} on are missing)`);
    }
    checkStepSequence(file, kept.map((l) => l.step), uniqueSteps);
    return kept;
  };
  const records = cut(paths.records, 'records');
  const timings = cut(paths.timings, 'timings');
  const last = (lines: JsonlLine[]): number | null => (lines.length > 0 ? lines[lines.length - 1].step : null);
  return {
    lines: { records: records.length, timings: timings.length },
    lastStep: { records: last(records), timings: last(timings) },
    notes,
  };
}
