/**
 * wasm's Slice kernel reads its whole input with `readSync`, which copies it out of the heap: a
 * 1000-row chunk of a [5000, 3072] dataset copied all 60 MB (190 ms), five times per full-batch
 * loss. For a contiguous slice (a range of rows, the chunking case) ours copies just the slice,
 * heap to heap; anything else goes to the stock kernel. A plain copy: no result bit changes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { f32, heapOf } from './wasm-heap';
import { overrideWasmKernel } from './wasm-kernel-override';

/** Registers the contiguous-slice kernel over wasm's Slice (once). */
export function installContiguousSlice(): void {
  overrideWasmKernel(tf.Slice, (stock) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
    const [start, extent] = tf.slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, begin, size);
    if (x.dtype !== 'float32' || !tf.slice_util.isSliceContinous(x.shape, start, extent)) return stock(args);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput(extent, 'float32');
    const offset = tf.slice_util.computeFlatOffset(start, tf.util.computeStrides(x.shape));
    const dst = f32(heap, out); // views after the allocation (a heap grow detaches older ones)
    dst.set(f32(heap, x).subarray(offset, offset + dst.length));
    return out;
  });
}
