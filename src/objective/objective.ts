/**
 * The training objective F(w) = (1/n) Σᵢ ℓ(f(w; xᵢ), yᵢ) + (wd/2)‖w‖², split into the pieces that
 * chunked evaluation needs: a forward pass, a per-batch *sum* of example losses, and weight decay.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../model/params';

export interface Objective {
  /** Network output for a batch of inputs. Pure: reads params, creates tensors only. */
  readonly forward: (params: Params, x: tf.Tensor) => tf.Tensor;
  /** Σ over the batch of per-example losses (no 1/n), e.g. ½‖f(x) − y‖² summed. */
  readonly lossSum: (output: tf.Tensor, y: tf.Tensor) => tf.Scalar;
  /** L2 coefficient wd ≥ 0: the objective adds (wd/2)‖w‖². */
  readonly weightDecay: number;
}

/**
 * F on one batch, with its sum divided by `n` (default: the batch size) and weight decay added.
 * Chunked full-batch code calls this per chunk with the full n and `withDecay` on one chunk only.
 */
export function batchObjective(
  obj: Objective, params: Params, x: tf.Tensor, y: tf.Tensor,
  n: number = x.shape[0], withDecay = true,
): tf.Scalar {
  return tf.tidy(() => {
    const data = tf.div(obj.lossSum(obj.forward(params, x), y), n) as tf.Scalar;
    if (!withDecay || obj.weightDecay === 0) return data;
    const sq = params.map((p) => tf.sum(tf.square(p.value)));
    return tf.add(data, tf.mul(tf.addN(sq), obj.weightDecay / 2)) as tf.Scalar;
  });
}
