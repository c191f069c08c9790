import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, BACKEND_ENV, initBackend } from '../../src/backend/select-backend';
import { conv2d } from '../../src/nn/conv2d';
import { maxPool2x2, globalAvgPool } from '../../src/nn/pool';
import { dense } from '../../src/nn/dense';
import { activate } from '../../src/nn/activations';
import { Params } from '../../src/model/params';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { valueAndGradsOrZero } from '../../src/curvature/hvp-grads';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { oracleGrad } from '../oracle/hessian-oracle';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, relErr, toOracle, valuesOf } from '../oracle/tf-harness';

// A conv net on the backend initBackend picks (wasm here): conv (bias) → relu → max-pool → conv
// stride 2 ('same', asymmetric padding) + 1x1 stride-2 projection → relu → global average → dense.
// The image has constant regions, as real photos do (saturated or black areas): conv outputs
// there are equal for every weight, so max-pool windows tie exactly and the pooling gradient must
// pick one entry per window (TF, PyTorch and the oracle take the first).

let info: BackendInfo;
let x: tf.Tensor4D;

before(async () => {
  info = await initBackend();
  const values = valuesOf(randomTensor([2, 8, 8, 2], 300));
  for (let i = 0; i < 8; i++) for (let j = 0; j < 6; j++) for (let c = 0; c < 2; c++) values[(i * 8 + j) * 2 + c] = c ? -0.4 : 0.9;
  x = tf.tensor4d(values, [2, 8, 8, 2]);
});

const SPECS = [
  { name: 'c0/w', shape: [3, 3, 2, 3], std: 0.5 }, { name: 'c0/b', shape: [3], std: 0.3 },
  { name: 'c1/w', shape: [3, 3, 3, 4], std: 0.4 }, { name: 'sc/w', shape: [1, 1, 3, 4], std: 0.5 },
  { name: 'd/w', shape: [4, 2], std: 0.5 }, { name: 'd/b', shape: [2], std: 0.2 },
];

function pooled(p: Params, input: tf.Tensor4D): tf.Tensor4D {
  return maxPool2x2(activate('relu', conv2d(input, p[0].value as tf.Tensor4D, p[1].value as tf.Tensor1D)));
}

function net(p: Params, input: tf.Tensor4D): tf.Tensor2D {
  const a = pooled(p, input);
  const branch = conv2d(a, p[2].value as tf.Tensor4D, undefined, { stride: 2 });
  const short = conv2d(a, p[3].value as tf.Tensor4D, undefined, { stride: 2 });
  return dense(globalAvgPool(activate('relu', tf.add(branch, short))), p[4].value as tf.Tensor2D, p[5].value as tf.Tensor1D);
}

function oracleNet(p: HT[], input: HT): HT {
  const a = O.maxPool2x2(O.activate('relu', O.conv2d(input, p[0], p[1], 1, 'same')));
  const sum = O.addT(O.conv2d(a, p[2], undefined, 2, 'same'), O.conv2d(a, p[3], undefined, 2, 'same'));
  return O.dense(O.globalAvgPool(O.activate('relu', sum)), p[4], p[5]);
}

test('the active backend is the one initBackend reported, and it is not a silent fallback to cpu', () => {
  assert.equal(tf.getBackend(), info.name);
  const forced = process.env[BACKEND_ENV];
  if (info.name === 'cpu' && forced !== 'cpu') {
    assert.match(info.reason, /wasm unavailable/, `cpu chosen without saying why wasm failed: ${info.reason}`);
  }
  if (forced && forced !== 'auto') assert.equal(info.path, forced);
});

test('the test image really has tied max-pool windows (else the next tests prove nothing about ties)', () => {
  const params = randomParams(SPECS, 301);
  const ties = tf.tidy(() => {
    const r = activate('relu', conv2d(x, params[0].value as tf.Tensor4D, params[1].value as tf.Tensor1D));
    const windows = tf.reshape(r, [2, 4, 2, 4, 2, 3]);
    const top = tf.max(windows, [2, 4], true);
    const count = tf.sum(tf.cast(tf.equal(windows, top), 'float32'), [2, 4]);
    return tf.sum(tf.cast(tf.logicalAnd(tf.greater(count, 1), tf.greater(tf.squeeze(top, [2, 4]), 0)), 'float32')).dataSync()[0];
  });
  assert.ok(ties >= 4, `only ${ties} windows with tied positive maxima`);
});

test(`the conv net's gradient on the default backend matches the hyper-dual oracle to 1e-5, ties included`, () => {
  const params = randomParams(SPECS, 301);
  const y = randomTensor([2, 2], 302);
  const grads = tf.tidy(() => valueAndGradsOrZero(() => squaredLossSum(net(params, x), y), params.map((p) => p.value)).grads);
  const ours = Float64Array.from(grads.flatMap((g) => valuesOf(g)));
  tf.dispose(grads);
  const xs = O.constant(valuesOf(x), x.shape);
  const ys = valuesOf(y);
  const ref = oracleGrad((p) => O.squaredLossSum(oracleNet(p, xs), ys), toOracle(params));
  const err = relErr(ours, ref);
  assert.ok(err < 1e-5, `gradient relative error ${err.toExponential(2)} on ${tf.getBackend()}`);
});

test(`the conv net's exact HVP on the default backend matches the hyper-dual oracle to 1e-4`, (t) => {
  const params = randomParams(SPECS, 301);
  const y = randomTensor([2, 2], 302);
  const xs = O.constant(valuesOf(x), x.shape);
  const ys = valuesOf(y);
  const { err, refNorm } = compareHvp((p) => squaredLossSum(net(p, x), y), (p) => O.squaredLossSum(oracleNet(p, xs), ys), params, 303);
  t.diagnostic(`path ${info.path}, relative error ${err.toExponential(2)}`);
  assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
  assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
  assert.equal(tf.getBackend(), info.name, 'the backend changed during the HVP');
});
