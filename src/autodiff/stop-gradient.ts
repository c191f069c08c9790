/**
 * `stopGradient(x)`: the value of x, treated as a constant by every order of differentiation
 * (TF.js has no such op). Used for shifts that cancel mathematically, e.g. the max in a stable
 * log-sum-exp, so that no gradient flows through their piecewise-constant selection at all.
 */
import * as tf from '@tensorflow/tfjs-core';

const constant = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  // The forward runs untaped inside customGrad; the clone is the value handed out.
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * The same values as `x`, with zero derivative of every order.
 * @param x any float32 tensor.
 * @returns a new tensor equal to x (the caller owns it).
 * @example const m = stopGradient(tf.max(logits, -1, true)); // a constant shift
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return constant(x) as T;
}
