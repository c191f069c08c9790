/**
 * Gradients of the MaxPool and AvgPool kernels for non-overlapping windows (filter = stride,
 * 'valid'), written with differentiable ops so they work at second order. The stock ones use
 * MaxPoolGrad/AvgPoolGrad, which have no gradient, and wasm's MaxPoolWithArgmax gives wrong indexes.
 * MaxPool: dx = mask ⊙ upsample(dy), mask = 1 at the FIRST maximum of each window (row-major
 * window order, as TensorFlow, PyTorch and the test oracle choose). Ties are common on real
 * images: a constant region (saturated or black pixels) gives equal conv outputs in a window for
 * every weight, so the max IS that one branch; routing dy to every tied entry would multiply its
 * gradient by the number of ties (measured: 14% error on a VGG11's first layer on CIFAR-10).
 * The mask is piecewise constant, computed untaped (src/autodiff/untaped.ts): the Hessian is that
 * of the selected branch. AvgPool: dx = upsample(dy) / (kh·kw). Overlapping windows or 'same'
 * padding throw. The mask and the upsampling are shared with the conv nets' R-operator
 * (src/curvature/program-passes.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';
import { untaped } from './untaped';
import { firstMaxMaskKernel } from './pool-mask-kernel';

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
export function upsample(t: tf.Tensor, [kh, kw]: Pair, xShape: number[]): tf.Tensor4D {
  const [b, oh, ow, c] = t.shape;
  // Broadcasting multiply by ones is a fast kernel on wasm (Tile and broadcast Equal are not).
  const blocks = tf.mul(tf.reshape(t, [b, oh, 1, ow, 1, c]), tf.ones([1, 1, kh, 1, kw, 1]));
  const up = tf.reshape<tf.Rank.R4>(blocks, [b, oh * kh, ow * kw, c]);
  const [h, w] = [xShape[1], xShape[2]];
  return h === oh * kh && w === ow * kw ? up : tf.pad(up, [[0, 0], [0, h - oh * kh], [0, w - ow * kw], [0, 0]]);
}

/** [1, h, w, 1]: kh·kw − (position in its window, row-major), so the first position ranks highest. */
function windowRank([kh, kw]: Pair, h: number, w: number): tf.Tensor4D {
  const rank = new Float32Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) rank[i * w + j] = kh * kw - ((i % kh) * kw + (j % kw));
  return tf.tensor4d(rank, [1, h, w, 1]);
}

/** 1 at the first maximum of each window, 0 elsewhere (cropped rows/columns meet a zero dy). */
export function firstMaxMask(x: tf.Tensor4D, k: Pair): tf.Tensor4D {
  return untaped(() => firstMaxMaskKernel(x, k) ?? tf.tidy(() => {
    const isMax = tf.cast(tf.equal(x, upsample(tf.maxPool(x, k, k, 'valid'), k, x.shape)), 'float32');
    const score = tf.mul(isMax, windowRank(k, x.shape[1], x.shape[2])) as tf.Tensor4D;
    return tf.cast(tf.equal(score, upsample(tf.maxPool(score, k, k, 'valid'), k, x.shape)), 'float32') as tf.Tensor4D;
  }));
}

/** Gradients of MaxPool and AvgPool (non-overlapping, 'valid'). */
export const poolGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.MaxPool,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => ({
      x: () => {
        const k = windowOf(attrs, 'MaxPool');
        // Recomputed from x: saving the output would drop its path at second order.
        return tf.mul(firstMaxMask(x as tf.Tensor4D, k), upsample(single(dy), k, x.shape));
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
