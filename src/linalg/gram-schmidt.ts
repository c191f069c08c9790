/**
 * Classical Gram–Schmidt applied twice ("twice is enough", Giraud et al. 2005): the second pass
 * removes what rounding left after the first, so the result is orthogonal to working precision.
 */
import { norm } from './vector';
import { addCombination, projectionsOnto } from './basis-products';

/** What {@link orthogonalizeTwice} removed and what is left. */
export interface Orthogonalization {
  /** Coefficient of `v` along each basis vector, summed over both passes (length = basis.length). */
  readonly coeffs: Float64Array;
  /** ‖v‖ before projection. */
  readonly normBefore: number;
  /** ‖v‖ after both passes; ≪ `normBefore` means `v` was (numerically) in span(basis). */
  readonly normAfter: number;
}

/**
 * In place v ← (I − Q·Qᵀ)² v for an orthonormal basis Q, two classical Gram–Schmidt passes.
 * @param v vector, overwritten with its component orthogonal to `basis`
 * @param basis orthonormal vectors (float64), each of `v.length`
 * @returns the projection coefficients and the norms before and after
 * @example
 * const v = Float64Array.of(1, 1);
 * orthogonalizeTwice(v, [Float64Array.of(1, 0)]); // v is now [0, 1]
 */
export function orthogonalizeTwice(v: Float64Array, basis: readonly Float64Array[]): Orthogonalization {
  if (basis.length === 0) { const n = norm(v); return { coeffs: new Float64Array(0), normBefore: n, normAfter: n }; }
  const coeffs = new Float64Array(basis.length);
  const h = new Float64Array(basis.length);
  const minusH = new Float64Array(basis.length);
  let before = 0;
  let after = 0;
  for (let pass = 0; pass < 2; pass++) {
    // Classical (not modified) GS: all coefficients from the same v, then one update each.
    // Only the norm before the first pass and after the last are wanted.
    const size = projectionsOnto(basis, v, h, pass === 0);
    if (pass === 0) before = size;
    for (let j = 0; j < basis.length; j++) { minusH[j] = -h[j]; coeffs[j] += h[j]; }
    after = addCombination(minusH, basis, v, pass === 1);
  }
  return { coeffs, normBefore: before, normAfter: after };
}
