/**
 * Dense symmetric eigen-decomposition by the cyclic Jacobi method, in float64. Slow (≈ 8n³ flops
 * per sweep, 6–10 sweeps) but simple and accurate to a few ulps of ‖A‖: the oracle for tests and
 * for Ritz problems up to a few hundred.
 */
import { DenseMatrix, MatrixInput, asymmetry, toDense } from './dense-matrix';
import { EigenDecomposition, sortDescending } from './eigen-decomposition';

const MAX_SWEEPS = 100;

/**
 * All eigenvalues (largest ALGEBRAIC first) and orthonormal eigenvectors of a symmetric matrix.
 * @param m symmetric matrix: rows or a flat row-major array; asymmetry above 1e-10 (relative)
 *   throws, smaller asymmetry is averaged away
 * @returns values descending and `vectors[i]` (unit norm) for `values[i]`
 * @example symmetricEigen([[2, 1], [1, 2]]).values; // [3, 1]
 */
export function symmetricEigen(m: MatrixInput): EigenDecomposition {
  const a = toDense(m);
  const skew = asymmetry(a);
  if (skew > 1e-10) throw new Error(`matrix is not symmetric (relative asymmetry ${skew.toExponential(2)})`);
  symmetrize(a);
  return jacobi(a);
}

/** Cyclic Jacobi on `a` (overwritten): rotate every (p, q) to zero until the off-diagonal vanishes. */
function jacobi(a: DenseMatrix): EigenDecomposition {
  const { n, data } = a;
  const v = Array.from({ length: n }, (_, i) => { const e = new Float64Array(n); e[i] = 1; return e; });
  const total = frobenius(a);
  let previous = Infinity;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    const off = offDiagonal(a);
    // Stop at roundoff level, or when a sweep no longer reduces the off-diagonal mass.
    if (off <= 2.2e-16 * total || off >= previous) break;
    previous = off;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, v, p, q);
  }
  return sortDescending(Float64Array.from({ length: n }, (_, i) => data[i * n + i]), v);
}

/** One Jacobi rotation A ← JᵀAJ that zeroes a_pq; eigenvector columns V ← V·J (stored as `v[col]`). */
function rotate(a: DenseMatrix, v: Float64Array[], p: number, q: number): void {
  const { n, data } = a;
  const apq = data[p * n + q];
  if (apq === 0) return;
  const theta = (data[q * n + q] - data[p * n + p]) / (2 * apq);
  // Smaller root of t² + 2θt − 1 = 0: rotation angle ≤ π/4, the stable choice.
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(theta, 1));
  const c = 1 / Math.hypot(t, 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = data[k * n + p], akq = data[k * n + q];
    data[k * n + p] = c * akp - s * akq;
    data[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = data[p * n + k], aqk = data[q * n + k];
    data[p * n + k] = c * apk - s * aqk;
    data[q * n + k] = s * apk + c * aqk;
  }
  data[p * n + q] = 0;
  data[q * n + p] = 0;
  const vp = v[p], vq = v[q];
  for (let k = 0; k < n; k++) {
    const x = vp[k], y = vq[k];
    vp[k] = c * x - s * y;
    vq[k] = s * x + c * y;
  }
}

function symmetrize({ n, data }: DenseMatrix): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (data[i * n + j] + data[j * n + i]);
      data[i * n + j] = m;
      data[j * n + i] = m;
    }
  }
}

function offDiagonal({ n, data }: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) s += data[i * n + j] ** 2;
  return Math.sqrt(s);
}

function frobenius({ data }: DenseMatrix): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] ** 2;
  return Math.sqrt(s);
}
