/**
 * Measures the sharpness during training on the fixed measurement set, warm-starting each solve
 * from the previous eigenvectors (few HVPs per measurement once training is smooth), and decides
 * when to measure: every `every` steps, every `denseEvery` steps near the edge (η·λ₁ ∈ [1.5, 2.5]).
 */
import { Params } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { sharpness } from '../curvature/sharpness';
import { EigenResult } from '../curvature/eigen-result';
import { SharpnessConfig } from './run-config';

export interface SharpnessTracker {
  /** Whether step k is a measurement step, given the last η·λ₁ seen. */
  due(step: number): boolean;
  /** Top-k eigenvalues at `params` (warm-started; seeded by the step for determinism). */
  measure(params: Params, step: number, signal?: AbortSignal): Promise<EigenResult>;
  /** Records η·λ₁ so the schedule can densify near the edge. */
  noteEtaLambda(value: number): void;
  /** Warm-start vectors, for checkpoints. */
  warmStart: Float64Array[] | undefined;
  lastEtaLambda: number;
}

/**
 * @example const tracker = sharpnessTracker(obj, measureSet, { every: 10, k: 2 }, 1000);
 */
export function sharpnessTracker(obj: Objective, data: Dataset, cfg: SharpnessConfig, chunkSize: number): SharpnessTracker {
  const tracker: SharpnessTracker = {
    warmStart: undefined,
    lastEtaLambda: NaN,
    due(step) {
      if (cfg.every <= 0) return false;
      const nearEdge = tracker.lastEtaLambda >= 1.5 && tracker.lastEtaLambda <= 2.5;
      return step % (nearEdge ? cfg.denseEvery ?? cfg.every : cfg.every) === 0;
    },
    async measure(params, step, signal) {
      const result = await sharpness(obj, params, data, {
        k: cfg.k ?? 1, method: cfg.method ?? 'lanczos', tol: cfg.tol, maxIter: cfg.maxIter,
        start: tracker.warmStart, seed: step, chunkSize, signal,
      });
      tracker.warmStart = result.vectors;
      return result;
    },
    noteEtaLambda(value) {
      tracker.lastEtaLambda = value;
    },
  };
  return tracker;
}
