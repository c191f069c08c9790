/**
 * Seeded initialisation. Two schemes:
 * - "torch-default": every weight and bias ~ U(−1/√fan_in, 1/√fan_in), PyTorch's default for
 *   Linear and Conv2d (what Cohen et al.'s edge-of-stability code ran with for the MLP).
 * - "he-fan-out": convolution kernels ~ N(0, 2/(kh·kw·c_out)) and their biases 0, dense layers as
 *   torch-default: Cohen et al.'s VGG init. Without batch norm, the torch default shrinks the
 *   signal's second moment by ≈ 1/6 per ReLU conv layer, and a deep narrow VGG starts on a flat plateau.
 * Values are drawn on the host from one seeded stream in parameter order, so they do not depend
 * on the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, Rng } from '../util/rng';
import { Param } from './params';

/** A parameter to create: its name, shape and fan-in (inputs feeding one output unit). */
export interface ParamShape {
  readonly name: string;
  readonly shape: readonly number[];
  readonly fanIn: number;
  /** Convolution parameters follow the conv rule of a scheme (he-fan-out). */
  readonly conv?: 'kernel' | 'bias';
}

/** How parameters are drawn (see the file comment). */
export type InitScheme = 'torch-default' | 'he-fan-out';

/**
 * Draws all parameters in order from one seed.
 * @example initParams([{ name: 'w', shape: [3, 2], fanIn: 3 }], 0)
 */
export function initParams(shapes: readonly ParamShape[], seed: number, scheme: InitScheme = 'torch-default'): Param[] {
  if (scheme !== 'torch-default' && scheme !== 'he-fan-out') {
    throw new Error(`unknown init scheme '${String(scheme)}'; use 'torch-default' or 'he-fan-out'`);
  }
  const rng = createRng(seed);
  return shapes.map((s) => ({ name: s.name, value: tf.tensor(draw(s, rng, scheme), s.shape as number[], 'float32') }));
}

function draw(s: ParamShape, rng: Rng, scheme: InitScheme): Float32Array {
  const values = new Float32Array(s.shape.reduce((a, b) => a * b, 1));
  if (scheme === 'he-fan-out' && s.conv === 'bias') return values;
  if (scheme === 'he-fan-out' && s.conv === 'kernel') {
    const [kh, kw, , cout] = s.shape;
    const std = Math.sqrt(2 / (kh * kw * cout));
    for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
    return values;
  }
  const bound = 1 / Math.sqrt(s.fanIn);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.uniform() - 1) * bound;
  return values;
}
