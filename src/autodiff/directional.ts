/**
 * Directional first pass for exact HVPs: Hv = ∇_w ⟨∇_w L, v⟩ only ever uses the inner gradient
 * through its inner product with v, so the inner pass does not need the weight gradient of a
 * bilinear op z = K(x, W) (matmul, conv) itself, only ⟨∂L/∂W, V⟩ = ⟨dy, K(x, V)⟩. Inside
 * {@link withDirections}, the BatchMatMul and Conv2D gradients return the surrogate
 * V·⟨dy, K(x, V)⟩/‖V‖² for an operand that is a parameter with a direction: the same inner
 * product with V and the same derivatives, but its second derivative needs K(x, V) once
 * instead of xᵀ·dy plus its derivative x·V. Per layer that is one fewer big product: an MLP
 * HVP needs 3 products with the data matrix instead of 4 (Pearlmutter's R-op count).
 *
 * Parameters are recognised by their data buffer: the engine hands gradients clones of the saved
 * inputs, which share the buffer on cpu and on wasm (src/backend/wasm-fixes.ts). Where clones copy
 * (tfjs-node), nothing matches and the ordinary, equally exact gradient runs.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A parameter's direction, as found by {@link directionOf}. */
export interface Direction {
  readonly shape: readonly number[];
  readonly v: tf.Tensor;
  /** 1/‖v‖², or 0 for v = 0 (then the surrogate is 0, as ⟨g, 0⟩ is). */
  inverseNormSq?: number;
}

let active: Map<object, Direction> | undefined;

/**
 * Runs `inner` (a forward pass and its gradient) with directional weight gradients: gradients
 * that `inner` returns for `params` are only valid through ⟨g, v⟩ (see the file comment).
 * @param params the parameter tensors.
 * @param directions v, shaped like `params`.
 * @param inner computes the gradients whose inner products with v are taken.
 * @returns what `inner` returns.
 * @example const { grads } = withDirections(ws, vs, () => valueAndGradsOrZero(loss, ws));
 */
export function withDirections<T>(params: readonly tf.Tensor[], directions: readonly tf.Tensor[], inner: () => T): T {
  if (active) throw new Error('withDirections cannot be nested');
  const map = new Map<object, Direction>();
  params.forEach((p, i) => {
    // A buffer used by two parameters (never by our models) would be ambiguous: leave it ordinary.
    if (map.has(p.dataId)) map.delete(p.dataId);
    else map.set(p.dataId, { shape: p.shape, v: directions[i] });
  });
  active = map;
  try {
    return inner();
  } finally {
    active = undefined;
  }
}

/**
 * The direction of `operand` if it is a parameter of the active {@link withDirections}.
 * @param operand a saved input of a BatchMatMul or Conv2D node.
 * @returns its direction, or undefined outside the inner pass or for any other tensor.
 * @example const d = directionOf(saved[1]); if (d) return surrogate(dy, tf.matMul(x, d.v), d);
 */
export function directionOf(operand: tf.Tensor): Direction | undefined {
  const d = active?.get(operand.dataId);
  if (!d || d.shape.length !== operand.shape.length || d.shape.some((n, i) => n !== operand.shape[i])) return undefined;
  return d;
}

/**
 * The surrogate weight gradient v·⟨dy, product⟩/‖v‖², where product = K(x, v) is the op applied
 * with v in place of the weight: ⟨surrogate, v⟩ = ⟨dy, K(x, v)⟩ = ⟨∂L/∂W, v⟩.
 * @param dy the upstream gradient of the op's output.
 * @param product K(x, v), shaped like dy.
 * @param d the direction (from {@link directionOf}).
 * @returns a tensor shaped like v.
 * @example surrogate(dy, tf.matMul(x, d.v), d)
 */
export function surrogate(dy: tf.Tensor, product: tf.Tensor, d: Direction): tf.Tensor {
  if (d.inverseNormSq === undefined) {
    const n2 = tf.tidy(() => tf.sum(tf.square(d.v)).dataSync()[0]);
    d.inverseNormSq = n2 > 0 ? 1 / n2 : 0;
  }
  return tf.mul(d.v, tf.mul(tf.sum(tf.mul(dy, product)), d.inverseNormSq));
}
