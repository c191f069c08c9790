/**
 * A Slurm task gets only a run folder: readPlannedRun hands back the config when this process would
 * store the run under that folder's name, and otherwise refuses, naming what differs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { planRun } from '../../src/store/plan-run';
import { readPlannedRun } from '../../src/train/planned-run';
import { runIdentity } from '../../src/train/run-identity';
import { RunConfig } from '../../src/train/run-config';

const CONFIG: RunConfig = {
  seed: 1, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [8], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 5, sharpness: { every: 0 },
};

test('a planned run folder gives back its config and runs folder on the same compute path', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-planned-'));
  try {
    const backend = await initBackend();
    const planned = planRun(runIdentity(CONFIG, backend), { root, write: true });
    assert.equal(planned.state, 'new');
    const { config, root: back } = readPlannedRun(planned.dir, backend);
    assert.equal(back, root);
    assert.equal(config.steps, 5);
    assert.equal(planRun(runIdentity(config, backend), { root }).dir, planned.dir);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a run planned for another compute path or thread count is refused, naming the difference', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-planned-'));
  try {
    const backend = await initBackend();
    const elsewhere = { ...runIdentity(CONFIG, backend), backend: 'tensorflow', versions: { ...backend.versions, 'blas-threads': '4' } };
    delete (elsewhere.versions as Record<string, string>).node;
    const planned = planRun(elsewhere, { root, write: true });
    assert.throws(() => readPlannedRun(planned.dir, backend),
      new RegExp(`would store the run as [0-9a-f]+: backend tensorflow planned, ${backend.path.replace('+', '\\+')} here; blas-threads 4 planned, ${backend.versions['blas-threads'] ?? '\\(none\\)'} here`));
    assert.throws(() => readPlannedRun(path.join(root, 'nothing-here'), backend), /config\.json: not found/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
