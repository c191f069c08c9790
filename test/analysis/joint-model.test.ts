/**
 * The joint step-size/sharpness model (docs/claims.md) against its analytic predictions: a constant
 * step settles λ at 2/η, an Armijo-like rule η = σ/λ (σ < 2) makes λ² grow linearly (λ ∝ √t), the
 * 2/λ oracle sits exactly on the edge, and a Polyak-like rule spends much of its time beyond it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL, simulateJointModel } from '../../src/analysis/joint-model';
import { modelRun } from '../../src/analysis/model-runs';
import { summarizeRun } from '../../src/analysis/summary';

const lateHalf = <T>(rows: T[]) => rows.slice(Math.floor(rows.length / 2));

test('constant η: the sharpness rises to 2/η and oscillates around it (late mean within 2%)', () => {
  const eta = 0.1;
  const rows = simulateJointModel({ kind: 'constant', eta }, { steps: 20_000 });
  assert.equal(rows.length, 20_001);
  const late = lateHalf(rows);
  const mean = late.reduce((s, r) => s + r.lambda, 0) / late.length;
  assert.ok(Math.abs(mean - 2 / eta) / (2 / eta) < 0.02, `late mean λ ${mean}, 2/η = ${2 / eta}`);
  // Early on it sharpens progressively at rate η·α per step, well below the edge.
  assert.ok(Math.abs(rows[1000].lambda - (1 + 1000 * eta * DEFAULT_MODEL.alpha)) < 0.05);
});

test('Armijo-like η = σ/λ with σ = 1.5 < 2: η·λ = σ exactly and λ² grows linearly, λ_T² ≈ λ₀² + 2σαT', () => {
  const sigma = 1.5;
  const T = 10_000;
  const rows = simulateJointModel({ kind: 'armijo-like', sigma }, { steps: T });
  for (const r of rows) assert.ok(Math.abs(r.eta_lambda - sigma) < 1e-12);
  const predicted = DEFAULT_MODEL.lambda0 ** 2 + 2 * sigma * DEFAULT_MODEL.alpha * T;
  assert.ok(Math.abs(rows[T].lambda ** 2 / predicted - 1) < 0.01, `λ_T² ${rows[T].lambda ** 2} vs ${predicted}`);
  const s = summarizeRun(modelRun({ kind: 'armijo-like', sigma }, { steps: T }));
  assert.ok(Math.abs(s.lambda_slope - 0.5) < 0.02, `late slope ${s.lambda_slope} (λ ∝ √t)`);
  assert.ok(rows[T].eta < rows[100].eta / 5, 'the step size keeps falling');
});

test('the 2/λ oracle keeps η·λ = 2 and |x| constant, while λ grows without bound', () => {
  const rows = simulateJointModel({ kind: 'oracle', theta: 1 }, { steps: 5000, leak: 0 });
  for (const r of rows) assert.ok(Math.abs(r.eta_lambda - 2) < 1e-12);
  assert.ok(Math.abs(Math.abs(rows[5000].x) - DEFAULT_MODEL.x0) < 1e-15);
  assert.ok(rows[5000].lambda > 10 * rows[0].lambda);
});

test('Polyak-like (nearly uncapped) spends a good part of the late run beyond the edge and ends below the Armijo-like loss', () => {
  const polyak = summarizeRun(modelRun({ kind: 'polyak-like', etaMax: 100 }));
  const armijo = summarizeRun(modelRun({ kind: 'armijo-like', sigma: 1.5 }));
  assert.ok(polyak.frac_above_2 > 0.2, `fraction above 2: ${polyak.frac_above_2}`);
  assert.ok(polyak.final_loss < armijo.final_loss, `${polyak.final_loss} vs ${armijo.final_loss}`);
});

test('the simulation is deterministic and stops early when x blows up', () => {
  const a = simulateJointModel({ kind: 'polyak-like', etaMax: 1 }, { steps: 500 });
  const b = simulateJointModel({ kind: 'polyak-like', etaMax: 1 }, { steps: 500 });
  assert.deepEqual(a, b);
  const blown = simulateJointModel({ kind: 'constant', eta: 1 }, { alpha: 1, steps: 2000 });
  assert.ok(blown.length < 2001);
  assert.equal(modelRun({ kind: 'constant', eta: 1 }, { alpha: 1, steps: 2000 }).status, 'diverged');
});
