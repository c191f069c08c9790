/** Claim checks (PAPER.md §5) on hand-made summaries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armijoChecks, edgeOfStabilityChecks, polyakChecks } from '../../src/analysis/claims';
import { RunSummary } from '../../src/analysis/summary';

const row = (run: string, method: string, o: Partial<RunSummary>): RunSummary => ({
  run, method, arch: 'mlp', batch: 'full', setting: '', status: 'finished', steps: 100, final_loss: 0.1, best_loss: 0.1,
  steps_to_target: NaN, median_eta_lambda: NaN, frac_above_2: NaN, final_lambda: NaN, lambda_slope: NaN,
  diverged: false, total_hvps: 0, ...o,
});
const rows = [
  row('c1', 'constant', { setting: 'η=0.1', final_loss: 0.05, median_eta_lambda: 1.95 }),
  row('c2', 'constant', { setting: 'η=0.2', final_loss: 0.08, median_eta_lambda: 2.5 }),
  row('c3', 'constant', { setting: 'η=0.4', final_loss: Infinity, diverged: true }),
  row('a', 'armijo-optax', { final_loss: 0.07, lambda_slope: 0.3, median_eta_lambda: 1.9 }),
  row('p', 'polyak', { final_loss: 0.01, median_eta_lambda: 2.1, frac_above_2: 0.6 }),
];

test('C9 is checked on every constant run that did not diverge, against [1.8, 2.2]', () => {
  assert.deepEqual(edgeOfStabilityChecks(rows).map((c) => [c.run, c.holds]), [['c1', true], ['c2', false]]);
});

test('C1–C2 compare Armijo with the best constant (η=0.1) and read its slope and η·λ', () => {
  const checks = armijoChecks(rows);
  assert.deepEqual(checks.map((c) => c.holds), [true, true, true]);
  assert.equal(checks[0].value, 0.07 / 0.05);
  assert.match(checks[0].quantity, /η=0.1/);
});

test('C3–C4 hold for a Polyak run beyond the edge with the lowest loss; NaN values never hold', () => {
  assert.deepEqual(polyakChecks(rows).map((c) => c.holds), [true, true, true]);
  const unmeasured = polyakChecks([row('p', 'polyak', { final_loss: 0.01 })]);
  assert.deepEqual(unmeasured.map((c) => c.holds), [false, false, false]);
});
