/**
 * The contract shared by the iterative eigen-solvers ({@link lanczos}, {@link powerIteration}):
 * options with defaults, progress reports and the result record.
 */
import { allFinite } from '../linalg/vector';

/** Which solver produced a result. */
export type EigenMethod = 'lanczos' | 'power';

/** Top-k eigenpairs of a symmetric operator, largest ALGEBRAIC eigenvalue first. */
export interface EigenResult {
  /** Eigenvalue estimates, descending. Length min(k, dim). */
  readonly values: number[];
  /** Unit-norm eigenvector estimates (float64), `vectors[i]` for `values[i]`. */
  readonly vectors: Float64Array[];
  /** Relative residuals ‖A·vᵢ − λᵢ·vᵢ‖ / |λᵢ| (the denominator floored, see {@link relativeResidual}). */
  readonly residuals: number[];
  /** Operator applications used (HVPs), including any verification products. */
  readonly matvecs: number;
  /** Wall-clock time of the whole solve, in seconds. */
  readonly seconds: number;
  /** True when every residual met `tol` (or the space was exhausted exactly). */
  readonly converged: boolean;
  readonly method: EigenMethod;
}

/** What `onIteration` receives after every iteration. */
export interface EigenProgress {
  readonly method: EigenMethod;
  /** 1-based iteration count of this solve. */
  readonly iteration: number;
  readonly matvecs: number;
  /** Current estimates, descending (power iteration: the pairs found so far plus the current one). */
  readonly values: number[];
  /** Their relative residuals. */
  readonly residuals: number[];
}

/** Options shared by the iterative eigen-solvers; every field has a default. */
export interface EigenOptions {
  /** Number of top (largest ALGEBRAIC) eigenpairs; clamped to `dim`. Default 1. */
  k?: number;
  /** Stop when every relative residual ‖Av − θv‖/|θ| ≤ tol. Default {@link DEFAULT_TOL} (1e-3). */
  tol?: number;
  /** Iteration budget; its default and meaning are solver-specific (see each solver). */
  maxIter?: number;
  /** Warm start: previous eigenvector(s), e.g. last step's `result.vectors`. Not modified. */
  start?: Float64Array | Float64Array[];
  /** Weight of the seeded random vector mixed into a warm start, relative to it. Default 1e-2. */
  startNoise?: number;
  /** Seed of the random start / perturbation. Default 0. */
  seed?: number;
  /** Checked every iteration; an aborted signal rejects with its reason. */
  signal?: AbortSignal;
  /** Called after every iteration (logging, live plots). */
  onIteration?: (progress: EigenProgress) => void;
}

/**
 * Default relative-residual tolerance. A residual ‖Ay − θy‖ ≤ tol·|θ| bounds the eigenvalue error
 * by tol·|θ| (symmetric A), and by ≈ tol²·θ²/gap when the gap to the rest of the spectrum is
 * larger: 1e-3 gives the sharpness to ~1e-6 relative in a few HVPs when warm-started.
 */
export const DEFAULT_TOL = 1e-3;

const SQRT_EPS = Math.sqrt(2 ** -52);

/** {@link EigenOptions} after validation and defaults, starts as a list. */
export interface ResolvedEigenOptions {
  readonly k: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly starts: Float64Array[];
  readonly startNoise: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onIteration?: (progress: EigenProgress) => void;
}

/**
 * Validates options and fills defaults.
 * @param dim operator dimension (≥ 1)
 * @param options user options
 * @param defaultMaxIter the solver's default `maxIter`
 * @returns resolved options; `k` clamped to `dim`
 * @example resolveEigenOptions(10, { k: 20 }, 100).k; // 10
 */
export function resolveEigenOptions(dim: number, options: EigenOptions, defaultMaxIter: number): ResolvedEigenOptions {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`operator dim must be a positive integer, got ${dim}`);
  const { k = 1, tol = DEFAULT_TOL, maxIter = defaultMaxIter, startNoise = 1e-2, seed = 0 } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  if (!(tol > 0)) throw new Error(`tol must be > 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`maxIter must be a positive integer, got ${maxIter}`);
  if (!(startNoise >= 0)) throw new Error(`startNoise must be ≥ 0, got ${startNoise}`);
  const starts = options.start === undefined ? [] : Array.isArray(options.start) ? options.start : [options.start];
  starts.forEach((s, i) => {
    if (s.length !== dim) throw new Error(`start[${i}] has length ${s.length}; operator dim is ${dim}`);
    if (!allFinite(s)) throw new Error(`start[${i}] has non-finite entries`);
  });
  return { k: Math.min(k, dim), tol, maxIter, starts, startNoise, seed, signal: options.signal, onIteration: options.onIteration };
}

/**
 * ‖r‖ / |θ|, with |θ| floored at √ε·scale so that a (near-)zero eigenvalue can still converge.
 * @param residualNorm ‖A·v − θ·v‖ for a unit v
 * @param theta the eigenvalue estimate
 * @param scale size of the operator, e.g. the largest |Ritz value| seen
 * @returns the relative residual (0 when both are 0)
 * @example relativeResidual(1e-3, 2, 2); // 5e-4
 */
export function relativeResidual(residualNorm: number, theta: number, scale: number): number {
  const denom = Math.max(Math.abs(theta), SQRT_EPS * Math.abs(scale));
  return denom > 0 ? residualNorm / denom : residualNorm === 0 ? 0 : Infinity;
}
