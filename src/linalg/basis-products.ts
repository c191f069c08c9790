/**
 * Products of a vector with a basis of vectors, Qᵀ·v and v + Q·a: what Gram–Schmidt and Ritz vectors
 * are made of. With a host BLAS (host-blas.ts) each run of basis vectors stored back to back in
 * one buffer is one gemv; otherwise the JavaScript loops of vector.ts (four vectors per pass).
 */
import { axpyMany, dotMany, normFromSquares } from './vector';
import { hostBlas } from './host-blas';

/**
 * out[j] = ⟨basis[j], v⟩.
 * @returns ‖v‖ when `withNorm` (free in the loops, one more pass on the BLAS), else NaN.
 */
export function projectionsOnto(basis: readonly Float64Array[], v: Float64Array, out: Float64Array, withNorm = true): number {
  const blas = hostBlas();
  if (!blas) {
    const squares = dotMany(basis, v, out);
    return withNorm ? normFromSquares(squares, v) : NaN;
  }
  for (const { start, count } of contiguousRuns(basis)) {
    blas.gemv(true, v.length, count, 1, basis[start], v, 0, out.subarray(start, start + count));
  }
  return withNorm ? normFromSquares(blas.dot(v, v), v) : NaN;
}

/**
 * y ← y + Σⱼ a[j]·basis[j], in place.
 * @returns ‖y‖ afterwards when `withNorm` (free in the loops, one more pass on the BLAS), else NaN.
 */
export function addCombination(a: Float64Array, basis: readonly Float64Array[], y: Float64Array, withNorm = true): number {
  const blas = hostBlas();
  if (!blas) {
    const squares = axpyMany(a, basis, y);
    return withNorm ? normFromSquares(squares, y) : NaN;
  }
  for (const { start, count } of contiguousRuns(basis)) {
    blas.gemv(false, y.length, count, 1, basis[start], a.subarray(start, start + count), 1, y);
  }
  return withNorm ? normFromSquares(blas.dot(y, y), y) : NaN;
}

/** Maximal runs of basis vectors that follow each other in one buffer (a column-major matrix). */
export function contiguousRuns(basis: readonly Float64Array[]): { start: number; count: number }[] {
  const runs: { start: number; count: number }[] = [];
  for (let j = 0; j < basis.length; j++) {
    const prev = basis[j - 1];
    const q = basis[j];
    const adjacent = prev !== undefined && q.buffer === prev.buffer && q.byteOffset === prev.byteOffset + prev.byteLength && q.length === prev.length;
    if (adjacent) runs[runs.length - 1].count++;
    else runs.push({ start: j, count: 1 });
  }
  return runs;
}

/**
 * Bytes of one block of basis vectors stored back to back: below the 32 MB from which glibc maps
 * fresh pages for every allocation (src/backend/host-malloc.ts), whose first writes cost ~3 ms per MB.
 */
const BLOCK_BYTES = 24 * 2 ** 20;

/**
 * Storage for basis vectors that keeps them back to back in blocks (so each block is one gemv),
 * growing a block at a time.
 * @example const store = basisStore(dim); const q = store.next(); q.set(v); basis.push(q);
 */
export function basisStore(dim: number): { next(): Float64Array } {
  const perBlock = Math.max(1, Math.min(8, Math.floor(BLOCK_BYTES / (8 * Math.max(dim, 1)))));
  let block: Float64Array | undefined;
  let used = perBlock;
  return {
    next() {
      if (used === perBlock) {
        block = new Float64Array(perBlock * dim);
        used = 0;
      }
      return block!.subarray(dim * used, dim * ++used);
    },
  };
}
