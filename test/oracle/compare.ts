/** One oracle comparison: the library HVP vs the hyper-dual HVP along a seeded direction. */
import * as tf from '@tensorflow/tfjs-core';
import { Params, disposeParams } from '../../src/model/params';
import { ParamsLoss } from '../../src/curvature/hvp';
import { OracleLoss, oracleHvp } from './hessian-oracle';
import { randomParams, relErr, tfHvp, toOracle } from './tf-harness';

export interface HvpComparison {
  /** ‖Hv_tf − Hv_ref‖ / ‖Hv_ref‖. */
  readonly err: number;
  /** ‖Hv_ref‖, to make sure the test is not vacuous. */
  readonly refNorm: number;
}

/** A seeded direction shaped like `params`. */
export function randomDirection(params: Params, seed: number): Params {
  return randomParams(params.map((p) => ({ name: p.name, shape: p.value.shape })), seed);
}

/** Compares the TF.js and oracle HVPs of the same loss at `params` along a seeded direction. */
export function compareHvp(tfLoss: ParamsLoss, oracleLoss: OracleLoss, params: Params, seed: number): HvpComparison {
  const v = randomDirection(params, seed);
  const ours = tfHvp(tfLoss, params, v);
  const vFlat = Float64Array.from(toOracle(v).values.flatMap((a) => Array.from(a)));
  const ref = oracleHvp(oracleLoss, toOracle(params), vFlat);
  disposeParams(v);
  return { err: relErr(ours, ref), refNorm: Math.sqrt(ref.reduce((s, x) => s + x * x, 0)) };
}

/** Asserts that `f` creates no lasting tensors (apart from those it returns and the caller frees). */
export function tensorsCreatedBy(f: () => void): number {
  const before = tf.memory().numTensors;
  f();
  return tf.memory().numTensors - before;
}
