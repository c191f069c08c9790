/**
 * A run whose files lost records (a bad copy, a torn sync): resuming or sealing it would leave a
 * gap in its records for good, so the store refuses, naming the file, the missing steps and the fix.
 */
export class RunDamagedError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}; the run cannot continue without a gap in its records. ` +
      'Train it again from scratch: `sharpness-lab run --restart`, or runExperiment(config, { restart: true })');
    this.name = 'RunDamagedError';
  }
}

/**
 * Checks that the lines' steps run on without a gap (the appender already refuses decreasing steps).
 * @param uniqueSteps one row per step (the trainer's runs): a repeated step is a duplicated write.
 *   Without it several rows per step are allowed, as the generic store permits.
 * @throws RunDamagedError naming the first gap, step going back, or (with `uniqueSteps`) repeat.
 * @example checkStepSequence('records.jsonl', [0, 1, 2, 5]) // throws: steps 3–4 missing
 */
export function checkStepSequence(file: string, steps: readonly number[], uniqueSteps = false): void {
  for (let i = 1; i < steps.length; i++) {
    const [prev, cur] = [steps[i - 1], steps[i]];
    if (cur === prev + 1 || (cur === prev && !uniqueSteps)) continue;
    const what = cur === prev ? `step ${cur} appears twice (lines ${i} and ${i + 1}; the run writes one row per step)`
      : cur < prev ? `step ${cur} follows step ${prev} (line ${i + 1})` : `steps ${prev + 1}–${cur - 1} are missing (before line ${i + 1})`;
    throw new RunDamagedError(file, what);
  }
}
