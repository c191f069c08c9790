/**
 * Half squared error summed over outputs and examples: Σᵢ ½‖f(xᵢ) − yᵢ‖². Divided by n in the
 * objective this is (1/2n)Σ‖f − y‖², Cohen et al.'s normalisation (no mean over the k outputs,
 * which would shrink the objective, and so the sharpness, k-fold).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Sum over the batch of ½‖output − y‖².
 * @param output network outputs [batch, k].
 * @param y targets [batch, k] (e.g. one-hot).
 * @returns a scalar: the SUM over the batch (no 1/batch).
 * @example squaredLossSum(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]])) // → 0.5
 */
export function squaredLossSum(output: tf.Tensor, y: tf.Tensor): tf.Scalar {
  assertSameShape(output, y, 'squaredLossSum');
  return tf.mul(tf.sum(tf.square(tf.sub(output, y))), 0.5) as tf.Scalar;
}

/** Throws unless the two tensors have equal shapes (broadcasting here would be a silent bug). */
export function assertSameShape(a: tf.Tensor, b: tf.Tensor, where: string): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${where}: outputs [${a.shape}] and targets [${b.shape}] differ in shape`);
  }
}
