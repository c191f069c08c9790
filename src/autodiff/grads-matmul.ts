/**
 * Gradient of BatchMatMul: products with the other operand, written with transpose flags (the
 * wasm fix makes them explicit for speed). Being matmuls again, they are differentiable to any order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { reduceToShape, single } from './grad-util';

/** ∂(A·B) for each (transposeA, transposeB) layout; C = op(A)·op(B). */
function partials(dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor, tA: boolean, tB: boolean): [() => tf.Tensor, () => tf.Tensor] {
  if (!tA && !tB) return [() => tf.matMul(dy, b, false, true), () => tf.matMul(a, dy, true, false)];
  if (!tA && tB) return [() => tf.matMul(dy, b, false, false), () => tf.matMul(dy, a, true, false)];
  if (tA && !tB) return [() => tf.matMul(b, dy, false, true), () => tf.matMul(a, dy, false, false)];
  return [() => tf.matMul(b, dy, true, true), () => tf.matMul(dy, a, true, true)];
}

/** Gradient of BatchMatMul (rank ≥ 2, batch dimensions may broadcast). */
export const matMulGradients: readonly tf.GradConfig[] = [
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
      const [da, db] = partials(single(dy), a, b, transposeA, transposeB);
      return { a: () => reduceToShape(da(), a.shape), b: () => reduceToShape(db(), b.shape) };
    },
  },
];
