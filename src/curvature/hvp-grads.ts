/**
 * Gradients that are zero (not an error) for inputs the function does not depend on. `tf.grads`
 * throws "Cannot compute gradient of y=f(x)" when any input has no path to the output; an HVP
 * meets that legitimately (a loss linear in some parameter has a gradient that does not depend
 * on it), and the right answer there is an exact zero.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * f() and ∂f/∂xs, with float32 zeros for inputs not connected to f.
 * @param f scalar function; it must read the xs tensors (closure), not copies.
 * @param xs tensors to differentiate with respect to.
 * @returns {value, grads}: new tensors, owned by the caller (inside a tidy, freed with it).
 * @example const { value, grads } = valueAndGradsOrZero(() => tf.sum(tf.square(w)), [w, unused]);
 */
export function valueAndGradsOrZero(f: () => tf.Scalar, xs: readonly tf.Tensor[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.engine().gradients(f, xs as tf.Tensor[], undefined, true);
  return { value, grads: grads.map((g, i) => g ?? tf.zeros(xs[i].shape, 'float32')) };
}
