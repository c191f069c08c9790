/**
 * Which convolutions leave XNNPACK on the native path.
 *
 * With oneDNN (src/backend/dnnl/, `SHARPNESS_LAB_DNNL`): every convolution; its JIT convolutions
 * are 2–3x faster than the GEMMs on the conv nets here.
 * With the GEMMs (one OpenBLAS GEMM per filter tap, blas/conv-kernels.ts), measured here (batch 200,
 * 3x3, 2-core EPYC, 1 BLAS thread): with 16+ input and output channels the GEMMs win 1.3–3x over
 * XNNPACK (forward, ∂x and ∂w alike); with 3–8 channels they are skinny and memory-bound and
 * XNNPACK's indirect convolution wins up to 2x, so those stay on XNNPACK.
 */
export const GEMM_MIN_CHANNELS = 16;

/** `always` sends every convolution through the GEMMs (oracle tests, benches); `auto` (default) follows the rule below. */
export const CONV_GEMM_ENV = 'SHARPNESS_LAB_CONV_GEMM';

export type ConvLibrary = 'gemm' | 'dnnl';

let active: ConvLibrary = 'gemm';

/** Records the library the installed kernels use (install-blas.ts). */
export function setActiveConvLibrary(library: ConvLibrary): void {
  active = library;
}

function forcedAlways(): boolean {
  const v = process.env[CONV_GEMM_ENV];
  if (v === undefined || v === '' || v === 'auto') return false;
  if (v === 'always') return true;
  throw new Error(`${CONV_GEMM_ENV}=${v}: use 'auto' or 'always'`);
}

/**
 * @param op the forward convolution and ∂x follow the channel rule on the GEMM route; ∂w always
 *   leaves XNNPACK (its XNNPACK form is a convolution whose "kernel" is all of dy, 3–6x slower at
 *   any width). oneDNN takes every convolution.
 * @example nativeConvTakes('forward', 3, 8) // false with gemm: the first VGG11 layer at width 1/8 stays on XNNPACK
 */
export function nativeConvTakes(op: 'forward' | 'input-grad' | 'filter-grad', cin: number, cout: number): boolean {
  return active === 'dnnl' || op === 'filter-grad' || forcedAlways() || Math.min(cin, cout) >= GEMM_MIN_CHANNELS;
}
