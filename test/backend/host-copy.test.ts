import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { copyToHost, tensorFromHost, valuesNow } from '../../src/backend/host-copy';
import { keepHostMemory } from '../../src/backend/host-malloc';

// Tensor ↔ host copies that bypass dataSync and tf.tensor on wasm: the same values, bit for bit, as
// the stock route (float64 rounds to nearest into float32, float32 widens exactly).

before(async () => {
  await initBackend();
});

test('tensorFromHost rounds float64 as new Float32Array does, from any offset, and the tensor owns its data', () => {
  const host = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 13) - 6) + 1e-9 / (i + 1));
  const before = tf.memory().numTensors;
  const part = host.subarray(137, 137 + 6 * 7);
  const t = tensorFromHost(part, [6, 7]);
  const stock = new Float32Array(part);
  host.fill(0); // the tensor must not see later changes to the caller's array
  assert.deepEqual(t.shape, [6, 7]);
  assert.ok((t.dataSync() as Float32Array).every((v, i) => Object.is(v, stock[i])));
  t.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => tensorFromHost(new Float64Array(5), [2, 3]), /5 values for shape \[2,3\]/);
});

test('copyToHost and valuesNow read what dataSync reads, into float64 at an offset', () => {
  const t = tf.tensor([1.5, -2.25, 3e-30, 7], [2, 2]);
  const out = new Float64Array(6).fill(9);
  copyToHost(t, out, 1);
  assert.deepEqual(Array.from(out), [9, ...Array.from(t.dataSync()), 9]);
  assert.deepEqual(Array.from(valuesNow(t)), Array.from(t.dataSync()));
  assert.throws(() => valuesNow(tf.tensor([1, 2], [2], 'int32')), /float32/);
  t.dispose();
});

test('glibc takes the allocator settings (a no-op elsewhere), once per process', () => {
  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
  if (glibc) assert.equal(keepHostMemory(), true, `glibc ${glibc} refused mallopt`);
  assert.equal(keepHostMemory(), keepHostMemory());
});
