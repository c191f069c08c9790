/**
 * Figure builders: consistent method colours, 2/η lines for constant runs, the η·λ = 2 line, and
 * diverged grid points drawn as ✕ markers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStyles } from '../../src/analysis/run-styles';
import { stepFigure, trainingFigures } from '../../src/analysis/step-figures';
import { finalLossFigure } from '../../src/analysis/final-loss-figure';
import { batchSweepFigure } from '../../src/analysis/batch-sweep-figure';
import { summaryRows } from '../../src/analysis/summary';
import { RunLike } from '../../src/analysis/run-like';
import { methodColor } from '../../src/viz/colors';

const rec = (lambda: number) => [
  { step: 0, loss: 1, step_size: 0.1, lambda_1: lambda, eta_lambda: 0.1 * lambda, hvps: 3 },
  { step: 1, loss: 0.5, step_size: null },
];
const run = (label: string, method: string, eta = NaN, status = 'finished', setting = ''): RunLike =>
  ({ label, method, eta, status, setting, arch: 'mlp', batch: 'full', records: rec(10) });

test('tuners keep their method colour; a second run of the same method gets a dash, not a new colour', () => {
  const styles = runStyles([run('p1', 'polyak'), run('p2', 'polyak'), run('a', 'armijo-optax'), run('c', 'constant', 0.1)]);
  assert.equal(styles.get('p1')!.color, methodColor('polyak'));
  assert.equal(styles.get('p2')!.color, methodColor('polyak'));
  assert.notEqual(styles.get('p1')!.dash, styles.get('p2')!.dash);
  assert.equal(styles.get('a')!.color, methodColor('armijo-optax'));
  assert.match(styles.get('c')!.color, /^rgb\(/, 'constant baselines next to tuners are grey');
});

test('the sharpness panel has one dashed 2/η line per constant run, on a log axis', () => {
  const fig = stepFigure([run('c1', 'constant', 0.1), run('c2', 'constant', 0.04), run('p', 'polyak')], 'lambda_1');
  const ys = (fig.layout!.shapes as { y0: number; line: { dash: string } }[]).map((s) => s.y0).sort((a, b) => a - b);
  assert.deepEqual(ys, [20, 50]);
  assert.equal((fig.layout!.yaxis as { type?: string }).type, 'log');
  assert.equal(fig.data.length, 6, 'three runs, a legend entry per 2/η line (its label), invisible points that keep the lines in range');
  assert.deepEqual(fig.data.slice(3, 5).map((t) => t.name), ['2/η = 20', '2/η = 50']);
  assert.deepEqual(fig.data[5].y, [20, 50]);
});

test('the η·λ panel is linear with a dashed line at 2; the loss panel is log', () => {
  const figs = trainingFigures([run('c', 'constant', 0.1)]);
  const shapes = figs.etaLambda.layout!.shapes as { y0: number; line: { dash: string } }[];
  assert.deepEqual(shapes.map((s) => [s.y0, s.line.dash]), [[2, 'dash']]);
  assert.equal((figs.etaLambda.layout!.yaxis as { type?: string }).type, undefined);
  assert.equal((figs.loss.layout!.yaxis as { type?: string }).type, 'log');
});

test('the final-loss figure puts diverged grid points as ✕ above the others and tuners as dashed lines across the grid', () => {
  const rows = summaryRows([
    run('c1', 'constant', 0.1, 'finished', 'η=0.1'), run('c2', 'constant', 0.2, 'finished', 'η=0.2'),
    run('c3', 'constant', 0.4, 'diverged', 'η=0.4'), run('p', 'polyak', NaN, 'finished', 'γmax=1'),
  ]);
  const fig = finalLossFigure(rows);
  const [line, crosses] = fig.data as { x: number[]; y: number[] }[];
  assert.deepEqual(line.x, [0.1, 0.2]);
  assert.deepEqual(crosses.x, [0.4]);
  assert.ok(crosses.y[0] > 0.5);
  const polyak = fig.data[2] as { x: number[]; y: number[]; line: { dash: string } };
  assert.deepEqual([polyak.x, polyak.y, polyak.line.dash], [[0.1, 0.4], [0.5, 0.5], 'dash']);
});

test('the batch-size figure places full batch at n', () => {
  const rows = summaryRows([{ ...run('a', 'polyak'), batch: 16 }, run('b', 'polyak')]);
  const fig = batchSweepFigure(rows, 256);
  assert.deepEqual((fig.data[0] as { x: number[] }).x, [16, 256]);
});

test('legend names drop the parts every run shares, which become the legend title', () => {
  const runs = [run('mlp · constant η=0.1 · full batch', 'constant', 0.1), run('mlp · polyak γmax=1 · full batch', 'polyak')];
  const fig = stepFigure(runs, 'loss');
  assert.deepEqual(fig.data.map((t) => t.name), ['constant η=0.1', 'polyak γmax=1']);
  assert.deepEqual((fig.layout!.legend as { title: { text: string } }).title.text, 'mlp · full batch');
});
