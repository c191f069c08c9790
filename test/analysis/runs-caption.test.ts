/** Figures say what they show: data size, steps and seeds from the runs' configs, under the title. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runsCaption, withCaption } from '../../src/analysis/runs-caption';
import { stepFigure } from '../../src/analysis/step-figures';
import { RunConfig } from '../../src/train/run-config';

const config = (seed: number, n = 512, steps = 300): RunConfig => ({
  seed, data: { source: 'cifar10', n }, model: { arch: 'mlp', inputDim: 3072, hidden: [200, 200], outputDim: 10, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps, sharpness: { every: 25 },
});
const run = (c: RunConfig, label: string) => ({ config: c, label, method: 'constant', eta: 0.05, records: [{ step: 0, loss: 1, lambda_1: 40 }, { step: 1, loss: 0.5 }] });

test('the caption names the data size, steps and seeds; runs without configs give none', () => {
  assert.equal(runsCaption([run(config(0), 'a')]), 'CIFAR-10, first 512 images · 300 steps · seed 0');
  assert.equal(runsCaption([run(config(0), 'a'), run(config(1), 'b'), run(config(2), 'c')]), 'CIFAR-10, first 512 images · 300 steps · seeds 0–2');
  assert.equal(runsCaption([{ label: 'model', method: 'constant', records: [] }]), '');
  assert.equal(withCaption('T', ''), 'T');
  const fig = stepFigure([run(config(0), 'a')], 'loss');
  assert.equal((fig.layout!.title as { text: string }).text, 'Training loss<br><sup>CIFAR-10, first 512 images · 300 steps · seed 0</sup>');
});
