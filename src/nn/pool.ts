/**
 * Pooling layers. 2x2 pooling runs the backend's MaxPool/AvgPool kernels (XNNPACK on wasm, ≈ 10x
 * faster than reshape + reduce); their gradients (src/autodiff/grads-pool.ts) are rewritten so the
 * second derivative is exact: the max selection mask is piecewise constant, so the Hessian of a
 * max-pool network is that of the selected branch.
 */
import * as tf from '@tensorflow/tfjs-core';

function check(x: tf.Tensor4D, what: string): void {
  if (x.rank !== 4 || x.shape[1] < 2 || x.shape[2] < 2) throw new Error(`${what} expects NHWC with h, w ≥ 2; got [${x.shape}]`);
}

/**
 * 2x2 max pooling with stride 2 ('valid': an odd last row or column is dropped).
 * @param x NHWC input [b, h, w, c].
 * @returns [b, ⌊h/2⌋, ⌊w/2⌋, c], the maximum of each window.
 * @example maxPool2x2(tf.tensor4d([1, 5, 3, 2], [1, 2, 2, 1])) // → [[[[5]]]]
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  check(x, 'maxPool2x2');
  return tf.maxPool(x, 2, 2, 'valid');
}

/**
 * 2x2 average pooling with stride 2 ('valid': an odd last row or column is dropped).
 * @param x NHWC input [b, h, w, c].
 * @returns [b, ⌊h/2⌋, ⌊w/2⌋, c], the mean of each window.
 * @example avgPool2x2(tf.tensor4d([1, 5, 3, 3], [1, 2, 2, 1])) // → [[[[3]]]]
 */
export function avgPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  check(x, 'avgPool2x2');
  return tf.avgPool(x, 2, 2, 'valid');
}

/**
 * Global average pooling over height and width.
 * @param x NHWC input [b, h, w, c].
 * @returns [b, c], each channel's mean over all pixels.
 * @example globalAvgPool(tf.ones([2, 4, 4, 8])).shape // → [2, 8]
 */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  if (x.rank !== 4) throw new Error(`globalAvgPool expects NHWC; got [${x.shape}]`);
  return tf.mean(x, [1, 2]);
}
