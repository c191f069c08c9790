/**
 * Seeded initialisation. Scheme "torch-default": every weight and bias ~ U(−1/√fan_in, 1/√fan_in),
 * PyTorch's default for Linear and Conv2d (what Cohen et al.'s edge-of-stability code ran with).
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
}

/**
 * Draws all parameters in order from one seed.
 * @example initParams([{ name: 'w', shape: [3, 2], fanIn: 3 }], 0)
 */
export function initParams(shapes: readonly ParamShape[], seed: number): Param[] {
  const rng = createRng(seed);
  return shapes.map((s) => ({ name: s.name, value: uniformTensor(s, rng) }));
}

function uniformTensor(s: ParamShape, rng: Rng): tf.Tensor {
  const bound = 1 / Math.sqrt(s.fanIn);
  const size = s.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.uniform() - 1) * bound;
  return tf.tensor(values, s.shape as number[], 'float32');
}
