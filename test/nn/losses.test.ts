import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { logSoftmax, softmaxCrossEntropySum } from '../../src/objective/cross-entropy';
import { Objective, batchObjective } from '../../src/objective/objective';
import { dense } from '../../src/nn/dense';
import { activate } from '../../src/nn/activations';
import { Params } from '../../src/model/params';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { oneHotRows, randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

const scalarOf = (f: () => tf.Tensor): number => {
  const t = tf.tidy(f);
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};

test('squaredLossSum is ½ Σ over examples AND outputs of (f − y)², with no mean', () => {
  const out = tf.tensor2d([[1, 2, 3], [0, -1, 4]]);
  const y = tf.tensor2d([[0, 2, 1], [1, 1, 1]]);
  assert.equal(scalarOf(() => squaredLossSum(out, y)), 0.5 * (1 + 0 + 4 + 1 + 4 + 9));
  assert.throws(() => squaredLossSum(out, tf.zeros([2, 2])), /differ in shape/);
});

test('softmaxCrossEntropySum equals −Σ y·log softmax in float64 and stays finite for logits of ±1000', () => {
  const z = [[1000, -1000, 999], [0.5, -0.25, 2]];
  const y = [[0, 0, 1], [0.2, 0.3, 0.5]];
  let ref = 0;
  for (let r = 0; r < 2; r++) {
    const m = Math.max(...z[r]);
    const lse = m + Math.log(z[r].reduce((s, v) => s + Math.exp(v - m), 0));
    z[r].forEach((v, j) => { ref -= y[r][j] * (v - lse); });
  }
  const got = scalarOf(() => softmaxCrossEntropySum(tf.tensor2d(z), tf.tensor2d(y)));
  assert.ok(Number.isFinite(got) && Math.abs(got - ref) < 1e-5 * Math.max(1, Math.abs(ref)), `${got} vs ${ref}`);
  const lp = valuesOf(tf.tidy(() => logSoftmax(tf.tensor2d([[0, 0]]))));
  lp.forEach((v) => assert.ok(Math.abs(v + Math.LN2) < 1e-7));
});

// Two-layer tanh MLP 4 → 6 → 3 on 5 examples: 51 parameters.
const SPECS = [
  { name: 'd0/k', shape: [4, 6], std: 0.7 }, { name: 'd0/b', shape: [6], std: 0.3 },
  { name: 'd1/k', shape: [6, 3], std: 0.9 }, { name: 'd1/b', shape: [3], std: 0.3 },
];
const mlp = (p: Params, x: tf.Tensor) =>
  dense(activate('tanh', dense(x as tf.Tensor2D, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D);
const mlpO = (p: HT[], x: HT) => O.dense(O.activate('tanh', O.dense(x, p[0], p[1])), p[2], p[3]);

for (const [loss, wd] of [['cross-entropy', 0], ['cross-entropy', 0.05], ['squared', 0.05]] as const) {
  test(`the HVP of batchObjective (${loss} loss, weight decay ${wd}) matches the hyper-dual oracle to 1e-4`, (t) => {
    const x = randomTensor([5, 4], 130);
    const y = oneHotRows(5, 3, 131);
    const obj: Objective = {
      forward: mlp,
      lossSum: loss === 'squared' ? squaredLossSum : softmaxCrossEntropySum,
      weightDecay: wd,
    };
    const params = randomParams(SPECS, 132);
    const xs = O.constant(valuesOf(x), x.shape);
    const ys = valuesOf(y);
    const oracle = (p: HT[]) => {
      const out = mlpO(p, xs);
      const data = loss === 'squared' ? O.squaredLossSum(out, ys) : O.softmaxCrossEntropySum(out, ys);
      return H.add(H.scale(data, 1 / 5), O.weightDecay(p, wd));
    };
    const { err, refNorm } = compareHvp((p) => batchObjective(obj, p, x, y), oracle, params, 133);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(refNorm > 1e-3);
    assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
    x.dispose();
    y.dispose();
  });
}
