/**
 * The loss end of the written-out R-operators: the output gradient δ = ∂ℓ/∂f per example (sum
 * form) at w, and the output curvature applied to Rf, for the kit's two losses.
 *   squared loss ½‖f − y‖²:    δ = f − y,          ∇²ℓ·Rf = Rf
 *   softmax cross-entropy:     δ = Σy·p − y,       ∇²ℓ·Rf = Σy·(p⊙Rf − p·⟨p, Rf⟩)
 */
import * as tf from '@tensorflow/tfjs-core';
import { Objective } from '../objective/objective';
import { assertSameShape, squaredLossSum } from '../objective/squared-loss';
import { softmaxCrossEntropySum } from '../objective/cross-entropy';

export type LossKind = 'mse' | 'cross-entropy';

/** δ at the output, and what the curvature needs: softmax p and each row's target mass Σy. */
export interface OutputPass {
  readonly delta: tf.Tensor2D;
  readonly p?: tf.Tensor2D;
  readonly mass?: tf.Tensor2D;
}

/** The objective's loss if it is one of the kit's two (by identity), else undefined. */
export function lossKindOf(obj: Objective): LossKind | undefined {
  return obj.lossSum === squaredLossSum ? 'mse' : obj.lossSum === softmaxCrossEntropySum ? 'cross-entropy' : undefined;
}

/**
 * δ = ∂ℓ/∂f at the network output f (new tensors).
 * @param who names the caller in the shape error (broadcasting here would be a silent bug).
 */
export function outputPass(kind: LossKind, f: tf.Tensor2D, y: tf.Tensor2D, who: string): OutputPass {
  assertSameShape(f, y, who);
  if (kind === 'mse') return { delta: tf.sub(f, y) };
  const p = tf.softmax(f) as tf.Tensor2D;
  const mass = tf.sum(y, 1, true) as tf.Tensor2D;
  return { delta: tf.sub(tf.mul(p, mass), y), p, mass };
}

/** Rδ = ∇²ℓ(f)·Rf at the output (a new tensor, or Rf itself for the squared loss). */
export function outputRDelta(kind: LossKind, pass: Pick<OutputPass, 'p' | 'mass'>, rf: tf.Tensor2D): tf.Tensor2D {
  if (kind === 'mse') return rf;
  const { p, mass } = pass;
  return tf.mul(mass!, tf.sub(tf.mul(p!, rf), tf.mul(p!, tf.sum(tf.mul(p!, rf), 1, true)))) as tf.Tensor2D;
}
