/**
 * BatchMatMul through cblas_sgemm on the wasm heap: every transpose combination (sgemm reads
 * transposed operands in place, no Transpose copy), batch dimensions broadcast as NumPy does, and
 * empty sizes (a zero inner dimension gives zeros).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Sgemm } from './blas-library';
import { f32, heapOf } from '../wasm-heap';

/** Index of the operand's matrix for each output batch index (batch dims broadcast, NumPy rules). */
function batchIndexes(outer: number[], operand: number[]): number[] {
  const shape = [...Array(outer.length - operand.length).fill(1), ...operand];
  const total = outer.reduce((p, d) => p * d, 1);
  const idx = new Array<number>(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let at = 0;
    let stride = 1;
    for (let axis = outer.length - 1; axis >= 0; axis--) {
      const coord = rest % outer[axis];
      rest = Math.floor(rest / outer[axis]);
      if (shape[axis] !== 1) at += coord * stride;
      stride *= shape[axis];
    }
    idx[flat] = at;
  }
  return idx;
}

/**
 * The kernel function for BatchMatMul (registered for 'wasm' by install-blas.ts).
 * @param sgemm the loaded CBLAS routine.
 * @param fallback the kernel used for non-float32 operands.
 */
export function blasBatchMatMul(sgemm: Sgemm, fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const ra = a.shape.length;
    const rb = b.shape.length;
    if (ra < 2 || rb < 2) throw new Error(`matMul needs rank ≥ 2 operands; got [${a.shape}] and [${b.shape}]`);
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const kA = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    if (kA !== kB) {
      throw new Error(`matMul inner sizes ${kA} and ${kB} differ (shapes [${a.shape}] and [${b.shape}], transposeA=${transposeA}, transposeB=${transposeB})`);
    }
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
    const heap = heapOf(args.backend);
    const out = heap.makeOutput([...outer, m, n], 'float32');
    const c = f32(heap, out);
    if (m === 0 || n === 0) return out;
    if (kA === 0) {
      c.fill(0);
      return out;
    }
    const av = f32(heap, a);
    const bv = f32(heap, b);
    const ia = batchIndexes(outer, outerA);
    const ib = batchIndexes(outer, outerB);
    const sizeA = m * kA;
    const sizeB = kA * n;
    const lda = transposeA ? m : kA;
    const ldb = transposeB ? kA : n;
    for (let t = 0; t < ia.length; t++) {
      sgemm(transposeA, transposeB, m, n, kA, 1, av.subarray(ia[t] * sizeA), lda, bv.subarray(ib[t] * sizeB), ldb, 0, c.subarray(t * m * n), n);
    }
    return out;
  };
}
