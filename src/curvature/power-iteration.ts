/**
 * Power iteration for the top-k (largest ALGEBRAIC) eigenpairs, what the paper used, made safe for
 * indefinite Hessians:
 * 1. Plain power iteration on A (restricted to the complement of the pairs already found) converges
 *    to the eigenvalue of largest MAGNITUDE. If its Rayleigh quotient θ is ≥ 0, it is the top one.
 * 2. If θ < 0, the run is repeated on A + σ·I with σ = the largest ‖A·v‖ seen (≈ |θ|), which makes
 *    the top algebraic eigenvalue dominant; the shift is kept for later pairs.
 * 3. Pairs 2..k: deflation by projection (every iterate is kept orthogonal to the pairs found).
 * 4. A final Rayleigh–Ritz step on the k vectors, free because A·v of each last iterate is kept,
 *    gives the returned pairs and their true residuals.
 * Convergence is linear with ratio |λ₂|/|λ₁| (of the shifted operator): slow for clustered tops.
 * If the unshifted run ends unconverged with θ ≥ 0 (e.g. λ_max ≈ −λ_min, where the iterates
 * oscillate), no shift is tried and the result says `converged: false`.
 */
import { createRng } from '../util/rng';
import { orthogonalizeTwice } from '../linalg/gram-schmidt';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import { axpy, combine, dot, norm, normalize } from '../linalg/vector';
import { EigenOptions, EigenResult, ResolvedEigenOptions, relativeResidual, resolveEigenOptions } from './eigen-result';
import { alignSigns, warmStart } from './eigen-start';
import { CountedOperator, SymmetricOperator, applyChecked, countMatvecs } from './symmetric-operator';

/** Default iteration budget per power run (a pair may take two runs: unshifted, then shifted). */
export const POWER_MAX_ITER = 1000;

/** A unit vector v, w = A·v, θ = vᵀw, and whether its run met the tolerance. */
interface Pair { v: Float64Array; w: Float64Array; theta: number; residual: number; converged: boolean }

/** State shared by the runs of one solve. */
interface Solve { op: CountedOperator; o: ResolvedEigenOptions; found: Pair[]; normA: number; shift: number; iteration: number }

/**
 * Top-k eigenpairs by (shifted, deflated) power iteration; see the file comment for the method.
 * Each run stops when its relative residual ‖P·A·v − θ·v‖/|θ| ≤ tol (P projects out the pairs
 * already found) or after `maxIter` iterations (default 1000). Warm start: `start[i]` (plus
 * `startNoise` of random) starts pair i. Returned residuals are the true ‖A·y − θ·y‖/|θ|.
 * @param op symmetric operator (e.g. an HVP adaptor)
 * @param options {@link EigenOptions}; tol default 1e-3 (relative residual)
 * @returns {@link EigenResult} with method 'power'
 * @example const r = await powerIteration(hvpOperator, { tol: 1e-4 }); r.values[0];
 */
export async function powerIteration(op: SymmetricOperator, options: EigenOptions = {}): Promise<EigenResult> {
  const t0 = performance.now();
  const o = resolveEigenOptions(op.dim, options, POWER_MAX_ITER);
  const s: Solve = { op: countMatvecs(op), o, found: [], normA: 0, shift: 0, iteration: 0 };
  const rng = createRng(o.seed);
  for (let i = 0; i < o.k; i++) {
    const start = warmStart(op.dim, o.starts.slice(i, i + 1), o.startNoise, rng);
    let pair = await run(s, start);
    if (pair.theta < 0 && s.shift === 0 && s.normA > 0) {
      s.shift = s.normA; // dominant eigenvalue is negative: make the top algebraic one dominant
      pair = await run(s, start);
    }
    s.found.push(pair);
  }
  const { values, vectors, residuals } = rayleighRitz(s.found, s.normA);
  alignSigns(vectors, o.starts);
  return {
    values, vectors, residuals, matvecs: s.op.matvecs, seconds: (performance.now() - t0) / 1000,
    converged: s.found.every((p) => p.converged), method: 'power',
  };
}

/** One power run on P·(A + shift·I)·P from `start`; returns the last (v, A·v) pair. */
async function run(s: Solve, start: Float64Array): Promise<Pair> {
  const basis = s.found.map((p) => p.v);
  let v = Float64Array.from(start);
  orthogonalizeTwice(v, basis);
  normalize(v);
  let pair: Pair = { v, w: new Float64Array(v.length), theta: 0, residual: Infinity, converged: false };
  for (let it = 1; it <= s.o.maxIter; it++) {
    s.o.signal?.throwIfAborted();
    const w = await applyChecked(s.op, v);
    s.normA = Math.max(s.normA, norm(w));
    const theta = dot(v, w);
    const r = Float64Array.from(w);
    orthogonalizeTwice(r, basis); // r = P·A·v − θ·v: the residual within the deflated space
    axpy(-theta, v, r);
    const residual = relativeResidual(norm(r), theta, s.normA);
    pair = { v, w, theta, residual, converged: residual <= s.o.tol };
    report(s, pair);
    if (pair.converged) break;
    // Next iterate P·(A + shift)·v = r + (θ + shift)·v. Re-project: with a shift, the rounding
    // left along found vectors would otherwise grow by shift/(λ + shift) per iteration.
    axpy(theta + s.shift, v, r);
    orthogonalizeTwice(r, basis);
    if (normalize(r) === 0) break;
    v = r;
  }
  return pair;
}

function report(s: Solve, current: Pair): void {
  s.iteration++;
  if (!s.o.onIteration) return;
  const pairs = [...s.found, current];
  s.o.onIteration({
    method: 'power', iteration: s.iteration, matvecs: s.op.matvecs,
    values: pairs.map((p) => p.theta), residuals: pairs.map((p) => p.residual),
  });
}

/** Best pairs in span(v₁..v_k) from H = Vᵀ·(A·V), with true residuals from the stored A·vᵢ. */
function rayleighRitz(pairs: Pair[], normA: number): { values: number[]; vectors: Float64Array[]; residuals: number[] } {
  const vs = pairs.map((p) => p.v), ws = pairs.map((p) => p.w);
  const h = vs.map((vi) => ws.map((wj) => dot(vi, wj)));
  for (let i = 0; i < h.length; i++) for (let j = 0; j < i; j++) h[i][j] = h[j][i] = 0.5 * (h[i][j] + h[j][i]);
  const eig = symmetricEigen(h);
  const values = Array.from(eig.values);
  const vectors = eig.vectors.map((c) => combine(vs, c));
  const residuals = eig.vectors.map((c, i) => {
    const r = combine(ws, c);
    axpy(-values[i], vectors[i], r);
    return relativeResidual(norm(r), values[i], normA);
  });
  return { values, vectors, residuals };
}
