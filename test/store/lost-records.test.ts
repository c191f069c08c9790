/**
 * Lost records as they happen in life: a run killed mid-way, then its records.jsonl cut short (a
 * bad copy, a torn sync). Resuming must refuse, naming the file, what is missing and the fix,
 * instead of sealing a run `finished` with a gap; --restart trains it again in full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openRun } from '../../src/store/open-run';
import { RunDamagedError } from '../../src/store/run-damaged-error';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').split('\n').length - 1;

test('a run that lost records refuses to resume, says which and how to fix it, and is never sealed finished', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-lost-'));
  try {
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({
      seed: 1, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
      model: { arch: 'mlp', inputDim: 1, hidden: [32], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 6000,
      sharpness: { every: 0 }, checkpointEvery: 100,
    }));
    const root = path.join(dir, 'runs');
    // Kill -9 once the run is well past a few checkpoints.
    const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const runs = fs.existsSync(root) ? fs.readdirSync(root) : [];
        const records = runs.length === 1 ? path.join(root, runs[0], 'records.jsonl') : '';
        if (records && fs.existsSync(records) && lineCount(records) >= 1500) { clearInterval(poll); child.kill('SIGKILL'); }
      }, 20);
      child.on('exit', () => { clearInterval(poll); resolve(); });
    });
    const [hash] = fs.readdirSync(root);
    const records = path.join(root, hash, 'records.jsonl');
    // The bad copy: only the first 1000 lines survive.
    const text = fs.readFileSync(records, 'utf8');
    fs.writeFileSync(records, text.split('\n').slice(0, 1000).join('\n') + '\n');

    const resumed = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(resumed.status, 1);
    assert.equal(resumed.stderr.trim().split('\n').length, 1, resumed.stderr);
    assert.match(resumed.stderr, /records\.jsonl: the checkpoint at step \d+ covers \d+ lines but only 1000 exist \(\d+ line\(s\) from step 1000 on are missing\).*--restart/);
    assert.notEqual(JSON.parse(fs.readFileSync(path.join(root, hash, 'status.json'), 'utf8')).state, 'finished');
    assert.equal(lineCount(records), 1000, 'the refused resume must not touch the surviving records');
    assert.ok(!fs.existsSync(path.join(root, hash, 'run.lock')), 'the refused resume left its lock');

    const restarted = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root, '--restart'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(restarted.status, 0, restarted.stderr);
    assert.equal(lineCount(records), 6001);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a gap in the records is refused when the run is sealed, and the run ends failed instead of finished', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-gap-'));
  try {
    const run = openRun({ test: 'gap' }, { root: dir });
    for (const step of [0, 1, 2]) run.append({ step, loss: 1 });
    run.flush(true);
    fs.appendFileSync(run.paths.records, '{"step":7,"loss":1}\n'); // a splice from elsewhere
    assert.throws(() => run.finish('finished'), (err: Error) => err instanceof RunDamagedError && /steps 3–6 are missing \(before line 4\)/.test(err.message));
    assert.equal(JSON.parse(fs.readFileSync(run.paths.status, 'utf8')).state, 'failed');
    assert.ok(!fs.existsSync(run.paths.lock));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
