/**
 * Ctrl-C on `npm run reproduce -- --jobs 2` as a terminal sends it: one SIGINT to the whole process
 * group, parent and workers, while both workers are mid-run. The workers stop their runs after the
 * current step (status `aborted`, a checkpoint, the records up to that step), the parent hands out
 * no further run, and the command exits 130 within seconds. (That an aborted run resumes to the
 * records of an uninterrupted one is test/cli/sigint.test.ts's: the same signal path.)
 */
import { cifar10DirRequest } from '../../src/data/cifar10-dir';
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'reproduce-interrupt-'));
after(() => fs.rmSync(store, { recursive: true, force: true }));

test('Ctrl-C on reproduce --jobs 2 stops both workers\' runs with a checkpoint, starts no more, and exits 130', { timeout: 5 * 60_000 }, async (t) => {
  if (!fs.existsSync(path.join(cifar10DirRequest().dir, 'data_batch_1.bin'))) {
    return skipUnlessCi(t, `CIFAR-10 not available (no data_batch_1.bin in ${cifar10DirRequest().dir})`);
  }
  // The default scale: its first runs in the queue take tens of seconds, so the signal lands mid-run.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/reproduce.ts'), '--scale', 'default', '--jobs', '2', '--root', store],
    { cwd: ROOT, detached: true, env: { ...process.env, SHARPNESS_LAB_BLAS_THREADS: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Both workers past their first step (progress lines go to stderr).
  await new Promise<void>((resolve) => child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (/\[1\/2\] \[\d+\/\d+\] .* step [1-9]/.test(stderr) && /\[2\/2\] \[\d+\/\d+\] .* step [1-9]/.test(stderr)) resolve();
  }));
  const sent = performance.now();
  process.kill(-child.pid!, 'SIGINT');
  const code = await exited;
  const seconds = (performance.now() - sent) / 1000;
  assert.equal(code, 130, `exit code (stderr: ${stderr.slice(-500)})`);
  assert.ok(seconds < 30, `stopped ${seconds.toFixed(1)} s after the signal`);
  assert.match(stderr, /interrupt: no more runs/);
  assert.match(stderr, /interrupt: \[1\/2\] stopping its run after this step/);
  assert.match(stderr, /interrupt: \[2\/2\] stopping its run after this step/);
  assert.match(stdout, /interrupted after .* min; run the same command again to resume/);
  const dirs = fs.readdirSync(store).filter((d) => fs.existsSync(path.join(store, d, 'status.json')));
  assert.equal(dirs.length, 2, 'the two runs in progress, and no run started after the signal');
  for (const d of dirs) {
    const status = JSON.parse(fs.readFileSync(path.join(store, d, 'status.json'), 'utf8')) as { state: string; step: number };
    assert.equal(status.state, 'aborted', d);
    assert.ok(status.step > 0, `${d}: stopped at step ${status.step}`);
    const records = fs.readFileSync(path.join(store, d, 'records.jsonl'), 'utf8').trim().split('\n');
    assert.equal(records.length, status.step, `${d}: one record per step done`);
    assert.ok(fs.existsSync(path.join(store, d, 'checkpoint', 'checkpoint.json')), `${d}: checkpoint written`);
  }
});
