import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { doubleBackpropHvp, objectiveHvp } from '../../src/curvature/hvp';
import { mlpHvp, mlpPointHvp } from '../../src/curvature/mlp-hvp';
import { hessianOperator } from '../../src/curvature/sharpness';
import { mlp } from '../../src/model/mlp';
import { MlpSpec } from '../../src/model/model';
import { Params, disposeParams, flatten, paramCount } from '../../src/model/params';
import { ACTIVATIONS, ActivationName } from '../../src/nn/activations';
import { objectiveFor } from '../../src/train/experiment';
import { Dataset } from '../../src/data/dataset';
import * as O from '../oracle/hd-layers';
import { HT } from '../oracle/hd-layers';
import * as H from '../oracle/hyperdual';
import { oracleHessian } from '../oracle/hessian-oracle';
import { randomDirection } from '../oracle/compare';
import { oneHotRows, randomTensor, relErr, setup, toOracle, valuesOf } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

const LOSSES = ['mse', 'cross-entropy'] as const;

function dataset(n: number, d: number, k: number, seed: number, loss: 'mse' | 'cross-entropy'): Dataset {
  const x = randomTensor([n, d], seed);
  // Squared loss on real-valued targets, cross-entropy on one-hot rows (both exercise every term).
  const y = loss === 'mse' ? (randomTensor([n, k], seed + 1) as tf.Tensor2D) : oneHotRows(n, k, seed + 1);
  return { x, y, n, layout: 'flat', description: { source: 'test' } };
}

const flatHv = (hv: Params): Float64Array => {
  const f = Float64Array.from(flatten(hv));
  disposeParams(hv);
  return f;
};

/** Init scaled so that tanh/sigmoid units are neither linear nor saturated. */
function paramsFor(spec: MlpSpec, seed: number): Params {
  return mlp(spec).init(seed).map((p) => ({ name: p.name, value: tf.tidy(() => tf.add(tf.mul(p.value, 1.5), p.name.endsWith('bias') ? tf.randomNormal(p.value.shape, 0, 0.3, 'float32', seed) : 0)) }));
}

for (const loss of LOSSES) {
  test(`R-operator HVP of a two-hidden-layer MLP (${loss}, weight decay, 4-row chunks) equals the float64 dense Hessian for every activation (1e-4)`, (t) => {
    // 3 → 4 → 3 → 2: 39 parameters, every block of the recursion (two hidden layers) non-zero.
    const data = dataset(6, 3, 2, 300, loss);
    const wd = 0.01;
    for (const activation of ACTIVATIONS) {
      const spec: MlpSpec = { arch: 'mlp', inputDim: 3, hidden: [4, 3], outputDim: 2, activation };
      const model = mlp(spec);
      const obj = objectiveFor(model, loss, wd);
      const params = paramsFor(spec, 301);
      const n = paramCount(params);
      const point = mlpPointHvp(obj, params, data, 4);
      assert.ok(point, 'an MLP objective gets the R-operator');
      const ours = new Float64Array(n * n);
      for (let j = 0; j < n; j++) {
        const unit = new Float32Array(n);
        unit[j] = 1;
        let off = 0;
        const e = params.map((p) => { const v = tf.tensor(unit.subarray(off, off + p.value.size), p.value.shape); off += p.value.size; return { name: p.name, value: v }; });
        flatHv(point.apply(e)).forEach((h, i) => { ours[i * n + j] = h; });
        disposeParams(e);
      }
      point.dispose();
      const xs = O.constant(valuesOf(data.x), data.x.shape);
      const ys = valuesOf(data.y);
      const lossSum = loss === 'mse' ? O.squaredLossSum : O.softmaxCrossEntropySum;
      const ref = oracleHessian((p: HT[]) => H.add(
        H.scale(lossSum(O.dense(O.activate(activation, O.dense(O.activate(activation, O.dense(xs, p[0], p[1])), p[2], p[3])), p[4], p[5]), ys), 1 / data.n),
        O.weightDecay(p, wd),
      ), toOracle(params));
      const err = relErr(ours, ref);
      t.diagnostic(`${activation}: Hessian relative error ${err.toExponential(2)}`);
      assert.ok(err < 1e-4, `${activation}, ${loss}: Hessian relative error ${err.toExponential(2)}`);
      disposeParams(params);
    }
    data.x.dispose();
    data.y.dispose();
  });
}

test('R-operator and double-backprop HVPs agree on a wider MLP for every activation and loss, with any chunking (1e-5)', () => {
  for (const loss of LOSSES) {
    const data = dataset(50, 24, 5, 310, loss);
    for (const activation of ACTIVATIONS) {
      const spec: MlpSpec = { arch: 'mlp', inputDim: 24, hidden: [16, 12], outputDim: 5, activation };
      const obj = objectiveFor(mlp(spec), loss, 0.003);
      const params = paramsFor(spec, 311);
      const v = randomDirection(params, 312);
      const reference = flatHv(doubleBackpropHvp(obj, params, data, v, { chunkSize: 1000 }));
      for (const chunkSize of [1000, 16, 7]) {
        const err = relErr(flatHv(objectiveHvp(obj, params, data, v, { chunkSize })), reference);
        assert.ok(err < 1e-5, `${activation}, ${loss}, chunks of ${chunkSize}: relative difference ${err.toExponential(2)}`);
      }
      [params, v].forEach(disposeParams);
    }
    data.x.dispose();
    data.y.dispose();
  }
});

test('only objectives built from mlp() with the kit\'s losses get the R-operator; a replaced forward pass falls back to double backprop', () => {
  const spec: MlpSpec = { arch: 'mlp', inputDim: 4, hidden: [3], outputDim: 2, activation: 'tanh' };
  const data = dataset(5, 4, 2, 320, 'mse');
  const obj = objectiveFor(mlp(spec), 'mse', 0);
  const params = paramsFor(spec, 321);
  const replaced = { ...obj, forward: (p: Params, x: tf.Tensor) => tf.mul(obj.forward(p, x), 2) };
  assert.equal(mlpPointHvp(replaced, params, data), undefined);
  assert.equal(mlpPointHvp({ ...obj, lossSum: (o: tf.Tensor, y: tf.Tensor) => tf.sum(tf.abs(tf.sub(o, y))) as tf.Scalar }, params, data), undefined);
  // Targets whose shape differs from the outputs are refused, as the losses refuse them (no broadcasting).
  const narrow = { ...data, y: tf.zeros([5, 1]) as tf.Tensor2D };
  assert.throws(() => mlpPointHvp(obj, params, narrow), /differ in shape/);
  narrow.y.dispose();
  // The replaced forward doubles the outputs: its Hessian differs, and objectiveHvp must see that.
  const v = randomDirection(params, 322);
  const plain = flatHv(objectiveHvp(obj, params, data, v));
  const doubled = flatHv(objectiveHvp(replaced, params, data, v));
  assert.ok(relErr(doubled, flatHv(doubleBackpropHvp(replaced, params, data, v))) < 1e-6);
  assert.ok(relErr(doubled, plain) > 0.5, 'a replaced forward pass is not treated as the MLP');
  [params, v].forEach(disposeParams);
  data.x.dispose();
  data.y.dispose();
});

test('a Hessian operator on an MLP caches its passes once, frees them on dispose, and leaks no tensor', async () => {
  const spec: MlpSpec = { arch: 'mlp', inputDim: 6, hidden: [5, 5], outputDim: 3, activation: 'tanh' };
  const data = dataset(9, 6, 3, 330, 'mse');
  const obj = objectiveFor(mlp(spec), 'mse', 0);
  const params = paramsFor(spec, 331);
  const before = tf.memory().numTensors;
  const op = hessianOperator(obj, params, data, 4);
  const v = Float64Array.from({ length: op.dim }, (_, i) => Math.sin(i + 1));
  const first = await op.apply(v);
  const cached = tf.memory().numTensors;
  assert.ok(cached > before, 'the passes at w are kept between applies');
  const second = await op.apply(v);
  assert.equal(tf.memory().numTensors, cached, 'a second apply adds no tensor');
  assert.deepEqual(Array.from(second), Array.from(first), 'same v, same H·v, bit for bit');
  op.dispose();
  assert.equal(tf.memory().numTensors, before, 'dispose frees the cache');
  const again = await op.apply(v);
  assert.deepEqual(Array.from(again), Array.from(first), 'an apply after dispose rebuilds the same passes');
  op.dispose();
  assert.equal(tf.memory().numTensors, before);
  disposeParams(params);
  data.x.dispose();
  data.y.dispose();
});

test('a one-off MLP HVP (chunk by chunk, passes not kept) equals the kept passes\' apply bit for bit and leaves no tensor', () => {
  const spec: MlpSpec = { arch: 'mlp', inputDim: 8, hidden: [6, 5], outputDim: 3, activation: 'gelu' };
  for (const loss of LOSSES) {
    const data = dataset(11, 8, 3, 340, loss);
    const obj = objectiveFor(mlp(spec), loss, 0.02);
    const params = paramsFor(spec, 341);
    const v = randomDirection(params, 342);
    const before = tf.memory().numTensors;
    const once = flatHv(mlpHvp(obj, params, data, v, 4)!);
    assert.equal(tf.memory().numTensors, before, 'the one-off HVP keeps nothing');
    const point = mlpPointHvp(obj, params, data, 4)!;
    const kept = flatHv(point.apply(v));
    point.dispose();
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(Array.from(once), Array.from(kept), `${loss}: the two paths differ`);
    [params, v].forEach(disposeParams);
    data.x.dispose();
    data.y.dispose();
  }
});
