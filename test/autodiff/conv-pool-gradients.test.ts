import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

/** The filter with d−1 zeros between taps: a dilated convolution is a plain one with it. */
function dilatedFilter(w: HT, d: number): HT {
  const [kh, kw, ci, co] = w.shape;
  const [eh, ew] = [d * (kh - 1) + 1, d * (kw - 1) + 1];
  const data = Array.from({ length: eh * ew * ci * co }, () => H.ZERO);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let c = 0; c < ci * co; c++) {
    data[((d * i) * ew + d * j) * ci * co + c] = w.data[(i * kw + j) * ci * co + c];
  }
  return { shape: [eh, ew, ci, co], data };
}

test('the Conv2D gradient handles dilated convolutions to second order (input and filter, 1e-4)', (t) => {
  const params = randomParams([{ name: 'x', shape: [2, 7, 6, 2] }, { name: 'w', shape: [2, 3, 2, 3], std: 0.6 }], 220);
  const weights = randomTensor([2, 5, 2, 3], 221);
  const tfLoss = (p: Params) => tf.sum(tf.mul(weights, tf.tanh(tf.conv2d(p[0].value as tf.Tensor4D, p[1].value as tf.Tensor4D, 1, 'valid', 'NHWC', 2)))) as tf.Scalar;
  const ws = valuesOf(weights);
  const oracle = (p: HT[]) => H.sum(O.conv2d(p[0], dilatedFilter(p[1], 2), undefined, 1, 'valid').data.map((v, i) => H.mul(H.hd(ws[i]), H.tanh(v))));
  const { err } = compareHvp(tfLoss, oracle, params, 222);
  t.diagnostic(`relative error ${err.toExponential(2)}`);
  assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
  weights.dispose();
});

test("the Conv2D and pooling gradients refuse the cases they do not implement, with a clear message", () => {
  const x = randomTensor([1, 4, 4, 1], 223);
  const w = randomTensor([3, 3, 1, 1], 224);
  assert.throws(() => tf.grad((a: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(x), /'valid' only/);
  assert.throws(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 3, 1, 'valid')))(x), /non-overlapping/);
  assert.throws(() => tf.grad((a: tf.Tensor) => tf.sum(tf.avgPool(a as tf.Tensor4D, 2, 2, 'same')))(x), /non-overlapping/);
  x.dispose();
  w.dispose();
});
