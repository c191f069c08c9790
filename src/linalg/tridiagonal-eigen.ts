/**
 * Symmetric tridiagonal eigen-decomposition by the implicit QL method with Wilkinson-type shifts
 * (EISPACK `tql2`, as in JAMA), in float64: ≈ 3m³ flops with eigenvectors, the Ritz problem of
 * Lanczos.
 */
import { EigenDecomposition, sortDescending } from './eigen-decomposition';

const EPS = 2 ** -52;
const MAX_SWEEPS_PER_VALUE = 60;

/**
 * All eigenvalues (largest ALGEBRAIC first) and orthonormal eigenvectors of the symmetric
 * tridiagonal matrix T with diagonal `diag` and off-diagonal `off` (T[i][i+1] = T[i+1][i] = off[i]).
 * @param diag the m diagonal entries
 * @param off the m − 1 off-diagonal entries (extra entries are ignored; zeros split T into blocks)
 * @returns values descending and `vectors[i]` (length m, unit norm) for `values[i]`
 * @example tridiagonalEigen([2, 2], [1]).values; // [3, 1]
 */
export function tridiagonalEigen(diag: ArrayLike<number>, off: ArrayLike<number>): EigenDecomposition {
  const m = diag.length;
  if (off.length < m - 1) throw new Error(`need ${m - 1} off-diagonal entries, got ${off.length}`);
  const d = Float64Array.from(diag);
  const e = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) e[i] = off[i];
  // z[j] is column j of the accumulated rotations: eigenvector j once converged.
  const z = Array.from({ length: m }, (_, i) => { const c = new Float64Array(m); c[i] = 1; return c; });
  let shiftSum = 0, tst1 = 0;
  for (let l = 0; l < m; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let split = l;
    while (split < m - 1 && Math.abs(e[split]) > EPS * tst1) split++;
    let sweeps = 0;
    while (split > l && Math.abs(e[l]) > EPS * tst1) {
      if (++sweeps > MAX_SWEEPS_PER_VALUE) throw new Error(`tridiagonal QL did not converge for eigenvalue ${l}`);
      shiftSum += qlSweep(d, e, z, l, split);
    }
    d[l] += shiftSum;
    e[l] = 0;
  }
  return sortDescending(d, z);
}

/** One implicitly shifted QL sweep on the unreduced block l..split; returns the shift applied. */
function qlSweep(d: Float64Array, e: Float64Array, z: Float64Array[], l: number, split: number): number {
  const g0 = d[l];
  let p = (d[l + 1] - g0) / (2 * e[l]);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l] / (p + r);
  d[l + 1] = e[l] * (p + r);
  const dl1 = d[l + 1];
  const h0 = g0 - d[l];
  for (let i = l + 2; i < d.length; i++) d[i] -= h0;
  p = d[split];
  let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
  const el1 = e[l + 1];
  for (let i = split - 1; i >= l; i--) {
    c3 = c2; c2 = c; s2 = s;
    const g = c * e[i];
    const h = c * p;
    r = Math.hypot(p, e[i]);
    e[i + 1] = s * r;
    s = e[i] / r;
    c = p / r;
    p = c * d[i] - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]);
    const zi = z[i], zi1 = z[i + 1];
    for (let k = 0; k < zi.length; k++) {
      const t = zi1[k];
      zi1[k] = s * zi[k] + c * t;
      zi[k] = c * zi[k] - s * t;
    }
  }
  p = (-s * s2 * c3 * el1 * e[l]) / dl1;
  e[l] = s * p;
  d[l] = c * p;
  return h0;
}
