/**
 * One entry point for the synthetic tasks, driven by a JSON-able run config
 * (`{ task: 'teacher' | 'chebyshev', n, seed, options }`): unknown or mistyped options are
 * rejected by name, so a typo in a config never silently falls back to a default.
 */
import { Dataset } from './dataset';
import { makeTeacherTask } from './synthetic-teacher';
import { makeChebyshevTask } from './synthetic-chebyshev';

/** The synthetic task families. */
export type SyntheticTask = 'teacher' | 'chebyshev';

/** Config options: plain JSON scalars. */
export type SyntheticOptions = Readonly<Record<string, number | string | boolean>>;

const TEACHER_KEYS = ['inputDim', 'outputDim', 'hiddenWidths', 'classification', 'noiseStd'];
const CHEBYSHEV_KEYS = ['degree', 'features', 'noiseStd'];

/**
 * A synthetic dataset from a run config.
 * @param task 'teacher' (options: inputDim = 10, outputDim = 1, hiddenWidths = "16" (comma list),
 *   classification = false, noiseStd = 0) or 'chebyshev' (options: degree = 4, features = 1, noiseStd = 0).
 * @param n number of examples.
 * @param seed integer seed of the data.
 * @param options task options (see above).
 * @returns the Dataset (layout 'flat'); caller disposes.
 * @throws RangeError on an unknown task or option, or a mistyped value.
 * @example syntheticDataset('chebyshev', 20, 0, { degree: 5 }) // Cohen et al.'s chebyshev-5-20
 */
export function syntheticDataset(task: SyntheticTask, n: number, seed: number, options: SyntheticOptions = {}): Dataset {
  if (task === 'teacher') {
    checkKeys(task, options, TEACHER_KEYS);
    return makeTeacherTask({
      n,
      seed,
      inputDim: numberOption(options, 'inputDim', 10),
      outputDim: numberOption(options, 'outputDim', 1),
      hiddenWidths: String(options.hiddenWidths ?? '16').split(',').map((w) => Number(w.trim())),
      task: booleanOption(options, 'classification') ? 'classification' : 'regression',
      noiseStd: numberOption(options, 'noiseStd', 0),
    });
  }
  if (task === 'chebyshev') {
    checkKeys(task, options, CHEBYSHEV_KEYS);
    return makeChebyshevTask({
      n, seed, degree: numberOption(options, 'degree', 4), features: numberOption(options, 'features', 1),
      noiseStd: numberOption(options, 'noiseStd', 0),
    });
  }
  throw new RangeError(`unknown synthetic task '${String(task)}': use 'teacher' or 'chebyshev'`);
}

function checkKeys(task: string, options: SyntheticOptions, allowed: readonly string[]): void {
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new RangeError(`unknown ${task} option(s) ${unknown.join(', ')}; valid: ${allowed.join(', ')}`);
}

function numberOption(options: SyntheticOptions, key: string, fallback: number): number {
  const v = options[key] ?? fallback;
  if (typeof v !== 'number') throw new RangeError(`option ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function booleanOption(options: SyntheticOptions, key: string): boolean {
  const v = options[key] ?? false;
  if (typeof v !== 'boolean') throw new RangeError(`option ${key} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}
