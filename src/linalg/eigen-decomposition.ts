/**
 * The result shape shared by the dense float64 eigen-solvers (Jacobi, tridiagonal QL).
 */

/** Eigen-decomposition A = Σᵢ valuesᵢ·vectorsᵢ·vectorsᵢᵀ of a symmetric matrix. */
export interface EigenDecomposition {
  /** Eigenvalues, largest ALGEBRAIC first. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors, `vectors[i]` belongs to `values[i]`. */
  readonly vectors: Float64Array[];
}

/**
 * Pairs sorted by eigenvalue, descending (stable for ties).
 * @param values eigenvalues in any order
 * @param vectors matching eigenvectors
 * @returns a decomposition with fresh `values` and re-ordered (not copied) vectors
 * @example sortDescending(Float64Array.of(1, 3), [e0, e1]); // values [3, 1], vectors [e1, e0]
 */
export function sortDescending(values: ArrayLike<number>, vectors: readonly Float64Array[]): EigenDecomposition {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
  return {
    values: Float64Array.from(order, (i) => values[i]),
    vectors: order.map((i) => vectors[i]),
  };
}
