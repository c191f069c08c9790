/**
 * Parameters as a named, ordered list of tensors: the one interface every optimizer, line-search
 * trial point and curvature routine uses. The order is the checkpoint order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { copyToHost, tensorFromHost, valuesNow } from '../backend/host-copy';

export interface Param {
  /** Stable name, e.g. `dense0/kernel`; unique within a list. */
  readonly name: string;
  readonly value: tf.Tensor;
}

export type Params = readonly Param[];

/** Total number of scalars in a parameter list. */
export function paramCount(params: Params): number {
  return params.reduce((n, p) => n + p.value.size, 0);
}

/** The tensors alone, in order (what `tf.grads` takes). */
export function tensorsOf(params: Params): tf.Tensor[] {
  return params.map((p) => p.value);
}

/** Same names as `like`, new tensors (shapes must match). */
export function withTensors(like: Params, tensors: readonly tf.Tensor[]): Params {
  if (tensors.length !== like.length) throw new Error(`expected ${like.length} tensors, got ${tensors.length}`);
  return like.map((p, i) => {
    assertSameShape(p.value, tensors[i], p.name);
    return { name: p.name, value: tensors[i] };
  });
}

/** Concatenates all parameters, in order, row-major, into one host Float32Array. */
export function flatten(params: Params): Float32Array {
  return concatInto(params, new Float32Array(paramCount(params)));
}

/** Inverse of `flatten`: splits a flat vector into tensors shaped like `like`. */
export function unflatten(flat: ArrayLike<number>, like: Params): Params {
  if (flat.length !== paramCount(like)) {
    throw new Error(`flat vector has ${flat.length} entries; the parameters have ${paramCount(like)}`);
  }
  let offset = 0;
  return like.map((p) => {
    const end = offset + p.value.size;
    // Typed arrays convert in native code (the same float32 rounding as element by element, much faster:
    // this runs once per HVP inside every eigen-solve), straight into the tensor (host-copy.ts).
    const chunk = flat instanceof Float64Array || flat instanceof Float32Array
      ? flat.subarray(offset, end)
      : Float32Array.from({ length: p.value.size }, (_, i) => flat[offset + i]);
    offset = end;
    return { name: p.name, value: tensorFromHost(chunk, p.value.shape) };
  });
}

/** `flatten` straight into float64 (exact: every float32 is a float64), without the float32 copy. */
export function flatten64(params: Params): Float64Array {
  return concatInto(params, new Float64Array(paramCount(params)));
}

function concatInto<T extends Float32Array | Float64Array>(params: Params, out: T): T {
  let offset = 0;
  for (const p of params) {
    copyToHost(p.value, out, offset);
    offset += p.value.size;
  }
  return out;
}

/** ⟨a, b⟩ summed over all parameters, accumulated in float64 on the host. */
export function dot(a: Params, b: Params): number {
  assertSameLayout(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = valuesNow(a[i].value);
    const y = valuesNow(b[i].value); // no allocation in between: both views stay valid
    for (let j = 0; j < x.length; j++) s += x[j] * y[j];
  }
  return s;
}

/** ‖a‖₂ over all parameters (float64 accumulation). */
export function norm(a: Params): number {
  return Math.sqrt(dot(a, a));
}

/** alpha·x + y, as new tensors (the caller owns and disposes them). */
export function axpy(alpha: number, x: Params, y: Params): Params {
  assertSameLayout(x, y);
  const sums = tf.tidy(() => y.map((p, i) => tf.add(p.value, tf.mul(x[i].value, alpha))));
  return withTensors(y, sums);
}

/** alpha·x, as new tensors. */
export function scale(alpha: number, x: Params): Params {
  return x.map((p) => ({ name: p.name, value: tf.mul(p.value, alpha) }));
}

/** Disposes every tensor of the list. */
export function disposeParams(params: Params): void {
  for (const p of params) p.value.dispose();
}

/** Deep copy (new tensors, same values). */
export function cloneParams(params: Params): Params {
  return params.map((p) => ({ name: p.name, value: tf.clone(p.value) }));
}

function assertSameLayout(a: Params, b: Params): void {
  if (a.length !== b.length) throw new Error(`parameter lists differ in length: ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) assertSameShape(a[i].value, b[i].value, a[i].name);
}

function assertSameShape(a: tf.Tensor, b: tf.Tensor, name: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`parameter '${name}': shape [${a.shape}] vs [${b.shape}]`);
  }
}
