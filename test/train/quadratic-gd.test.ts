/**
 * The trainer on quadratics with a known Hessian: gradient descent with a constant η converges
 * below 2/λ and diverges above it, at the rates (1 − ηλ)² that linear algebra predicts; the run
 * stops on the first row past the loss bound; the recorded sharpness is the known λ.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/select-backend';
import { syntheticDataset } from '../../src/data/synthetic-dataset';
import { disposeDataset } from '../../src/data/dataset';
import { disposeParams } from '../../src/model/params';
import { runExperiment } from '../../src/train/run-experiment';
import { RunConfig } from '../../src/train/run-config';
import { trainLoop } from '../../src/train/train-loop';
import { StepRecord } from '../../src/train/step-record';
import { createTuner } from '../../src/tuners/create-tuner';
import { jacobiEigenvalues } from '../oracle/jacobi';
import {
  collectingHooks, initialState, loopConfig, quadraticExperiment, relErr, removeDir, tempRoot,
} from './helpers';

before(async () => { await initBackend(); });

const SPECTRUM = [4, 2.5, 1, 0.5, 0.25];

async function runGd(eta: number, steps: number, extra: { lossBound?: number; every?: number } = {}) {
  const { exp, eigenvalues } = quadraticExperiment(SPECTRUM, 20, 3);
  const config = loopConfig({
    tuner: { kind: 'constant', stepSize: eta }, steps, lossBound: extra.lossBound,
    sharpness: { every: extra.every ?? 0, k: 2, tol: 1e-6 },
  });
  const { hooks, rows } = collectingHooks();
  const tuner = createTuner(config.tuner);
  const start = initialState(exp, 1, tuner.init());
  const { status, state } = await trainLoop(exp, config, tuner, start, hooks);
  if (state.params !== start.params) disposeParams(state.params);
  disposeParams(start.params);
  exp.dispose();
  return { status, state, rows, eigenvalues };
}

const losses = (rows: StepRecord[]): number[] => rows.map((r) => r.loss as number);

describe('constant GD on f(w) = (1/2n)‖Xw − y‖² with known XᵀX/n', () => {
  test('the fixture Hessian has the requested spectrum (float32 X moves it by < 1e-5)', () => {
    const { exp, eigenvalues } = quadraticExperiment(SPECTRUM, 20, 3);
    exp.dispose();
    eigenvalues.forEach((l, i) => assert.ok(relErr(l, SPECTRUM[i]) < 1e-5, `${eigenvalues}`));
  });

  test('η = 0.9·2/λ₁ converges monotonically to ~0 at the predicted rate, and λ₁, λ₂ are recorded to 1e-4', async () => {
    const probe = quadraticExperiment(SPECTRUM, 20, 3);
    probe.exp.dispose();
    const [l1, l2] = probe.eigenvalues;
    const eta = (0.9 * 2) / l1;
    const { status, rows } = await runGd(eta, 300, { every: 20 });
    assert.equal(status, 'finished');
    assert.equal(rows.length, 301);
    const f = losses(rows);
    for (let k = 0; k + 1 < f.length; k++) {
      assert.ok(f[k + 1] <= f[k] * (1 + 1e-5) + 1e-12 * f[0], `loss rose at step ${k}: ${f[k]} → ${f[k + 1]}`);
    }
    assert.ok(f[300] < 1e-10 * f[0], `final loss ${f[300]} from ${f[0]}`);
    // slowest mode: |1 − ηλ_min| = 1 − 0.45·0.25 (the top mode contracts by |1 − 1.8| = 0.8 < that)
    const rate = (1 - eta * Math.min(...probe.eigenvalues)) ** 2;
    assert.ok(Math.abs(f[51] / f[50] - rate) < 1e-3, `loss ratio ${f[51] / f[50]} vs ${rate}`);
    const measured = rows.filter((r) => r.lambda_1 !== undefined);
    assert.equal(measured.length, 16);
    for (const r of measured) {
      assert.ok(relErr(r.lambda_1 as number, l1) < 1e-4, `step ${r.step}: λ₁ ${r.lambda_1} vs ${l1}`);
      assert.ok(relErr(r.lambda_2 as number, l2) < 1e-4, `step ${r.step}: λ₂ ${r.lambda_2} vs ${l2}`);
      if (r.step !== 300) assert.ok(Math.abs((r.eta_lambda as number) - 1.8) < 2e-4);
    }
  });

  test('η = 1.1·2/λ₁ diverges: status diverged at the first row past the loss bound, growth (1 − ηλ₁)² per step', async () => {
    const probe = quadraticExperiment(SPECTRUM, 20, 3);
    probe.exp.dispose();
    const l1 = probe.eigenvalues[0];
    const eta = (1.1 * 2) / l1;
    const { status, state, rows } = await runGd(eta, 1000, { every: 10 });
    assert.equal(status, 'diverged');
    const f = losses(rows);
    const last = rows.length - 1;
    assert.equal(state.step, last);
    assert.equal(rows[last].step, last);
    assert.ok(f[last] > 1e6, `last loss ${f[last]}`);
    assert.ok(f.slice(0, last).every((v) => v <= 1e6), 'no earlier row crossed the bound');
    assert.ok(last < 200, `took ${last} steps to diverge`);
    assert.equal(rows[last].step_size, null, 'no update from the diverged row');
    assert.ok(rows.slice(0, last).every((r) => r.step_size === eta));
    const growth = (1 - eta * l1) ** 2;
    assert.ok(Math.abs(f[last] / f[last - 1] - growth) < 1e-3, `growth ${f[last] / f[last - 1]} vs ${growth}`);
    for (const r of rows.filter((row) => row.lambda_1 !== undefined)) {
      assert.ok(relErr(r.lambda_1 as number, l1) < 1e-4, `step ${r.step}: λ₁ ${r.lambda_1}`);
    }
  });

  test('with an infinite loss bound the run stops at the first non-finite loss', async () => {
    const probe = quadraticExperiment(SPECTRUM, 20, 3);
    probe.exp.dispose();
    const { status, state, rows } = await runGd(200 / probe.eigenvalues[0], 1000, { lossBound: Infinity });
    assert.equal(status, 'diverged');
    const f = losses(rows);
    const last = rows.length - 1;
    assert.equal(state.step, last);
    assert.ok(!Number.isFinite(f[last]) || !Number.isFinite((rows[last].grad_norm as number) ** 2), `last row ${JSON.stringify(rows[last])}`);
    assert.ok(f.slice(0, last).every(Number.isFinite), 'earlier rows were finite');
    assert.ok(last > 3 && last < 40, `stopped at ${last}`);
  });
});

describe('divergence through runExperiment (an affine MLP is a quadratic in its parameters)', () => {
  let root = '';
  before(() => { root = tempRoot('quad'); });
  after(() => removeDir(root));

  test('η above 2/λ₁ of [X 1]ᵀ[X 1]/n is stored with status diverged, λ₁ recorded to 1e-4, and reused on re-run', async () => {
    const options = { degree: 4, features: 3 };
    const data = syntheticDataset('chebyshev', 20, 0, options);
    const x = data.x.dataSync();
    disposeDataset(data);
    // Hessian in parameter order: dense0/kernel (3), dense0/bias (1)
    const z = (i: number, a: number): number => (a < 3 ? x[i * 3 + a] : 1);
    const h = new Float64Array(16);
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      let s = 0;
      for (let i = 0; i < 20; i++) s += z(i, a) * z(i, b);
      h[a * 4 + b] = s / 20;
    }
    const lambda = jacobiEigenvalues(h, 4)[0];
    const config: RunConfig = {
      seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 20, options },
      model: { arch: 'mlp', inputDim: 3, hidden: [], outputDim: 1, activation: 'linear' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: (1.2 * 2) / lambda }, steps: 2000,
      sharpness: { every: 5, tol: 1e-6 },
    };
    const first = await runExperiment(config, { root });
    assert.equal(first.status, 'diverged');
    assert.equal(first.reused, false);
    const status = JSON.parse(fs.readFileSync(path.join(first.dir, 'status.json'), 'utf8'));
    assert.equal(status.state, 'diverged');
    assert.match(status.message, /loss left the bound/);
    const f = first.records.map((r) => r.loss as number);
    const last = f.length - 1;
    assert.ok(f[last] > 1e6 && f.slice(0, last).every((v) => v <= 1e6), 'stopped at the first row past 1e6');
    assert.ok(last < 500);
    const measured = first.records.filter((r) => r.lambda_1 !== undefined);
    assert.ok(measured.length >= 5);
    for (const r of measured) assert.ok(relErr(r.lambda_1 as number, lambda) < 1e-4, `step ${r.step}: ${r.lambda_1} vs ${lambda}`);
    const again = await runExperiment(config, { root });
    assert.equal(again.reused, true);
    assert.equal(again.status, 'diverged');
    assert.deepEqual(again.records, first.records);
  });
});
