/**
 * Zero-copy access to tensors on the wasm backend's heap. A view dies when the wasm memory grows
 * (its ArrayBuffer is detached, and native code handed a stale view would write to freed memory):
 * allocate every output first, then take views, use them at once, and never keep one.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The two methods of tfjs-backend-wasm 4.22's BackendWasm that our heap kernels (BLAS, pool mask, slice) use. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The backend a kernel was called with, seen as a heap. */
export function heapOf(backend: unknown): WasmHeap {
  const b = backend as Partial<WasmHeap>;
  if (typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('Heap kernels need the wasm backend (makeOutput/typedArrayFromHeap missing)');
  }
  return b as WasmHeap;
}

/** A float32 view of a tensor's bytes; take it after the last allocation of the kernel. */
export function f32(heap: WasmHeap, t: tf.TensorInfo): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`these kernels take float32, got ${t.dtype}`);
  return heap.typedArrayFromHeap(t) as Float32Array;
}
