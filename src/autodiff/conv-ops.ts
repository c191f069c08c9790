/**
 * The convolution pieces the Conv2D gradients are built from: 'valid' convolution with explicit
 * zero padding done inside the kernel (XNNPACK on wasm pads while it reads, so no Pad op, and no
 * Slice op in its gradient), and the stride dilation of an upstream gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

export type Pair = [number, number];

/** Zero padding of the two spatial axes: [[top, bottom], [left, right]]. */
export type Pads = readonly [readonly [number, number], readonly [number, number]];

/** A number or pair attribute as a pair. */
export function pair(v: number | number[]): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/**
 * The spatial pads of a Conv2D node, or undefined for the cases our gradient does not implement
 * ('same' or numeric padding, NCHW): src/nn/conv2d always passes explicit pads or 'valid'.
 * @example padsOf([[0, 0], [1, 1], [0, 1], [0, 0]], 'NHWC') // [[1, 1], [0, 1]]
 */
export function padsOf(pad: unknown, dataFormat: string): Pads | undefined {
  if (dataFormat !== 'NHWC') return undefined;
  if (pad === 'valid') return [[0, 0], [0, 0]];
  if (!Array.isArray(pad) || pad.length !== 4) return undefined;
  const [n, h, w, c] = pad as number[][];
  if (n[0] || n[1] || c[0] || c[1]) return undefined;
  return [[h[0], h[1]], [w[0], w[1]]];
}

/**
 * Convolution at stride s and dilation d of x zero-padded by p (one Conv2D kernel).
 * @example conv(x, w, [2, 2], [1, 1], [[0, 1], [0, 1]]) // TF 'same' for 3x3, stride 2, even sizes
 */
export function conv(x: tf.Tensor4D, w: tf.Tensor4D, s: Pair, d: Pair, p: Pads): tf.Tensor4D {
  const none = p[0][0] === 0 && p[0][1] === 0 && p[1][0] === 0 && p[1][1] === 0;
  const pad: 'valid' | [[number, number], [number, number], [number, number], [number, number]] =
    none ? 'valid' : [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]];
  return tf.conv2d(x, w, s, pad, 'NHWC', d);
}

/** Inserts s−1 zeros after every row/column: [b, h, w, c] → [b, sh·h, sw·w, c]. */
export function dilate(t: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
  if (sh === 1 && sw === 1) return t;
  const [b, h, w, c] = t.shape;
  const spread = tf.pad(tf.reshape(t, [b, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return tf.reshape(spread, [b, h * sh, w * sw, c]);
}

/**
 * Splits a frame (rows/columns to add before and after axes 1 and 2; negative = remove) into a
 * crop done now and the non-negative pads left for the convolution kernel.
 * @returns the cropped tensor and the pads to hand to {@link conv}.
 * @example cropFor(t, [1, 1], [-1, 0]) // drops t's last row; pads [[1, 0], [1, 0]]
 */
export function cropFor(t: tf.Tensor4D, before: Pair, after: Pair): { t: tf.Tensor4D; pads: Pads } {
  const [b, h, w, c] = t.shape;
  const top = Math.max(-before[0], 0);
  const left = Math.max(-before[1], 0);
  const rows = h - top - Math.max(-after[0], 0);
  const cols = w - left - Math.max(-after[1], 0);
  const cropped = top || left || rows < h || cols < w ? tf.slice(t, [0, top, left, 0], [b, rows, cols, c]) : t;
  return { t: cropped, pads: [[Math.max(before[0], 0), Math.max(after[0], 0)], [Math.max(before[1], 0), Math.max(after[1], 0)]] };
}
