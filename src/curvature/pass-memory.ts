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
 * Runs `pass` on the first rows of `data` twice (PROBE_ROWS, or fewer when the data is smaller) and
 * fits the peak of live tensor bytes above what was live before. Synchronous, so that synchronous
 * passes can check before they run (heap-fit.ts).
 * @param pass runs one pass on the given rows and frees what it returns.
 * @example const m = passMemory(data, (sub) => disposeParams(objectiveValueAndGrad(obj, params, sub).grad));
 */
export function passMemory(data: Dataset, pass: (rows: Dataset) => void): PassMemory {
  const [a, b] = PROBE_ROWS.map((r) => Math.min(r, data.n));
  const pa = peakAbove(data, a, pass);
  if (a === b) return { fixedBytes: 0, bytesPerExample: pa / a }; // one point: all of it per example (an upper bound)
  const pb = peakAbove(data, b, pass);
  const bytesPerExample = Math.max(0, (pb - pa) / (b - a));
  return { fixedBytes: Math.max(0, pa - bytesPerExample * a), bytesPerExample };
}

/** Bytes a pass of `rows` examples needs by the fitted line. */
export function bytesFor(m: PassMemory, rows: number): number {
  return m.fixedBytes + m.bytesPerExample * rows;
}

function peakAbove(data: Dataset, rows: number, pass: (rows: Dataset) => void): number {
  const { x, y } = sliceRows(data, 0, rows);
  const sub: Dataset = { ...data, x, y, n: rows, labels: data.labels?.slice(0, rows) };
  try {
    return peakBytesDuring(() => pass(sub));
  } finally {
    x.dispose();
    y.dispose();
  }
}

/**
 * The peak of live tensor bytes while `run` runs, above what was live before it. The engine's
 * profiling mode (what tf.profile turns on) records the live bytes after every kernel, and every
 * tensor of a real pass comes from a kernel; switched on here without tf.profile's awaits (kernel
 * timings, not needed), it works inside synchronous code. Inside a caller's tf.profile, the
 * kernels run here stay in that profile.
 */
function peakBytesDuring(run: () => void): number {
  const { state } = tf.engine();
  const before = state.numBytes;
  const outer = { profiling: state.profiling, kernels: state.activeProfile.kernels };
  state.profiling = true;
  state.activeProfile.kernels = [];
  try {
    run();
    return state.activeProfile.kernels.reduce((peak, k) => Math.max(peak, k.totalBytesSnapshot - before), 0);
  } finally {
    const ran = state.activeProfile.kernels;
    state.profiling = outer.profiling;
    state.activeProfile.kernels = outer.profiling ? [...outer.kernels, ...ran] : outer.kernels;
  }
}
