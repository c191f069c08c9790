/**
 * The Hessian's eigenvalue density by stochastic Lanczos quadrature (SLQ; Ubaru, Chen & Saad 2017,
 * as in PyHessian): m Lanczos steps from a random unit probe v give T_m = QΘQᵀ, and the nodes θ_i
 * with weights τ_i = Q[0,i]² are the Gauss quadrature of the spectral measure seen from v:
 * Σ τ_i θ_i^k = vᵀA^k v exactly for k ≤ 2m − 1. Averaging over probes estimates the density
 * (1/n)Σ_j δ(t − λ_j); the outliers (λ₁, …) show as nodes of small weight far from the bulk.
 * One matvec (HVP) per step and probe; the Lanczos step is lanczos.ts's (full re-orthogonalisation in float64).
 */
import { createRng } from '../util/rng';
import { tridiagonalEigen } from '../linalg/tridiagonal-eigen';
import { rademacher, scale } from '../linalg/vector';
import { emptyKrylov, krylovStep } from './lanczos';
import { countMatvecs, SymmetricOperator } from './symmetric-operator';

/** Options of {@link spectralDensity}. */
export interface DensityOptions {
  /** Random probes (PyHessian's default: 1). Default 4. */
  readonly probes?: number;
  /** Lanczos steps per probe = quadrature nodes per probe (capped at dim). Default 30. */
  readonly steps?: number;
  /** Seed of the probes. Default 0. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

/** One probe's Gauss quadrature of the spectral measure. */
export interface Quadrature {
  /** Ritz values θ_i, descending. */
  readonly nodes: readonly number[];
  /** τ_i = (first component of the i-th eigenvector of T)², summing to 1. */
  readonly weights: readonly number[];
}

/** The SLQ estimate: one quadrature per probe. */
export interface SpectralDensity {
  readonly quadratures: readonly Quadrature[];
  /** The operator's dimension n (the trace estimate is n·Σ τθ). */
  readonly dim: number;
  readonly matvecs: number;
}

/**
 * @param op the symmetric operator, e.g. `hessianOperator(obj, params, data)`.
 * @example const d = await spectralDensity(hessianOperator(obj, params, data), { probes: 2, steps: 40 });
 *   densityOnGrid(d, grid, 0.5)
 */
export async function spectralDensity(op: SymmetricOperator, options: DensityOptions = {}): Promise<SpectralDensity> {
  const probes = options.probes ?? 4;
  const steps = Math.min(options.steps ?? 30, op.dim);
  if (!(Number.isInteger(probes) && probes >= 1)) throw new Error(`probes must be a positive integer, got ${probes}`);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`steps must be a positive integer, got ${options.steps}`);
  const rng = createRng(options.seed ?? 0);
  const counted = countMatvecs(op);
  const quadratures: Quadrature[] = [];
  for (let p = 0; p < probes; p++) {
    const start = rademacher(op.dim, rng.uniform);
    quadratures.push(await lanczosQuadrature(counted, scale(1 / Math.sqrt(op.dim), start), steps, options.signal));
  }
  return { quadratures, dim: op.dim, matvecs: counted.matvecs };
}

/**
 * The Gauss quadrature of the spectral measure of `op` seen from the unit vector `start`, by
 * `steps` Lanczos steps (fewer when the Krylov space is invariant: the quadrature is then exact).
 */
export async function lanczosQuadrature(op: SymmetricOperator, start: Float64Array, steps: number, signal?: AbortSignal): Promise<Quadrature> {
  const kr = emptyKrylov();
  for (let v: Float64Array | null = start; v !== null && kr.basis.length < steps;) {
    signal?.throwIfAborted();
    v = await krylovStep(op, kr, v);
  }
  const { values, vectors } = tridiagonalEigen(kr.alpha, kr.beta); // the last β (off T) is ignored
  return { nodes: [...values], weights: vectors.map((q) => q[0] * q[0]) };
}

/**
 * The estimated density on a grid: (1/probes) Σ_probes Σ_i τ_i · N(t; θ_i, σ²), which integrates
 * to 1 (the spectrum's mass per eigenvalue is 1/n).
 * @param sigma Gaussian smoothing width (same units as the eigenvalues).
 * @example densityOnGrid(d, Array.from({ length: 200 }, (_, i) => -5 + i * 0.5), 0.5)
 */
export function densityOnGrid(d: SpectralDensity, grid: readonly number[], sigma: number): number[] {
  if (!(sigma > 0)) throw new Error(`sigma must be positive, got ${sigma}`);
  const c = 1 / (Math.sqrt(2 * Math.PI) * sigma * d.quadratures.length);
  return grid.map((t) => c * d.quadratures.reduce((s, q) => s + q.nodes.reduce((a, th, i) => a + q.weights[i] * Math.exp(-0.5 * ((t - th) / sigma) ** 2), 0), 0));
}

/** The trace estimate n·mean over probes of Σ τ_i θ_i (= Hutchinson's with normalised Rademacher probes). */
export function densityTrace(d: SpectralDensity): number {
  const perProbe = d.quadratures.map((q) => q.nodes.reduce((a, th, i) => a + q.weights[i] * th, 0));
  return (d.dim * perProbe.reduce((a, b) => a + b, 0)) / perProbe.length;
}
