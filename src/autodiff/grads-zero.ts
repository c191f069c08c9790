/**
 * Zero gradients for piecewise-constant kernels: comparisons, logical ops, rounding, sign, step and
 * the *Like fillers. They appear on second-order paths as masks (relu's `step`, max's `equal`,
 * `maximum`'s `greaterEqual`); without a registered gradient the engine throws there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { zeroGradient } from './grad-util';

const BINARY = [
  tf.Equal, tf.NotEqual, tf.Greater, tf.GreaterEqual, tf.Less, tf.LessEqual, tf.LogicalAnd, tf.LogicalOr,
];
const UNARY = [tf.Step, tf.Sign, tf.Floor, tf.Ceil, tf.Round, tf.LogicalNot, tf.ZerosLike, tf.OnesLike];

/** Zero gradients for comparisons, logical ops, Step, Sign, Floor, Ceil, Round, ZerosLike, OnesLike. */
export const zeroGradients: readonly tf.GradConfig[] = [
  ...BINARY.map((k) => zeroGradient(k, ['a', 'b'])),
  ...UNARY.map((k) => zeroGradient(k, ['x'])),
];
