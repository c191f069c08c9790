import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { createModel } from '../../src/model/create-model';
import { ModelSpec } from '../../src/model/model';
import { disposeParams, flatten, paramCount } from '../../src/model/params';

const cifarConv = (arch: 'vgg11' | 'resnet34', widthMultiplier: number): ModelSpec =>
  ({ arch, widthMultiplier, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' });

test('at width multiplier 1 VGG11 has the standard CIFAR count without batch norm: 9,225,610 parameters', async () => {
  await initBackend();
  const params = createModel(cifarConv('vgg11', 1)).init(0);
  assert.equal(paramCount(params), 9_225_610);
  disposeParams(params);
});

test('at width multiplier 1 ResNet34 has the standard 21,282,122 minus its 17,024 batch-norm parameters', async () => {
  await initBackend();
  const params = createModel(cifarConv('resnet34', 1)).init(0);
  assert.equal(paramCount(params), 21_282_122 - 17_024);
  disposeParams(params);
});

test('the MLP 3072-200-200-10 has 656,810 parameters named dense{i}/kernel and dense{i}/bias in order', async () => {
  await initBackend();
  const params = createModel({ arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' }).init(0);
  assert.equal(paramCount(params), 3072 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10);
  assert.deepEqual(params.map((p) => p.name), ['dense0/kernel', 'dense0/bias', 'dense1/kernel', 'dense1/bias', 'dense2/kernel', 'dense2/bias']);
  disposeParams(params);
});

test('initialisation is seeded: same seed same values, another seed different, all within ±1/√fan_in', async () => {
  await initBackend();
  const model = createModel({ arch: 'mlp', inputDim: 50, hidden: [30], outputDim: 4, activation: 'relu' });
  const [a, b, c] = [model.init(7), model.init(7), model.init(8)];
  assert.deepEqual(flatten(a), flatten(b));
  assert.notDeepEqual(flatten(a), flatten(c));
  const first = a[0].value.dataSync();
  assert.ok(first.every((v) => Math.abs(v) <= 1 / Math.sqrt(50)));
  assert.ok(Math.max(...first) > 0.9 / Math.sqrt(50), 'draws fill the interval');
  [a, b, c].forEach(disposeParams);
});

test('narrow VGG11 and ResNet34 map NHWC CIFAR batches to [n, 10] finite outputs without leaking tensors', async () => {
  await initBackend();
  for (const arch of ['vgg11', 'resnet34'] as const) {
    const model = createModel(cifarConv(arch, 0.0625));
    const params = model.init(1);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => model.forward(params, tf.randomNormal([3, 32, 32, 3], 0, 1, 'float32', 2)));
    assert.deepEqual(out.shape, [3, 10]);
    assert.ok(out.dataSync().every(Number.isFinite));
    out.dispose();
    assert.equal(tf.memory().numTensors, before, `${arch} forward leaked`);
    disposeParams(params);
  }
});
