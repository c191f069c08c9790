/**
 * wasm's Sum kernel reduces innermost axes only, so a sum over leading axes first transposes its
 * whole input with a copy. That is every bias gradient: Σ over the batch of dy [n, c], or over
 * n, h, w of a convolution's [n, h, w, c]. Ours adds the rows into the output in place, in the
 * order wasm's kernel adds them (row 0, then 1, 2, … from +0, each addition rounded to float32:
 * a float64 sum of two float32 values rounds to the float32 sum), so no result bit changes
 * (test/backend/wasm-leading-sum.test.ts); any other Sum goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { f32, heapOf } from './wasm-heap';
import { overrideWasmKernel } from './wasm-kernel-override';

/** Registers the leading-axes Sum over wasm's Sum (once). */
export function installLeadingAxesSum(): void {
  overrideWasmKernel(tf.Sum, (stock) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || tf.util.sizeFromShape(x.shape) === 0) return stock(args);
    const kept = x.shape.slice(axes.length);
    const cols = tf.util.sizeFromShape(kept);
    const rows = tf.util.sizeFromShape(x.shape) / cols;
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const sum = f32(heap, out); // views after the allocation (a heap grow detaches older ones)
    const src = f32(heap, x);
    addRows(src, rows, cols, sum);
    return out;
  });
}

const round = Math.fround;

/**
 * sum[c] = Σ_r src[r·cols + c], added in row order from +0 with float32 rounding after each addition
 * (four rows per pass over sum: a third less time than one, the same bits).
 */
function addRows(src: Float32Array, rows: number, cols: number, sum: Float32Array): void {
  sum.fill(0);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const row0 = r * cols;
    const row1 = row0 + cols;
    const row2 = row1 + cols;
    const row3 = row2 + cols;
    for (let c = 0; c < cols; c++) sum[c] = round(round(round(round(sum[c] + src[row0 + c]) + src[row1 + c]) + src[row2 + c]) + src[row3 + c]);
  }
  for (; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) sum[c] += src[row + c];
  }
}
