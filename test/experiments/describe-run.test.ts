/** Labels name every tuner option a config sets, so runs that differ only there get their own legend entry and colour. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRun } from '../../src/experiments/describe-run';
import { tuners } from '../../src/experiments/base-config';
import { runStyles } from '../../src/analysis/run-styles';
import { legendNames } from '../../src/analysis/step-figures';
import { RunConfig } from '../../src/train/run-config';

const base: RunConfig = {
  seed: 0, data: { source: 'cifar10', n: 512 }, model: { arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: tuners.polyak(1), steps: 10, sharpness: { every: 0 },
};

test('three Polyak runs that differ only in c get three labels, legend names and dashes', () => {
  const runs = [0.5, 1, 2].map((c) => ({ ...describeRun({ ...base, tuner: tuners.polyak(1, { c }) }), records: [] }));
  assert.deepEqual(runs.map((r) => r.label), ['mlp · polyak γmax=1 c=0.5 · full batch', 'mlp · polyak γmax=1 c=1 · full batch', 'mlp · polyak γmax=1 c=2 · full batch']);
  const { names, common } = legendNames(runs);
  assert.deepEqual(runs.map((r) => names.get(r.label)), ['polyak γmax=1 c=0.5', 'polyak γmax=1 c=1', 'polyak γmax=1 c=2']);
  assert.equal(common, 'mlp · full batch');
  assert.equal(new Set([...runStyles(runs).values()].map((s) => s.dash)).size, 3);
});

test('the shorthands pass every option on, and labels keep their old form when only the main one is set', () => {
  assert.deepEqual(tuners.armijo('sls', { c: 0.3 }), { kind: 'armijo', preset: 'sls', c: 0.3 });
  assert.equal(describeRun({ ...base, tuner: tuners.armijo('optax', { c: 0.3, etaMax: 2 }) }).label, 'mlp · armijo-optax γmax=2 c=0.3 · full batch');
  assert.equal(describeRun({ ...base, tuner: tuners.cdat(2) }).label, 'mlp · cdat-2 · full batch');
  assert.equal(describeRun({ ...base, tuner: tuners.constant(0.1), seed: 1 }).label, 'mlp · constant η=0.1 · full batch · seed 1');
  assert.equal(describeRun({ ...base, tuner: tuners.constant(0.1), loss: 'cross-entropy' }).label, 'mlp · constant η=0.1 · full batch · cross-entropy');
});
