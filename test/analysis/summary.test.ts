/**
 * Run summaries against hand-computed values on small synthetic record sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRun, summaryRows, bestConstant, median } from '../../src/analysis/summary';
import { RunLike, Row } from '../../src/analysis/run-like';

/** Steps 0..8, loss 2^-k, λ = k² (λ₀ = 1) every 2 steps with 5 HVPs, η·λ = 0.5, 1.5, 2.5, 3 at 0, 2, 4, 6. */
function handRun(): RunLike {
  const etaLambda: Record<number, number> = { 0: 0.5, 2: 1.5, 4: 2.5, 6: 3 };
  const records: Row[] = Array.from({ length: 9 }, (_, k) => {
    const r: Row = { step: k, loss: 2 ** -k, step_size: k < 8 ? 0.1 : null };
    if (k % 2 === 0) Object.assign(r, { lambda_1: k === 0 ? 1 : k * k, hvps: 5 });
    if (etaLambda[k] !== undefined) r.eta_lambda = etaLambda[k];
    return r;
  });
  return { label: 'hand', method: 'constant', eta: 0.1, arch: 'mlp', batch: 'full', setting: 'η=0.1', status: 'finished', records };
}

test('summarizeRun gives the hand-computed final/best loss, target step, late η·λ median and HVP total', () => {
  const s = summarizeRun(handRun(), { lossTarget: 0.1 });
  assert.equal(s.final_loss, 1 / 256);
  assert.equal(s.best_loss, 1 / 256);
  assert.equal(s.steps_to_target, 4); // 2^-3 = 0.125 > 0.1, 2^-4 = 0.0625 ≤ 0.1
  assert.equal(s.median_eta_lambda, 2.75); // last half = steps ≥ 4: η·λ 2.5 and 3
  assert.equal(s.frac_above_2, 1);
  assert.equal(s.final_lambda, 64);
  assert.equal(s.total_hvps, 25);
  assert.equal(s.steps, 8);
  assert.equal(s.diverged, false);
});

test('the late sharpness slope of λ = t² is exactly 2', () => {
  const s = summarizeRun(handRun());
  assert.ok(Math.abs(s.lambda_slope - 2) < 1e-12, `slope ${s.lambda_slope}`);
});

test('a diverged run has final loss Infinity but keeps its best finite loss', () => {
  const records: Row[] = [{ step: 0, loss: 1 }, { step: 1, loss: 0.5 }, { step: 2, loss: 5e6 }];
  const s = summarizeRun({ label: 'd', method: 'constant', status: 'diverged', records });
  assert.equal(s.diverged, true);
  assert.equal(s.final_loss, Infinity);
  assert.equal(s.best_loss, 0.5);
  assert.ok(Number.isNaN(s.steps_to_target));
});

test('without a status, a NaN last loss counts as diverged', () => {
  const s = summarizeRun({ label: 'n', method: 'polyak', records: [{ step: 0, loss: 1 }, { step: 1, loss: NaN }] });
  assert.equal(s.diverged, true);
});

test('mini-batch runs are summarised on the full-batch loss, not the noisy batch loss', () => {
  const records: Row[] = [
    { step: 0, loss: 0.9, full_loss: 1 }, { step: 1, loss: 0.01 }, { step: 2, loss: 0.7, full_loss: 0.4 }, { step: 3, loss: 0.02 },
  ];
  const s = summarizeRun({ label: 'mb', method: 'armijo-optax', batch: 16, records }, { lossTarget: 0.5 });
  assert.equal(s.final_loss, 0.4);
  assert.equal(s.best_loss, 0.4);
  assert.equal(s.steps_to_target, 2);
  assert.equal(s.batch, 16);
});

test('CDAT steps count one HVP each on top of the sharpness HVPs', () => {
  const records: Row[] = [{ step: 0, loss: 1, hvps: 7, lambda_1: 3, cdat_gHg: 2 }, { step: 1, loss: 0.5, cdat_gHg: 1 }, { step: 2, loss: 0.4 }];
  assert.equal(summarizeRun({ label: 'c', method: 'cdat-2', records }).total_hvps, 9);
});

test('median ignores non-finite values and returns NaN for none', () => {
  assert.equal(median([3, 1, NaN, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([NaN])));
});

test('bestConstant picks the lowest final loss among constant runs (those with a step size η) that did not diverge', () => {
  const mk = (label: string, eta: number, loss: number, status = 'finished'): RunLike =>
    ({ label, method: 'any label', eta, status, records: [{ step: 0, loss: 1 }, { step: 1, loss }] });
  const rows = summaryRows([mk('a', 0.1, 0.3), mk('b', 0.2, 0.1), mk('c', 0.4, 0.01, 'diverged'), mk('p', NaN, 0.001)]);
  assert.equal(bestConstant(rows)?.run, 'b');
  assert.equal(bestConstant(rows)?.eta, 0.2);
  assert.equal(bestConstant(rows.filter((r) => !Number.isFinite(r.eta))), undefined);
});
