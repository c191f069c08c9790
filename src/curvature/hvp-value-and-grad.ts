/**
 * The full-data objective and its gradient in one chunked pass (what a training step needs), with
 * the same chunking and weight-decay placement as the HVP, so the two always describe one F.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params, disposeParams, tensorsOf, withTensors } from '../model/params';
import { Objective, batchObjective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { installSecondOrderGradients } from '../autodiff/second-order-gradients';
import { accumulateChunks, ChunkOptions, DEFAULT_CHUNK_SIZE } from './hvp-chunks';
import { checkChunksFit } from './heap-fit';
import { valueAndGradsOrZero } from './hvp-grads';

/** F(w) and ∇F(w). */
export interface ValueAndGrad {
  /** F(w) = (1/n)Σᵢ ℓᵢ + (wd/2)‖w‖², chunk values summed in float64. */
  readonly loss: number;
  /** ∇F(w), new tensors shaped like the parameters (the caller disposes them). */
  readonly grad: Params;
}

/**
 * F(w) and ∇F(w) over all of `data`, chunk by chunk (memory of one chunk's backprop).
 * @param obj the objective.
 * @param params the point w (not modified).
 * @param data all n examples.
 * @param options chunkSize: examples per chunk (default 1000).
 * @returns {loss, grad}; grad equals the unchunked gradient up to float32 rounding.
 * @throws ConfigError on wasm when chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const { loss, grad } = objectiveValueAndGrad(obj, params, data, { chunkSize: 1000 });
 */
export function objectiveValueAndGrad(obj: Objective, params: Params, data: Dataset, options: ChunkOptions = {}): ValueAndGrad {
  installSecondOrderGradients();
  checkChunksFit(obj, 'gradient', data, options.chunkSize ?? DEFAULT_CHUNK_SIZE, (rows) => disposeParams(objectiveValueAndGrad(obj, params, rows).grad));
  const { sums, value } = accumulateChunks(data, options, (x, y, first) => {
    const { value, grads } = tf.tidy(() => valueAndGradsOrZero(() => batchObjective(obj, params, x, y, data.n, first), tensorsOf(params)));
    return { tensors: grads, value };
  });
  return { loss: value, grad: withTensors(params, sums) };
}
