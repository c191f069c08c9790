/**
 * oneDNN's row-major sgemm in the kit's {@link Sgemm} form, with one detour. oneDNN 2.6.3 runs
 * C = Aᵀ·B at about half speed when C is tall and narrow and the inner dimension long: the shape of
 * a dense layer's weight gradient xᵀ·δ over a large batch. Measured on a 2-core Ice Lake Xeon
 * (ISA avx512_core_vnni), 3072x200 over 5000 images: 87 ms on one thread and 45 ms on two, where its
 * transpose Cᵀ = δᵀ·x took 48 and 27 ms and the same flops as C = A·B 52 and 29. Such products are
 * therefore computed as Cᵀ into host scratch and transposed into C (1.1 ms for 3072x200). The rule
 * ({@link transposedAProductGoesThroughCt}) covers only the shapes where that won on one and two
 * threads; elsewhere (short inner dimensions, square or wide C, accumulation into C) the direct call
 * was as fast or faster, and the bits stay those of the direct call.
 */
import type { Sgemm } from '../blas/blas-library';
import { scratch } from '../blas/scratch';

/** oneDNN's dnnl_sgemm: row-major, transposes as 'T' / 'N' character codes, returns a status. */
export type RawDnnlSgemm = (transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number) => number;

/** The inner dimension from which the detour won (4096: not at 512 or 1024, clearly at 5000). */
export const DETOUR_MIN_INNER = 4096;
/** How much taller than wide C must be (C = 3072x200 and 200x10 won; 200x200 and 64x64 did not). */
export const DETOUR_MIN_ASPECT = 8;

/**
 * Whether C = Aᵀ·B (m x n, inner k) is computed as its transpose: A transposed, B not, C overwritten
 * (beta = 0), k ≥ 4096 and m ≥ 8n.
 * @example transposedAProductGoesThroughCt(true, false, 3072, 200, 5000, 0) // true
 */
export function transposedAProductGoesThroughCt(transA: boolean, transB: boolean, m: number, n: number, k: number, beta: number): boolean {
  return transA && !transB && beta === 0 && k >= DETOUR_MIN_INNER && m >= DETOUR_MIN_ASPECT * n;
}

/**
 * Wraps oneDNN's sgemm.
 * @param raw dnnl_sgemm, bound through koffi.
 * @param check throws a readable error on a non-zero status.
 * @example const sgemm = dnnlSgemm(api.sgemm, check);
 */
export function dnnlSgemm(raw: RawDnnlSgemm, check: (status: number, what: string) => void): Sgemm {
  const [N, T] = ['N'.charCodeAt(0), 'T'.charCodeAt(0)];
  return (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    if (!transposedAProductGoesThroughCt(ta, tb, m, n, k, beta)) {
      check(raw(ta ? T : N, tb ? T : N, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), 'sgemm');
      return;
    }
    // Cᵀ (n x m) = Bᵀ·A: B is k x n (row stride ldb) read transposed, A is k x m (row stride lda) read as is.
    const ct = scratch('sgemm-transposed-product', m * n);
    check(raw(T, N, n, m, k, alpha, b, ldb, a, lda, 0, ct, m), 'sgemm');
    transposeInto(ct, n, m, c, ldc);
  };
}

/** dst (cols x rows, row stride ldd) = srcᵀ, src rows x cols dense. Reads run along src's rows. */
function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array, ldd: number): void {
  for (let r = 0; r < rows; r++) {
    const from = r * cols;
    for (let col = 0; col < cols; col++) dst[col * ldd + r] = src[from + col];
  }
}
