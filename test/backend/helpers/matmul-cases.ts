// The BatchMatMul shape table and its check against wasm's stock kernel, shared by the BLAS and
// oneDNN kernel tests.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { relErr, stock } from './stock-kernels';

/** [a shape, b shape, transposeA, transposeB]: every transpose, batches, broadcasts, tiny sizes. */
export const MATMULS: [number[], number[], boolean, boolean][] = [
  [[7, 5], [5, 3], false, false], [[5, 7], [5, 3], true, false], [[7, 5], [3, 5], false, true], [[5, 7], [3, 5], true, true],
  [[1, 1], [1, 1], false, false], [[1, 9], [9, 1], false, false], [[300, 257], [257, 130], false, false], [[257, 300], [130, 257], true, true],
  [[4, 7, 5], [4, 5, 3], false, false], [[4, 5, 7], [4, 3, 5], true, true], [[4, 7, 5], [5, 3], false, false], [[7, 5], [4, 5, 3], false, false],
  [[1, 7, 5], [4, 3, 5], false, true], [[2, 1, 7, 5], [1, 3, 5, 4], false, false], [[3, 2, 5, 7], [2, 5, 4], true, false],
];

/** Asserts that the registered BatchMatMul equals the stock one (≤ 1e-5 relative) on every case. */
export function assertMatMulsEqualStock(cases: readonly [number[], number[], boolean, boolean][], randn: (shape: number[]) => tf.Tensor): void {
  for (const [sa, sb, ta, tb] of cases) {
    tf.tidy(() => {
      const a = randn(sa);
      const b = randn(sb);
      const ours = tf.matMul(a, b, ta, tb);
      // The stock kernel flattens batch dims (wrong for a [2,1]·[1,3] broadcast): broadcast explicitly first.
      const outer = tf.backend_util.assertAndGetBroadcastShape(sa.slice(0, -2), sb.slice(0, -2));
      const ref = stock(() => tf.matMul(tf.broadcastTo(a, [...outer, ...sa.slice(-2)]), tf.broadcastTo(b, [...outer, ...sb.slice(-2)]), ta, tb));
      assert.deepEqual(ours.shape, ref.shape, `[${sa}]x[${sb}] ${ta} ${tb}`);
      const e = relErr(ours.dataSync() as Float32Array, ref.dataSync() as Float32Array);
      assert.ok(e <= 1e-5, `[${sa}]x[${sb}] transposeA=${ta} transposeB=${tb}: relative error ${e}`);
    });
  }
}
