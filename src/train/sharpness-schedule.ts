/**
 * Sharpness during training, as plain functions of the loop state: when to measure (every `every`
 * steps; every `denseEvery` steps while the last η·λ₁ was in [1.5, 2.5] or the step size changed by
 * more than 10% between the last two steps, so statistics near the edge and of jumpy tuners rest on
 * many samples), and a measurement on the
 * fixed measurement set warm-started from the previous eigenvectors (few HVPs per measurement once
 * training is smooth). The warm start and the last η·λ₁ live in the loop state, not in an object
 * that the loop and the oracle tuner would both mutate.
 */
import { HessianOperator, topEigenpairs } from '../curvature/sharpness';
import { EigenResult } from '../curvature/eigen-result';
import { SharpnessConfig } from './run-config';

/** The η·λ₁ band where measurements densify (around the edge of stability, 2). */
export const NEAR_EDGE: readonly [number, number] = [1.5, 2.5];
/** A relative change of the step size between consecutive steps above this densifies measurements. */
export const STEP_CHANGE = 0.1;

/** What the schedule looks at besides the step. */
export interface CadenceSignals {
  /** The last measured η·λ₁ (NaN before any). */
  readonly lastEtaLambda: number;
  /** The step sizes of the last two updates [η_{k−2}, η_{k−1}] (absent before two updates). */
  readonly recentStepSizes?: readonly [number, number];
}

/**
 * Whether step k is a measurement step.
 * @example sharpnessDue({ every: 10, denseEvery: 2 }, 4, { lastEtaLambda: 1.9 }) // true: near the edge, every 2 steps
 */
export function sharpnessDue(cfg: SharpnessConfig, step: number, signals: CadenceSignals): boolean {
  if (cfg.every <= 0) return false;
  const e = signals.lastEtaLambda;
  const nearEdge = e >= NEAR_EDGE[0] && e <= NEAR_EDGE[1];
  const [prev, last] = signals.recentStepSizes ?? [NaN, NaN];
  const jumping = Math.abs(last - prev) > STEP_CHANGE * Math.abs(prev); // false while either is NaN
  return step % (nearEdge || jumping ? cfg.denseEvery ?? cfg.every : cfg.every) === 0;
}

/**
 * Top-k eigenvalues of `hessian` (the Hessian at the step's parameters on the measurement set),
 * seeded by the step (deterministic) and warm-started from `warmStart`; the result's `vectors` are
 * the next warm start.
 */
export function measureSharpness(
  hessian: HessianOperator, cfg: SharpnessConfig, step: number, warmStart: Float64Array[] | undefined, signal?: AbortSignal,
): Promise<EigenResult> {
  return topEigenpairs(hessian, {
    k: cfg.k ?? 1, method: cfg.method ?? 'lanczos', tol: cfg.tol, maxIter: cfg.maxIter,
    start: warmStart, seed: step, signal,
  });
}
