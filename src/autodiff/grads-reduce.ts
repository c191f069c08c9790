/**
 * Gradients of the reductions Sum, Mean, Max and Min. Max and Min recompute the extremum from the
 * saved input instead of saving their output (the stock choice), so no gradient in this folder
 * depends on a saved output; the selection mask is piecewise constant (zero second derivative),
 * which makes the Hessian of a max-pool network that of the selected branch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expandOver, keptShape, single } from './grad-util';

type Extremum = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/** dy routed to the entries equal to the extremum (ties all receive dy, as in tfjs). */
function extremumGradient(kernelName: string, extremum: Extremum): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => {
        // Max names its axes `reductionIndices`, Min names them `axis`.
        const { reductionIndices } = attrs as unknown as tf.MaxAttrs;
        const { axis } = attrs as unknown as tf.MinAttrs;
        const axes = tf.util.parseAxisParam(reductionIndices ?? axis, x.shape);
        const kept = keptShape(x.shape, axes);
        const y = tf.reshape(extremum(x, axes, true), kept);
        const mask = tf.cast(tf.equal(x, y), 'float32');
        return tf.mul(mask, tf.reshape(single(dy), kept));
      },
    }),
  };
}

/** Gradients of Sum, Mean, Max and Min. */
export const reduceGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => expandOver(single(dy), x.shape, (attrs as unknown as tf.SumAttrs).axis),
    }),
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => {
        const { axis } = attrs as unknown as tf.MeanAttrs;
        const kept = keptShape(x.shape, axis);
        const count = x.size / kept.reduce((n, d) => n * d, 1);
        return expandOver(tf.div(single(dy), count), x.shape, axis);
      },
    }),
  },
  extremumGradient(tf.Max, (x, axes, keepDims) => tf.max(x, axes, keepDims)),
  extremumGradient(tf.Min, (x, axes, keepDims) => tf.min(x, axes, keepDims)),
];
