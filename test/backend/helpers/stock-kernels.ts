// What the native-kernel tests compare with: wasm's stock kernels (the native ones switched off in
// the same process), on seeded Gaussian inputs, by relative L2 error.
import * as tf from '@tensorflow/tfjs-core';
import { setBlasKernelsEnabled } from '../../../src/backend/blas/install-blas';
import { createRng } from '../../../src/util/rng';

/** A seeded source of standard normal tensors. */
export function seededRandn(seed: number): (shape: number[]) => tf.Tensor {
  const rng = createRng(seed);
  return (shape) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

/** ‖a − b‖ / ‖b‖. */
export function relErr(a: Float32Array | number[], b: Float32Array | number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += b[i] ** 2; }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

/** Runs `f` on wasm's stock kernels. */
export function stock<T>(f: () => T): T {
  setBlasKernelsEnabled(false);
  try { return f(); } finally { setBlasKernelsEnabled(true); }
}
