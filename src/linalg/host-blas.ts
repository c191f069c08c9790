/**
 * Double-precision BLAS for the host-side vector work of the eigen-solvers (re-orthogonalising a
 * Krylov basis is a matrix–vector product with the basis, memory-bound: OpenBLAS streams it 4–5x
 * faster than a JavaScript loop). The backend installs it on the native-BLAS path
 * (src/backend/blas/install-blas.ts); without it the same sums run in JavaScript, in another order,
 * so the last bits of λ₁ depend on the path, as the path's own kernels already make them.
 */

/** The two routines used, on column-major matrices whose columns are contiguous vectors. */
export interface HostBlas {
  /**
   * y ← α·op(A)·x + β·y for A with `rows` rows and `cols` columns, column-major, leading dimension
   * `rows` (column j starts at a[j·rows]); op(A) = Aᵀ when `transpose`.
   */
  gemv(transpose: boolean, rows: number, cols: number, alpha: number, a: Float64Array, x: Float64Array, beta: number, y: Float64Array): void;
  /** ⟨x, y⟩. */
  dot(x: Float64Array, y: Float64Array): number;
}

let active: HostBlas | undefined;

/** Installs (or, with undefined, removes) the host BLAS. */
export function setHostBlas(blas: HostBlas | undefined): void {
  active = blas;
}

/** The installed host BLAS, if any. */
export function hostBlas(): HostBlas | undefined {
  return active;
}
