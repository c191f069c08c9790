import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../../src/nn/dense';
import { ACTIVATIONS, ActivationName, activate } from '../../src/nn/activations';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { Params } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

// MLP 3 → 5 → 4 → 2 on 4 examples, ½-squared loss / n: 54 parameters.
const N = 4;
const SPECS = [
  { name: 'd0/k', shape: [3, 5] }, { name: 'd0/b', shape: [5], std: 0.5 },
  { name: 'd1/k', shape: [5, 4], std: 0.6 }, { name: 'd1/b', shape: [4], std: 0.5 },
  { name: 'd2/k', shape: [4, 2], std: 0.7 }, { name: 'd2/b', shape: [2], std: 0.5 },
];
let x: tf.Tensor2D;
let y: tf.Tensor2D;

before(async () => {
  await setup();
  x = randomTensor([N, 3], 1) as tf.Tensor2D;
  y = randomTensor([N, 2], 2) as tf.Tensor2D;
});

function tfLoss(act: ActivationName) {
  return (p: Params): tf.Scalar => {
    let h: tf.Tensor2D = x;
    for (let l = 0; l < 3; l++) {
      h = dense(h, p[2 * l].value as tf.Tensor2D, p[2 * l + 1].value as tf.Tensor1D);
      if (l < 2) h = activate(act, h);
    }
    return tf.div(squaredLossSum(h, y), N);
  };
}

function oracleLoss(act: ActivationName) {
  const xs = O.constant(valuesOf(x), x.shape);
  const ys = valuesOf(y);
  return (p: HT[]) => {
    let h = xs;
    for (let l = 0; l < 3; l++) {
      h = O.dense(h, p[2 * l], p[2 * l + 1]);
      if (l < 2) h = O.activate(act, h);
    }
    return H.scale(O.squaredLossSum(h, ys), 1 / N);
  };
}

for (const act of ACTIVATIONS) {
  test(`the exact HVP of a ${act} MLP matches the float64 hyper-dual oracle to 1e-4`, (t) => {
    const params = randomParams(SPECS, 10);
    const { err, refNorm } = compareHvp(tfLoss(act), oracleLoss(act), params, 11);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
    assert.ok(err < 1e-4, `${act}: relative error ${err.toExponential(2)}`);
  });
}

test('activate computes each activation to float32 accuracy against float64 formulas', () => {
  const xs = [-3.5, -1, -0.2, 0.3, 1.2, 4];
  const ref: Record<ActivationName, (v: number) => number> = {
    relu: (v) => Math.max(v, 0), tanh: Math.tanh, sigmoid: (v) => 1 / (1 + Math.exp(-v)),
    softplus: (v) => Math.log1p(Math.exp(v)), elu: (v) => (v > 0 ? v : Math.expm1(v)),
    gelu: (v) => O.activate('gelu', O.constant([v], [1])).data[0].a, linear: (v) => v,
  };
  for (const act of ACTIVATIONS) {
    const got = valuesOf(tf.tidy(() => activate(act, tf.tensor1d(xs))));
    got.forEach((g, i) => assert.ok(Math.abs(g - ref[act](xs[i])) < 3e-7 * Math.max(1, Math.abs(xs[i])), `${act}(${xs[i]}) = ${g}`));
  }
});
