/**
 * A run whose data cannot be loaded (found only after its folder exists) ends `failed`, with its
 * lock released and one line naming the problem: never a folder left `running` behind a dead lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

test('a data error after the run folder exists leaves the run failed, unlocked, and says why in one line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-data-error-'));
  try {
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({
      seed: 0, data: { source: 'cifar10', n: 16 }, model: { arch: 'mlp', inputDim: 3072, hidden: [8], outputDim: 10, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.01 }, steps: 3, sharpness: { every: 0 },
    }));
    const root = path.join(dir, 'runs');
    const r = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CIFAR10_DIR: path.join(dir, 'no-such-folder') } });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /CIFAR-10 folder .*no-such-folder .*does not exist/);
    const [run] = fs.readdirSync(root);
    const status = JSON.parse(fs.readFileSync(path.join(root, run, 'status.json'), 'utf8')) as { state: string };
    assert.equal(status.state, 'failed');
    assert.ok(!fs.existsSync(path.join(root, run, 'run.lock')), 'the lock was left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
