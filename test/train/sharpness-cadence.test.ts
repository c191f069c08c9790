/**
 * When λ₁ is measured, and what is recorded with it: the base cadence, the dense cadence near the
 * edge or after a step-size jump (the rule that makes C2/C3/C9 rest on many samples), and the
 * curvature along the step actually taken, which can never exceed λ₁ (a Rayleigh quotient).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { sharpnessDue } from '../../src/train/sharpness-schedule';
import { runExperiment } from '../../src/train/run-experiment';
import { RunConfig } from '../../src/train/run-config';

const CFG = { every: 10, denseEvery: 2 };

test('λ₁ is due every `every` steps, and every `denseEvery` steps near the edge or after a > 10% step-size change', () => {
  const due = (step: number, lastEtaLambda: number, recent?: [number, number]) => sharpnessDue(CFG, step, { lastEtaLambda, recentStepSizes: recent });
  assert.deepEqual([0, 2, 10].map((k) => due(k, NaN)), [true, false, true], 'base cadence before any measurement');
  assert.equal(due(4, 1.2), false, 'far below the edge: every 10');
  assert.equal(due(4, 1.6), true, 'η·λ₁ in [1.5, 2.5]: every 2');
  assert.equal(due(4, 2.6), false, 'beyond the band: every 10');
  assert.equal(due(4, 1.2, [0.1, 0.111]), true, 'a step-size jump of 11%: every 2');
  assert.equal(due(4, 1.2, [0.1, 0.109]), false, 'a change of 9% is not a jump');
  assert.equal(due(4, 1.2, [NaN, 0.5]), false, 'one update only: no jump yet');
  assert.equal(due(5, 1.6), false, 'dense is every 2, not every step');
  assert.equal(sharpnessDue({ every: 0, denseEvery: 2 }, 4, { lastEtaLambda: 2 }), false, 'every 0: never');
});

test('a Polyak run measures densely while its step jumps; ρ_step ≤ λ₁ and eta_rho = η·ρ_step wherever λ₁ is measured', { timeout: 120_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cadence-'));
  try {
    const config: RunConfig = {
      seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
      model: { arch: 'mlp', inputDim: 1, hidden: [20, 20], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'polyak', etaMax: 10 }, steps: 200,
      sharpness: { every: 20, denseEvery: 2, tol: 1e-4 },
    };
    const { records } = await runExperiment(config, { root });
    const measured = records.filter((r) => r.lambda_1 !== undefined);
    assert.ok(measured.length > 200 / 20 + 1, `dense measurements happened (${measured.length})`);
    const updates = measured.filter((r) => r.step_size !== null);
    assert.ok(updates.length > 0);
    for (const r of updates) {
      assert.ok(r.rho_step! <= r.lambda_1! * (1 + 1e-3), `step ${r.step}: ρ_step ${r.rho_step} > λ₁ ${r.lambda_1}`);
      assert.equal(r.eta_rho, r.step_size! * r.rho_step!);
    }
    // Every dense measurement off the base cadence is explained by the rule.
    for (let i = 1; i < records.length; i++) {
      const r = records[i];
      if (r.lambda_1 === undefined || r.step % 20 === 0) continue;
      const lastMeasured = [...records.slice(0, i)].reverse().find((x) => x.eta_lambda !== undefined);
      const prev = records[i - 2]?.step_size ?? NaN;
      const last = records[i - 1].step_size!;
      const near = lastMeasured !== undefined && lastMeasured.eta_lambda! >= 1.5 && lastMeasured.eta_lambda! <= 2.5;
      assert.ok(r.step % 2 === 0 && (near || Math.abs(last - prev) > 0.1 * Math.abs(prev)), `step ${r.step} measured without cause`);
    }
    assert.ok(records.every((r) => r.rho_step === undefined || r.lambda_1 !== undefined), 'ρ_step only where λ₁ is measured');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
