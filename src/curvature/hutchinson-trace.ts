/**
 * The Hessian's trace by Hutchinson's estimator: for Rademacher probes z (entries ±1, seeded),
 * E[zᵀAz] = tr(A), so the mean of m samples estimates it with standard error sd/√m (variance per
 * sample 2·Σ_{i≠j} a_ij²: exact for diagonal matrices). One matvec (HVP) per sample.
 */
import { createRng } from '../util/rng';
import { dot, rademacher } from '../linalg/vector';
import { applyChecked, countMatvecs, SymmetricOperator } from './symmetric-operator';
import { t975 } from './student-t';

/** Options of {@link hutchinsonTrace}. */
export interface TraceOptions {
  /** Probes (matvecs). Default 100. */
  readonly samples?: number;
  /** Seed of the probes. Default 0. */
  readonly seed?: number;
  /** Checked before every probe. */
  readonly signal?: AbortSignal;
}

/** A trace estimate with its uncertainty. */
export interface TraceEstimate {
  /** Mean of the samples zᵀAz. */
  readonly estimate: number;
  /** Standard error of the mean (sample sd / √m). */
  readonly stdError: number;
  /** 95% confidence interval (Student t with m − 1 degrees of freedom). */
  readonly ci95: readonly [number, number];
  /** Every zᵀAz, in probe order. */
  readonly samples: readonly number[];
  readonly matvecs: number;
}

/**
 * @param op the symmetric operator, e.g. `hessianOperator(obj, params, data)`.
 * @example const { estimate, ci95 } = await hutchinsonTrace(hessianOperator(obj, params, data), { samples: 50 });
 */
export async function hutchinsonTrace(op: SymmetricOperator, options: TraceOptions = {}): Promise<TraceEstimate> {
  const m = options.samples ?? 100;
  if (!(Number.isInteger(m) && m >= 2)) throw new Error(`samples must be an integer ≥ 2 (for an error bar), got ${m}`);
  const rng = createRng(options.seed ?? 0);
  const counted = countMatvecs(op);
  const samples: number[] = [];
  for (let s = 0; s < m; s++) {
    options.signal?.throwIfAborted();
    const z = rademacher(op.dim, rng.uniform);
    samples.push(dot(z, await applyChecked(counted, z)));
  }
  const { mean, stdError } = meanAndError(samples);
  const half = t975(m - 1) * stdError;
  return { estimate: mean, stdError, ci95: [mean - half, mean + half], samples, matvecs: counted.matvecs };
}

/** Mean and standard error of the mean of at least two numbers. */
export function meanAndError(xs: readonly number[]): { mean: number; stdError: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, stdError: Math.sqrt(variance / xs.length) };
}
