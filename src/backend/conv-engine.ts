/**
 * The TF.js kernel functions of the native convolutions: Conv2D and the dedicated gradient kernels
 * of src/autodiff/conv-grad-kernels.ts, on the wasm heap, for any library that implements the
 * three operations as a {@link ConvEngine} (OpenBLAS GEMMs: blas/conv-kernels.ts; oneDNN:
 * dnnl/dnnl-conv.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvGradAttrs } from '../autodiff/conv-grad-kernels';
import { nativeConvTakes } from './conv-policy';
import { ConvSizes } from './blas/tap-grid';
import { f32, heapOf } from './wasm-heap';

/** The three convolution operations on heap views, by one library (the GEMMs here, or oneDNN). */
export interface ConvEngine {
  forward(z: ConvSizes, x: Float32Array, w: Float32Array, y: Float32Array): void;
  inputGrad(z: ConvSizes, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  filterGrad(z: ConvSizes, x: Float32Array, dy: Float32Array, dw: Float32Array): void;
}

/** Sizes of a gradient kernel's convolution from its attrs and operand shapes. */
export function gradSizes(xShape: number[], wShape: number[], dyShape: number[], a: ConvGradAttrs): ConvSizes {
  const [b, h, w, c] = xShape;
  const [kh, kw, , o] = wShape;
  return {
    b, h, w, c, kh, kw, o, sh: a.strides[0], sw: a.strides[1], dh: a.dilations[0], dw: a.dilations[1],
    pt: a.pads[0][0], pl: a.pads[1][0], ho: dyShape[1], wo: dyShape[2],
  };
}

/** Sizes of a Conv2D node (NHWC), or undefined for what the native kernels do not take (left to XNNPACK). */
export function forwardSizes(x: tf.TensorInfo, w: tf.TensorInfo, attrs: tf.Conv2DAttrs): ConvSizes | undefined {
  if (attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || w.dtype !== 'float32') return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], w.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  return {
    b: info.batchSize, h: info.inHeight, w: info.inWidth, c: info.inChannels,
    kh: info.filterHeight, kw: info.filterWidth, o: info.outChannels,
    sh: info.strideHeight, sw: info.strideWidth, dh: info.dilationHeight, dw: info.dilationWidth,
    pt: info.padInfo.top, pl: info.padInfo.left, ho: info.outHeight, wo: info.outWidth,
  };
}

/** The Conv2D kernel function; `fallback` (XNNPACK) takes what forwardSizes declines and what the policy leaves to it. */
export function nativeConv2D(engine: ConvEngine, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const z = forwardSizes(x, filter, args.attrs as unknown as tf.Conv2DAttrs);
    if (!z || !nativeConvTakes('forward', z.c, z.o)) return fallback(args);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput([z.b, z.ho, z.wo, z.o], 'float32');
    const y = f32(heap, out);
    if (y.length > 0) engine.forward(z, f32(heap, x), f32(heap, filter), y);
    return out;
  };
}

/**
 * A dedicated conv-gradient kernel: two operands named `names` (one of them dy), the result of
 * attrs.shape; empty operands give zeros.
 */
function gradKernel(
  names: readonly [string, string],
  sizes: (a: tf.TensorInfo, b: tf.TensorInfo, attrs: ConvGradAttrs) => ConvSizes,
  compute: (z: ConvSizes, a: Float32Array, b: Float32Array, out: Float32Array) => void,
): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const [a, b] = [inputs[names[0]], inputs[names[1]]];
    const attrs = args.attrs as unknown as ConvGradAttrs;
    const z = sizes(a, b, attrs);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(attrs.shape.slice(), 'float32');
    const o = f32(heap, out);
    const empty = a.shape.some((d) => d === 0) || b.shape.some((d) => d === 0);
    if (empty) o.fill(0);
    else compute(z, f32(heap, a), f32(heap, b), o);
    return out;
  };
}

/** The kernel function of CONV2D_INPUT_GRAD (inputs {dy, filter}). */
export function nativeConvInputGrad(engine: ConvEngine): tf.KernelFunc {
  return gradKernel(['dy', 'filter'], (dy, w, at) => gradSizes(at.shape, w.shape, dy.shape, at),
    (z, dy, w, dx) => engine.inputGrad(z, dy, w, dx));
}

/** The kernel function of CONV2D_FILTER_GRAD (inputs {x, dy}). */
export function nativeConvFilterGrad(engine: ConvEngine): tf.KernelFunc {
  return gradKernel(['x', 'dy'], (x, dy, at) => gradSizes(x.shape, at.shape, dy.shape, at),
    (z, x, dy, dw) => engine.filterGrad(z, x, dy, dw));
}
