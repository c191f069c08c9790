import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { hvp, objectiveHvp, objectiveValueAndGrad } from '../../src/curvature/hvp';
import { Params, disposeParams, flatten } from '../../src/model/params';
import { Dataset } from '../../src/data/dataset';
import { Objective, batchObjective } from '../../src/objective/objective';
import { dense } from '../../src/nn/dense';
import { conv2d } from '../../src/nn/conv2d';
import { globalAvgPool } from '../../src/nn/pool';
import { activate } from '../../src/nn/activations';
import { softmaxCrossEntropySum } from '../../src/objective/cross-entropy';
import { squaredLossSum } from '../../src/objective/squared-loss';
import { oracleGrad, oracleValue } from '../oracle/hessian-oracle';
import * as H from '../oracle/hyperdual';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import { randomDirection } from '../oracle/compare';
import { oneHotRows, randomParams, randomTensor, relErr, setup, toOracle, valuesOf } from '../oracle/tf-harness';

const N = 10;
let data: Dataset;
let images: Dataset;

before(async () => {
  await setup();
  data = { x: randomTensor([N, 5], 170), y: oneHotRows(N, 3, 171), n: N, layout: 'flat', description: { test: 'mlp' } };
  images = { x: randomTensor([N, 4, 4, 2], 172), y: randomTensor([N, 3], 173) as tf.Tensor2D, n: N, layout: 'nhwc', description: { test: 'cnn' } };
});

const MLP_SPECS = [
  { name: 'd0/k', shape: [5, 6], std: 0.6 }, { name: 'd0/b', shape: [6], std: 0.2 },
  { name: 'd1/k', shape: [6, 3], std: 0.6 }, { name: 'd1/b', shape: [3], std: 0.2 },
];
const mlp = (p: Params, x: tf.Tensor) =>
  dense(activate('tanh', dense(x as tf.Tensor2D, p[0].value as tf.Tensor2D, p[1].value as tf.Tensor1D)), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D);
const MLP_OBJ: Objective = { forward: mlp, lossSum: softmaxCrossEntropySum, weightDecay: 0.01 };
const CNN_SPECS = [
  { name: 'c/w', shape: [3, 3, 2, 4], std: 0.5 }, { name: 'c/b', shape: [4], std: 0.2 },
  { name: 'd/k', shape: [4, 3], std: 0.5 }, { name: 'd/b', shape: [3], std: 0.2 },
];
const CNN_OBJ: Objective = {
  forward: (p, x) => dense(globalAvgPool(activate('elu', conv2d(x as tf.Tensor4D, p[0].value as tf.Tensor4D, p[1].value as tf.Tensor1D))), p[2].value as tf.Tensor2D, p[3].value as tf.Tensor1D),
  lossSum: squaredLossSum,
  weightDecay: 0,
};

const flatOf = (p: Params): Float32Array => { const f = flatten(p); disposeParams(p); return f; };

for (const [name, obj, specs, getData] of [
  ['MLP', MLP_OBJ, MLP_SPECS, () => data], ['conv net', CNN_OBJ, CNN_SPECS, () => images],
] as const) {
  test(`objectiveHvp over chunks of 3 or 7 equals the one-chunk HVP of the ${name} to float32 precision`, () => {
    const d = getData();
    const params = randomParams(specs, 180);
    const v = randomDirection(params, 181);
    const whole = flatOf(objectiveHvp(obj, params, d, v, { chunkSize: N }));
    const direct = flatOf(hvp((p) => batchObjective(obj, p, d.x, d.y), params, v));
    assert.ok(relErr(whole, direct) < 1e-6, `one chunk vs batchObjective: ${relErr(whole, direct)}`);
    for (const chunkSize of [3, 7]) {
      const chunked = flatOf(objectiveHvp(obj, params, d, v, { chunkSize }));
      assert.ok(relErr(chunked, whole) < 2e-6, `chunkSize ${chunkSize}: ${relErr(chunked, whole)}`);
    }
    disposeParams(params);
    disposeParams(v);
  });

  test(`objectiveValueAndGrad over chunks equals the one-chunk value and gradient of the ${name}`, () => {
    const d = getData();
    const params = randomParams(specs, 182);
    const whole = objectiveValueAndGrad(obj, params, d, { chunkSize: N });
    const wholeGrad = flatOf(whole.grad);
    for (const chunkSize of [3, 7]) {
      const { loss, grad } = objectiveValueAndGrad(obj, params, d, { chunkSize });
      assert.ok(Math.abs(loss - whole.loss) < 1e-6 * Math.abs(whole.loss));
      assert.ok(relErr(flatOf(grad), wholeGrad) < 2e-6);
    }
    disposeParams(params);
  });
}

test('objectiveValueAndGrad returns F = (1/n)Σℓ + (wd/2)‖w‖² and its gradient (oracle, 1e-5)', () => {
  const params = randomParams(MLP_SPECS, 183);
  const { loss, grad } = objectiveValueAndGrad(MLP_OBJ, params, data, { chunkSize: 4 });
  const xs = O.constant(valuesOf(data.x), data.x.shape);
  const ys = valuesOf(data.y);
  const f = (p: HT[]) => H.add(H.scale(O.softmaxCrossEntropySum(O.dense(O.activate('tanh', O.dense(xs, p[0], p[1])), p[2], p[3]), ys), 1 / N), O.weightDecay(p, 0.01));
  const ref = toOracle(params);
  assert.ok(Math.abs(loss - oracleValue(f, ref)) < 1e-5 * oracleValue(f, ref));
  assert.ok(relErr(flatOf(grad), oracleGrad(f, ref)) < 1e-5);
  disposeParams(params);
});

test('weight decay adds exactly wd·v to the objective HVP', () => {
  const params = randomParams(MLP_SPECS, 184);
  const v = randomDirection(params, 185);
  const withWd = flatOf(objectiveHvp(MLP_OBJ, params, data, v, { chunkSize: 4 }));
  const without = flatOf(objectiveHvp({ ...MLP_OBJ, weightDecay: 0 }, params, data, v, { chunkSize: 4 }));
  const vs = flatten(v);
  withWd.forEach((h, i) => assert.ok(Math.abs(h - without[i] - 0.01 * vs[i]) < 1e-6 * (1 + Math.abs(h))));
  disposeParams(params);
  disposeParams(v);
});

test('hvp, objectiveHvp and objectiveValueAndGrad leave no tensors behind but their results', () => {
  const params = randomParams(CNN_SPECS, 186);
  const v = randomDirection(params, 187);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    disposeParams(hvp((p) => batchObjective(CNN_OBJ, p, images.x, images.y), params, v));
    disposeParams(objectiveHvp(CNN_OBJ, params, images, v, { chunkSize: 3 }));
    disposeParams(objectiveValueAndGrad(CNN_OBJ, params, images, { chunkSize: 4 }).grad);
  }
  assert.equal(tf.memory().numTensors, before);
  const hv = objectiveHvp(CNN_OBJ, params, images, v, { chunkSize: 3 });
  assert.equal(tf.memory().numTensors, before + params.length);
  disposeParams(hv);
  disposeParams(params);
  disposeParams(v);
});

test('objectiveHvp rejects a non-positive or fractional chunk size', () => {
  const params = randomParams(MLP_SPECS, 188);
  for (const chunkSize of [0, -1, 2.5]) {
    assert.throws(() => objectiveHvp(MLP_OBJ, params, data, params, { chunkSize }), /chunkSize/);
  }
  disposeParams(params);
});
