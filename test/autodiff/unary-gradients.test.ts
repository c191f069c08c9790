import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Params } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import { HD } from '../oracle/hyperdual';
import { HT } from '../oracle/hd-layers';
import * as O from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

// L(W) = Σ C ⊙ f(X·W + B) for each elementwise kernel f: second derivatives through f's
// registered gradient, checked against hyper-dual float64.
let X: tf.Tensor2D;
let C: tf.Tensor2D;

before(async () => {
  await setup();
  X = randomTensor([3, 4], 21, 0.7) as tf.Tensor2D;
  C = randomTensor([3, 5], 22) as tf.Tensor2D;
});

const SQRT_PI = Math.sqrt(Math.PI);
type Case = [string, (t: tf.Tensor) => tf.Tensor, (x: HD) => HD, number?];
// Optional 4th entry: shift added to X·W so that log/sqrt see positive inputs.
const CASES: Case[] = [
  ['Tanh', tf.tanh, H.tanh],
  ['Sigmoid', tf.sigmoid, H.sigmoid],
  ['Exp', tf.exp, H.exp],
  ['Log', tf.log, H.log, 6],
  ['Sqrt', tf.sqrt, (x) => H.chain(x, Math.sqrt(x.a), 0.5 / Math.sqrt(x.a), -0.25 / x.a ** 1.5), 6],
  ['Softplus', tf.softplus, H.softplus],
  ['Erf', tf.erf, (x) => { const e = (2 / SQRT_PI) * Math.exp(-x.a * x.a); return H.chain(x, H.erf(x.a), e, -2 * x.a * e); }],
  // Piecewise linear ops: composed with a smooth function, or their Hessian would be zero.
  ['Relu', (t) => tf.mul(tf.relu(t), tf.sigmoid(t)), (x) => H.mul(H.relu(x), H.sigmoid(x))],
  ['Elu', tf.elu, H.elu],
  ['Abs', (t) => tf.mul(tf.abs(t), tf.sigmoid(t)), (x) => H.mul(x.a >= 0 ? x : H.neg(x), H.sigmoid(x))],
  ['Square', tf.square, H.square],
  ['Neg', (t) => tf.mul(tf.neg(t), tf.tanh(t)), (x) => H.mul(H.neg(x), H.tanh(x))],
];

function tfLoss(f: (t: tf.Tensor) => tf.Tensor, shift: number) {
  return (p: Params) => tf.sum(tf.mul(C, f(tf.add(tf.add(tf.matMul(X, p[0].value as tf.Tensor2D), p[1].value), shift)))) as tf.Scalar;
}

function oracleLoss(f: (x: HD) => HD, shift: number) {
  const xs = O.constant(valuesOf(X), X.shape);
  const cs = valuesOf(C);
  return (p: HT[]) => {
    const z = O.dense(xs, p[0], p[1]);
    return H.sum(z.data.map((v, i) => H.mul(H.hd(cs[i]), f(H.addConst(v, shift)))));
  };
}

for (const [name, f, g, shift = 0] of CASES) {
  test(`the ${name} gradient is differentiable again: HVP matches hyper-dual float64 to 1e-4`, (t) => {
    const params = randomParams([{ name: 'w', shape: [4, 5] }, { name: 'b', shape: [5], std: 0.3 }], 23);
    const { err, refNorm } = compareHvp(tfLoss(f, shift), oracleLoss(g, shift), params, 24);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
    assert.ok(err < 1e-4, `${name}: relative error ${err.toExponential(2)}`);
  });
}

test('the Softmax gradient is differentiable again: HVP matches hyper-dual float64 to 1e-4', (t) => {
  const params = randomParams([{ name: 'w', shape: [4, 5] }, { name: 'b', shape: [5], std: 0.3 }], 25);
  const tfL = (p: Params) => tf.sum(tf.mul(C, tf.softmax(tf.add(tf.matMul(X, p[0].value as tf.Tensor2D), p[1].value)))) as tf.Scalar;
  const xs = O.constant(valuesOf(X), X.shape);
  const cs = valuesOf(C);
  const oracle = (p: HT[]) => {
    const z = O.dense(xs, p[0], p[1]);
    let total = H.ZERO;
    for (let r = 0; r < 3; r++) {
      const e = z.data.slice(5 * r, 5 * r + 5).map(H.exp);
      const s = H.sum(e);
      e.forEach((v, j) => { total = H.add(total, H.scale(H.div(v, s), cs[5 * r + j])); });
    }
    return total;
  };
  const { err } = compareHvp(tfL, oracle, params, 26);
  t.diagnostic(`relative error ${err.toExponential(2)}`);
  assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
});
