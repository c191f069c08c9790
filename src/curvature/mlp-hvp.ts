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
import { Params, tensorsOf, withTensors } from '../model/params';
import { MlpSpec } from '../model/model';
import { mlpSpecOf } from '../model/mlp';
import { Objective } from '../objective/objective';
import { assertSameShape, squaredLossSum } from '../objective/squared-loss';
import { softmaxCrossEntropySum } from '../objective/cross-entropy';
import { Dataset } from '../data/dataset';
import { activationJet } from '../nn/activation-derivatives';
import { DEFAULT_CHUNK_SIZE, accumulateOverChunks, forEachChunk } from './hvp-chunks';

/** H(w)·v for many v at one point w; owns the cached passes until {@link dispose}. */
export interface PointHvp {
  /** H(w)·v as new tensors shaped like the parameters (the caller disposes them; `v` is kept). */
  apply(v: Params): Params;
  /** Frees the cached passes (not the parameters or the data). */
  dispose(): void;
}

type LossKind = 'mse' | 'cross-entropy';

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
 * width 200: ≈ 90 MB) until `dispose()`.
 * @example const h = mlpPointHvp(obj, params, data); if (h) { const hv = h.apply(v); …; h.dispose(); }
 */
export function mlpPointHvp(obj: Objective, params: Params, data: Dataset, chunkSize = DEFAULT_CHUNK_SIZE): PointHvp | undefined {
  const kind = mlpObjective(obj);
  if (kind === undefined) return undefined;
  const ws = tensorsOf(params);
  const chunks: ChunkPasses[] = [];
  try {
    forEachChunk(data, { chunkSize }, (x, y) => { chunks.push(passesAt(kind, ws, x as tf.Tensor2D, y)); });
  } catch (e) {
    chunks.forEach(disposeChunk);
    throw e;
  }
  let disposed = false;
  return {
    apply: (v) => {
      if (disposed) throw new Error('this point HVP was disposed');
      const vs = directionsFor(v, ws);
      const sums = tf.tidy(() => {
        let acc: tf.Tensor[] | undefined;
        for (const c of chunks) {
          const part = chunkHvp(kind.loss, ws, vs, c);
          acc = acc === undefined ? part : acc.map((t, i) => tf.add(t, part[i]));
        }
        return acc!;
      });
      return withTensors(params, finish(sums, vs, data.n, obj.weightDecay));
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      chunks.forEach(disposeChunk);
    },
  };
}

/**
 * One R-operator H·v at w without keeping the passes: chunk by chunk, so memory is that of one
 * chunk, as for double backprop (what one-off HVPs use: CDAT's step, the curvature along the
 * step). Bitwise equal to {@link mlpPointHvp}'s apply. Undefined for objectives that are not
 * the kit's MLPs.
 * @example const hv = mlpHvp(obj, params, data, v) ?? doubleBackpropHvp(obj, params, data, v);
 */
export function mlpHvp(obj: Objective, params: Params, data: Dataset, v: Params, chunkSize = DEFAULT_CHUNK_SIZE): Params | undefined {
  const kind = mlpObjective(obj);
  if (kind === undefined) return undefined;
  const ws = tensorsOf(params);
  const vs = directionsFor(v, ws);
  const sums = accumulateOverChunks(data, { chunkSize }, (x, y) => {
    const c = passesAt(kind, ws, x as tf.Tensor2D, y);
    try {
      return tf.tidy(() => chunkHvp(kind.loss, ws, vs, c));
    } finally {
      disposeChunk(c);
    }
  });
  return withTensors(params, finish(sums, vs, data.n, obj.weightDecay));
}

interface MlpObjective { readonly spec: MlpSpec; readonly loss: LossKind }

function mlpObjective(obj: Objective): MlpObjective | undefined {
  const spec = mlpSpecOf(obj.forward);
  const loss: LossKind | undefined =
    obj.lossSum === squaredLossSum ? 'mse' : obj.lossSum === softmaxCrossEntropySum ? 'cross-entropy' : undefined;
  return spec === undefined || loss === undefined ? undefined : { spec, loss };
}

function directionsFor(v: Params, ws: tf.Tensor[]): tf.Tensor[] {
  const vs = tensorsOf(v);
  if (vs.length !== ws.length) throw new Error(`v has ${vs.length} tensors; the MLP has ${ws.length}`);
  return vs;
}

/** (Σ over chunks)/n + wd·v; disposes `sums`. */
function finish(sums: tf.Tensor[], vs: tf.Tensor[], n: number, weightDecay: number): tf.Tensor[] {
  const out = tf.tidy(() => {
    const scaled = sums.map((t) => tf.div(t, n));
    return weightDecay === 0 ? scaled : scaled.map((t, i) => tf.add(t, tf.mul(vs[i], weightDecay)));
  });
  tf.dispose(sums);
  return out;
}

/** The forward pass, the loss gradient and the backward pass at w on one chunk, kept for every v. */
function passesAt({ spec, loss }: MlpObjective, ws: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D): ChunkPasses {
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
    assertSameShape(z, y, 'mlpPointHvp'); // as the losses do: broadcasting here would be a silent bug
    // δ_{L−1} = ∂ℓ/∂f per example (sum form): f − y, or Σy·p − y for softmax cross-entropy.
    let p: tf.Tensor2D | undefined;
    let mass: tf.Tensor2D | undefined;
    let delta: tf.Tensor2D;
    if (loss === 'mse') {
      delta = tf.sub(z, y);
    } else {
      p = tf.softmax(z) as tf.Tensor2D;
      mass = tf.sum(y, 1, true) as tf.Tensor2D;
      delta = tf.sub(tf.mul(p, mass), y);
    }
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
function chunkHvp(loss: LossKind, ws: tf.Tensor[], vs: tf.Tensor[], c: ChunkPasses): tf.Tensor[] {
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
  let rdelta: tf.Tensor2D = loss === 'mse'
    ? rf
    : tf.mul(c.mass!, tf.sub(tf.mul(c.p!, rf), tf.mul(c.p!, tf.sum(tf.mul(c.p!, rf), 1, true)))) as tf.Tensor2D;
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

function disposeChunk(c: ChunkPasses): void {
  tf.dispose([c.x, ...c.a, ...c.slope, ...c.bend, ...c.delta]);
  if (c.p) tf.dispose([c.p, c.mass!]);
}
