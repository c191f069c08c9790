/**
 * Tensor ↔ host copies without intermediate host buffers. On the wasm backend values are read
 * straight from the heap into the caller's array, and a tensor is made by writing into a fresh heap
 * output; elsewhere `dataSync` and `tf.tensor`. Every HVP of an eigen-solve moves all 10⁵–10⁶
 * parameters each way: `dataSync` allocates a copy each time, and fresh large host buffers are
 * costly (page faults of ~3 ms per MB measured on the 2-core VM) and feed the garbage collector,
 * whose helper threads then take the core from the kernels. The values are the same bits either way.
 */
import * as tf from '@tensorflow/tfjs-core';
import { WasmHeap } from './wasm-heap';

/** The active backend as a heap, when it is the wasm backend. */
function activeHeap(): WasmHeap | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const b = tf.backend() as unknown as Partial<WasmHeap>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function' ? (b as WasmHeap) : undefined;
}

/**
 * A float32 tensor's values, to be read at once: on wasm a view of the heap that dies at the next
 * allocation (read it before creating any tensor), elsewhere `dataSync()`.
 * @example let s = 0; for (const v of valuesNow(t)) s += v;
 */
export function valuesNow(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  const heap = activeHeap();
  return heap ? (heap.typedArrayFromHeap(t) as Float32Array) : (t.dataSync() as Float32Array);
}

/**
 * Copies a float32 tensor into `out` from `offset` (exact into float64).
 * @example copyToHost(t, flat, 0);
 */
export function copyToHost(t: tf.Tensor, out: Float32Array | Float64Array, offset: number): void {
  out.set(valuesNow(t), offset);
}

/**
 * A float32 tensor holding `values` (float64 rounds to nearest, as `new Float32Array(values)`).
 * @example const w = tensorFromHost(flat.subarray(0, 6), [2, 3]);
 */
export function tensorFromHost(values: Float32Array | Float64Array, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`${values.length} values for shape [${shape}]`);
  const heap = activeHeap();
  if (!heap) return tf.tensor(new Float32Array(values), shape, 'float32'); // a copy: the cpu backend would keep the caller's array
  const info = heap.makeOutput(shape, 'float32');
  (heap.typedArrayFromHeap(info) as Float32Array).set(values);
  return tf.engine().makeTensorFromTensorInfo(info);
}
