/**
 * Gradient, Hessian-vector products and dense Hessians of a scalar function of parameter tensors,
 * in float64 hyper-dual arithmetic: one forward pass per coordinate, exact to rounding.
 */
import { hd, HD } from './hyperdual';
import { HT } from './hd-layers';

/** A loss written with hd-layers: parameter tensors in, hyper-dual scalar out. */
export type OracleLoss = (params: HT[]) => HD;

/** Parameter values (float64, row-major) and shapes, in the same order as the TF.js Params. */
export interface OracleParams {
  readonly values: readonly Float64Array[];
  readonly shapes: readonly (readonly number[])[];
}

function total(p: OracleParams): number {
  return p.values.reduce((n, v) => n + v.length, 0);
}

/** Runs the loss with ε₁ seeded on coordinate i (or none: −1) and ε₂ on direction c (flat). */
function run(loss: OracleLoss, p: OracleParams, i: number, c: Float64Array | undefined, j = -1): HD {
  let k = 0;
  const tensors = p.values.map((vals, t) => {
    const data = Array.from(vals, (a) => {
      const seeded = hd(a, k === i ? 1 : 0, c ? c[k] : k === j ? 1 : 0, 0);
      k++;
      return seeded;
    });
    return { shape: p.shapes[t], data };
  });
  return loss(tensors);
}

/** The loss value. */
export const oracleValue = (loss: OracleLoss, p: OracleParams): number => run(loss, p, -1, undefined).a;

/** ∇L as a flat float64 vector (P passes). */
export function oracleGrad(loss: OracleLoss, p: OracleParams): Float64Array {
  const n = total(p);
  return Float64Array.from({ length: n }, (_, i) => run(loss, p, i, undefined).b);
}

/** H·v as a flat float64 vector (P passes). */
export function oracleHvp(loss: OracleLoss, p: OracleParams, v: Float64Array): Float64Array {
  const n = total(p);
  if (v.length !== n) throw new Error(`direction has ${v.length} entries, parameters ${n}`);
  return Float64Array.from({ length: n }, (_, i) => run(loss, p, i, v).d);
}

/** The dense Hessian, row-major n×n (n(n+1)/2 passes, mirrored). */
export function oracleHessian(loss: OracleLoss, p: OracleParams): Float64Array {
  const n = total(p);
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const e = run(loss, p, i, undefined, j).d;
      h[i * n + j] = e;
      h[j * n + i] = e;
    }
  }
  return h;
}
