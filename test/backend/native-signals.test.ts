import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadDnnl } from '../../src/backend/dnnl/dnnl-library';

// Signals arrive during native kernels: a profiler's SIGPROF, a Jupyter interrupt, a terminal's
// SIGWINCH, Slurm's warnings. oneDNN 2.x's GEMM kernels point the stack into the heap while they run,
// so each signal then wrote its frame over the heap (glibc aborted on the first matmul under
// `--cpu-prof`); src/backend/signal-mask.ts holds signals back around every oneDNN kernel. Each case
// runs the kernels in a child process profiled every 100 µs and wants it to finish with results equal
// bit for bit across 10 rounds.

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'helpers', 'signalled-kernels.ts');

function underSignals(env: Record<string, string>): { path: string; dnnl: string | null; differing: number; samples: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signals-'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, CHILD],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHARPNESS_LAB_BACKEND: '', SHARPNESS_LAB_BLAS_THREADS: '1', ...env } });
    const said = r.stderr.split('\n').filter((l) => l.length < 500).slice(-8).join('\n'); // not the wasm glue's one-line source
    assert.equal(r.status, 0, `the child ended with status ${r.status}, signal ${r.signal}:\n${said}`);
    const profile = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8')) as { samples: number[] };
    return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), samples: profile.samples.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('oneDNN matmuls and convolutions survive a profiler\'s signals, bit for bit', (t) => {
  const dnnl = loadDnnl(1);
  if (typeof dnnl === 'string') {
    if (process.env.CI) throw new Error(`CI must run oneDNN: ${dnnl}`);
    t.skip(dnnl);
    return;
  }
  const r = underSignals({ SHARPNESS_LAB_DNNL: 'on' });
  assert.equal(r.path, 'wasm+blas');
  assert.match(r.dnnl!, /^oneDNN 2\./);
  assert.ok(r.samples > 300, `only ${r.samples} profiler samples: too few signals to test anything`);
  assert.equal(r.differing, 0);
});

test('the OpenBLAS route survives them too', () => {
  const r = underSignals({ SHARPNESS_LAB_DNNL: 'off', SHARPNESS_LAB_BACKEND: 'wasm+blas' });
  assert.equal(r.path, 'wasm+blas');
  assert.equal(r.dnnl, null);
  assert.ok(r.samples > 300, `only ${r.samples} profiler samples: too few signals to test anything`);
  assert.equal(r.differing, 0);
});
