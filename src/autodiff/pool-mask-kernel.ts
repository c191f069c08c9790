/**
 * A dedicated kernel for the max-pool selection mask, for backends that provide one (wasm:
 * src/backend/wasm-pool-mask.ts). Built from tfjs ops the mask costs two maxPools, three Equals,
 * two upsamplings and casts (a tenth of a VGG11 gradient); one pass over x gives the same 0/1 values.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inputs {x} [b, h, w, c]; attrs {window: [kh, kw]}; output float32 like x: 1 at the first maximum (row-major) of each non-overlapping window, 0 elsewhere and in the rows/columns no window covers. */
export const FIRST_MAX_MASK = 'SharpnessLabFirstMaxMask';

/** The mask by the dedicated kernel, or undefined when the active backend has none. */
export function firstMaxMaskKernel(x: tf.Tensor4D, window: [number, number]): tf.Tensor4D | undefined {
  if (tf.getKernel(FIRST_MAX_MASK, tf.getBackend()) === undefined) return undefined;
  return tf.engine().runKernel(FIRST_MAX_MASK, { x } as unknown as tf.NamedTensorMap, { window } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
