import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { hvp } from '../../src/curvature/hvp';
import { Params, disposeParams, flatten, paramCount } from '../../src/model/params';
import { dense } from '../../src/nn/dense';
import { conv2d } from '../../src/nn/conv2d';
import { maxPool2x2 } from '../../src/nn/pool';
import { flattenBatch } from '../../src/nn/flatten';
import { activate } from '../../src/nn/activations';
import { softmaxCrossEntropySum } from '../../src/objective/cross-entropy';
import { squaredLossSum } from '../../src/objective/squared-loss';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { oracleHessian } from '../oracle/hessian-oracle';
import { jacobiEigenvalues } from '../oracle/jacobi';
import { randomDirection } from '../oracle/compare';
import { dot64, oneHotRows, randomParams, randomTensor, relErr, setup, tfHvp, toOracle, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

test('hvp of ½wᵀAw + cᵀu is A·v, with exact zeros for a parameter the loss is linear in', () => {
  const a = tf.tensor2d([[2, 1, 0], [1, 3, -1], [0, -1, 4]]);
  const c = tf.tensor1d([1, -2]);
  const params = randomParams([{ name: 'w', shape: [3] }, { name: 'u', shape: [2] }], 140);
  const v = randomParams([{ name: 'w', shape: [3] }, { name: 'u', shape: [2] }], 141);
  const loss = (p: Params) => tf.add(tf.mul(tf.sum(tf.mul(p[0].value, tf.reshape(tf.matMul(a, tf.reshape(p[0].value, [3, 1])), [3]))), 0.5), tf.sum(tf.mul(c, p[1].value))) as tf.Scalar;
  const hv = tfHvp(loss, params, v);
  const vw = valuesOf(v[0].value);
  const expected = [2 * vw[0] + vw[1], vw[0] + 3 * vw[1] - vw[2], -vw[1] + 4 * vw[2], 0, 0];
  assert.ok(relErr(hv, expected) < 1e-6, `${hv} vs ${expected}`);
  disposeParams(params);
  disposeParams(v);
});

// An MLP with cross-entropy and a small relu + max-pool conv net.
const MLP_SPECS = [
  { name: 'd0/k', shape: [5, 7], std: 0.6 }, { name: 'd0/b', shape: [7], std: 0.2 },
  { name: 'd1/k', shape: [7, 3], std: 0.6 }, { name: 'd1/b', shape: [3], std: 0.2 },
];
const mlpLoss = (x: tf.Tensor, y: tf.Tensor) => (p: Params) =>
  softmaxCrossEntropySum(dense(activate('tanh', dense(x as tf.Tensor2D, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D), y);
const CNN_SPECS = [
  { name: 'c/w', shape: [3, 3, 2, 4], std: 0.5 }, { name: 'c/b', shape: [4], std: 0.2 },
  { name: 'd/k', shape: [36, 3], std: 0.3 }, { name: 'd/b', shape: [3], std: 0.2 },
];
const cnnLoss = (x: tf.Tensor, y: tf.Tensor) => (p: Params) => {
  const h = maxPool2x2(activate('relu', conv2d(x as tf.Tensor4D, p[0].value as tf.Tensor4D, p[1].value as tf.Tensor1D)));
  return squaredLossSum(dense(flattenBatch(h), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D), y);
};

for (const [name, specs, makeLoss, xShape] of [
  ['an MLP (tanh, cross-entropy)', MLP_SPECS, mlpLoss, [8, 5]],
  ['a conv net (relu, max-pool, squared loss)', CNN_SPECS, cnnLoss, [3, 6, 6, 2]],
] as const) {
  test(`HVPs of ${name} are symmetric: ⟨u, Hv⟩ = ⟨v, Hu⟩ to 1e-5 relative`, () => {
    const x = randomTensor(xShape, 150);
    const y = oneHotRows(xShape[0], 3, 151);
    const params = randomParams(specs, 152);
    const u = randomDirection(params, 153);
    const v = randomDirection(params, 154);
    const loss = makeLoss(x, y);
    const uHv = dot64(flatten(u), tfHvp(loss, params, v));
    const vHu = dot64(flatten(v), tfHvp(loss, params, u));
    assert.ok(Math.abs(uHv - vHu) <= 1e-5 * Math.max(Math.abs(uHv), Math.abs(vHu)), `${uHv} vs ${vHu}`);
    [params, u, v].forEach(disposeParams);
    x.dispose();
    y.dispose();
  });
}

test('a dense Hessian built column by column from hvp equals the oracle Hessian, and so does its top eigenvalue (1e-4)', (t) => {
  // Softplus MLP 3 → 4 → 2 with squared loss: 26 parameters, all Hessian blocks non-zero.
  const x = randomTensor([6, 3], 160);
  const y = randomTensor([6, 2], 161);
  const params = randomParams([
    { name: 'd0/k', shape: [3, 4] }, { name: 'd0/b', shape: [4], std: 0.3 },
    { name: 'd1/k', shape: [4, 2] }, { name: 'd1/b', shape: [2], std: 0.3 },
  ], 162);
  const loss = (p: Params) => squaredLossSum(dense(activate('softplus', dense(x as tf.Tensor2D, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D), y);
  const n = paramCount(params);
  const ours = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = params.map((p) => ({ name: p.name, value: tf.zerosLike(p.value) }));
    const flatE = new Float32Array(n);
    flatE[j] = 1;
    let off = 0;
    const basis = e.map((p) => { const t2 = tf.tensor(flatE.subarray(off, off + p.value.size), p.value.shape); off += p.value.size; p.value.dispose(); return { name: p.name, value: t2 }; });
    tfHvp(loss, params, basis).forEach((h, i) => { ours[i * n + j] = h; });
    disposeParams(basis);
  }
  const xs = O.constant(valuesOf(x), x.shape);
  const ys = valuesOf(y);
  const ref = oracleHessian((p: HT[]) => O.squaredLossSum(O.dense(O.activate('softplus', O.dense(xs, p[0], p[1])), p[2], p[3]), ys), toOracle(params));
  const err = relErr(ours, ref);
  const top = jacobiEigenvalues(ours, n)[0];
  const topRef = jacobiEigenvalues(ref, n)[0];
  t.diagnostic(`Hessian relative error ${err.toExponential(2)}; λmax ${top} vs ${topRef}`);
  assert.ok(err < 1e-4, `Hessian relative error ${err.toExponential(2)}`);
  assert.ok(Math.abs(top - topRef) < 1e-4 * Math.abs(topRef), `λmax ${top} vs ${topRef}`);
  void H;
  disposeParams(params);
  x.dispose();
  y.dispose();
});
