/**
 * TF.js side of the oracle tests: seeded float32 parameters, their exact float64 copies for the
 * oracle, the library HVP as a float64 vector, and the error measure every test uses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { createRng } from '../../src/util/rng';
import { Params, disposeParams, flatten } from '../../src/model/params';
import { hvp, ParamsLoss } from '../../src/curvature/hvp';
import { OracleParams } from './hessian-oracle';

/** Initialises the backend ($SHARPNESS_LAB_BACKEND or automatic) once per test process. */
export async function setup(): Promise<string> {
  return (await initBackend()).name;
}

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Standard deviation of the seeded normal values (default 1). */
  readonly std?: number;
}

/** Seeded normal float32 parameters. */
export function randomParams(specs: readonly ParamSpec[], seed: number): Params {
  const rng = createRng(seed);
  return specs.map((s) => {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const vals = Float32Array.from({ length: n }, () => (s.std ?? 1) * rng.normal());
    return { name: s.name, value: tf.tensor(vals, s.shape as number[], 'float32') };
  });
}

/** Seeded normal float32 values (inputs, targets) as a tensor. */
export function randomTensor(shape: readonly number[], seed: number, std = 1): tf.Tensor {
  return randomParams([{ name: 'x', shape, std }], seed)[0].value;
}

/** One-hot rows [n, k] with seeded classes. */
export function oneHotRows(n: number, k: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  const vals = new Float32Array(n * k);
  for (let r = 0; r < n; r++) vals[r * k + rng.int(k)] = 1;
  return tf.tensor2d(vals, [n, k]);
}

/** The float32 values converted exactly to float64, for the oracle. */
export function toOracle(params: Params): OracleParams {
  return {
    values: params.map((p) => Float64Array.from(p.value.dataSync() as Float32Array)),
    shapes: params.map((p) => p.value.shape),
  };
}

/** A tensor's values as float64 numbers. */
export const valuesOf = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** The library's exact HVP, flattened to float64 (tensors disposed). */
export function tfHvp(loss: ParamsLoss, params: Params, v: Params): Float64Array {
  const hv = hvp(loss, params, v);
  const flat = Float64Array.from(flatten(hv));
  disposeParams(hv);
  return flat;
}

/** ‖a − b‖ / ‖b‖. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Float64 dot product. */
export function dot64(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
