/**
 * Gradient of BatchMatMul: products with the other operand, written with transpose flags (the
 * wasm fix makes them explicit for speed). Being matmuls again, they are differentiable to any
 * order. In an HVP's inner pass, a parameter operand gets the directional surrogate instead
 * (src/autodiff/directional.ts): one product with the direction rather than two.
 */
import * as tf from '@tensorflow/tfjs-core';
import { reduceToShape, single } from './grad-util';
import { directionOf, surrogate } from './directional';

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
      const g = single(dy);
      const [da, db] = partials(g, a, b, transposeA, transposeB);
      const dirA = directionOf(a);
      const dirB = directionOf(b);
      return {
        a: () => (dirA ? surrogate(g, tf.matMul(dirA.v, b, transposeA, transposeB), dirA) : reduceToShape(da(), a.shape)),
        b: () => (dirB ? surrogate(g, tf.matMul(a, dirB.v, transposeA, transposeB), dirB) : reduceToShape(db(), b.shape)),
      };
    },
  },
];
