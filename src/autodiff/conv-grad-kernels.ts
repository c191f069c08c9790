/**
 * Dedicated kernels for the two Conv2D gradients, for backends that provide them (the native-BLAS
 * path: src/backend/blas/). As plain GEMMs they are far cheaper than the convolutions grads-conv.ts
 * otherwise builds them from (the filter gradient's "kernel" is all of dy). Only their values come
 * from these kernels: their derivatives stay the customGrad rules of grads-conv.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Pads, Pair } from './conv-ops';
import { nativeConvTakes } from '../backend/conv-policy';

/** ∂x of a convolution: inputs {dy, filter}; attrs {@link ConvGradAttrs} with `shape` = x's shape. */
export const CONV2D_INPUT_GRAD = 'SharpnessLabConv2DInputGrad';
/** ∂w of a convolution: inputs {x, dy}; attrs {@link ConvGradAttrs} with `shape` = the filter's shape. */
export const CONV2D_FILTER_GRAD = 'SharpnessLabConv2DFilterGrad';

export interface ConvGradAttrs {
  /** The shape of the result. */
  readonly shape: number[];
  readonly strides: Pair;
  readonly dilations: Pair;
  readonly pads: Pads;
}

/** True when the active backend has a dedicated kernel `name` and it is the faster route for a filter [kh, kw, cin, cout]. */
export function useDedicatedKernel(name: string, filterShape: readonly number[]): boolean {
  const op = name === CONV2D_FILTER_GRAD ? 'filter-grad' : 'input-grad';
  return tf.getKernel(name, tf.getBackend()) !== undefined && nativeConvTakes(op, filterShape[2], filterShape[3]);
}

/** Runs a dedicated gradient kernel (see {@link useDedicatedKernel}). */
export function runConvGradKernel(name: string, inputs: Record<string, tf.Tensor4D>, attrs: ConvGradAttrs): tf.Tensor4D {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
