/**
 * The chunk loop shared by the full-data gradient and HVP: slice the dataset into chunks, run a
 * per-chunk computation, and add the results. One chunk's tensors are alive at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dataset, sliceRows } from '../data/dataset';

/** How to split the data. */
export interface ChunkOptions {
  /** Examples per chunk (default 1000). Results do not depend on it beyond float32 rounding. */
  readonly chunkSize?: number;
}

/** What one chunk contributes: tensors to add up, and optionally a scalar summed in float64. */
export interface ChunkPart {
  readonly tensors: tf.Tensor[];
  readonly value?: tf.Scalar;
}

/** Default examples per chunk. */
export const DEFAULT_CHUNK_SIZE = 1000;

/**
 * Calls `fn` on consecutive row ranges of `data`, in order. The chunk's x and y are valid during
 * the call only: sliced copies are disposed after it (keep a `tf.clone` to hold on to one); one
 * chunk covering all rows is the dataset's own tensors, never disposed here.
 * @example forEachChunk(data, { chunkSize: 500 }, (x, y, first) => console.log(x.shape[0], first));
 */
export function forEachChunk(data: Dataset, options: ChunkOptions, fn: (x: tf.Tensor, y: tf.Tensor2D, first: boolean) => void): void {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`chunkSize must be a positive integer; got ${size}`);
  if (data.n < 1) throw new Error('dataset is empty');
  // One chunk covering everything uses the dataset's own tensors (slicing would copy them).
  const whole = size >= data.n;
  for (let start = 0; start < data.n; start += size) {
    const { x, y } = whole ? { x: data.x, y: data.y } : sliceRows(data, start, size);
    try {
      fn(x, y, start === 0);
    } finally {
      if (!whole) {
        x.dispose();
        y.dispose();
      }
    }
  }
}

/**
 * Runs `perChunk` on consecutive row ranges of `data` ({@link forEachChunk}) and sums what it returns.
 * @param data dataset whose rows are split.
 * @param options chunkSize (default 1000).
 * @param perChunk gets the chunk's x and y (read-only, valid during the call) and whether it is the
 *   first chunk (where once-only terms such as weight decay go); returns new tensors (ownership passes here).
 * @returns elementwise float32 sums of the tensors (caller owns them) and the float64 host sum of the values.
 * @example const { sums } = accumulateChunks(data, { chunkSize: 500 }, (x, y) => ({ tensors: [tf.sum(x, 0)] }));
 */
export function accumulateChunks(
  data: Dataset, options: ChunkOptions,
  perChunk: (x: tf.Tensor, y: tf.Tensor2D, first: boolean) => ChunkPart,
): { sums: tf.Tensor[]; value: number } {
  let sums: tf.Tensor[] | undefined;
  let value = 0;
  forEachChunk(data, options, (x, y, first) => {
    const part = perChunk(x, y, first);
    if (part.value) {
      value += part.value.dataSync()[0];
      part.value.dispose();
    }
    sums = sums === undefined ? part.tensors : addInto(sums, part.tensors);
  });
  return { sums: sums ?? [], value };
}

/**
 * Like {@link accumulateChunks} for tensors only.
 * @returns the elementwise sums (caller owns them).
 * @example const sums = accumulateOverChunks(data, {}, (x, y, first) => [tf.sum(x, 0)]);
 */
export function accumulateOverChunks(
  data: Dataset, options: ChunkOptions,
  perChunk: (x: tf.Tensor, y: tf.Tensor2D, first: boolean) => tf.Tensor[],
): tf.Tensor[] {
  return accumulateChunks(data, options, (x, y, first) => ({ tensors: perChunk(x, y, first) })).sums;
}

function addInto(sums: tf.Tensor[], parts: tf.Tensor[]): tf.Tensor[] {
  const next = sums.map((s, i) => tf.add(s, parts[i]));
  for (const t of [...sums, ...parts]) t.dispose();
  return next;
}
