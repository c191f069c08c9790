/**
 * Gradient of Conv2D computed with the Conv2D kernel itself (XNNPACK on wasm), differentiable to
 * any order. Stock tfjs uses Conv2DBackpropFilter, which wasm lacks and which has no gradient.
 *
 * For y[b,u,v,o] = Σ x[b, s·u + d·i, s·v + d·j, c] · w[i,j,c,o] ('valid', stride s, dilation d):
 * - ∂x (inputGrad): correlate the s-dilated, zero-padded dy with the flipped filter (in/out
 *   channels swapped) at dilation d;
 * - ∂w (filterGrad): correlate x, seen as [c, H, W, b] images, with dy seen as a [u, v, b, o]
 *   filter, at stride d and dilation s; keep the first kh × kw outputs.
 * Both are bilinear, and their gradients are again conv / inputGrad / filterGrad (as in
 * TensorFlow), attached with customGrad. Differentiating their implementations instead is
 * correct but made a two-layer HVP 5x slower on wasm (a 32x32 "filter" correlated over a mostly
 * zero-padded input: 60 GFLOP where 0.5 suffice).
 * Every convolution here has stride 1 or dilation 1, as tfjs requires.
 * Only 'valid' padding and NHWC are supported: src/nn/conv2d pads explicitly first.
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';

type Pair = [number, number];

function pair(v: number | number[]): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Inserts s−1 zeros after every row/column: [b, h, w, c] → [b, sh·h, sw·w, c]. */
function dilate(t: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
  if (sh === 1 && sw === 1) return t;
  const [b, h, w, c] = t.shape;
  const spread = tf.pad(tf.reshape(t, [b, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(spread, [b, h * sh, w * sw, c]);
}

/** Pads (positive) or crops (negative) the end of axes 1 and 2, and pads their start by `before`. */
function frame(t: tf.Tensor4D, before: Pair, after: Pair): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const cropped = after[0] < 0 || after[1] < 0
    ? tf.slice(t, [0, 0, 0, 0], [b, h + Math.min(after[0], 0), w + Math.min(after[1], 0), c])
    : t;
  const pads: [number, number][] = [[0, 0], [before[0], Math.max(after[0], 0)], [before[1], Math.max(after[1], 0)], [0, 0]];
  return pads.some(([p, q]) => p + q > 0) ? tf.pad(cropped, pads) : cropped;
}

/** Forward 'valid' convolution at stride s, dilation d (the Conv2D kernel; gradient below). */
function conv(x: tf.Tensor4D, w: tf.Tensor4D, s: Pair, d: Pair): tf.Tensor4D {
  return tf.conv2d(x, w, s, 'valid', 'NHWC', d);
}

/**
 * ∂x of conv(x, w) applied to dy (TensorFlow's Conv2DBackpropInput). Bilinear in (dy, w), with
 * ⟨inputGrad(dy, w), g⟩ = ⟨dy, conv(g, w)⟩, which gives its own gradient without
 * differentiating through the implementation.
 */
function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: Pair, d: Pair): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [g, f, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([g, f]);
    const [kh, kw] = f.shape;
    const spread = dilate(g, s);
    const before: Pair = [d[0] * (kh - 1), d[1] * (kw - 1)];
    const after: Pair = [xShape[1] - spread.shape[1], xShape[2] - spread.shape[2]];
    const flipped = tf.transpose(tf.reverse(f, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return {
      value: conv(frame(spread, before, after), flipped, [1, 1], d),
      gradFunc: (up: tf.Tensor | tf.Tensor[], [gs, fs]: tf.Tensor[]) => [
        conv(single(up) as tf.Tensor4D, fs as tf.Tensor4D, s, d),
        filterGrad(single(up) as tf.Tensor4D, gs as tf.Tensor4D, fs.shape, s, d),
      ],
    };
  });
  return op(dy, w) as tf.Tensor4D;
}

/**
 * ∂w of conv(x, w) applied to dy (TensorFlow's Conv2DBackpropFilter), computed as a convolution
 * of x seen as [c, H, W, b] images with dy seen as a [u, v, b, o] filter. Bilinear in (x, dy),
 * with ⟨filterGrad(x, dy), G⟩ = ⟨conv(x, G), dy⟩.
 */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, wShape: number[], s: Pair, d: Pair): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, g]);
    const [kh, kw, cin, cout] = wShape;
    const images = tf.transpose(xi, [3, 1, 2, 0]) as tf.Tensor4D;
    const kernel = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = conv(images, kernel, d, s);
    const kept = full.shape[1] === kh && full.shape[2] === kw ? full : tf.slice(full, [0, 0, 0, 0], [cin, kh, kw, cout]);
    return {
      value: tf.transpose(kept, [1, 2, 0, 3]) as tf.Tensor4D,
      gradFunc: (up: tf.Tensor | tf.Tensor[], [xs, gs]: tf.Tensor[]) => [
        inputGrad(gs as tf.Tensor4D, single(up) as tf.Tensor4D, xs.shape, s, d),
        conv(xs as tf.Tensor4D, single(up) as tf.Tensor4D, s, d),
      ],
    };
  });
  return op(x, dy) as tf.Tensor4D;
}

/** Gradients of Conv2D (NHWC, 'valid') and Reverse (used by the flipped filter above). */
export const convGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, [x, w], attrs) => {
      const { strides, pad, dataFormat, dilations } = attrs as unknown as tf.Conv2DAttrs;
      if (pad !== 'valid' || dataFormat !== 'NHWC') {
        throw new Error(`Conv2D gradient supports NHWC 'valid' only (got ${dataFormat}, ${JSON.stringify(pad)}); use src/nn/conv2d`);
      }
      const s = pair(strides);
      const d = pair(dilations);
      const g = single(dy) as tf.Tensor4D;
      return {
        x: () => inputGrad(g, w as tf.Tensor4D, x.shape, s, d),
        filter: () => filterGrad(x as tf.Tensor4D, g, w.shape, s, d),
      };
    },
  },
  {
    kernelName: tf.Reverse,
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.reverse(single(dy), (attrs as unknown as tf.ReverseAttrs).dims) }),
  },
];
