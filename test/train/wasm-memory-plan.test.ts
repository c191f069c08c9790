/**
 * The memory plan a run (and `sharpness`) makes on wasm: the fitted per-example bytes of a pass
 * are exact for a pass of known size and predict a real HVP's peak; a chunk that would exhaust the
 * 4 GiB heap is a ConfigError naming a chunkSize that fits, and that chunkSize is accepted; the
 * public passes (objectiveValue, objectiveValueAndGrad, objectiveHvp, doubleBackpropHvp,
 * hessianOperator) check the same way, measuring once per objective; such a run ends 'failed'
 * before its first record; the paper preset's conv runs fit.
 */
import { before, test } from 'node:test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { createModel } from '../../src/model/create-model';
import { ModelSpec } from '../../src/model/model';
import { disposeParams } from '../../src/model/params';
import { Dataset } from '../../src/data/dataset';
import { doubleBackpropHvp, objectiveHvp, objectiveValueAndGrad } from '../../src/curvature/hvp';
import { objectiveValue } from '../../src/objective/objective-value';
import { DEFAULT_KEPT_BYTES } from '../../src/curvature/point-hvp';
import { bytesFor, passMemory } from '../../src/curvature/pass-memory';
import { ConfigError } from '../../src/config/validate-run-config';
import { Experiment, objectiveFor } from '../../src/train/experiment';
import { RunConfig, resolveRunConfig } from '../../src/train/run-config';
import { wasmMemoryPlan } from '../../src/train/wasm-memory-plan';
import { hvpMemoryPlan } from '../../src/curvature/hvp-memory-plan';
import { isPlanned } from '../../src/curvature/heap-fit';
import { hessianOperator, sharpness } from '../../src/curvature/sharpness';
import { runExperiment } from '../../src/train/run-experiment';
import { experimentScale } from '../../src/experiments/scale';
import { figureConfig } from '../../src/experiments/base-config';

before(async () => { await initBackend(); });

/** n random CIFAR-shaped images (the plan looks at shapes, not values). */
function images(n: number): Dataset {
  const x = tf.randomNormal([n, 32, 32, 3], 0, 1, 'float32', 7);
  const y = tf.tensor2d(Float32Array.from({ length: n * 10 }, (_, i) => Number(i % 10 === Math.floor(i / 10) % 10)), [n, 10]);
  return { x, y, n, layout: 'nhwc', description: { dataset: 'test', n } };
}

/** What `f` throws (undefined when it returns). */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

const RESNET: ModelSpec = { arch: 'resnet34', widthMultiplier: 0.125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu', init: 'he-fan-out', residualScale: 0.25 };

function experiment(n: number): Experiment {
  const model = createModel(RESNET);
  const train = images(n);
  return { model, objective: objectiveFor(model, 'mse', 0), train, measure: train, dispose: () => tf.dispose([train.x, train.y]) };
}

function config(n: number, chunkSize: number, every: number): Required<RunConfig> {
  return resolveRunConfig({
    seed: 0, data: { source: 'synthetic', task: 'teacher', n }, model: RESNET, loss: 'mse', weightDecay: 0,
    tuner: { kind: 'constant', stepSize: 0.05 }, steps: 1, sharpness: { every }, chunkSize,
  });
}

test('passMemory fits fixed + per-example bytes exactly for a pass of known size', async () => {
  const data = images(8);
  try {
    const m = passMemory(data, (rows) => tf.tidy(() => { tf.fill([500], 2); tf.fill([rows.n, 1000], 1); }));
    assert.equal(m.bytesPerExample, 4000);
    assert.equal(m.fixedBytes, 2000);
    assert.equal(bytesFor(m, 1000), 4_002_000);
  } finally {
    tf.dispose([data.x, data.y]);
  }
});

test('the fitted line predicts a ResNet34 ×1/8 HVP on 48 images within 10%', async () => {
  const exp = experiment(48);
  const params = exp.model.init(0);
  try {
    const pass = (rows: Dataset) => disposeParams(objectiveHvp(exp.objective, params, rows, params));
    const m = passMemory(exp.train, pass);
    const before = tf.memory().numBytes;
    const actual = (await tf.profile(() => pass(exp.train))).peakBytes - before;
    assert.ok(Math.abs(bytesFor(m, 48) / actual - 1) < 0.1, `predicted ${bytesFor(m, 48)} bytes, peak was ${actual}`);
  } finally {
    disposeParams(params);
    exp.dispose();
  }
});

test('ResNet34 ×1/8 with chunks of 1000: a ConfigError naming a chunkSize that fits, which then passes', async (t) => {
  if (tf.getBackend() !== 'wasm') return t.skip('the plan is for the wasm heap');
  const exp = experiment(1000);
  const params = exp.model.init(0);
  try {
    // The HVP needs ≈ 6.5 MB per example (measured as heap growth): 1000 do not fit in 4 GiB, ≈ 560 do.
    const err = thrown(() => wasmMemoryPlan(exp, config(1000, 1000, 1), params));
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.match(err.message, /^chunkSize 1000 does not fit the wasm heap: this model's HVP needs ≈ 6\.\d MB per example/);
    const fits = Number(/Set chunkSize ≤ (\d+)/.exec(err.message)?.[1]);
    assert.ok(fits >= 450 && fits <= 650, `suggested ${fits}`);
    // The gradient alone (no sharpness) fits with chunks of 1000 (≈ 3 MB per example).
    assert.deepEqual(wasmMemoryPlan(exp, config(1000, 1000, 0), params), { keptBytes: DEFAULT_KEPT_BYTES });
    // The suggested chunk fits, with (almost) nothing left for the solve's cache; half of it leaves room.
    assert.ok(wasmMemoryPlan(exp, config(1000, fits, 1), params).keptBytes < 2 ** 26);
    const half = wasmMemoryPlan(exp, config(1000, Math.floor(fits / 2), 1), params);
    assert.ok(half.keptBytes > 2 ** 30 && half.keptBytes <= DEFAULT_KEPT_BYTES, `kept ${half.keptBytes}`);
    // A run's plan covers its passes and its solve's cache together: its objective is not checked again per call.
    assert.ok(isPlanned(exp.objective));
    // The same check outside a run, on a notebook's own objective: \`sharpness\` makes it, \`sharpness-lab sharpness\` names its own option.
    const obj = objectiveFor(exp.model, 'mse', 0);
    assert.ok(!isPlanned(obj));
    await assert.rejects(sharpness(obj, params, exp.measure, { chunkSize: 1000 }), /^ConfigError: chunkSize 1000 does not fit the wasm heap/);
    assert.throws(() => hvpMemoryPlan(obj, params, exp.measure, 1000, { knob: '--chunk' }), /^ConfigError: --chunk 1000 does not fit the wasm heap/);
    // The lower-level calls check too, before their first chunk (they used to abort the module mid-pass).
    const live = tf.memory().numTensors;
    assert.throws(() => objectiveHvp(obj, params, exp.train, params), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's HVP/);
    assert.throws(() => doubleBackpropHvp(obj, params, exp.train, params), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's double-backprop HVP/);
    const op = hessianOperator(obj, params, exp.measure);
    assert.throws(() => op.applyParams(params), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's HVP/);
    op.dispose();
    assert.equal(tf.memory().numTensors, live, 'a refused pass leaves no tensor behind');
    // The chunk the error names runs: one HVP over all 1000 images.
    const hv = objectiveHvp(obj, params, exp.train, params, { chunkSize: fits });
    assert.ok(hv.every((p) => p.value.dataSync().every(Number.isFinite)));
    disposeParams(hv);
  } finally {
    disposeParams(params);
    exp.dispose();
  }
});

test('the public passes check on wasm before their first chunk: the first check measures the pass, later ones run no kernel', async (t) => {
  if (tf.getBackend() !== 'wasm') return t.skip('the plan is for the wasm heap');
  // One hidden layer of 10⁶ units: ≈ 53 MB per example for a gradient (the loss needs less): chunks of 1000 cannot fit.
  const model = createModel({ arch: 'mlp', inputDim: 2, hidden: [1_000_000], outputDim: 1, activation: 'tanh' });
  const obj = objectiveFor(model, 'mse', 0);
  const params = model.init(0);
  const data: Dataset = { x: tf.randomNormal([1000, 2], 0, 1, 'float32', 3), y: tf.zeros([1000, 1]), n: 1000, layout: 'flat', description: { dataset: 'test', n: 1000 } };
  try {
    const live = tf.memory().numTensors;
    const first = await tf.profile(() => assert.throws(() => objectiveValueAndGrad(obj, params, data), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's gradient needs ≈ 5\d\.\d MB per example/));
    assert.ok(first.kernels.length > 0, 'the first check probes the pass on a few rows (inside a caller\'s tf.profile, its kernels are in that profile)');
    const again = await tf.profile(() => assert.throws(() => objectiveValueAndGrad(obj, params, data), ConfigError));
    assert.equal(again.kernels.length, 0, 'a later check reuses the measured line');
    assert.throws(() => objectiveValue(obj, params, data), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's loss/);
    assert.equal(tf.memory().numTensors, live);
    // The chunk the error names passes, and so do chunks of a few rows (never checked).
    const fits = Number(/Set chunkSize ≤ (\d+)/.exec(String(thrown(() => objectiveValue(obj, params, data))))?.[1]);
    assert.ok(fits > 100 && fits < 1000, `suggested ${fits}`);
    assert.ok(Number.isFinite(objectiveValue(obj, params, data, fits)));
    assert.ok(Number.isFinite(objectiveValue(obj, params, data, 4)));
  } finally {
    disposeParams(params);
    tf.dispose([data.x, data.y]);
  }
});

test('a run whose chunks cannot fit stops before its first step: status failed, the ConfigError as its message, no records', async (t) => {
  if (tf.getBackend() !== 'wasm') return t.skip('the plan is for the wasm heap');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-plan-'));
  try {
    // One hidden layer of 10⁶ units: ≈ 53 MB per example for a gradient, 52 GiB for the default chunk of 1000.
    const wide: RunConfig = {
      seed: 0, data: { source: 'synthetic', task: 'teacher', n: 1000, options: { inputDim: 2 } },
      model: { arch: 'mlp', inputDim: 2, hidden: [1_000_000], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.1 }, steps: 3, sharpness: { every: 0 },
    };
    await assert.rejects(runExperiment(wide, { root }), /^ConfigError: chunkSize 1000 does not fit the wasm heap: this model's gradient needs/);
    const [dir] = fs.readdirSync(root).map((d) => path.join(root, d));
    const status = JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')) as { state: string; message: string };
    assert.equal(status.state, 'failed');
    assert.match(status.message, /Set chunkSize ≤ \d+/);
    assert.equal(fs.existsSync(path.join(dir, 'records.jsonl')) ? fs.readFileSync(path.join(dir, 'records.jsonl'), 'utf8') : '', '');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the paper preset's full-width conv runs fit: their chunk sizes pass the plan, the default 1000 would not", async (t) => {
  if (tf.getBackend() !== 'wasm') return t.skip('the plan is for the wasm heap');
  const paper = experimentScale('paper');
  for (const arch of ['vgg11', 'resnet34'] as const) {
    const a = paper.arch[arch];
    const model = createModel(a.model);
    const train = images(a.n);
    const measure: Dataset = { ...train, n: a.sharpness.measureSize! };
    const exp: Experiment = { model, objective: objectiveFor(model, 'mse', 0), train, measure, dispose: () => tf.dispose([train.x, train.y]) };
    const params = model.init(0);
    try {
      const resolved = resolveRunConfig(figureConfig(paper, arch, { kind: 'constant', stepSize: 0.01 }));
      assert.equal(resolved.chunkSize, a.chunkSize);
      const plan = wasmMemoryPlan(exp, resolved, params);
      assert.ok(plan.keptBytes > 0, `${arch}: nothing left for the solve's cache`);
      assert.throws(() => wasmMemoryPlan(exp, { ...resolved, chunkSize: 1000 }, params), ConfigError, arch);
    } finally {
      disposeParams(params);
      exp.dispose();
    }
  }
});
