import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { lineObjective, linesThrough } from '../../src/objective/line-objective';
import { objectiveValue } from '../../src/objective/objective-value';
import { Objective } from '../../src/objective/objective';
import { mlp } from '../../src/model/mlp';
import { MlpSpec } from '../../src/model/model';
import { Params, axpy, disposeParams } from '../../src/model/params';
import { ACTIVATIONS } from '../../src/nn/activations';
import { objectiveFor } from '../../src/train/experiment';
import { Dataset } from '../../src/data/dataset';
import { oneHotRows, randomTensor, setup } from '../oracle/tf-harness';

before(async () => {
  await setup();
});

function dataset(n: number, d: number, k: number, seed: number, loss: 'mse' | 'cross-entropy'): Dataset {
  const x = randomTensor([n, d], seed);
  const y = loss === 'mse' ? (randomTensor([n, k], seed + 1) as tf.Tensor2D) : oneHotRows(n, k, seed + 1);
  return { x, y, n, layout: 'flat', description: { source: 'test' } };
}

const directionLike = (params: Params, seed: number): Params =>
  params.map((p, i) => ({ name: p.name, value: randomTensor(p.value.shape, seed + i, 0.5) }));

const trialLoss = (obj: Objective, params: Params, u: Params, data: Dataset, eta: number, chunk: number): number => {
  const trial = axpy(eta, u, params);
  try {
    return objectiveValue(obj, trial, data, chunk);
  } finally {
    disposeParams(trial);
  }
};

const ETAS = [0.3, 0.05, 1e-3, -0.2];

for (const loss of ['mse', 'cross-entropy'] as const) {
  test(`an MLP's line F(w + η·u) equals the forward pass at w + η·u to float32 rounding (${loss}; every activation, 0–2 hidden layers, weight decay, whole and 4-row chunks)`, () => {
    const data = dataset(10, 6, 3, 40, loss);
    const before = tf.memory().numTensors;
    let worst = 0;
    for (const activation of ACTIVATIONS) {
      for (const hidden of [[], [5], [5, 4]]) {
        const spec: MlpSpec = { arch: 'mlp', inputDim: 6, hidden, outputDim: 3, activation };
        const params = mlp(spec).init(41);
        const u = directionLike(params, 42);
        for (const wd of [0, 0.01]) {
          const obj = objectiveFor(mlp(spec), loss, wd);
          for (const chunk of [10, 4]) {
            const line = lineObjective(obj, params, u, data, chunk);
            for (const eta of ETAS) {
              const ours = line.at(eta);
              const ref = trialLoss(obj, params, u, data, eta, chunk);
              const err = Math.abs(ours - ref) / Math.abs(ref);
              worst = Math.max(worst, err);
              assert.ok(err <= 2e-6, `${activation} [${hidden}] wd ${wd} chunk ${chunk} η ${eta}: ${ours} vs ${ref} (${err.toExponential(2)})`);
            }
            // At η = 0 nothing moves: without weight decay (summed in float64 along the line) it is F(w) bit for bit.
            if (wd === 0) assert.equal(line.at(0), objectiveValue(obj, params, data, chunk), `${activation} [${hidden}] chunk ${chunk}: F(w)`);
            line.dispose();
          }
        }
        disposeParams(params);
        disposeParams(u);
      }
    }
    assert.equal(tf.memory().numTensors, before, 'the lines free what they kept');
    data.x.dispose();
    data.y.dispose();
    assert.ok(worst > 0, 'the routes differ in rounding somewhere, so this compares two computations');
  });
}

test("an MLP's line multiplies the data only when built: a trial's products have the hidden width as inner dimension", async () => {
  const data = dataset(12, 7, 2, 50, 'mse');
  const spec: MlpSpec = { arch: 'mlp', inputDim: 7, hidden: [5, 4], outputDim: 2, activation: 'tanh' };
  const obj = objectiveFor(mlp(spec), 'mse', 0);
  const params = mlp(spec).init(51);
  const u = directionLike(params, 52);
  const dataProducts = (kernels: { name: string; inputShapes: number[][] }[]) =>
    kernels.filter((k) => k.name === 'BatchMatMul' && k.inputShapes.some((s) => s[s.length - 1] === 7)).length;
  // tf.profile returns the same (engine-owned) object every time: count before the next profile.
  let line: ReturnType<typeof lineObjective> | undefined;
  const built = dataProducts((await tf.profile(() => { line = lineObjective(obj, params, u, data); })).kernels as never);
  const trial = dataProducts((await tf.profile(() => { line!.at(0.1); })).kernels as never);
  trialLoss(obj, params, u, data, 0.1, 1000); // on wasm the first evaluation also probes the heap with a few rows
  const plain = dataProducts((await tf.profile(() => { trialLoss(obj, params, u, data, 0.1, 1000); })).kernels as never);
  assert.equal(built, 2, 'x·W₀ and x·U₀ when the line is built');
  assert.equal(trial, 0, 'none per trial');
  assert.equal(plain, 1, 'a forward pass at w + η·u has one (so the count above can fail)');
  line!.dispose();
  disposeParams(params);
  disposeParams(u);
  data.x.dispose();
  data.y.dispose();
});

test('any other objective gets a forward pass at w + η·u per trial, bit for bit objectiveValue', () => {
  const data = dataset(9, 6, 3, 60, 'cross-entropy');
  const spec: MlpSpec = { arch: 'mlp', inputDim: 6, hidden: [5], outputDim: 3, activation: 'relu' };
  const model = mlp(spec);
  // A wrapped forward is not recognised as the kit's MLP (curvature code relies on the same rule).
  const obj: Objective = { ...objectiveFor(model, 'cross-entropy', 0.01), forward: (p, x) => model.forward(p, x) };
  const params = model.init(61);
  const u = directionLike(params, 62);
  const line = lineObjective(obj, params, u, data, 4);
  for (const eta of ETAS) assert.equal(line.at(eta), trialLoss(obj, params, u, data, eta, 4), `η ${eta}`);
  line.dispose();
  disposeParams(params);
  disposeParams(u);
  data.x.dispose();
  data.y.dispose();
});

test('linesThrough keeps the line of the last direction: trials along it multiply the data once, a new direction rebuilds, dispose frees all', async () => {
  const data = dataset(12, 7, 2, 70, 'mse');
  const spec: MlpSpec = { arch: 'mlp', inputDim: 7, hidden: [5], outputDim: 2, activation: 'relu' };
  const obj = objectiveFor(mlp(spec), 'mse', 0);
  const params = mlp(spec).init(71);
  const [u, v] = [directionLike(params, 72), directionLike(params, 82)];
  const before = tf.memory().numTensors;
  const lines = linesThrough(obj, params, data);
  const dataProducts = async (f: () => void): Promise<number> =>
    (await tf.profile(f)).kernels.filter((k) => k.name === 'BatchMatMul' && k.inputShapes.some((s) => s[s.length - 1] === 7)).length;
  const values: number[] = [];
  assert.equal(await dataProducts(() => { values.push(lines.lossAlong(u, 0.2)); }), 2, 'the first trial along u builds its line');
  assert.equal(await dataProducts(() => { values.push(lines.lossAlong(u, 0.1)); }), 0, 'the next trial along u reuses it');
  assert.equal(await dataProducts(() => { values.push(lines.lossAlong(v, 0.1)); }), 2, 'another direction gets its own line');
  assert.deepEqual(values, [lineValue(obj, params, u, data, 0.2), lineValue(obj, params, u, data, 0.1), lineValue(obj, params, v, data, 0.1)]);
  lines.dispose();
  assert.equal(tf.memory().numTensors, before, 'dispose frees the kept line');
  for (const p of [params, u, v]) disposeParams(p);
  data.x.dispose();
  data.y.dispose();
});

function lineValue(obj: Objective, params: Params, u: Params, data: Dataset, eta: number): number {
  const line = lineObjective(obj, params, u, data);
  try {
    return line.at(eta);
  } finally {
    line.dispose();
  }
}

test('a direction that does not fit the MLP is refused when the line is built, keeping no tensor', () => {
  const data = dataset(10, 6, 3, 90, 'mse');
  const spec: MlpSpec = { arch: 'mlp', inputDim: 6, hidden: [5], outputDim: 3, activation: 'tanh' };
  const obj = objectiveFor(mlp(spec), 'mse', 0);
  const params = mlp(spec).init(91);
  const wrong = params.map((p, i) => ({ name: p.name, value: randomTensor(i === 0 ? [4, 5] : p.value.shape, 92 + i) }));
  const before = tf.memory().numTensors;
  for (const chunk of [10, 4]) assert.throws(() => lineObjective(obj, params, wrong, data, chunk), /dense: x has 6 features, kernel expects 4/, `chunk ${chunk}`);
  assert.equal(tf.memory().numTensors, before, 'nothing kept from the failed builds');
  for (const p of [params, wrong]) disposeParams(p);
  data.x.dispose();
  data.y.dispose();
});
