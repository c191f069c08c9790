/**
 * No tensor leaks in the training loop: the live tensor count sampled after every step from step
 * 10 on stays exactly the same, with sharpness measurements, line-search trials, HVPs (CDAT) and
 * oracle solves, in full-batch and mini-batch modes; after the loop nothing is left behind.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select-backend';
import { disposeParams } from '../../src/model/params';
import { buildExperiment } from '../../src/train/experiment';
import { RunConfig, resolveRunConfig } from '../../src/train/run-config';
import { trainLoop } from '../../src/train/train-loop';
import { createTuner, TunerConfig } from '../../src/tuners/create-tuner';
import { collectingHooks, initialState } from './helpers';

before(async () => { await initBackend(); });

function config(tuner: TunerConfig, batchSize: number | 'full', tunerBatch: 'same' | 'independent', steps: number): RunConfig {
  return {
    seed: 1,
    data: { source: 'synthetic', task: 'teacher', n: 48, options: { inputDim: 5, hiddenWidths: '6' } },
    model: { arch: 'mlp', inputDim: 5, hidden: [12], outputDim: 1, activation: 'tanh' },
    loss: 'mse', weightDecay: 1e-3, tuner, steps, batchSize, tunerBatch,
    sharpness: { every: 10, k: 2 }, fullLossEvery: 7,
  };
}

const CASES: [string, RunConfig][] = [
  ['Armijo optax, mini-batch, independent tuner batch', config({ kind: 'armijo', preset: 'optax' }, 16, 'independent', 1001)],
  ['Polyak, full batch', config({ kind: 'polyak', etaMax: 1 }, 'full', 'same', 1001)],
  ['Armijo sls, full batch', config({ kind: 'armijo', preset: 'sls' }, 'full', 'same', 150)],
  ['CDAT with EMA, mini-batch', config({ kind: 'cdat', sigma: 2, ema: 0.9 }, 12, 'same', 150)],
  ['oracle (a sharpness solve per step), full batch', config({ kind: 'oracle', theta: 0.9 }, 'full', 'same', 50)],
];

for (const [name, raw] of CASES) {
  const steps = raw.steps;
  test(`${name}: tf.memory().numTensors is identical after every step from 10 to ${steps - 1}, and zero growth overall`, async () => {
    const liveBefore = tf.memory().numTensors;
    const resolved = resolveRunConfig(raw);
    const exp = await buildExperiment(resolved);
    const counts = new Map<number, number>();
    const { hooks, rows } = collectingHooks({ onProgress: (p) => { counts.set(p.step, tf.memory().numTensors); } });
    const tuner = createTuner(resolved.tuner);
    const start = initialState(exp, resolved.seed, tuner.init());
    const { status, state } = await trainLoop(exp, resolved, tuner, start, hooks);
    assert.equal(status, 'finished');
    assert.equal(rows.length, steps + 1);
    assert.ok(rows.filter((r) => r.lambda_1 !== undefined).length >= steps / 10, 'sharpness was measured');
    const at10 = counts.get(10)!;
    for (let k = 10; k < steps; k++) assert.equal(counts.get(k), at10, `live tensors at step ${k} vs step 10`);
    if (state.params !== start.params) disposeParams(state.params);
    disposeParams(start.params);
    exp.dispose();
    assert.equal(tf.memory().numTensors, liveBefore, 'tensors left after the loop and its data were disposed');
  });
}

test('a loop aborted inside a sharpness measurement returns aborted at that step and leaks no tensors', async () => {
  const liveBefore = tf.memory().numTensors;
  const resolved = resolveRunConfig({ ...config({ kind: 'armijo', preset: 'sls' }, 'full', 'same', 50), checkpointEvery: 1000 });
  const exp = await buildExperiment(resolved);
  const controller = new AbortController();
  const checkpoints: number[] = [];
  const { hooks, rows } = collectingHooks({
    signal: controller.signal,
    onCheckpoint: async (s) => { checkpoints.push(s.step); },
    // no checkpoint await follows step 9, so the queued abort fires inside step 10's Lanczos solve
    onProgress: (p) => { if (p.step === 9) queueMicrotask(() => controller.abort()); },
  });
  const tuner = createTuner(resolved.tuner);
  const start = initialState(exp, resolved.seed, tuner.init());
  const outcome = await trainLoop(exp, resolved, tuner, start, hooks).then((r) => r, (err: Error) => err);
  if (!(outcome instanceof Error) && outcome.state.params !== start.params) disposeParams(outcome.state.params);
  disposeParams(start.params);
  exp.dispose();
  assert.ok(!(outcome instanceof Error), `trainLoop threw ${outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : ''}`);
  assert.equal(outcome.status, 'aborted');
  assert.equal(outcome.state.step, 10);
  assert.equal(rows.length, 10, 'rows 0…9 only');
  assert.deepEqual(checkpoints, [10], 'a checkpoint of w_10 to resume from');
  assert.equal(tf.memory().numTensors, liveBefore, 'tensors left after an abort mid-measurement');
});
