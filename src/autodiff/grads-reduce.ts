/**
 * Gradients of the reductions Sum, Mean, Max and Min. Max and Min recompute the extremum from the
 * saved input instead of saving their output (the stock choice), so no gradient in this folder
 * depends on a saved output. dy goes to the FIRST extremum along the reduced axes (row-major),
 * as in PyTorch's max along a dimension and in the test oracle: when two entries tie because they
 * are the same function of the weights, the max is that one function, and giving dy to both would
 * double its gradient. The selection mask is piecewise constant and computed untaped (zero
 * second derivative): the Hessian is that of the selected branch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expandOver, keptShape, single } from './grad-util';
import { untaped } from './untaped';

type Extremum = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/** [x.shape with 1 on the kept axes]: K − (row-major index over the reduced axes), K their size. */
function reducedRank(shape: readonly number[], axes: number[]): tf.Tensor {
  const dims = shape.map((d, i) => (axes.includes(i) ? d : 1));
  const k = dims.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: k }, (_, i) => k - i), dims);
}

/** 1 at the first extremum along `axes`, 0 elsewhere; a constant (untaped). */
function firstExtremumMask(x: tf.Tensor, axes: number[], extremum: Extremum): tf.Tensor {
  return untaped(() => tf.tidy(() => {
    const kept = keptShape(x.shape, axes);
    const isExt = tf.cast(tf.equal(x, tf.reshape(extremum(x, axes, true), kept)), 'float32');
    const score = tf.mul(isExt, reducedRank(x.shape, axes));
    return tf.cast(tf.equal(score, tf.max(score, axes, true)), 'float32');
  }));
}

/** dy routed to the first extremum along the reduced axes. */
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
        return tf.mul(firstExtremumMask(x, axes, extremum), tf.reshape(single(dy), keptShape(x.shape, axes)));
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
