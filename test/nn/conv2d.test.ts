import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { conv2d } from '../../src/nn/conv2d';
import { Params } from '../../src/model/params';
import { squaredLossSum } from '../../src/objective/squared-loss';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, relErr, setup, valuesOf } from '../oracle/tf-harness';

// Odd 7x7 inputs exercise TF's asymmetric 'same' padding and stride-2 edge handling.
let x: tf.Tensor4D;

before(async () => {
  await setup();
  x = randomTensor([2, 7, 7, 2], 81) as tf.Tensor4D;
});

const SETTINGS = [[1, 'same'], [2, 'same'], [1, 'valid'], [2, 'valid']] as const;

for (const [stride, padding] of SETTINGS) {
  for (const k of [1, 2, 3]) {
    test(`conv2d (${k}x${k}, stride ${stride}, ${padding}) equals a direct float64 convolution`, () => {
      const [w, b] = randomParams([{ name: 'w', shape: [k, k, 2, 3] }, { name: 'b', shape: [3] }], 82 + k);
      const ours = tf.tidy(() => conv2d(x, w.value as tf.Tensor4D, b.value as tf.Tensor1D, { stride, padding }));
      const ref = O.conv2d(O.constant(valuesOf(x), x.shape), O.constant(valuesOf(w.value), w.value.shape),
        O.constant(valuesOf(b.value), [3]), stride, padding);
      assert.deepEqual(ours.shape, ref.shape);
      assert.ok(relErr(valuesOf(ours), ref.data.map((v) => v.a)) < 1e-6);
      ours.dispose();
    });
  }
}

for (const [stride, padding] of SETTINGS) {
  test(`the HVP of a two-layer conv net (stride ${stride}, ${padding}) matches the hyper-dual oracle to 1e-4`, (t) => {
    const specs = [
      { name: 'c0/w', shape: [3, 3, 2, 3], std: 0.5 }, { name: 'c0/b', shape: [3], std: 0.3 },
      { name: 'c1/w', shape: [3, 3, 3, 2], std: 0.5 }, { name: 'c1/b', shape: [2], std: 0.3 },
    ];
    const params = randomParams(specs, 90 + stride);
    const opts = { stride, padding } as const;
    const net = (p: Params) => conv2d(tf.tanh(conv2d(x, p[0].value as tf.Tensor4D, p[1].value as tf.Tensor1D, opts)),
      p[2].value as tf.Tensor4D, p[3].value as tf.Tensor1D, opts);
    const target = tf.tidy(() => tf.mul(net(params), 0.5));
    const tfLoss = (p: Params) => squaredLossSum(net(p), target);
    const xs = O.constant(valuesOf(x), x.shape);
    const ys = valuesOf(target);
    const oracle = (p: HT[]) => O.squaredLossSum(O.conv2d(O.activate('tanh', O.conv2d(xs, p[0], p[1], stride, padding)), p[2], p[3], stride, padding), ys);
    const { err, refNorm } = compareHvp(tfLoss, oracle, params, 95);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
    assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
    target.dispose();
  });
}

for (const [k, stride, padding] of [[3, 2, 'same'], [1, 2, 'same'], [2, 1, 'same'], [3, 1, 'valid']] as const) {
  test(`second derivatives in the input AND the filter (${k}x${k}, stride ${stride}, ${padding}) match the oracle to 1e-4`, (t) => {
    // Both the image and the filter are parameters: covers ∂²/∂x∂w through the conv gradient.
    const params = randomParams([{ name: 'x', shape: [2, 5, 6, 2] }, { name: 'w', shape: [k, k, 2, 3], std: 0.6 }], 100 + k);
    const opts = { stride, padding } as const;
    const outShape = tf.tidy(() => conv2d(params[0].value as tf.Tensor4D, params[1].value as tf.Tensor4D, undefined, opts).shape);
    const weights = randomTensor(outShape, 102);
    const tfLoss = (p: Params) => tf.sum(tf.mul(weights, tf.tanh(conv2d(p[0].value as tf.Tensor4D, p[1].value as tf.Tensor4D, undefined, opts)))) as tf.Scalar;
    const ws = valuesOf(weights);
    const oracle = (p: HT[]) => H.sum(O.conv2d(p[0], p[1], undefined, stride, padding).data.map((v, i) => H.mul(H.hd(ws[i]), H.tanh(v))));
    const { err } = compareHvp(tfLoss, oracle, params, 103);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
    weights.dispose();
  });
}
