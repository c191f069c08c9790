/**
 * The one interface every eigen-solver talks to: a symmetric linear map on float64 vectors.
 * Asynchronous because the map in practice is a Hessian-vector product on TF.js.
 */
import { DenseMatrix, MatrixInput, asymmetry, matVec, toDense } from '../linalg/dense-matrix';
import { allFinite } from '../linalg/vector';

/** A symmetric linear operator x ↦ A·x on ℝ^dim. */
export interface SymmetricOperator {
  /** Dimension n of the space (e.g. the number of network parameters). */
  readonly dim: number;
  /**
   * A·v. Must not modify `v`. May be inexact (e.g. a float32 HVP rounded back to float64); the
   * solvers only assume it is linear and symmetric up to that noise.
   */
  apply(v: Float64Array): Promise<Float64Array>;
  /**
   * True when `apply` returns a new vector on every call that nothing else holds: the solvers then
   * modify it in place instead of copying it first (a copy of 10⁵–10⁶ entries per HVP).
   */
  readonly returnsFresh?: boolean;
}

/** A {@link SymmetricOperator} that counts its calls. */
export interface CountedOperator extends SymmetricOperator {
  /** Number of `apply` calls so far (matrix-vector products, i.e. HVPs). */
  readonly matvecs: number;
}

/**
 * Wraps a dense symmetric matrix (tests, small problems, user-built Hessians) as an operator.
 * @param m symmetric n×n matrix: rows or a flat row-major `Float64Array` (copied; asymmetry above
 *   1e-10 relative throws)
 * @returns an operator with `dim = n` whose `apply` is the exact float64 product
 * @example await denseOperator([[2, 1], [1, 2]]).apply(Float64Array.of(1, 1)); // [3, 3]
 */
export function denseOperator(m: MatrixInput | DenseMatrix): SymmetricOperator {
  const a = isDense(m) ? { n: m.n, data: Float64Array.from(m.data) } : toDense(m);
  const skew = asymmetry(a);
  if (skew > 1e-10) throw new Error(`matrix is not symmetric (relative asymmetry ${skew.toExponential(2)})`);
  return {
    dim: a.n,
    returnsFresh: true,
    apply: async (v) => {
      if (v.length !== a.n) throw new Error(`operator has dim ${a.n}; got a vector of length ${v.length}`);
      return matVec(a, v);
    },
  };
}

/**
 * Wraps an operator so that it counts matrix-vector products.
 * @param op any symmetric operator
 * @returns the same map, with a live `matvecs` counter starting at 0
 * @example const c = countMatvecs(op); await c.apply(v); c.matvecs; // 1
 */
export function countMatvecs(op: SymmetricOperator): CountedOperator {
  let count = 0;
  return {
    dim: op.dim,
    returnsFresh: op.returnsFresh,
    get matvecs() { return count; },
    apply: (v) => { count++; return op.apply(v); },
  };
}

/**
 * A·v as a vector the caller owns, rejecting a wrong length or NaN/Inf (e.g. a diverged network's HVP)
 * with a clear error instead of silently poisoning a Krylov basis.
 * @param op operator
 * @param v vector of length `op.dim`
 * @returns A·v that the caller owns: the operator's own result when it `returnsFresh`, else a copy
 * @example const w = await applyChecked(op, v);
 */
export async function applyChecked(op: SymmetricOperator, v: Float64Array): Promise<Float64Array> {
  const w = await op.apply(v);
  if (w.length !== op.dim) throw new Error(`operator returned length ${w.length}; expected ${op.dim}`);
  if (!allFinite(w)) throw new Error(`operator returned a non-finite value at index ${w.findIndex((x) => !Number.isFinite(x))}`);
  return op.returnsFresh && w !== v ? w : Float64Array.from(w);
}

function isDense(m: MatrixInput | DenseMatrix): m is DenseMatrix {
  return !(m instanceof Float64Array) && !Array.isArray(m) && 'data' in m;
}
