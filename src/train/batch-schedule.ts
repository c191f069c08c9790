/**
 * Which examples each step sees. Full batch: all of them, every step. Mini-batch: epoch e uses a
 * permutation drawn from (seed, e) alone, so step k's batch is a pure function of (seed, k): runs
 * resume mid-epoch without storing RNG state. The last partial batch of an epoch is dropped so
 * every step uses the same batch size.
 */
import { createRng, permutation } from '../util/rng';

export interface BatchSchedule {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** Epoch of update k (fractional: k / batchesPerEpoch). */
  epochOf(step: number): number;
  /** Indices of step k's batch, or undefined in full-batch mode (use all data, in order). */
  indices(step: number): Int32Array | undefined;
}

/**
 * @param n examples in the training set.
 * @param batchSize examples per step, or 'full'.
 * @param seed shuffling seed.
 * @example batchSchedule(5000, 256, 0).indices(3)
 */
export function batchSchedule(n: number, batchSize: number | 'full', seed: number): BatchSchedule {
  if (batchSize === 'full' || batchSize >= n) {
    return { batchSize: n, batchesPerEpoch: 1, epochOf: (k) => k, indices: () => undefined };
  }
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`batchSize must be a positive integer or 'full', got ${batchSize}`);
  const batchesPerEpoch = Math.floor(n / batchSize);
  let cachedEpoch = -1;
  let order = new Int32Array(0);
  return {
    batchSize,
    batchesPerEpoch,
    epochOf: (k) => k / batchesPerEpoch,
    indices(k) {
      const epoch = Math.floor(k / batchesPerEpoch);
      if (epoch !== cachedEpoch) {
        order = permutation(n, createRng(seed * 100003 + epoch));
        cachedEpoch = epoch;
      }
      const b = k % batchesPerEpoch;
      return order.slice(b * batchSize, (b + 1) * batchSize);
    },
  };
}
