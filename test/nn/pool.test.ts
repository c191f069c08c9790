import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { avgPool2x2, globalAvgPool, maxPool2x2 } from '../../src/nn/pool';
import { conv2d } from '../../src/nn/conv2d';
import { dense } from '../../src/nn/dense';
import { flattenBatch } from '../../src/nn/flatten';
import { activate } from '../../src/nn/activations';
import { Params } from '../../src/model/params';
import { squaredLossSum } from '../../src/objective/squared-loss';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { compareHvp } from '../oracle/compare';
import { randomParams, randomTensor, setup, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

for (const [h, w] of [[4, 6], [5, 7]]) {
  test(`maxPool2x2, avgPool2x2 and globalAvgPool equal their definitions on ${h}x${w} inputs`, () => {
    const x = randomTensor([2, h, w, 3], 110) as tf.Tensor4D;
    const xs = O.constant(valuesOf(x), x.shape);
    const pairs: [tf.Tensor, HT][] = [
      [maxPool2x2(x), O.maxPool2x2(xs)], [avgPool2x2(x), O.avgPool2x2(xs)], [globalAvgPool(x), O.globalAvgPool(xs)],
    ];
    for (const [ours, ref] of pairs) {
      assert.deepEqual(ours.shape, ref.shape);
      valuesOf(ours).forEach((v, i) => assert.ok(Math.abs(v - ref.data[i].a) < 1e-6));
      ours.dispose();
    }
    x.dispose();
  });
}

interface NetCase {
  readonly name: string;
  readonly hw: number;
  readonly tf: (p: Params, x: tf.Tensor4D) => tf.Tensor2D;
  readonly oracle: (p: HT[], x: HT) => HT;
  readonly features: number;
}

const conv = (p: Params, i: number, x: tf.Tensor4D) => conv2d(x, p[i].value as tf.Tensor4D, p[i + 1].value as tf.Tensor1D);
const convO = (p: HT[], i: number, x: HT) => O.conv2d(x, p[i], p[i + 1], 1, 'same');
const head = (p: Params, h: tf.Tensor) => dense(flattenBatch(h), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D);
const headO = (p: HT[], h: HT) => O.dense(O.flattenT(h), p[2], p[3]);

const CASES: NetCase[] = [
  { name: 'conv → relu → max-pool → flatten → dense', hw: 6, features: 3 * 3 * 3,
    tf: (p, x) => head(p, maxPool2x2(activate('relu', conv(p, 0, x)))),
    oracle: (p, x) => headO(p, O.maxPool2x2(O.activate('relu', convO(p, 0, x)))) },
  { name: 'conv → tanh → max-pool (odd 5x5 input) → dense', hw: 5, features: 2 * 2 * 3,
    tf: (p, x) => head(p, maxPool2x2(activate('tanh', conv(p, 0, x)))),
    oracle: (p, x) => headO(p, O.maxPool2x2(O.activate('tanh', convO(p, 0, x)))) },
  { name: 'conv → sigmoid → avg-pool → flatten → dense', hw: 6, features: 3 * 3 * 3,
    tf: (p, x) => head(p, avgPool2x2(activate('sigmoid', conv(p, 0, x)))),
    oracle: (p, x) => headO(p, O.avgPool2x2(O.activate('sigmoid', convO(p, 0, x)))) },
  { name: 'conv → softplus → global avg-pool → dense', hw: 6, features: 3,
    tf: (p, x) => head(p, globalAvgPool(activate('softplus', conv(p, 0, x)))),
    oracle: (p, x) => headO(p, O.globalAvgPool(O.activate('softplus', convO(p, 0, x)))) },
  { name: 'residual block: relu(conv(relu(conv x)) + relu(conv x)) → global avg-pool → dense', hw: 5, features: 3,
    tf: (p, x) => {
      const a = activate('relu', conv(p, 0, x));
      return head(p, globalAvgPool(activate('relu', tf.add(conv2d(a, p[4].value as tf.Tensor4D, undefined), a))));
    },
    oracle: (p, x) => {
      const a = O.activate('relu', convO(p, 0, x));
      return headO(p, O.globalAvgPool(O.activate('relu', O.addT(O.conv2d(a, p[4], undefined, 1, 'same'), a))));
    } },
];

for (const c of CASES) {
  test(`the HVP of ${c.name} matches the hyper-dual oracle to 1e-4`, (t) => {
    const x = randomTensor([2, c.hw, c.hw, 2], 120) as tf.Tensor4D;
    const y = randomTensor([2, 2], 121);
    const specs = [
      { name: 'c/w', shape: [3, 3, 2, 3], std: 0.6 }, { name: 'c/b', shape: [3], std: 0.2 },
      { name: 'd/k', shape: [c.features, 2], std: 0.5 }, { name: 'd/b', shape: [2], std: 0.2 },
      { name: 'r/w', shape: [3, 3, 3, 3], std: 0.4 },
    ];
    const params = randomParams(specs, 122);
    const tfLoss = (p: Params) => squaredLossSum(c.tf(p, x), y);
    const xs = O.constant(valuesOf(x), x.shape);
    const ys = valuesOf(y);
    const { err, refNorm } = compareHvp(tfLoss, (p) => O.squaredLossSum(c.oracle(p, xs), ys), params, 123);
    t.diagnostic(`relative error ${err.toExponential(2)}`);
    assert.ok(refNorm > 1e-3, `vacuous: ‖Hv‖ = ${refNorm}`);
    assert.ok(err < 1e-4, `relative error ${err.toExponential(2)}`);
    x.dispose();
    y.dispose();
  });
}
