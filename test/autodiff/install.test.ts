import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  installSecondOrderGradients, secondOrderGradientKernels, secondOrderGradientsInstalled,
} from '../../src/autodiff/second-order-gradients';
import { hvp } from '../../src/curvature/hvp';
import { disposeParams, flatten } from '../../src/model/params';
import { randomParams, setup } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

test('initBackend installs the gradient set, and installing again changes nothing', () => {
  assert.equal(secondOrderGradientsInstalled(), true);
  assert.equal(installSecondOrderGradients(), 0);
});

test('the set covers the kernels our networks, losses and HVPs use', () => {
  const kernels = secondOrderGradientKernels();
  for (const k of ['Tanh', 'Sigmoid', 'Exp', 'Softmax', 'Relu', 'Elu', 'Softplus', 'Erf', 'BatchMatMul', 'Conv2D',
    'MaxPool', 'AvgPool', 'Max', 'Mean', 'Sum', 'Equal', 'Step', 'Cast', 'Identity', 'PadV2', 'Slice', 'Concat']) {
    assert.ok(kernels.includes(k), `missing ${k}`);
  }
});

test('hvp restores our gradients when another library re-registered a stock one', () => {
  // What loading @tensorflow/tfjs (e.g. through tfjs-node) does: the saved-output Tanh gradient.
  tf.registerGradient({ kernelName: tf.Tanh, outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(tf.sub(1, tf.square(y)), dy as tf.Tensor) }) });
  assert.equal(secondOrderGradientsInstalled(), false);
  const [w] = randomParams([{ name: 'w', shape: [6] }], 210);
  const [v] = randomParams([{ name: 'w', shape: [6] }], 211);
  const hv = hvp((p) => tf.sum(tf.tanh(p[0].value)) as tf.Scalar, [w], [v]);
  const got = flatten(hv);
  const ws = w.value.dataSync();
  const vs = v.value.dataSync();
  got.forEach((h, i) => {
    const th = Math.tanh(ws[i]);
    assert.ok(Math.abs(h - -2 * th * (1 - th * th) * vs[i]) < 1e-6);
  });
  assert.equal(secondOrderGradientsInstalled(), true);
  disposeParams([w, v]);
  disposeParams(hv);
});
