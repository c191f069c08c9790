/** Fully connected layer: x·W + b, one plain matmul (no transposed operands: fast on wasm). */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Affine map of a batch of row vectors.
 * @param x inputs [batch, din].
 * @param kernel weights [din, dout].
 * @param bias [dout], or undefined for no bias.
 * @returns x·kernel + bias, shape [batch, dout].
 * @example const y = dense(tf.ones([4, 3]), tf.ones([3, 2]), tf.zeros([2])); // [4, 2] of 3s
 */
export function dense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  if (x.rank !== 2 || kernel.rank !== 2) throw new Error(`dense expects x [b, din] and kernel [din, dout]; got [${x.shape}] and [${kernel.shape}]`);
  if (x.shape[1] !== kernel.shape[0]) throw new Error(`dense: x has ${x.shape[1]} features, kernel expects ${kernel.shape[0]}`);
  const y: tf.Tensor2D = tf.matMul(x, kernel);
  return bias === undefined ? y : tf.add<tf.Tensor2D>(y, bias);
}
