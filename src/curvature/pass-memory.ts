/**
 * How much memory a chunked pass (loss, gradient, HVP) needs, as fixed + perExample × chunk rows:
 * the peak of live tensor bytes while the pass runs on two small slices of the data, fitted by a
 * line. Activations dominate and grow linearly with the rows, so two points predict a chunk of
 * 1000 to a few percent (ResNet34 ×1/8: 6.2 MB per example predicted for an HVP, 6.5 measured as
 * wasm heap growth at 256 rows).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Dataset, sliceRows } from '../data/dataset';

/** Peak tensor bytes of a pass on `rows` examples ≈ fixedBytes + bytesPerExample · rows. */
export interface PassMemory {
  readonly fixedBytes: number;
  readonly bytesPerExample: number;
}

/** The slices the line is fitted on (small: the probe costs two passes on a handful of rows). */
export const PROBE_ROWS: readonly [number, number] = [2, 6];

/**
 * Runs `pass` on the first rows of `data` twice (PROBE_ROWS, or fewer when the data is smaller)
 * under `tf.profile` and fits the peak of live tensor bytes above what was live before.
 * @param pass runs one pass on the given rows and frees what it returns.
 * @example const m = await passMemory(data, (sub) => disposeParams(objectiveValueAndGrad(obj, params, sub).grad));
 */
export async function passMemory(data: Dataset, pass: (rows: Dataset) => void): Promise<PassMemory> {
  const [a, b] = PROBE_ROWS.map((r) => Math.min(r, data.n));
  const pa = await peakAbove(data, a, pass);
  if (a === b) return { fixedBytes: 0, bytesPerExample: pa / a }; // one point: all of it per example (an upper bound)
  const pb = await peakAbove(data, b, pass);
  const bytesPerExample = Math.max(0, (pb - pa) / (b - a));
  return { fixedBytes: Math.max(0, pa - bytesPerExample * a), bytesPerExample };
}

/** Bytes a pass of `rows` examples needs by the fitted line. */
export function bytesFor(m: PassMemory, rows: number): number {
  return m.fixedBytes + m.bytesPerExample * rows;
}

/** tf.profile samples live bytes after each kernel: every tensor of a real pass comes from one. */
async function peakAbove(data: Dataset, rows: number, pass: (rows: Dataset) => void): Promise<number> {
  const { x, y } = sliceRows(data, 0, rows);
  const sub: Dataset = { ...data, x, y, n: rows, labels: data.labels?.slice(0, rows) };
  try {
    const before = tf.memory().numBytes;
    const info = await tf.profile(() => pass(sub));
    return Math.max(0, info.peakBytes - before);
  } finally {
    x.dispose();
    y.dispose();
  }
}
