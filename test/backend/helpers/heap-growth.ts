// The stale-heap-view check the native-kernel tests share: a product whose output alone is larger
// than the whole current wasm heap forces a grow inside makeOutput, after the inputs were written;
// views taken before it would point into a detached buffer.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Asserts that `product` of a [rows, 3] and a [3, n] matrix (n chosen to grow the heap) is exact.
 * @param product the kernel under test, returning the [rows, n] product in any shape (row-major).
 */
export function assertExactAcrossHeapGrowth(randn: (shape: number[]) => tf.Tensor, rows: number, product: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor): void {
  const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  const before = backend.wasm.HEAPU8.buffer.byteLength;
  const n = Math.ceil((before + (64 << 20)) / 4 / rows);
  const a = randn([rows, 3]) as tf.Tensor2D;
  const b = randn([3, n]) as tf.Tensor2D;
  const out = tf.tidy(() => product(a, b));
  const after = backend.wasm.HEAPU8.buffer.byteLength;
  assert.ok(after > before, `the heap did not grow (${before} → ${after} bytes): the test proves nothing`);
  const [av, bv, ov] = [a.dataSync(), b.dataSync(), out.dataSync()];
  for (const [i, j] of [[0, 0], [rows - 1, n - 1], [(rows * 5) >> 3, 4321 % n], [17, n >> 1]]) {
    const want = av[i * 3] * bv[j] + av[i * 3 + 1] * bv[n + j] + av[i * 3 + 2] * bv[2 * n + j];
    assert.ok(Math.abs(ov[i * n + j] - want) <= 1e-5 * (1 + Math.abs(want)), `out[${i}, ${j}] = ${ov[i * n + j]}, want ${want}`);
  }
  tf.dispose([a, b, out]);
}
