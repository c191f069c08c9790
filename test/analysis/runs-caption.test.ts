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
  assert.equal(runsCaption([run(config(0), 'a')]), 'default scale · CIFAR-10, first 512 images · 300 steps · seed 0');
  assert.equal(runsCaption([run(config(0), 'a'), run(config(1), 'b'), run(config(2), 'c')]), 'default scale · CIFAR-10, first 512 images · 300 steps · seeds 0–2');
  assert.equal(runsCaption([run(config(0, 64, 40), 'a')]), 'smoke scale · CIFAR-10, first 64 images · 40 steps · seed 0');
  assert.equal(runsCaption([run(config(0, 1000, 300), 'a')]), 'CIFAR-10, first 1000 images · 300 steps · seed 0', 'no preset has these sizes: no scale named');
  assert.equal(runsCaption([{ label: 'model', method: 'constant', records: [] }]), '');
  assert.equal(withCaption('T', ''), 'T');
  const fig = stepFigure([run(config(0), 'a')], 'loss');
  assert.equal((fig.layout!.title as { text: string }).text, 'Training loss<br><sup>default scale · CIFAR-10, first 512 images · 300 steps · seed 0</sup>');
});

test('runs that differ only in their seed are drawn as their mean with a min–max band', () => {
  const a = run(config(0), 'mlp · constant η=0.05 · full batch');
  const b = { ...run(config(1), 'mlp · constant η=0.05 · full batch · seed 1'), records: [{ step: 0, loss: 3, lambda_1: 60 }, { step: 1, loss: 1.5 }] };
  const other = { ...run({ ...config(0), tuner: { kind: 'constant', stepSize: 0.1 } }, 'mlp · constant η=0.1 · full batch'), eta: 0.1 };
  const fig = stepFigure([a, b, other], 'loss');
  const mean = fig.data.find((t) => String(t.name).includes('mean of 2 seeds'))!;
  assert.deepEqual(mean.y, [2, 1]);
  const band = fig.data.filter((t) => t.fill === 'tonexty' || (t.line as { width?: number }).width === 0);
  assert.equal(band.length, 2);
  assert.deepEqual(band[0].y, [1, 0.5]);
  assert.deepEqual(band[1].y, [3, 1.5]);
  assert.match(String(band[1].fillcolor), /^rgba\(/);
  assert.equal(fig.data.filter((t) => t.type === 'scatter' && t.mode !== 'markers' && !t.fill && (t.line as { width?: number }).width !== 0).length, 2, 'one line per setting');
  assert.match((fig.layout!.title as { text: string }).text, /seeds 0, 1/);
});
