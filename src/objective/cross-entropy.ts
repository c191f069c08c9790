/**
 * Softmax cross-entropy summed over the batch: −Σᵢ Σⱼ yᵢⱼ log softmax(zᵢ)ⱼ, with a stable
 * log-softmax written from differentiable ops. We avoid tf.logSoftmax and tf.losses: they use a
 * customGrad that saves its output, which silently breaks second derivatives.
 */
import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '../autodiff/stop-gradient';
import { assertSameShape } from './squared-loss';

/**
 * log softmax along the last axis: z − m − log Σ exp(z − m), with m = max z a constant shift
 * (it cancels exactly, so it carries no derivative; exp never overflows).
 * @param logits [batch, k].
 * @returns [batch, k] log-probabilities.
 * @example logSoftmax(tf.tensor2d([[0, 0]])) // → [[-0.6931, -0.6931]]
 */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  const shifted = tf.sub(logits, stopGradient(tf.max(logits, -1, true)));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

/**
 * Sum over the batch of the cross-entropy between targets y and softmax(logits).
 * @param logits network outputs [batch, k].
 * @param y target distributions [batch, k] (one-hot or soft labels, rows summing to 1).
 * @returns a scalar: the SUM over the batch, in nats.
 * @example softmaxCrossEntropySum(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]])) // → 0.6931
 */
export function softmaxCrossEntropySum(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  assertSameShape(logits, y, 'softmaxCrossEntropySum');
  return tf.neg(tf.sum(tf.mul(y, logSoftmax(logits)))) as tf.Scalar;
}
