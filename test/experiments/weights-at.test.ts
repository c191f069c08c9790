/**
 * weightsAt: the weights after k updates are the bytes the figure run (λ₁ measured) has at step k,
 * step 0 is the initialisation, and a store that lost its checkpoint trains again to the same bytes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { weightsAt } from '../../src/experiments/weights-at';
import { runExperiment } from '../../src/train/run-experiment';
import { loadCheckpoint } from '../../src/checkpoint/load-checkpoint';
import { flatten, disposeParams } from '../../src/model/params';
import { initBackend } from '../../src/backend/select-backend';
import { RunConfig } from '../../src/train/run-config';

before(async () => { await initBackend(); });

const CONFIG: RunConfig = {
  seed: 4, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [16, 16], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'polyak' }, steps: 30, sharpness: { every: 3 }, checkpointEvery: 100,
};

test('the weights at step k equal the measured run\'s checkpoint at k; step 0 is the initialisation; a lost checkpoint is retrained', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-weights-'));
  try {
    const measured = await runExperiment({ ...CONFIG, steps: 12 }, { root: path.join(dir, 'figure') });
    const reference = await loadCheckpoint(path.join(measured.dir, 'checkpoint'));
    const w = await weightsAt(CONFIG, 12, { root: path.join(dir, 'weights') });
    assert.deepEqual(Array.from(flatten(w.params)), Array.from(flatten(reference.params)));
    const init = await weightsAt(CONFIG, 0, { root: path.join(dir, 'weights') });
    const fresh = init.experiment.model.init(CONFIG.seed);
    assert.deepEqual(Array.from(flatten(init.params)), Array.from(flatten(fresh)));
    const runDir = fs.readdirSync(path.join(dir, 'weights'))[0];
    fs.rmSync(path.join(dir, 'weights', runDir, 'checkpoint'), { recursive: true });
    const again = await weightsAt(CONFIG, 12, { root: path.join(dir, 'weights') });
    assert.deepEqual(Array.from(flatten(again.params)), Array.from(flatten(reference.params)));
    for (const x of [w, init, again]) x.dispose();
    disposeParams(fresh);
    disposeParams(reference.params);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('for the oracle tuner, whose steps read λ₁, the weights still equal the measured run\'s (its measurements are kept)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-weights-'));
  try {
    const oracle: RunConfig = { ...CONFIG, tuner: { kind: 'oracle', theta: 1 } };
    const measured = await runExperiment({ ...oracle, steps: 9 }, { root: path.join(dir, 'figure') });
    const reference = await loadCheckpoint(path.join(measured.dir, 'checkpoint'));
    const w = await weightsAt(oracle, 9, { root: path.join(dir, 'weights') });
    assert.deepEqual(Array.from(flatten(w.params)), Array.from(flatten(reference.params)));
    w.dispose();
    disposeParams(reference.params);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
