/**
 * Small helpers shared by the gradient definitions in this folder. Every helper is built from ops
 * whose own gradients are registered here too, so gradients of gradients stay differentiable.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Sums a broadcast gradient back to the shape of the operand it flows to (numpy broadcasting).
 * @param dx gradient with the broadcast (output) shape.
 * @param shape the operand's shape.
 * @returns a tensor of `shape`.
 * @example reduceToShape(tf.ones([4, 3]), [3]) // → [4, 4, 4]
 */
export function reduceToShape(dx: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape as number[], dx.shape);
  const summed = axes.length > 0 ? tf.sum(dx, axes) : dx;
  return sameShape(summed.shape, shape) ? summed : tf.reshape(summed, shape as number[]);
}

/**
 * The shape of a reduction's output with the reduced axes kept as size 1.
 * @param shape input shape.
 * @param axes reduced axes (negative allowed; null or undefined means all axes).
 * @returns shape with 1 at every reduced axis.
 * @example keptShape([2, 3, 4], [1]) // → [2, 1, 4]
 */
export function keptShape(shape: readonly number[], axes: number | number[] | null | undefined): number[] {
  // Kernels store "all axes" as a null attribute; parseAxisParam maps null to every axis.
  const parsed = tf.util.parseAxisParam(axes as number[], shape as number[]);
  return shape.map((d, i) => (parsed.includes(i) ? 1 : d));
}

/**
 * Broadcasts `dy` (a reduction's upstream gradient) back over the reduced axes of `shape`.
 * Multiplying by ones (not BroadcastTo, which wasm lacks) keeps the result differentiable.
 * @param dy gradient of the reduction's output.
 * @param shape the reduction's input shape.
 * @param axes the reduced axes.
 * @returns a float32 tensor of `shape`.
 * @example expandOver(tf.scalar(2), [2, 2], undefined) // → [[2, 2], [2, 2]]
 */
export function expandOver(dy: tf.Tensor, shape: readonly number[], axes: number | number[] | null | undefined): tf.Tensor {
  const kept = tf.reshape(dy, keptShape(shape, axes));
  return sameShape(kept.shape, shape) ? kept : tf.mul(kept, tf.ones(shape as number[], 'float32'));
}

/**
 * A gradient config for a piecewise-constant op (comparison, rounding, logical): zero for every
 * input. These ops show up on second-order paths as masks (the max-gradient `equal`, the relu
 * `step`), and the engine throws when a node on the path has no gradient at all.
 * @param kernelName the kernel, e.g. 'Equal'.
 * @param inputNames the kernel's input names, e.g. ['a', 'b'].
 * @returns a GradConfig returning float32 zeros shaped like each input.
 * @example tf.registerGradient(zeroGradient('Equal', ['a', 'b']))
 */
export function zeroGradient(kernelName: string, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    gradFunc: (_dy, saved) => {
      const grads: Record<string, () => tf.Tensor> = {};
      inputNames.forEach((name, i) => {
        grads[name] = () => tf.zeros(saved[i].shape, 'float32');
      });
      return grads;
    },
  };
}

/** `dy` when the engine passes a single upstream gradient (all our single-output kernels). */
export function single(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(dy) ? dy[0] : dy;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
