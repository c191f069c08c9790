/**
 * Exact Hessian-vector products by double backprop: Hv = ∇_w ⟨∇_w L(w), v⟩. Exact up to float32
 * rounding (no finite-difference step), correct on every backend once the gradients of
 * src/autodiff are registered, and chunked over the data so memory stays bounded. For the kit's
 * own networks, `objectiveHvp` uses the written-out R-operator instead (mlp-hvp.ts for MLPs,
 * program-hvp.ts for VGG11 and ResNet34: same Hessian, fewer kernels).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params, disposeParams, tensorsOf, withTensors } from '../model/params';
import { Objective, batchObjective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { installSecondOrderGradients } from '../autodiff/second-order-gradients';
import { withDirections } from '../autodiff/directional';
import { accumulateOverChunks, ChunkOptions, DEFAULT_CHUNK_SIZE } from './hvp-chunks';
import { valueAndGradsOrZero } from './hvp-grads';
import { mlpHvp } from './mlp-hvp';
import { programHvp } from './program-hvp';
import { checkChunksFit } from './heap-fit';

export { objectiveValueAndGrad } from './hvp-value-and-grad';
export type { ValueAndGrad } from './hvp-value-and-grad';
export type { ChunkOptions } from './hvp-chunks';

/** A scalar function of the parameters (it must create tensors only, never dispose `p`). */
export type ParamsLoss = (p: Params) => tf.Scalar;

/**
 * Hessian of `lossFn` at `params` applied to `v`, by differentiating ⟨∇L, v⟩ once more.
 * @param lossFn scalar loss of the parameters (float32).
 * @param params the point w (not modified, not disposed).
 * @param v the direction, shaped like `params` (not disposed).
 * @returns H(w)·v as new tensors shaped like `params` (the caller disposes them).
 * @example const hv = hvp((p) => tf.sum(tf.square(p[0].value)), params, v); // = 2v
 */
export function hvp(lossFn: ParamsLoss, params: Params, v: Params): Params {
  // Cheap identity check; restores our gradients if a library re-registered stock ones.
  installSecondOrderGradients();
  if (v.length !== params.length) throw new Error(`v has ${v.length} tensors; params have ${params.length}`);
  const ws = tensorsOf(params);
  const vs = tensorsOf(v);
  const out = tf.tidy(() => {
    // The inner gradient is recorded on the outer tape, so differentiating ⟨∇L, v⟩ gives H·v.
    // It is only used through ⟨·, v⟩, which lets bilinear layers skip a product (directional.ts).
    const directional = (): tf.Scalar => {
      const { grads } = withDirections(ws, vs, () => valueAndGradsOrZero(() => lossFn(params), ws));
      return tf.addN(grads.map((g, i) => tf.sum(tf.mul(g, vs[i])))) as tf.Scalar;
    };
    return valueAndGradsOrZero(directional, ws).grads;
  });
  return withTensors(params, out);
}

/**
 * Hv for the full-data objective F(w) = (1/n)Σᵢ ℓᵢ + (wd/2)‖w‖². For an objective the kit built
 * (`objectiveFor(createModel(spec), …)`) this is the written-out R-operator (mlp-hvp.ts for MLPs,
 * program-hvp.ts for VGG11 and ResNet34); for every other objective, double backprop
 * ({@link doubleBackpropHvp}). All are exact up to float32 rounding.
 * @param obj the objective (forward, per-batch loss sum, weight decay).
 * @param params the point w.
 * @param data the dataset (all n examples are used).
 * @param v the direction, shaped like `params`.
 * @param options chunkSize: examples per chunk (default 1000; ≈ 6 MB per image for ResNet34 ×1/8).
 * @returns H(w)·v as new tensors (the caller disposes them).
 * @throws ConfigError on wasm when chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const hv = objectiveHvp(obj, params, data, v, { chunkSize: 500 });
 */
export function objectiveHvp(obj: Objective, params: Params, data: Dataset, v: Params, options: ChunkOptions = {}): Params {
  checkChunksFit(obj, 'HVP', data, options.chunkSize ?? DEFAULT_CHUNK_SIZE, (rows) => disposeParams(objectiveHvp(obj, params, rows, params)));
  return mlpHvp(obj, params, data, v, options.chunkSize) ?? programHvp(obj, params, data, v, options.chunkSize)
    ?? doubleBackpropChunks(obj, params, data, v, options);
}

/**
 * Hv for the full-data objective by double backprop, for any model: a sum over chunks of the HVP
 * of (chunk loss sum)/n (weight decay enters once, with the first chunk). Each chunk runs in its
 * own tidy, so peak memory is that of one chunk's double backprop.
 * @returns H(w)·v as new tensors (the caller disposes them); equal to the unchunked HVP up to
 *   float32 rounding of the chunk sum.
 * @throws ConfigError on wasm when chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const hv = doubleBackpropHvp(obj, params, data, v, { chunkSize: 500 });
 */
export function doubleBackpropHvp(obj: Objective, params: Params, data: Dataset, v: Params, options: ChunkOptions = {}): Params {
  checkChunksFit(obj, 'double-backprop HVP', data, options.chunkSize ?? DEFAULT_CHUNK_SIZE, (rows) => disposeParams(doubleBackpropHvp(obj, params, rows, params)));
  return doubleBackpropChunks(obj, params, data, v, options);
}

function doubleBackpropChunks(obj: Objective, params: Params, data: Dataset, v: Params, options: ChunkOptions): Params {
  const sums = accumulateOverChunks(data, options, (x, y, first) => {
    const parts = hvp((p) => batchObjective(obj, p, x, y, data.n, first), params, v);
    return tensorsOf(parts);
  });
  return withTensors(params, sums);
}
