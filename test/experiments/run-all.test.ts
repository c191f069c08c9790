/**
 * runAll on tiny synthetic runs in a temporary store: trains once, reuses on the second call,
 * tags every run, and stops cleanly on an aborted signal.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAll, uniqueConfigs } from '../../src/experiments/run-all';
import { RunConfig } from '../../src/train/run-config';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'run-all-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const tiny = (stepSize: number): RunConfig => ({
  seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 8, options: { degree: 2 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [4], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize }, steps: 5, sharpness: { every: 5 },
});
const quiet = { update: () => undefined, done: () => undefined };

test('runAll trains each distinct config once, then reuses them, tagging label and method', async () => {
  const lines: string[] = [];
  const configs = [tiny(0.1), tiny(0.05), tiny(0.1)];
  assert.equal(uniqueConfigs(configs).length, 2);
  const first = await runAll(configs, { label: 'T', root, display: quiet, log: (s) => lines.push(s) });
  assert.equal(first.length, 2);
  assert.deepEqual(first.map((r) => [r.label, r.method, r.reused, r.status]), [
    ['mlp · constant η=0.1 · full batch', 'constant', false, 'finished'],
    ['mlp · constant η=0.05 · full batch', 'constant', false, 'finished'],
  ]);
  assert.equal(first[0].records.length, 6);
  assert.equal(first[0].eta, 0.1);
  const second = await runAll(configs, { root, display: quiet, log: (s) => lines.push(s) });
  assert.deepEqual(second.map((r) => r.reused), [true, true]);
  assert.deepEqual(second.map((r) => r.hash), first.map((r) => r.hash));
  assert.match(lines[0], /^T mlp · constant η=0.1 · full batch: finished in [\d.]+ s {2}\[[0-9a-f]{16}\]$/);
});

test('an aborted signal starts no run and says how to resume', async () => {
  const lines: string[] = [];
  const runs = await runAll([tiny(0.2)], { root, signal: AbortSignal.abort(), display: quiet, log: (s) => lines.push(s) });
  assert.equal(runs.length, 0);
  assert.match(lines.join('\n'), /interrupted; run the cell again to resume/);
});
