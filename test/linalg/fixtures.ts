/**
 * Test fixtures for the eigen-solvers: seeded random orthogonal matrices, matrices with a prescribed
 * spectrum, and operator wrappers (float32 rounding). Pure float64, no TF.js.
 */
import { createRng } from '../../src/util/rng';
import { DenseMatrix, matVec } from '../../src/linalg/dense-matrix';
import { axpy, dot, gaussian, norm, normalize } from '../../src/linalg/vector';
import { SymmetricOperator } from '../../src/curvature/symmetric-operator';

/** Columns of a seeded random orthogonal Q = H₁·H₂·…·H_n (Householder reflections of Gaussian vectors). */
export function randomOrthogonal(n: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  const cols = Array.from({ length: n }, (_, i) => { const e = new Float64Array(n); e[i] = 1; return e; });
  for (let r = 0; r < n; r++) {
    const u = gaussian(n, rng.normal);
    normalize(u);
    for (const c of cols) axpy(-2 * dot(u, c), u, c); // c ← (I − 2uuᵀ)c
  }
  return cols;
}

/** A = Q·diag(values)·Qᵀ for Q = randomOrthogonal(n, seed); also returns Q's columns (the eigenvectors). */
export function withSpectrum(values: readonly number[], seed: number): { a: DenseMatrix; q: Float64Array[] } {
  const n = values.length;
  const q = randomOrthogonal(n, seed);
  const data = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const qk = q[k], lk = values[k];
    for (let i = 0; i < n; i++) {
      const s = lk * qk[i];
      for (let j = 0; j < n; j++) data[i * n + j] += s * qk[j];
    }
  }
  symmetrize(data, n);
  return { a: { n, data }, q };
}

/** diag(values) as a dense matrix. */
export function diagonal(values: readonly number[]): DenseMatrix {
  const n = values.length;
  const data = new Float64Array(n * n);
  values.forEach((v, i) => { data[i * n + i] = v; });
  return { n, data };
}

/** A + eps·E for a seeded random symmetric E with ‖E‖_F = 1. */
export function perturbed(a: DenseMatrix, eps: number, seed: number): DenseMatrix {
  const { n } = a;
  const e = gaussian(n * n, createRng(seed).normal);
  symmetrize(e, n);
  const s = eps / norm(e);
  return { n, data: Float64Array.from(a.data, (x, i) => x + s * e[i]) };
}

/** An operator whose input and output are rounded to float32, like an HVP computed on TF.js. */
export function float32Operator(a: DenseMatrix): SymmetricOperator {
  return {
    dim: a.n,
    apply: async (v) => Float64Array.from(Float32Array.from(matVec(a, Float32Array.from(v)))),
  };
}

/** True relative residual ‖A·v − λ·v‖ / (|λ|·‖v‖). */
export function trueResidual(a: DenseMatrix, v: Float64Array, lambda: number): number {
  const r = matVec(a, v);
  axpy(-lambda, v, r);
  return norm(r) / (Math.abs(lambda) * norm(v));
}

/** max over i ≠ j of |⟨vᵢ, vⱼ⟩| and over i of |‖vᵢ‖ − 1|. */
export function orthonormalityError(vs: readonly Float64Array[]): number {
  let err = 0;
  for (let i = 0; i < vs.length; i++) {
    for (let j = 0; j < vs.length; j++) err = Math.max(err, Math.abs(dot(vs[i], vs[j]) - (i === j ? 1 : 0)));
  }
  return err;
}

/** A seeded spectrum: `top` followed by `n − top.length` values uniform in [lo, hi]. */
export function spectrum(top: readonly number[], n: number, lo: number, hi: number, seed: number): number[] {
  const rng = createRng(seed);
  return [...top, ...Array.from({ length: n - top.length }, () => lo + (hi - lo) * rng.uniform())];
}

/** Relative error |x − ref| / |ref|. */
export function relErr(x: number, ref: number): number {
  return Math.abs(x - ref) / Math.abs(ref);
}

function symmetrize(data: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (data[i * n + j] + data[j * n + i]);
      data[i * n + j] = m;
      data[j * n + i] = m;
    }
  }
}

/** The k largest values of a spectrum, descending. */
export function topOf(values: readonly number[], k: number): number[] {
  return [...values].sort((x, y) => y - x).slice(0, k);
}
