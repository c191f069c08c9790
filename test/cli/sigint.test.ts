/**
 * Ctrl-C as it happens in life: a real SIGINT to a child process running `sharpness-lab run`. The
 * run must stop within a second or two (at the next step, or between two HVPs of a sharpness
 * measurement), leave status `aborted` with no lock, and a re-run must resume to records
 * byte-identical to an uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

function writeConfig(dir: string, sharpnessEvery: number, steps: number): string {
  const file = path.join(dir, `config-${sharpnessEvery}.json`);
  fs.writeFileSync(file, JSON.stringify({
    seed: 3, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
    model: { arch: 'mlp', inputDim: 1, hidden: [64, 64], outputDim: 1, activation: 'tanh' },
    loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps,
    // Sharpness at every step with a tight tolerance: many HVPs per step, so the signal often lands mid-solve.
    sharpness: { every: sharpnessEvery, k: 2, tol: 1e-7, maxIter: 60 }, checkpointEvery: 100,
  }));
  return file;
}

function recordCount(root: string): number {
  const runs = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'records.jsonl'))) : [];
  if (runs.length !== 1) return 0;
  return fs.readFileSync(path.join(root, runs[0], 'records.jsonl'), 'utf8').split('\n').length - 1;
}

function runDir(root: string): string {
  const [d] = fs.readdirSync(root).filter((x) => fs.existsSync(path.join(root, x, 'config.json')));
  return path.join(root, d);
}

/** Starts a run, sends SIGINT once `after` records exist; resolves with the exit code and the signal→exit latency. */
function interruptRun(config: string, root: string, after: number): Promise<{ code: number | null; latency: number; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const poll = setInterval(() => {
      if (sentAt === 0 && recordCount(root) >= after) {
        sentAt = performance.now();
        child.kill('SIGINT');
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      if (sentAt === 0) reject(new Error(`the run ended (${code}) before ${after} records: ${stderr}`));
      else resolve({ code, latency: (performance.now() - sentAt) / 1000, stderr });
    });
  });
}

for (const [every, steps] of [[25, 3000], [1, 300]]) {
  test(`SIGINT stops a CLI run within 2 s and the re-run resumes to identical records (sharpness every ${every} step${every > 1 ? 's' : ''})`, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-sigint-'));
    try {
      const config = writeConfig(dir, every, steps);
      const root = path.join(dir, 'runs');
      const r = await interruptRun(config, root, every === 1 ? 40 : 300);
      t.diagnostic(`SIGINT → exit ${r.latency.toFixed(3)} s`);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /interrupt: stopping/);
      assert.ok(r.latency < 2, `took ${r.latency.toFixed(2)} s to stop`);
      const run = runDir(root);
      assert.equal(JSON.parse(fs.readFileSync(path.join(run, 'status.json'), 'utf8')).state, 'aborted');
      assert.ok(!fs.existsSync(path.join(run, 'run.lock')), 'a lock was left behind');

      const resumed = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', root], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(resumed.status, 0, resumed.stderr);
      const fresh = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--root', path.join(dir, 'fresh')], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(fresh.status, 0, fresh.stderr);
      const a = fs.readFileSync(path.join(run, 'records.jsonl'));
      const b = fs.readFileSync(path.join(runDir(path.join(dir, 'fresh')), 'records.jsonl'));
      assert.equal(a.toString().split('\n').length - 1, steps + 1); // steps 0..steps
      assert.ok(a.equals(b), 'resumed records differ from an uninterrupted run');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
