/**
 * The FIRST_MAX_MASK kernel (src/autodiff/pool-mask-kernel.ts) on the wasm heap: one pass over x.
 * Exact (0/1 values, the same window order as the op-built mask), so it changes no result bits.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FIRST_MAX_MASK } from '../autodiff/pool-mask-kernel';
import { f32, heapOf } from './wasm-heap';

const firstMaxMask: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const [kh, kw] = (attrs as unknown as { window: [number, number] }).window;
  const [b, h, w, c] = x.shape;
  const heap = heapOf(backend);
  const out = heap.makeOutput(x.shape.slice(), 'float32');
  const m = f32(heap, out);
  const xv = f32(heap, x);
  m.fill(0);
  const oh = Math.floor(h / kh);
  const ow = Math.floor(w / kw);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let n = 0; n < b; n++) {
    for (let u = 0; u < oh; u++) {
      for (let v = 0; v < ow; v++) {
        const first = ((n * h + u * kh) * w + v * kw) * c;
        for (let ch = 0; ch < c; ch++) { best[ch] = xv[first + ch]; at[ch] = first + ch; }
        for (let i = 0; i < kh; i++) {
          for (let j = i === 0 ? 1 : 0; j < kw; j++) {
            const row = ((n * h + u * kh + i) * w + v * kw + j) * c;
            for (let ch = 0; ch < c; ch++) {
              // Strictly greater: the first maximum in row-major window order wins ties.
              if (xv[row + ch] > best[ch]) { best[ch] = xv[row + ch]; at[ch] = row + ch; }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) m[at[ch]] = 1;
      }
    }
  }
  return out;
};

/** Registers the kernel for 'wasm' (once). */
export function installWasmPoolMask(): void {
  if (!tf.getKernel(FIRST_MAX_MASK, 'wasm')) tf.registerKernel({ kernelName: FIRST_MAX_MASK, backendName: 'wasm', kernelFunc: firstMaxMask });
}
