/**
 * recordsTable: one tidy row per run and step, metadata from the RESOLVED config (a default
 * counts as its value), every column on every row, and a custom analysis done on the table alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { op } from 'arquero';
import { recordsTable, TabulatedRun } from '../../src/analysis/records-table';
import { RunConfig } from '../../src/train/run-config';

const base: RunConfig = {
  seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [16, 16], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 3, sharpness: { every: 2 },
};
const run = (config: RunConfig, label: string, etas: number[]): TabulatedRun => ({
  config, label, method: config.tuner.kind, hash: label.replace(/\W/g, ''), status: 'finished',
  records: etas.map((eta, step) => ({ step, loss: 1 / (step + 1), step_size: eta, ...(step % 2 === 0 ? { lambda_1: 30 + step } : {}) })),
});

test('one row per run and step, with resolved metadata columns and nulls where a record has no value', () => {
  const runs = [
    run(base, 'constant 0.05', [0.05, 0.05, 0.05]),
    run({ ...base, seed: 1, batchSize: 8, tuner: { kind: 'armijo' } }, 'armijo seed 1', [0.5, 0.4, 0.45]),
  ];
  const t = recordsTable(runs, { scale: 'smoke' });
  assert.equal(t.numRows(), 6);
  for (const c of ['run', 'label', 'status', 'scale', 'arch', 'width', 'n', 'batch', 'seed', 'objective', 'tuner', 'tuner_stepSize', 'tuner_c', 'step', 'loss', 'step_size', 'lambda_1']) {
    assert.ok(t.columnNames().includes(c), `missing column ${c}: ${t.columnNames().join(', ')}`);
  }
  const rows = t.objects() as Record<string, unknown>[];
  assert.deepEqual(rows.map((r) => [r.tuner, r.batch, r.seed, r.step]), [
    ['constant', 'full', 0, 0], ['constant', 'full', 0, 1], ['constant', 'full', 0, 2],
    ['armijo-optax', 8, 1, 0], ['armijo-optax', 8, 1, 1], ['armijo-optax', 8, 1, 2],
  ]);
  assert.equal(rows[3].tuner_c, 1e-4); // the optax preset's default, resolved
  assert.equal(rows[0].tuner_c, null);
  assert.equal(rows[0].tuner_stepSize, 0.05);
  assert.equal(rows[1].lambda_1, null);
  assert.equal(rows[2].lambda_1, 32);
  assert.equal(rows[0].width, 16);
  assert.equal(rows[0].scale, 'smoke');
  assert.equal(rows[0].objective, 'mse');
  assert.equal(rows[1].loss, 0.5, "the record's loss value, not the config's loss name");
});

test('a custom analysis in cells: derive η·λ₁, group by tuner, aggregate', () => {
  const t = recordsTable([run(base, 'c', [0.05, 0.05, 0.05]), run({ ...base, tuner: { kind: 'polyak' } }, 'p', [0.06, 0.08, 0.07])]);
  const out = t.filter((d: Record<string, number>) => d.lambda_1 !== null)
    .derive({ eta_lambda: (d: Record<string, number>) => d.step_size * d.lambda_1 })
    .groupby('tuner').rollup({ max_eta_lambda: op.max('eta_lambda'), samples: op.count() })
    .orderby('tuner').objects() as Record<string, number>[];
  assert.equal(out.length, 2);
  assert.equal(out[0].tuner as unknown as string, 'constant');
  assert.ok(Math.abs(out[0].max_eta_lambda - 0.05 * 32) < 1e-12);
  assert.ok(Math.abs(out[1].max_eta_lambda - 0.07 * 32) < 1e-12);
  assert.deepEqual(out.map((r) => r.samples), [2, 2]);
});
