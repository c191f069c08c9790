/**
 * F(w) over a whole dataset, evaluated in chunks so memory stays bounded for any n: forward passes
 * only (what line-search trial points need). Chunk sums are added in float64 on the host.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../model/params';
import { Dataset, sliceRows } from '../data/dataset';
import { Objective, batchObjective } from './objective';
import { checkChunksFit } from '../curvature/heap-fit';

/**
 * @param chunkSize examples per forward pass (default 1000; the value does not depend on it beyond float32 rounding).
 * @returns F(w) = (1/n) Σ ℓ + (wd/2)‖w‖² as a float64 number.
 * @throws ConfigError on wasm when chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const f = objectiveValue(obj, params, data);
 */
export function objectiveValue(obj: Objective, params: Params, data: Dataset, chunkSize = 1000): number {
  checkChunksFit(obj, 'loss', data, chunkSize, (rows) => { objectiveValue(obj, params, rows); });
  let total = 0;
  for (let start = 0; start < data.n; start += chunkSize) {
    const value = tf.tidy(() => {
      const { x, y } = sliceRows(data, start, chunkSize);
      return batchObjective(obj, params, x, y, data.n, start === 0);
    });
    total += value.dataSync()[0];
    value.dispose();
  }
  return total;
}
