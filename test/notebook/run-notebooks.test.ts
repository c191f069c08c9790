/**
 * Integration tests of jupyter/run_notebooks.py with a real tslab kernel (5–10 s each).
 * The notebooks are written under <project>/tmp/ (git-ignored), not the OS temp dir:
 * the kernelspec runs `npx --no-install tslab` from the notebook folder, and tslab
 * type-checks cells against the project's node_modules, so they must be inside the project.
 */
import { skipUnlessCi } from '../helpers/skip-unless-ci';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/util/project-root';

const ROOT = projectRoot();
const RUNNER = path.join(ROOT, 'jupyter', 'run_notebooks.py');
const skip = !fs.existsSync('/usr/bin/jupyter')
  ? 'Jupyter not installed (/usr/bin/jupyter missing): apt-get install jupyter-nbconvert jupyter-client'
  : process.env.SHARPNESS_LAB_SKIP_JUPYTER_TESTS === '1' ? 'SHARPNESS_LAB_SKIP_JUPYTER_TESTS=1' : false;
fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
const dir = fs.mkdtempSync(path.join(ROOT, 'tmp', 'nb-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeNotebook(name: string, cells: string[], meta: Record<number, object> = {}): string {
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: cells.map((src, i) => ({ id: `c${i}`, cell_type: 'code', metadata: meta[i] ?? {}, execution_count: null, outputs: [], source: src })),
  };
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

function run(args: string[], timeout = 120): { code: number | null; out: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync('/usr/bin/python3', [RUNNER, '--report-dir', path.join(dir, 'reports'), '--timeout', String(timeout), ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout + r.stderr, ms: Date.now() - t0 };
}

test('what these tests need is installed (under CI it must be)', (t) => {
  if (skip) return skipUnlessCi(t, skip);
});

test('a passing notebook runs with injected parameters and gets a report', { skip: skip }, (t) => {
  const file = writeNotebook('good', [
    'const scale = process.env.SHARPNESS_LAB_SCALE; const extra = process.env.SL_EXTRA;',
    'console.log(`scale=${scale} extra=${extra} cwd=${require("path").basename(process.cwd())}`)',
    'await new Promise((r) => setTimeout(r, 50)); console.error("a warning on stderr is fine")',
  ]);
  const r = run(['--scale', 'smoke', '--env', 'SL_EXTRA=42', '--output-dir', path.join(dir, 'out'), file]);
  t.diagnostic(`runner wall time ${r.ms} ms`);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\[good\] cell {2}2\/3 ok/);
  const nb = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'good.ipynb'), 'utf8'));
  const text = nb.cells[1].outputs.map((o: { text?: string[] | string }) => [o.text].flat().join('')).join('');
  assert.equal(text.trim(), `scale=smoke extra=42 cwd=${path.basename(dir)}`);
  assert.deepEqual(nb.metadata.sharpness_lab.parameters, { SHARPNESS_LAB_SCALE: 'smoke', SL_EXTRA: '42' });
  assert.match(fs.readFileSync(path.join(dir, 'reports', 'good.html'), 'utf8'), /scale=smoke extra=42/);
});

test('failing notebooks exit non-zero and print the failing cell source and stderr', { skip: skip }, (t) => {
  const thrower = writeNotebook('thrower', [
    'const a = 1;',
    'function explode(): number { throw new Error("kaboom-from-cell") }\nexplode();',
    'console.log("never runs")',
  ]);
  const typeError = writeNotebook('type-error', ['const n: number = "not a number";']);
  const quiet = writeNotebook('quiet', ['/** @module helper */\nexport const q: number = "s";']);
  const r = run(['--keep-going', thrower, typeError, quiet]);
  t.diagnostic(`runner wall time for 3 notebooks ${r.ms} ms`);
  assert.equal(r.code, 1);
  assert.match(r.out, /✗ thrower: cell 2\/3 failed \(index 1\): reply status 'error'/);
  assert.match(r.out, /function explode\(\): number \{ throw new Error\("kaboom-from-cell"\) \}/);
  assert.match(r.out, /Error: kaboom-from-cell/);
  assert.doesNotMatch(r.out, /never runs/);
  assert.match(r.out, /✗ type-error: cell 1\/1 failed[\s\S]*Type 'string' is not assignable to type 'number'/);
  assert.match(r.out, /✗ quiet: cell 1\/1 failed \(index 0\): reply status 'ok' but stderr shows an error/);
  assert.match(r.out, /FAILED: thrower.ipynb, type-error.ipynb, quiet.ipynb/);
  for (const n of ['thrower', 'type-error', 'quiet']) {
    assert.ok(fs.existsSync(path.join(dir, `${n}.failed.ipynb`)), `${n}.failed.ipynb saved`);
  }
  const saved = JSON.parse(fs.readFileSync(thrower, 'utf8'));
  assert.equal(saved.cells[0].outputs.length, 0, 'the source notebook is not overwritten on failure');
});

test('a late uncaught async error and a cell timeout both fail the run', { skip: skip }, () => {
  const late = writeNotebook('late', ['setTimeout(() => { throw new Error("late-boom") }, 20);']);
  // The first cell warms tslab's compiler, so the 3 s cell timeout only measures the loop.
  const busy = writeNotebook('busy', ['let spins = 0;', 'while (true) { spins++; }'], { 1: { timeout: 3 } });
  const r = run(['--keep-going', late, busy]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /late async error after the last cell[\s\S]*UncaughtException: Error: late-boom/);
  assert.match(r.out, /✗ busy: cell 2\/2 failed \(index 1\): cell timed out[\s\S]*while \(true\) \{ spins\+\+; \}/);
});
