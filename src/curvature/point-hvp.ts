/**
 * What the written-out R-operators (mlp-hvp.ts, program-hvp.ts) share: the chunk loop around them.
 * Each supplies its passes at w on one data chunk and H·v on those passes; from that this file
 * makes the operator at one point that keeps the passes for every apply (while they fit a memory
 * budget; chunks beyond it redo theirs per apply, with the same operations, so the same bits), and
 * the one-off HVP that keeps nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params, tensorsOf, withTensors } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset, sliceRows } from '../data/dataset';
import { accumulateOverChunks, forEachChunk } from './hvp-chunks';

/** H(w)·v for many v at one point w; owns the cached passes until {@link dispose}. */
export interface PointHvp {
  /** H(w)·v as new tensors shaped like the parameters (the caller disposes them; `v` is kept). */
  apply(v: Params): Params;
  /** Frees the cached passes (not the parameters or the data). */
  dispose(): void;
}

/** A written-out R-operator: what it keeps from the passes at w on one chunk, and H·v from that. */
export interface ROperator<P> {
  /** The model's name in errors ("v has 5 tensors; the MLP has 6"). */
  readonly model: string;
  /** The passes at w on a chunk (x, y are valid during the call only: keep clones). */
  passes(ws: readonly tf.Tensor[], x: tf.Tensor, y: tf.Tensor2D): P;
  /** Σ over the chunk's examples of ∇²ℓ·v, one tensor per parameter (called inside tf.tidy). */
  chunkHvp(ws: readonly tf.Tensor[], vs: readonly tf.Tensor[], passes: P): tf.Tensor[];
  /** Every tensor the passes hold (what dispose frees and the budget counts). */
  tensors(passes: P): tf.Tensor[];
}

/** Default bound on the passes one point keeps: 2 GiB. */
export const DEFAULT_KEPT_BYTES = 2 ** 31;

/** Where the passes of one chunk live: kept, or recomputed per apply from the chunk's rows. */
type ChunkSource<P> = { readonly kept: P } | { readonly start: number; readonly size: number };

/**
 * The operator H(w)·v at `params`, keeping the passes of as many chunks as `keptBytes` allows.
 * @example const h = keptPointHvp(op, obj, params, data, 1000); const hv = h.apply(v); h.dispose();
 */
export function keptPointHvp<P>(op: ROperator<P>, obj: Objective, params: Params, data: Dataset, chunkSize: number, keptBytes = DEFAULT_KEPT_BYTES): PointHvp {
  const ws = tensorsOf(params);
  const free = (p: P) => tf.dispose(op.tensors(p));
  const sources: ChunkSource<P>[] = [];
  let bytes = 0;
  try {
    let start = 0;
    forEachChunk(data, { chunkSize }, (x, y) => {
      const size = x.shape[0];
      const kept = bytes < keptBytes ? op.passes(ws, x, y) : undefined;
      if (kept !== undefined) bytes += op.tensors(kept).reduce((s, t) => s + 4 * t.size, 0);
      if (kept !== undefined && bytes <= keptBytes) sources.push({ kept });
      else {
        if (kept !== undefined) free(kept);
        sources.push({ start, size });
      }
      start += size;
    });
  } catch (e) {
    sources.forEach((s) => 'kept' in s && free(s.kept));
    throw e;
  }
  let disposed = false;
  return {
    apply: (v) => {
      if (disposed) throw new Error('this point HVP was disposed');
      const vs = directionsFor(v, ws, op.model);
      let acc: tf.Tensor[] | undefined;
      for (const source of sources) {
        const part = 'kept' in source ? tf.tidy(() => op.chunkHvp(ws, vs, source.kept)) : onRows(op, ws, vs, data, source);
        if (acc === undefined) acc = part;
        else {
          const next = acc.map((t, i) => tf.add(t, part[i]));
          tf.dispose([...acc, ...part]);
          acc = next;
        }
      }
      return withTensors(params, finishHvp(acc!, vs, data.n, obj.weightDecay));
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      sources.forEach((s) => 'kept' in s && free(s.kept));
    },
  };
}

/**
 * One H·v at w without keeping the passes (memory of one chunk), bitwise equal to
 * {@link keptPointHvp}'s apply.
 * @example const hv = oneOffHvp(op, obj, params, data, v, 1000);
 */
export function oneOffHvp<P>(op: ROperator<P>, obj: Objective, params: Params, data: Dataset, v: Params, chunkSize: number): Params {
  const ws = tensorsOf(params);
  const vs = directionsFor(v, ws, op.model);
  const sums = accumulateOverChunks(data, { chunkSize }, (x, y) => onFreshPasses(op, ws, vs, x, y));
  return withTensors(params, finishHvp(sums, vs, data.n, obj.weightDecay));
}

function onFreshPasses<P>(op: ROperator<P>, ws: tf.Tensor[], vs: tf.Tensor[], x: tf.Tensor, y: tf.Tensor2D): tf.Tensor[] {
  const passes = op.passes(ws, x, y);
  try {
    return tf.tidy(() => op.chunkHvp(ws, vs, passes));
  } finally {
    tf.dispose(op.tensors(passes));
  }
}

function onRows<P>(op: ROperator<P>, ws: tf.Tensor[], vs: tf.Tensor[], data: Dataset, { start, size }: { start: number; size: number }): tf.Tensor[] {
  const whole = start === 0 && size === data.n;
  const { x, y } = whole ? { x: data.x, y: data.y } : sliceRows(data, start, size);
  try {
    return onFreshPasses(op, ws, vs, x, y);
  } finally {
    if (!whole) tf.dispose([x, y]);
  }
}

/** v's tensors, checked against the parameters' count. */
function directionsFor(v: Params, ws: readonly tf.Tensor[], model: string): tf.Tensor[] {
  const vs = tensorsOf(v);
  if (vs.length !== ws.length) throw new Error(`v has ${vs.length} tensors; the ${model} has ${ws.length}`);
  return vs;
}

/** (Σ over chunks)/n + wd·v; disposes `sums`. */
function finishHvp(sums: tf.Tensor[], vs: readonly tf.Tensor[], n: number, weightDecay: number): tf.Tensor[] {
  const out = tf.tidy(() => {
    const scaled = sums.map((t) => tf.div(t, n));
    return weightDecay === 0 ? scaled : scaled.map((t, i) => tf.add(t, tf.mul(vs[i], weightDecay)));
  });
  tf.dispose(sums);
  return out;
}
