/**
 * 2-D convolution (NHWC, cross-correlation) with TensorFlow's 'same'/'valid' geometry, as ONE
 * Conv2D kernel with explicit zero padding (XNNPACK on wasm pads while it reads). Its gradient
 * (src/autodiff/grads-conv.ts) is made of Conv2D calls too, so every derivative order runs on the
 * fast convolution and wasm's missing Conv2DBackpropFilter kernel is never needed. Measured on
 * wasm (batch 100, 32x32x16 → 16, 3x3) against im2col built from pad/slice/concat + matmul:
 * forward 42 vs 124–193 ms; gradient of a two-layer net 0.34 vs 0.78–1.25 s; its HVP 1.0 vs
 * 1.8–3.5 s. Padding inside the kernel rather than a Pad op before it (and a Slice in every
 * gradient): the Pad and Slice kernels had taken 16% of a ResNet34 gradient's kernel time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { axisGeometry, Padding } from './conv-geometry';

/** Convolution options. */
export interface Conv2dOptions {
  /** Step between windows, same along height and width. Default 1. */
  readonly stride?: 1 | 2;
  /** TensorFlow padding mode. Default 'same'. */
  readonly padding?: Padding;
}

/**
 * Convolves a batch of NHWC images with a filter bank.
 * @param x input [batch, height, width, cin].
 * @param filter [kh, kw, cin, cout].
 * @param bias [cout], or undefined for none.
 * @param options stride (1 | 2, default 1) and padding ('same' | 'valid', default 'same').
 * @returns [batch, outH, outW, cout]; equals tf.conv2d(x, filter, stride, padding) + bias.
 * @example conv2d(tf.ones([2, 8, 8, 3]), tf.ones([3, 3, 3, 4]), undefined, { stride: 2 }).shape // [2, 4, 4, 4]
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | undefined, options: Conv2dOptions = {}): tf.Tensor4D {
  const { stride = 1, padding = 'same' } = options;
  const [kh, kw, fin] = filter.shape;
  if (x.rank !== 4 || filter.rank !== 4 || fin !== x.shape[3]) {
    throw new Error(`conv2d expects x [b,h,w,${fin}] and filter [kh,kw,cin,cout]; got [${x.shape}] and [${filter.shape}]`);
  }
  if (stride !== 1 && stride !== 2) throw new Error(`conv2d stride must be 1 or 2; got ${stride as number}`);
  const gh = axisGeometry(x.shape[1], kh, stride, padding);
  const gw = axisGeometry(x.shape[2], kw, stride, padding);
  // TF's 'same' pads (asymmetric for stride 2) as explicit padding: the case our gradient handles.
  const pads = gh.before + gh.after + gw.before + gw.after > 0
    ? [[0, 0], [gh.before, gh.after], [gw.before, gw.after], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]
    : 'valid';
  const y = tf.conv2d(x, filter, stride, pads);
  return bias === undefined ? y : tf.add<tf.Tensor4D>(y, bias);
}
