/**
 * Gradient of Conv2D computed with the Conv2D kernel itself (XNNPACK on wasm), differentiable to
 * any order. Stock tfjs uses Conv2DBackpropFilter, which wasm lacks and which has no gradient.
 *
 * For y[b,u,v,o] = Σ xp[b, s·u + d·i, s·v + d·j, c] · w[i,j,c,o], xp = x zero-padded by p (stride
 * s, dilation d; the padding is explicit, done inside the kernel: see conv-ops.ts):
 * - ∂x (inputGrad): correlate the s-dilated dy, framed so the result covers exactly x (the frame
 *   absorbs the crop of xp's padding), with the flipped filter (in/out channels swapped) at
 *   dilation d;
 * - ∂w (filterGrad): correlate xp, seen as [c, H, W, b] images, with dy seen as a [u, v, b, o]
 *   filter, at stride d and dilation s; keep the first kh × kw outputs.
 * Both are bilinear, and their gradients are again conv / inputGrad / filterGrad with the same
 * padding (as in TensorFlow), attached with customGrad. Differentiating their implementations
 * instead is correct but made a two-layer HVP 5x slower on wasm (a 32x32 "filter" correlated over
 * a mostly zero-padded input: 60 GFLOP where 0.5 suffice).
 * Every convolution here has stride 1 or dilation 1, as tfjs requires. Where the backend has the
 * dedicated gradient kernels of conv-grad-kernels.ts (the native-BLAS path), the values come from
 * them; the derivative rules are the same either way.
 * Only NHWC with 'valid' or explicit padding is supported: src/nn/conv2d passes those.
 * `inputGrad` and `filterGrad` are also the products of the conv nets' R-operator
 * (src/curvature/program-rop.ts), called outside any tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { single } from './grad-util';
import { directionOf, surrogate } from './directional';
import { Pads, Pair, conv, cropFor, dilate, padsOf, pair } from './conv-ops';
import { CONV2D_FILTER_GRAD, CONV2D_INPUT_GRAD, runConvGradKernel, useDedicatedKernel } from './conv-grad-kernels';

/**
 * ∂x of conv(x, w) applied to dy (TensorFlow's Conv2DBackpropInput). Bilinear in (dy, w), with
 * ⟨inputGrad(dy, w), g⟩ = ⟨dy, conv(g, w)⟩, which gives its own gradient without
 * differentiating through the implementation.
 */
export function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: Pair, d: Pair, p: Pads): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [g, f, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([g, f]);
    const gradFunc = (up: tf.Tensor | tf.Tensor[], [gs, fs]: tf.Tensor[]) => [
      conv(single(up) as tf.Tensor4D, fs as tf.Tensor4D, s, d, p),
      filterGrad(single(up) as tf.Tensor4D, gs as tf.Tensor4D, fs.shape, s, d, p),
    ];
    if (useDedicatedKernel(CONV2D_INPUT_GRAD, f.shape)) {
      return { value: runConvGradKernel(CONV2D_INPUT_GRAD, { dy: g, filter: f }, { shape: xShape, strides: s, dilations: d, pads: p }), gradFunc };
    }
    const [kh, kw] = f.shape;
    const spread = dilate(g, s);
    // Full correlation framed to xp, minus xp's padding: before (k−1)d − p_before, after x + p_before − spread.
    const before: Pair = [d[0] * (kh - 1) - p[0][0], d[1] * (kw - 1) - p[1][0]];
    const after: Pair = [xShape[1] + p[0][0] - spread.shape[1], xShape[2] + p[1][0] - spread.shape[2]];
    const framed = cropFor(spread, before, after);
    const flipped = tf.transpose(tf.reverse(f, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return { value: conv(framed.t, flipped, [1, 1], d, framed.pads), gradFunc };
  });
  return op(dy, w) as tf.Tensor4D;
}

/**
 * ∂w of conv(x, w) applied to dy (TensorFlow's Conv2DBackpropFilter), computed as a convolution
 * of x seen as [c, H, W, b] images with dy seen as a [u, v, b, o] filter. Bilinear in (x, dy),
 * with ⟨filterGrad(x, dy), G⟩ = ⟨conv(x, G), dy⟩.
 */
export function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, wShape: number[], s: Pair, d: Pair, p: Pads): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, g]);
    const gradFunc = (up: tf.Tensor | tf.Tensor[], [xs, gs]: tf.Tensor[]) => [
      inputGrad(gs as tf.Tensor4D, single(up) as tf.Tensor4D, xs.shape, s, d, p),
      conv(xs as tf.Tensor4D, single(up) as tf.Tensor4D, s, d, p),
    ];
    if (useDedicatedKernel(CONV2D_FILTER_GRAD, wShape)) {
      return { value: runConvGradKernel(CONV2D_FILTER_GRAD, { x: xi, dy: g }, { shape: wShape, strides: s, dilations: d, pads: p }), gradFunc };
    }
    const [kh, kw, cin, cout] = wShape;
    const images = tf.transpose(xi, [3, 1, 2, 0]) as tf.Tensor4D;
    const kernel = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = conv(images, kernel, d, s, p);
    const kept = full.shape[1] === kh && full.shape[2] === kw ? full : tf.slice(full, [0, 0, 0, 0], [cin, kh, kw, cout]);
    return { value: tf.transpose(kept, [1, 2, 0, 3]) as tf.Tensor4D, gradFunc };
  });
  return op(x, dy) as tf.Tensor4D;
}

/** Gradients of Conv2D (NHWC, 'valid' or explicit padding) and Reverse (used by the flipped filter above). */
export const convGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Conv2D,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, [x, w], attrs) => {
      const { strides, pad, dataFormat, dilations } = attrs as unknown as tf.Conv2DAttrs;
      const p = padsOf(pad, dataFormat);
      if (!p) {
        throw new Error(`Conv2D gradient supports NHWC with explicit padding or 'valid' only (got ${dataFormat}, ${JSON.stringify(pad)}); use src/nn/conv2d`);
      }
      const s = pair(strides);
      const d = pair(dilations);
      const g = single(dy) as tf.Tensor4D;
      const [x4, w4] = [x as tf.Tensor4D, w as tf.Tensor4D];
      // In an HVP's inner pass a parameter operand gets the directional surrogate (directional.ts).
      const dirX = directionOf(x);
      const dirW = directionOf(w);
      return {
        x: () => (dirX ? surrogate(g, conv(dirX.v as tf.Tensor4D, w4, s, d, p), dirX) : inputGrad(g, w4, x.shape, s, d, p)),
        filter: () => (dirW ? surrogate(g, conv(x4, dirW.v as tf.Tensor4D, s, d, p), dirW) : filterGrad(x4, g, w.shape, s, d, p)),
      };
    },
  },
  {
    kernelName: tf.Reverse,
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.reverse(single(dy), (attrs as unknown as tf.ReverseAttrs).dims) }),
  },
];
