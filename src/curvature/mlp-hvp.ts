/**
 * Exact HVPs of an MLP objective by Pearlmutter's R-operator, written out layer by layer. The
 * forward and backward pass at w are computed once per parameter point (per data chunk) and kept;
 * each H·v then costs two products with the data matrix (x·V₁ forward, xᵀ·Rδ₁ back) plus
 * width-sized work. Double backprop (hvp.ts) redoes the forward pass and needs three such products
 * and ~400 kernels per HVP, so an eigen-solve at one point, which applies H 5–20 times, is where
 * this pays. Same Hessian: tests compare it with double backprop and the float64 dense Hessian.
 *
 * Notation (per example row; layer l = 0 … L−1, input a₀ = x, zₗ = aₗWₗ + bₗ, aₗ₊₁ = σ(zₗ), f = z_{L−1}):
 *   R-forward  Rz₀ = x·V₀ + c₀;  Raₗ₊₁ = σ'(zₗ)⊙Rzₗ;  Rzₗ₊₁ = Raₗ₊₁·Wₗ₊₁ + aₗ₊₁·Vₗ₊₁ + cₗ₊₁
 *   output     Rδ_{L−1} = ∇²ℓ(f)·Rf   (squared loss: Rf; cross-entropy: Σy·(p⊙Rf − p·⟨p, Rf⟩))
 *   backward   (H·v)_Wₗ = Raₗᵀ·δₗ + aₗᵀ·Rδₗ,  (H·v)_bₗ = Σ Rδₗ,
 *              Rδₗ₋₁ = σ''(zₗ₋₁)⊙eₗ₋₁⊙Rzₗ₋₁ + σ'(zₗ₋₁)⊙(Rδₗ·Wₗᵀ + δₗ·Vₗᵀ),  eₗ₋₁ = δₗ·Wₗᵀ,  δₗ₋₁ = σ'⊙eₗ₋₁
 * all over n, plus wd·v for weight decay.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../model/params';
import { MlpSpec } from '../model/model';
import { mlpSpecOf } from '../model/mlp';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { activationJet } from '../nn/activation-derivatives';
import { DEFAULT_CHUNK_SIZE } from './hvp-chunks';
import { LossKind, lossKindOf, outputPass, outputRDelta } from './output-curvature';
import { DEFAULT_KEPT_BYTES, PointHvp, ROperator, keptPointHvp, oneOffHvp } from './point-hvp';

/** What one chunk keeps from the passes at w. */
interface ChunkPasses {
  /** The chunk's input rows (a clone: it shares the chunk's buffer on wasm and cpu). */
  readonly x: tf.Tensor2D;
  /** aₗ for l = 1 … L−1 (index l − 1). */
  readonly a: tf.Tensor2D[];
  /** σ'(zₗ₋₁) and σ''(zₗ₋₁)⊙eₗ₋₁ for l = 1 … L−1 (index l − 1). */
  readonly slope: tf.Tensor2D[];
  readonly bend: tf.Tensor2D[];
  /** δₗ for l = 1 … L−1 (index l − 1): δ₀ is never needed, as the input does not move. */
  readonly delta: tf.Tensor2D[];
  /** Cross-entropy only: softmax p and each row's target mass Σy. */
  readonly p?: tf.Tensor2D;
  readonly mass?: tf.Tensor2D;
}

/**
 * The R-operator HVP of `obj` at `params` on `data`, with the passes at w kept for every apply, or
 * undefined when `obj` is not an MLP objective the kit built (forward from `mlp()`, loss
 * `squaredLossSum` or `softmaxCrossEntropySum`): callers then use double backprop. Memory: per
 * chunk, its input rows and four width-sized arrays per hidden layer (5000 CIFAR-10 images at
 * width 200: ≈ 90 MB; up to `keptBytes`, default 2 GiB, beyond which chunks redo their passes per
 * apply, with the same bits) until `dispose()`.
 * @example const h = mlpPointHvp(obj, params, data); if (h) { const hv = h.apply(v); …; h.dispose(); }
 */
export function mlpPointHvp(obj: Objective, params: Params, data: Dataset, chunkSize = DEFAULT_CHUNK_SIZE, keptBytes = DEFAULT_KEPT_BYTES): PointHvp | undefined {
  const op = mlpROperator(obj);
  return op && keptPointHvp(op, obj, params, data, chunkSize, keptBytes);
}

/**
 * One R-operator H·v at w without keeping the passes: chunk by chunk, so memory is that of one
 * chunk, as for double backprop (what one-off HVPs use: CDAT's step, the curvature along the
 * step). Bitwise equal to {@link mlpPointHvp}'s apply. Undefined for objectives that are not
 * the kit's MLPs.
 * @example const hv = mlpHvp(obj, params, data, v) ?? doubleBackpropHvp(obj, params, data, v);
 */
export function mlpHvp(obj: Objective, params: Params, data: Dataset, v: Params, chunkSize = DEFAULT_CHUNK_SIZE): Params | undefined {
  const op = mlpROperator(obj);
  return op && oneOffHvp(op, obj, params, data, v, chunkSize);
}

interface MlpObjective { readonly spec: MlpSpec; readonly loss: LossKind }

function mlpROperator(obj: Objective): ROperator<ChunkPasses> | undefined {
  const spec = mlpSpecOf(obj.forward);
  const loss = lossKindOf(obj);
  if (spec === undefined || loss === undefined) return undefined;
  const kind: MlpObjective = { spec, loss };
  return {
    model: 'MLP',
    passes: (ws, x, y) => passesAt(kind, ws, x as tf.Tensor2D, y),
    chunkHvp: (ws, vs, c) => chunkHvp(loss, ws, vs, c),
    tensors: chunkTensors,
  };
}

/** The forward pass, the loss gradient and the backward pass at w on one chunk, kept for every v. */
function passesAt({ spec, loss }: MlpObjective, ws: readonly tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D): ChunkPasses {
  const layers = ws.length / 2;
  return tf.tidy(() => {
    const a: tf.Tensor2D[] = [];
    const slope: tf.Tensor2D[] = [];
    const secondOf: tf.Tensor2D[] = [];
    let z = tf.add(tf.matMul(x, ws[0] as tf.Tensor2D), ws[1]) as tf.Tensor2D;
    for (let l = 1; l < layers; l++) {
      const jet = activationJet(spec.activation, z);
      a.push(jet.value as tf.Tensor2D);
      slope.push(jet.first as tf.Tensor2D);
      secondOf.push(jet.second as tf.Tensor2D);
      z = tf.add(tf.matMul(jet.value as tf.Tensor2D, ws[2 * l] as tf.Tensor2D), ws[2 * l + 1]) as tf.Tensor2D;
    }
    // δ_{L−1} = ∂ℓ/∂f per example (sum form), and softmax p and Σy for cross-entropy.
    const { delta: outDelta, p, mass } = outputPass(loss, z, y, 'mlpPointHvp');
    let delta = outDelta;
    const deltas: tf.Tensor2D[] = new Array<tf.Tensor2D>(layers - 1);
    const bend: tf.Tensor2D[] = new Array<tf.Tensor2D>(layers - 1);
    for (let l = layers - 1; l >= 1; l--) {
      deltas[l - 1] = delta;
      const e = tf.matMul(delta, ws[2 * l] as tf.Tensor2D, false, true);
      bend[l - 1] = tf.mul(secondOf[l - 1], e);
      if (l > 1) delta = tf.mul(slope[l - 1], e);
    }
    return { x: tf.clone(x), a, slope, bend, delta: deltas, p, mass };
  });
}

/** Σ over the chunk's examples of ∇²ℓ·v (no 1/n, no weight decay), one tensor per parameter. */
function chunkHvp(loss: LossKind, ws: readonly tf.Tensor[], vs: readonly tf.Tensor[], c: ChunkPasses): tf.Tensor[] {
  const layers = ws.length / 2;
  // R-forward: Rz per layer; Ra₀ = 0 because the input does not depend on w.
  const rz: tf.Tensor2D[] = [tf.add(tf.matMul(c.x, vs[0] as tf.Tensor2D), vs[1]) as tf.Tensor2D];
  const ra: (tf.Tensor2D | undefined)[] = [undefined];
  for (let l = 1; l < layers; l++) {
    ra.push(tf.mul(c.slope[l - 1], rz[l - 1]) as tf.Tensor2D);
    const viaW = tf.matMul(ra[l]!, ws[2 * l] as tf.Tensor2D);
    const viaV = tf.matMul(c.a[l - 1], vs[2 * l] as tf.Tensor2D);
    rz.push(tf.add(tf.add(viaW, viaV), vs[2 * l + 1]) as tf.Tensor2D);
  }
  const rf = rz[layers - 1];
  let rdelta = outputRDelta(loss, c, rf);
  const out = new Array<tf.Tensor>(ws.length);
  for (let l = layers - 1; l >= 0; l--) {
    const viaData = tf.matMul(l === 0 ? c.x : c.a[l - 1], rdelta, true, false);
    out[2 * l] = l === 0 ? viaData : tf.add(tf.matMul(ra[l]!, c.delta[l - 1], true, false), viaData);
    out[2 * l + 1] = tf.sum(rdelta, 0);
    if (l > 0) {
      const re = tf.add(tf.matMul(rdelta, ws[2 * l] as tf.Tensor2D, false, true), tf.matMul(c.delta[l - 1], vs[2 * l] as tf.Tensor2D, false, true));
      rdelta = tf.add(tf.mul(c.bend[l - 1], rz[l - 1]), tf.mul(c.slope[l - 1], re)) as tf.Tensor2D;
    }
  }
  return out;
}

function chunkTensors(c: ChunkPasses): tf.Tensor[] {
  return [c.x, ...c.a, ...c.slope, ...c.bend, ...c.delta, ...(c.p ? [c.p, c.mass!] : [])];
}
