/**
 * The sharpness: top-k eigenvalues of the Hessian of the full-data objective, from exact
 * Hessian-vector products (chunked over the data) fed to Lanczos or power iteration, whose
 * scalars and vectors are float64 on the host.
 */
import { yieldToEventLoop } from '../util/yield-to-event-loop';
import * as tf from '@tensorflow/tfjs-core';
import { Params, disposeParams, flatten64, paramCount, unflatten } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { objectiveHvp } from './hvp';
import { mlpPointHvp } from './mlp-hvp';
import { programPointHvp } from './program-hvp';
import { DEFAULT_KEPT_BYTES, PointHvp } from './point-hvp';
import { SymmetricOperator } from './symmetric-operator';
import { EigenOptions, EigenResult } from './eigen-result';
import { lanczos } from './lanczos';
import { hvpMemoryPlan } from './hvp-memory-plan';
import { isPlanned } from './heap-fit';
import { powerIteration } from './power-iteration';

export interface SharpnessOptions extends EigenOptions {
  /** 'lanczos' (default: full re-orthogonalisation) or 'power' (what the paper used). */
  method?: 'lanczos' | 'power';
  /** Examples per HVP chunk (bounds memory; the result does not depend on it). Default 1000. */
  chunkSize?: number;
  /**
   * Bound on the passes at w the solve keeps (beyond it they are recomputed per product, same bits). Default 2 GiB;
   * on wasm, what {@link hvpMemoryPlan} leaves, after it checked that chunks of `chunkSize` fit the 4 GiB heap.
   */
  keptBytes?: number;
}

/** A Hessian operator that may hold cached passes at its point: call `dispose()` when done. */
export interface HessianOperator extends SymmetricOperator {
  /**
   * H·v on tensors shaped like the parameters (the caller disposes the result): the same product
   * as `apply`, on the same cached passes, without the float64 round trip.
   */
  applyParams(v: Params): Params;
  /** Frees what the operator cached (the forward and backward pass at w); a later apply rebuilds it. */
  dispose(): void;
}

/**
 * The Hessian of the full-data objective at `params` as a float64 operator (one exact HVP per
 * apply). For the kit's MLPs and conv nets the first apply caches the passes at `params` (mlp-hvp.ts,
 * program-hvp.ts), so the 5–20 HVPs of an eigen-solve each skip the forward and backward pass at w;
 * `dispose()` frees them. On wasm the first apply checks that chunks of `chunkSize` fit the 4 GiB
 * heap and, unless `keptBytes` is given, bounds the cache by what one chunk's HVP leaves
 * ({@link hvpMemoryPlan}); a chunk that cannot fit is a ConfigError naming one that does. (Inside a
 * run, whose plan did both before it trained, it does neither.)
 * @param keptBytes bound on the cached passes (default 2 GiB, less on wasm as above; chunks beyond it redo theirs per apply, same bits).
 * @example const op = hessianOperator(obj, params, data); await op.apply(v); op.dispose();
 */
export function hessianOperator(obj: Objective, params: Params, data: Dataset, chunkSize = 1000, keptBytes?: number): HessianOperator {
  let point: PointHvp | undefined;
  let prepared = false; // the plan made and the passes at w kept (point stays undefined for other objectives)
  const product = (vp: Params): Params => {
    if (!prepared) {
      const plan = tf.getBackend() === 'wasm' && !isPlanned(obj) ? hvpMemoryPlan(obj, params, data, chunkSize) : undefined;
      const kept = keptBytes ?? plan?.keptBytes ?? DEFAULT_KEPT_BYTES;
      // Undefined (no work) unless an MLP or conv-net objective the kit built.
      point = mlpPointHvp(obj, params, data, chunkSize, kept) ?? programPointHvp(obj, params, data, chunkSize, kept);
      prepared = true;
    }
    // Any other objective: objectiveHvp's double backprop, whose memory the plan above has just measured.
    return point ? point.apply(vp) : objectiveHvp(obj, params, data, vp, { chunkSize });
  };
  return {
    dim: paramCount(params),
    returnsFresh: true,
    applyParams: product,
    apply: async (v) => {
      await yieldToEventLoop(); // an interrupt can land between two HVPs of a long eigen-solve
      const vp = unflatten(v, params);
      try {
        const hv = product(vp);
        const flat = flatten64(hv);
        disposeParams(hv);
        return flat;
      } finally {
        disposeParams(vp);
      }
    },
    dispose: () => {
      point?.dispose();
      point = undefined;
      prepared = false;
    },
  };
}

/**
 * Top-k Hessian eigenvalues (largest algebraic first) of the full-data objective.
 * @returns the solver's result: values, vectors (for warm starts), relative residuals, HVPs used, seconds.
 * @throws ConfigError on wasm when an HVP over chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const { values, matvecs } = await sharpness(obj, params, data, { k: 2 });
 */
export async function sharpness(
  obj: Objective, params: Params, data: Dataset, opts: SharpnessOptions = {},
): Promise<EigenResult> {
  const { chunkSize = 1000, keptBytes, ...solver } = opts;
  const before = tf.memory().numTensors;
  const op = hessianOperator(obj, params, data, chunkSize, keptBytes);
  let result: EigenResult;
  try {
    result = await topEigenpairs(op, solver);
  } finally {
    op.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`sharpness leaked ${leaked} tensors (a bug in the HVP path)`);
  return result;
}

/**
 * Top-k eigenpairs of an operator by the method `sharpness` would use (the operator stays the
 * caller's: e.g. one Hessian at w shared by λ₁ and other products at the same point).
 * @example const r = await topEigenpairs(hessianOperator(obj, params, data), { k: 1, tol: 3e-3 });
 */
export function topEigenpairs(op: SymmetricOperator, opts: Omit<SharpnessOptions, 'chunkSize' | 'keptBytes'> = {}): Promise<EigenResult> {
  const { method = 'lanczos', ...eigen } = opts;
  return method === 'power' ? powerIteration(op, eigen) : lanczos(op, eigen);
}
