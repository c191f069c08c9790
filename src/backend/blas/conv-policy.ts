/**
 * When a convolution goes through the GEMM path rather than XNNPACK. Measured here (batch 200,
 * 3x3, 2-core EPYC, 1 BLAS thread): with 16+ input and output channels the GEMMs win 1.3–3x
 * (forward, ∂x and ∂w alike); with 3–8 channels they are skinny and memory-bound and XNNPACK's
 * indirect convolution wins up to 2x (the first layers of the conv nets at small widths).
 */
export const GEMM_MIN_CHANNELS = 16;

/** `always` sends every convolution through the GEMMs (oracle tests, benches); `auto` (default) follows the rule below. */
export const CONV_GEMM_ENV = 'SHARPNESS_LAB_CONV_GEMM';

function forcedAlways(): boolean {
  const v = process.env[CONV_GEMM_ENV];
  if (v === undefined || v === '' || v === 'auto') return false;
  if (v === 'always') return true;
  throw new Error(`${CONV_GEMM_ENV}=${v}: use 'auto' or 'always'`);
}

/**
 * @param op the forward convolution and ∂x follow the channel rule; ∂w always takes the GEMMs (its
 *   XNNPACK form is a convolution whose "kernel" is all of dy, 3–6x slower at any width).
 * @example prefersGemm('forward', 3, 8) // false: the first VGG11 layer at width 1/8 stays on XNNPACK
 */
export function prefersGemm(op: 'forward' | 'input-grad' | 'filter-grad', cin: number, cout: number): boolean {
  return op === 'filter-grad' || forcedAlways() || Math.min(cin, cout) >= GEMM_MIN_CHANNELS;
}
