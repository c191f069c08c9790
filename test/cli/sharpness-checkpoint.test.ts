/**
 * `sharpness --checkpoint` finds the checkpoint's CIFAR-10 where the run read it, without
 * `$CIFAR10_DIR`; `--cifar-dir` and `$CIFAR10_DIR` override it; a folder that is gone gives the
 * usual "does not exist" message naming where to put the data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir, writeCifarFixture } from '../data/helpers/cifar-fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

function cli(args: string[], env: Record<string, string | undefined>) {
  const e: Record<string, string | undefined> = { ...process.env, CIFAR10_SKIP_MD5: '1', ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: e as NodeJS.ProcessEnv });
}

test('sharpness --checkpoint reads CIFAR-10 from where the run read it, with the usual overrides', () => {
  const dir = tempDir('sharpness-ckpt-');
  try {
    fs.mkdirSync(path.join(dir, 'cifar'));
    const data = writeCifarFixture({ perBatch: 20, dir: path.join(dir, 'cifar') });
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({
      seed: 0, data: { source: 'cifar10', n: 16, normalize: 'subset-stats' },
      model: { arch: 'mlp', inputDim: 3072, hidden: [8], outputDim: 10, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.01 }, steps: 3, sharpness: { every: 0 },
    }));
    const root = path.join(dir, 'runs');
    const trained = cli(['run', '--config', config, '--root', root], { CIFAR10_DIR: data.dir });
    assert.equal(trained.status, 0, trained.stderr);
    const run = /results: (\S+)/.exec(trained.stdout)![1];

    const fromCheckpoint = cli(['sharpness', '--checkpoint', run, '--tol', '1e-2'], { CIFAR10_DIR: undefined });
    assert.equal(fromCheckpoint.status, 0, fromCheckpoint.stderr);
    const lambda = JSON.parse(fromCheckpoint.stdout).values[0] as number;
    assert.ok(Number.isFinite(lambda) && lambda > 0, fromCheckpoint.stdout);

    // The recorded folder is gone: the usual lookup applies (here: an override that does not exist).
    const moved = path.join(dir, 'moved');
    fs.renameSync(data.dir, moved);
    const gone = cli(['sharpness', '--checkpoint', run], { CIFAR10_DIR: path.join(dir, 'nowhere') });
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /CIFAR-10 folder .*nowhere \(from \$CIFAR10_DIR\) does not exist/);
    // --cifar-dir and $CIFAR10_DIR find it again, with the same λ₁.
    for (const r of [cli(['sharpness', '--checkpoint', run, '--tol', '1e-2', '--cifar-dir', moved], { CIFAR10_DIR: undefined }),
      cli(['sharpness', '--checkpoint', run, '--tol', '1e-2'], { CIFAR10_DIR: moved })]) {
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).values[0], lambda);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
