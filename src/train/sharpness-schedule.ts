/**
 * Sharpness during training, as plain functions of the loop state: when to measure (every `every`
 * steps, every `denseEvery` steps while the last η·λ₁ was in [1.5, 2.5]), and a measurement on the
 * fixed measurement set warm-started from the previous eigenvectors (few HVPs per measurement once
 * training is smooth). The warm start and the last η·λ₁ live in the loop state, not in an object
 * that the loop and the oracle tuner would both mutate.
 */
import { Params } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { sharpness } from '../curvature/sharpness';
import { EigenResult } from '../curvature/eigen-result';
import { SharpnessConfig } from './run-config';

/** The η·λ₁ band where measurements densify (around the edge of stability, 2). */
export const NEAR_EDGE: readonly [number, number] = [1.5, 2.5];

/**
 * Whether step k is a measurement step.
 * @param lastEtaLambda the last measured η·λ₁ (NaN before any).
 * @example sharpnessDue({ every: 10, denseEvery: 2 }, 4, 1.9) // true: near the edge, every 2 steps
 */
export function sharpnessDue(cfg: SharpnessConfig, step: number, lastEtaLambda: number): boolean {
  if (cfg.every <= 0) return false;
  const nearEdge = lastEtaLambda >= NEAR_EDGE[0] && lastEtaLambda <= NEAR_EDGE[1];
  return step % (nearEdge ? cfg.denseEvery ?? cfg.every : cfg.every) === 0;
}

/**
 * Top-k eigenvalues at `params` on the measurement set, seeded by the step (deterministic) and
 * warm-started from `warmStart`; the result's `vectors` are the next warm start.
 */
export function measureSharpness(
  obj: Objective, data: Dataset, cfg: SharpnessConfig, chunkSize: number,
  params: Params, step: number, warmStart: Float64Array[] | undefined, signal?: AbortSignal,
): Promise<EigenResult> {
  return sharpness(obj, params, data, {
    k: cfg.k ?? 1, method: cfg.method ?? 'lanczos', tol: cfg.tol, maxIter: cfg.maxIter,
    start: warmStart, seed: step, chunkSize, signal,
  });
}
