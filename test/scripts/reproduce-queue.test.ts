/**
 * `npm run reproduce -- --jobs 2` end to end at smoke scale: two worker processes take runs from one
 * shared queue; every run of the list is trained exactly once, by one of them, and lands complete in
 * the store; a second call trains nothing (every run is reused).
 */
import { cifar10DirRequest } from '../../src/data/cifar10-dir';
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'reproduce-queue-'));
after(() => fs.rmSync(store, { recursive: true, force: true }));

function reproduce(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/reproduce.ts'), '--scale', 'smoke', ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHARPNESS_LAB_BLAS_THREADS: '1' } });
}

test('reproduce --jobs 2: two workers share one queue, every run is trained exactly once and stored complete; a rerun reuses them all', { timeout: 15 * 60_000 }, (t) => {
  if (!fs.existsSync(path.join(cifar10DirRequest().dir, 'data_batch_1.bin'))) {
    return skipUnlessCi(t, `CIFAR-10 not available (no data_batch_1.bin in ${cifar10DirRequest().dir})`);
  }
  const listed = reproduce('--list').stdout.trim().split('\n').slice(0, -1);
  const unique = [...new Set(listed)];
  const first = reproduce('--jobs', '2', '--root', store);
  assert.equal(first.status, 0, first.stderr);
  // One log line per run: "[w/2] [i/N] <label>: finished in 1.2 s  [hash]".
  const lines = first.stdout.split('\n').filter((l) => /^\[[12]\/2\] \[\d+\/\d+\] .*: (finished|diverged) in /.test(l));
  const labels = lines.map((l) => l.replace(/^\[[12]\/2\] \[\d+\/\d+\] /, '').replace(/: (finished|diverged) in .*$/, ''));
  assert.deepEqual([...labels].sort(), [...unique].sort(), 'each run trained once');
  const workers = new Set(lines.map((l) => l.slice(0, 5)));
  assert.deepEqual([...workers].sort(), ['[1/2]', '[2/2]'], 'both workers took runs');
  const positions = lines.map((l) => Number(/^\[[12]\/2\] \[(\d+)\//.exec(l)![1])).sort((a, b) => a - b);
  assert.deepEqual(positions, unique.map((_, i) => i + 1), 'each queue position handed out once');
  const dirs = fs.readdirSync(store).filter((d) => fs.existsSync(path.join(store, d, 'status.json')));
  assert.equal(dirs.length, unique.length);
  for (const d of dirs) {
    const state = (JSON.parse(fs.readFileSync(path.join(store, d, 'status.json'), 'utf8')) as { state: string }).state;
    assert.ok(state === 'finished' || state === 'diverged', `${d}: ${state}`);
  }
  const again = reproduce('--jobs', '2', '--root', store);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((again.stdout.match(/: reused \(/g) ?? []).length, unique.length, 'the rerun reuses every run');
  assert.doesNotMatch(again.stdout, /: (finished|diverged) in /);
});
