/** Flattens every example of a batch to a row vector (NHWC order: h, then w, then c). */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Reshapes [batch, ...] to [batch, features]; a free view, differentiable to any order.
 * @param x a tensor of rank ≥ 1 whose first axis is the batch.
 * @returns the same values as [batch, product of the other dimensions].
 * @example flattenBatch(tf.zeros([8, 4, 4, 16])).shape // → [8, 256]
 */
export function flattenBatch(x: tf.Tensor): tf.Tensor2D {
  const features = x.shape.slice(1).reduce((n, d) => n * d, 1);
  return tf.reshape(x, [x.shape[0], features]);
}
