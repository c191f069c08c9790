/**
 * F(w) over a whole dataset, evaluated in chunks so memory stays bounded for any n: forward passes
 * only (what line-search trial points need). Chunk sums are added in float64 on the host.
 */
import { Params } from '../model/params';
import { Dataset } from '../data/dataset';
import { Objective, batchObjective } from './objective';
import { checkChunksFit } from '../curvature/heap-fit';
import { forEachChunk } from '../curvature/hvp-chunks';

/**
 * @param chunkSize examples per forward pass (default 1000; the value does not depend on it beyond float32 rounding).
 * @returns F(w) = (1/n) Σ ℓ + (wd/2)‖w‖² as a float64 number.
 * @throws ConfigError on wasm when chunks of `chunkSize` would not fit its 4 GiB heap (naming one that does).
 * @example const f = objectiveValue(obj, params, data);
 */
export function objectiveValue(obj: Objective, params: Params, data: Dataset, chunkSize = 1000): number {
  checkChunksFit(obj, 'loss', data, chunkSize, (rows) => { objectiveValue(obj, params, rows); });
  let total = 0;
  // One chunk covering every row is the dataset's own tensors: no copy of the inputs per evaluation.
  forEachChunk(data, { chunkSize }, (x, y, first) => {
    const value = batchObjective(obj, params, x, y, data.n, first);
    total += value.dataSync()[0];
    value.dispose();
  });
  return total;
}
