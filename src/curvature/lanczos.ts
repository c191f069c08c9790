/**
 * Lanczos with full re-orthogonalisation for the top-k (largest ALGEBRAIC) eigenpairs of a
 * symmetric operator. Every new Krylov vector is orthogonalised against the whole basis by
 * classical Gram–Schmidt applied twice, in float64, so there are no ghost eigenvalues even when
 * the operator itself is float32. Memory: (maxIter + 1)·dim float64 numbers for the basis.
 */
import { createRng, Rng } from '../util/rng';
import { orthogonalizeTwice } from '../linalg/gram-schmidt';
import { tridiagonalEigen } from '../linalg/tridiagonal-eigen';
import { axpy, gaussian, norm, normalize, scale } from '../linalg/vector';
import { addCombination, basisStore } from '../linalg/basis-products';
import { EigenOptions, EigenResult, relativeResidual, resolveEigenOptions } from './eigen-result';
import { alignSigns, warmStart } from './eigen-start';
import { CountedOperator, SymmetricOperator, applyChecked, countMatvecs } from './symmetric-operator';

/** {@link EigenOptions} plus Lanczos-only switches. */
export interface LanczosOptions extends EigenOptions {
  /** Recompute the final residuals as true ‖A·y − θ·y‖ (k extra matvecs). Default false. */
  verify?: boolean;
}

/** Default iteration (= matvec) budget, capped at dim. */
export const LANCZOS_MAX_ITER = 100;

// β below this fraction of ‖A‖ means the Krylov space is invariant (exactly, up to roundoff).
const BREAKDOWN = 1e-10;

/**
 * Krylov basis V and tridiagonal T = tridiag(β, α, β) built so far. The basis vectors are stored
 * back to back in blocks (`store`), so re-orthogonalising against them is one gemv per block.
 */
export interface Krylov { basis: Float64Array[]; alpha: number[]; beta: number[]; normA: number; store?: { next(): Float64Array } }

/** An empty Krylov space. */
export const emptyKrylov = (): Krylov => ({ basis: [], alpha: [], beta: [], normA: 0 });

/** Top Ritz pairs of T: values θ, eigenvectors s of T, relative residual estimates |β_m·s_m|/|θ|. */
interface Ritz { values: number[]; coords: Float64Array[]; residuals: number[] }

/**
 * Top-k eigenpairs by Lanczos with full re-orthogonalisation. Each iteration is one matvec; it
 * stops when every top-k Ritz pair has relative residual |β_m·s_m|/|θ| ≤ tol (the exact residual
 * ‖A·y − θ·y‖ by the Lanczos relation), or after `maxIter` iterations (default min(dim, 100),
 * raised to k). On breakdown (β ≈ 0: the Krylov space is invariant, its Ritz pairs are exact) it
 * continues from a seeded random vector orthogonal to the basis if fewer than k pairs are known.
 * Warm start (`start`): the previous eigenvectors, summed with equal weights, plus `startNoise`
 * of random (see {@link warmStart}); returned vectors are sign-aligned with `start[i]`.
 * Single-vector Lanczos finds one copy of an exactly repeated eigenvalue per breakdown, so an
 * exact multiple eigenvalue may be reported once (close-but-distinct clusters are fine).
 * @param op symmetric operator (e.g. an HVP adaptor)
 * @param options {@link LanczosOptions}; tol default 1e-3 (relative residual)
 * @returns {@link EigenResult} with method 'lanczos'
 * @example const r = await lanczos(hvpOperator, { k: 2, start: previous?.vectors }); r.values[0];
 */
export async function lanczos(op: SymmetricOperator, options: LanczosOptions = {}): Promise<EigenResult> {
  const t0 = performance.now();
  const o = resolveEigenOptions(op.dim, options, Math.min(op.dim, LANCZOS_MAX_ITER));
  const maxIter = Math.min(op.dim, Math.max(o.maxIter, o.k));
  const counted = countMatvecs(op);
  const rng = createRng(o.seed);
  const krylov = emptyKrylov();
  let next: Float64Array | null = warmStart(op.dim, o.starts, o.startNoise, rng);
  let ritz: Ritz = { values: [], coords: [], residuals: [] };
  let converged = false;
  for (let it = 1; next !== null && it <= maxIter && !converged; it++) {
    o.signal?.throwIfAborted();
    next = (await krylovStep(counted, krylov, next)) ?? freshDirection(krylov.basis, op.dim, rng);
    ritz = topRitz(krylov, o.k);
    converged = ritz.values.length === o.k && ritz.residuals.every((r) => r <= o.tol);
    o.onIteration?.({ method: 'lanczos', iteration: it, matvecs: counted.matvecs, values: ritz.values, residuals: ritz.residuals });
  }
  const vectors = ritz.coords.map((s) => { const y = new Float64Array(op.dim); addCombination(s, krylov.basis, y, false); normalize(y); return y; });
  alignSigns(vectors, o.starts);
  const residuals = options.verify ? await trueResiduals(counted, vectors, ritz.values, krylov.normA) : ritz.residuals;
  return {
    values: ritz.values, vectors, residuals, matvecs: counted.matvecs, seconds: (performance.now() - t0) / 1000,
    converged: residuals.every((r) => r <= o.tol) && residuals.length === o.k, method: 'lanczos',
  };
}

/**
 * One Lanczos step (also stochastic Lanczos quadrature's): adds the unit vector `v` to the basis and
 * one row to T. Returns the next unit vector, or null when the Krylov space is invariant (β ≈ 0
 * recorded: T splits, its current Ritz pairs are exact); Lanczos then restarts from a fresh
 * direction, quadrature stops.
 */
export async function krylovStep(op: SymmetricOperator, kr: Krylov, v: Float64Array): Promise<Float64Array | null> {
  const q = (kr.store ??= basisStore(v.length)).next();
  q.set(v);
  kr.basis.push(q);
  const w = await applyChecked(op, q);
  const { coeffs, normBefore, normAfter } = orthogonalizeTwice(w, kr.basis);
  kr.normA = Math.max(kr.normA, normBefore);
  kr.alpha.push(coeffs[coeffs.length - 1]);
  if (normAfter > BREAKDOWN * kr.normA) {
    kr.beta.push(normAfter);
    return scale(1 / normAfter, w);
  }
  kr.beta.push(0);
  return null;
}

/** A seeded random unit vector orthogonal to the basis, or null once the basis spans the space. */
function freshDirection(basis: Float64Array[], dim: number, rng: Rng): Float64Array | null {
  if (basis.length >= dim) return null;
  const g = gaussian(dim, rng.normal);
  const { normBefore, normAfter } = orthogonalizeTwice(g, basis);
  return normAfter > 1e-8 * normBefore ? scale(1 / normAfter, g) : null;
}

/** Ritz problem T·s = θ·s; the residual of y = V·s is |β_m·s_m| by A·V = V·T + β_m·v_{m+1}·e_mᵀ. */
function topRitz(kr: Krylov, k: number): Ritz {
  const m = kr.alpha.length;
  const { values, vectors } = tridiagonalEigen(kr.alpha, kr.beta);
  const size = Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
  const top = Array.from({ length: Math.min(k, m) }, (_, i) => i);
  return {
    values: top.map((i) => values[i]),
    coords: top.map((i) => vectors[i]),
    residuals: top.map((i) => relativeResidual(Math.abs(kr.beta[m - 1] * vectors[i][m - 1]), values[i], size)),
  };
}

/** Relative ‖A·y − θ·y‖ recomputed with one matvec per pair. */
async function trueResiduals(op: CountedOperator, ys: Float64Array[], thetas: number[], normA: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const r = await applyChecked(op, ys[i]);
    axpy(-thetas[i], ys[i], r);
    out.push(relativeResidual(norm(r), thetas[i], Math.max(normA, Math.abs(thetas[0]))));
  }
  return out;
}
