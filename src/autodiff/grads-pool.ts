/**
 * Gradients of the MaxPool and AvgPool kernels for non-overlapping windows (filter = stride,
 * 'valid'), written with differentiable ops so they work at second order. The stock ones use
 * MaxPoolGrad/AvgPoolGrad, which have no gradient, and wasm's MaxPoolWithArgmax gives wrong indexes.
 * MaxPool: dx = mask ⊙ upsample(dy), mask = [x equals its window's max] (piecewise constant:
 * the Hessian is that of the selected branch; ties all receive dy, as in tfjs). AvgPool:
 * dx = upsample(dy) / (kh·kw). Overlapping windows or 'same' padding throw.
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';

type Pair = [number, number];

function pair(v: number | number[]): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function windowOf(attrs: tf.NamedAttrMap, kernel: string): Pair {
  const { filterSize, strides, pad } = attrs as unknown as tf.MaxPoolAttrs;
  const k = pair(filterSize);
  const s = pair(strides);
  if (k[0] !== s[0] || k[1] !== s[1] || pad !== 'valid') {
    throw new Error(`${kernel} gradient supports non-overlapping 'valid' windows only (filter ${k}, stride ${s}, pad ${JSON.stringify(pad)})`);
  }
  return k;
}

/** Repeats each pixel of [b, oh, ow, c] into a k×k block, then zero-pads to [b, h, w, c]. */
function upsample(t: tf.Tensor, [kh, kw]: Pair, xShape: number[]): tf.Tensor4D {
  const [b, oh, ow, c] = t.shape;
  // Broadcasting multiply by ones is a fast kernel on wasm (Tile and broadcast Equal are not).
  const blocks = tf.mul(tf.reshape(t, [b, oh, 1, ow, 1, c]), tf.ones([1, 1, kh, 1, kw, 1]));
  const up = tf.reshape<tf.Rank.R4>(blocks, [b, oh * kh, ow * kw, c]);
  const [h, w] = [xShape[1], xShape[2]];
  return h === oh * kh && w === ow * kw ? up : tf.pad(up, [[0, 0], [0, h - oh * kh], [0, w - ow * kw], [0, 0]]);
}

/** Gradients of MaxPool and AvgPool (non-overlapping, 'valid'). */
export const poolGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => {
        const k = windowOf(attrs, 'MaxPool');
        // Recomputed from x (saving the output would drop its path at second order); out-of-window
        // rows/columns compare against the zero padding of `upsample` and get a zero `dy` anyway.
        const maxima = upsample(tf.maxPool(x as tf.Tensor4D, k, k, 'valid'), k, x.shape);
        const mask = tf.cast(tf.equal(x, maxima), 'float32');
        return tf.mul(mask, upsample(single(dy), k, x.shape));
      },
    }),
  },
  {
    kernelName: tf.AvgPool,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => {
        const k = windowOf(attrs, 'AvgPool');
        return upsample(tf.div(single(dy), k[0] * k[1]), k, x.shape);
      },
    }),
  },
];
