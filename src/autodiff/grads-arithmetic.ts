/**
 * Gradients of the broadcasting arithmetic kernels (and the copies the engine makes). Each one
 * saves only inputs and is written with ops that are themselves differentiable here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { reduceToShape, single } from './grad-util';

type Partial = (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * A broadcasting binary op's config from its partial gradients (each computed only when the
 * engine asks for that input), summed back to each operand's shape.
 */
function binary(kernelName: string, da: Partial, db: Partial): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceToShape(da(single(dy), a, b), a.shape),
      b: () => reduceToShape(db(single(dy), a, b), b.shape),
    }),
  };
}

/** A new tensor handle on `dy`'s data (Reshape shares memory; gradients are always float32). */
function passThrough(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const g = single(dy);
  return tf.reshape(g, g.shape);
}

/** Gradients of Add, Sub, Multiply, RealDiv, Neg, Square, SquaredDifference, AddN, Maximum, Minimum, Identity, Cast. */
export const arithmeticGradients: readonly tf.GradConfig[] = [
  // Add's partials return a new handle on dy (Reshape shares memory), never dy itself.
  binary(tf.Add, (dy) => passThrough(dy), (dy) => passThrough(dy)),
  binary(tf.Sub, (dy) => passThrough(dy), (dy) => tf.neg(dy)),
  binary(tf.Multiply, (dy, _a, b) => tf.mul(dy, b), (dy, a) => tf.mul(dy, a)),
  // d(a/b) = da/b − a·db/b²
  binary(tf.RealDiv, (dy, _a, b) => tf.div(dy, b), (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))),
  binary(tf.SquaredDifference, (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(a, b), 2)), (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(b, a), 2))),
  // Ties go to `a` (a ≥ b), as in TensorFlow; the masks are piecewise constant (zero gradient).
  binary(tf.Maximum, (dy, a, b) => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')), (dy, a, b) => tf.mul(dy, tf.cast(tf.less(a, b), 'float32'))),
  binary(tf.Minimum, (dy, a, b) => tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')), (dy, a, b) => tf.mul(dy, tf.cast(tf.greater(a, b), 'float32'))),
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(single(dy)) }) },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(single(dy), tf.mul(x, 2)) }),
  },
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved) => {
      const grads: Record<string, () => tf.Tensor> = {};
      saved.forEach((_t, i) => {
        grads[i] = () => passThrough(dy);
      });
      return grads;
    },
  },
  // The engine's own clone of saved tensors is an Identity node whose gradient is a Cast, so
  // both must be differentiable for the second pass.
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => passThrough(dy) }) },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => passThrough(dy) }) },
];
