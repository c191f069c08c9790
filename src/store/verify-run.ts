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

/**
 * @throws RunDamagedError (or the reader's error for a corrupt line, which names file and line).
 * @example verifyCompleteRun(runPaths(dir), readStatus(runPaths(dir).status)!)
 */
export function verifyCompleteRun(paths: RunPaths, status: RunStatus): void {
  for (const file of [paths.records, paths.timings]) {
    const { lines, tornBytes } = readJsonl(file);
    if (tornBytes > 0) throw new RunDamagedError(file, `the run is ${status.state} but the file ends in a torn line (${tornBytes} bytes)`);
    checkStepSequence(file, lines.map((l) => l.step));
    const last = lines.length > 0 ? lines[lines.length - 1].step : null;
    if (file === paths.records && last !== status.step) {
      throw new RunDamagedError(file, `the run was ${status.state} at step ${status.step} but its last record is ${last === null ? 'missing' : `step ${last}`} (${path.basename(paths.status)})`);
    }
  }
}
