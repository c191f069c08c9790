import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';

// wasm's Sum over leading axes done in place (src/backend/wasm-leading-sum.ts) must give the stock
// kernel's bits: the stock kernel transposes the reduced axes to the end and sums innermost axes,
// which is what the reference below asks of it explicitly (a sum over trailing axes is not ours).

before(async () => { await initBackend(); });

/** Values whose float32 sum depends on the order of the additions. */
function orderSensitive(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i * 7919) % 9 - 4));
}

/** The stock kernel's route: reduced axes moved last, then a sum over the innermost axes. */
function stockRoute(x: tf.Tensor, leading: number): tf.Tensor {
  const r = x.rank;
  const perm = [...Array(r).keys()].slice(leading).concat([...Array(leading).keys()]);
  return tf.sum(tf.transpose(x, perm), [...Array(leading).keys()].map((i) => r - leading + i));
}

const sameBits = (a: tf.Tensor, b: tf.Tensor) => {
  const [u, v] = [new Uint32Array((a.dataSync() as Float32Array).slice().buffer), new Uint32Array((b.dataSync() as Float32Array).slice().buffer)];
  return u.length === v.length && u.every((w, i) => w === v[i]);
};

test('a Sum over leading axes on wasm gives the stock kernel\'s bits (bias gradients of dense and conv layers, odd row counts)', () => {
  const cases: [number[], number][] = [[[5000, 200], 1], [[5001, 10], 1], [[3, 7], 1], [[1, 5], 1], [[9, 6, 5, 3], 3], [[4, 3, 2, 8], 2], [[2, 7, 1], 2]];
  for (const [shape, leading] of cases) {
    tf.tidy(() => {
      const x = tf.tensor(orderSensitive(shape.reduce((a, b) => a * b, 1)), shape);
      const ours = tf.sum(x, [...Array(leading).keys()]);
      assert.deepEqual(ours.shape, shape.slice(leading), `[${shape}]`);
      assert.ok(sameBits(ours, stockRoute(x, leading)), `[${shape}] over ${leading} leading axes`);
    });
  }
  // The check can fail: adding the rows in reverse order gives other bits on these values.
  tf.tidy(() => {
    const x = tf.tensor(orderSensitive(5000 * 200), [5000, 200]);
    assert.ok(!sameBits(tf.sum(x, 0), tf.sum(tf.reverse(x, 0), 0)), 'the reversed sum should differ in some bit');
  });
});

test('keepDims, negative and unsorted axes, and what stays on the stock kernel (int32, trailing axes, all axes)', () => {
  tf.tidy(() => {
    const x = tf.tensor(orderSensitive(6 * 4 * 5), [6, 4, 5]);
    const kept = tf.sum(x, [1, 0], true);
    assert.deepEqual(kept.shape, [1, 1, 5]);
    assert.ok(sameBits(tf.reshape(kept, [5]), stockRoute(x, 2)));
    assert.ok(sameBits(tf.sum(x, -3), stockRoute(x, 1)), 'axis -3 is axis 0');
    assert.deepEqual(tf.sum(x, 2).shape, [6, 4], 'a trailing axis');
    assert.equal(tf.sum(x).shape.length, 0, 'every axis');
    assert.deepEqual(Array.from(tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).dataSync()), [4, 6]);
    assert.deepEqual(tf.sum(tf.zeros([0, 3]), 0).shape, [3], 'no rows');
  });
});
