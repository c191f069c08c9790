/**
 * Reading a complete (finished or diverged) run checks that its records are whole: no torn last
 * line, no gap in the steps, and the last record at the step its status was sealed at. A run that
 * fails is damaged: an error naming the file and the fix, never silently fewer records.
 */
import * as path from 'path';
import { readJsonl } from './jsonl-file';
import { RunPaths } from './run-files';
import { checkStepSequence, RunDamagedError } from './run-damaged-error';
import { RunStatus } from './run-status';

/** The rows of a verified run, read once. */
export interface VerifiedRows {
  readonly records: Record<string, unknown>[];
  readonly timings: Record<string, unknown>[];
}

/**
 * @param uniqueSteps the run writes one row per step (see checkStepSequence).
 * @returns the rows it read, so callers need not read the files again.
 * @throws RunDamagedError (or the reader's error for a corrupt line, which names file and line).
 * @example const { records } = verifyCompleteRun(runPaths(dir), readStatus(runPaths(dir).status)!)
 */
export function verifyCompleteRun(paths: RunPaths, status: Pick<RunStatus, 'state' | 'step'>, uniqueSteps = false): VerifiedRows {
  const rows = (file: string): Record<string, unknown>[] => {
    const { lines, tornBytes } = readJsonl(file);
    if (tornBytes > 0) throw new RunDamagedError(file, `the run is ${status.state} but the file ends in a torn line (${tornBytes} bytes)`);
    checkStepSequence(file, lines.map((l) => l.step), uniqueSteps);
    return lines.map((l) => l.row);
  };
  const records = rows(paths.records);
  const last = records.length > 0 ? (records[records.length - 1].step as number) : null;
  if (last !== status.step) {
    throw new RunDamagedError(paths.records, `the run was ${status.state} at step ${status.step} but its last record is ${last === null ? 'missing' : `step ${last}`} (${path.basename(paths.status)})`);
  }
  return { records, timings: rows(paths.timings) };
}
