import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';

// wasm's Slice replaced for contiguous slices (src/backend/wasm-slice.ts): every slice, contiguous or
// not, must equal the host's own indexing exactly.

before(async () => { await initBackend(); });

function hostSlice(values: Float32Array, shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = [];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) { out.push(values[offset]); return; }
    for (let i = 0; i < size[axis]; i++) walk(axis + 1, offset + (begin[axis] + i) * strides[axis]);
  };
  walk(0, 0);
  return out;
}

test('Slice on wasm equals host indexing for row ranges (the fast path) and for strided slices', () => {
  const shape = [7, 5, 3];
  const values = Float32Array.from({ length: 105 }, (_, i) => Math.sin(i) * 10);
  const x = tf.tensor3d(values, shape as [number, number, number]);
  const cases: [number[], number[]][] = [
    [[0, 0, 0], [7, 5, 3]], [[2, 0, 0], [3, 5, 3]], [[6, 0, 0], [1, 5, 3]], [[3, 2, 0], [1, 2, 3]], // contiguous
    [[1, 1, 0], [3, 2, 3]], [[0, 0, 1], [7, 5, 1]], [[2, 3, 1], [4, 1, 2]], // strided: the stock kernel
  ];
  for (const [begin, size] of cases) {
    const got = Array.from(tf.slice(x, begin, size).dataSync());
    assert.deepEqual(got, hostSlice(values, shape, begin, size).map(Math.fround), `begin ${begin} size ${size}`);
  }
  assert.deepEqual(Array.from(tf.slice(tf.tensor1d([1, 2, 3, 4], 'int32'), 1, 2).dataSync()), [2, 3], 'int32 (stock kernel)');
  x.dispose();
});
