/**
 * The kernel's interrupt button as it happens in life: a real tslab kernel (jupyter_client's
 * `interrupt_kernel()`) runs a notebook cell that trains through `notebook.withInterrupt`; the
 * cell must end within a few seconds of the interrupt with the run `aborted`, and the run folder
 * must then resume to records identical to an uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');
const DRIVER = path.join(__dirname, 'fixtures', 'interrupt_kernel.py');

function jupyterReady(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import jupyter_client'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `Debian's jupyter-client is not installed (npm run setup installs it): ${r.error?.message ?? r.stderr.trim()}`;
  if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'tslab'))) return 'tslab is not installed (npm ci)';
  return undefined;
}

test('the kernel interrupt button stops a training cell within a few seconds, and the run resumes to identical records', (t) => {
  const why = jupyterReady();
  if (why) {
    assert.ok(!process.env.CI, `the kernel interrupt test cannot run under CI: ${why}`);
    return t.skip(why);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-kernel-int-'));
  try {
    const root = path.join(dir, 'runs');
    const config = {
      seed: 4, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
      model: { arch: 'mlp', inputDim: 1, hidden: [64, 64], outputDim: 1, activation: 'tanh' },
      loss: 'mse', weightDecay: 0, tuner: { kind: 'constant', stepSize: 0.05 }, steps: 3000,
      sharpness: { every: 10, k: 2 }, checkpointEvery: 500,
    };
    const configFile = path.join(dir, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify(config));
    const cell = [
      'import { runExperiment, notebook } from "../dist";',
      // The config literal inline, as a user writes it (a const would widen its string literals).
      `const r = await notebook.withInterrupt((signal) => runExperiment(${JSON.stringify(config)}, {`,
      `  root: ${JSON.stringify(root)}, signal: signal,`,
      '  onProgress: (p) => { if (p.step === 200) console.log("started"); },',
      '}));',
      'console.log("status " + r.status);',
    ].join('\n');
    const cellFile = path.join(dir, 'cell.ts');
    fs.writeFileSync(cellFile, cell);
    const drv = spawnSync('/usr/bin/python3', [DRIVER, ROOT, cellFile], { encoding: 'utf8', timeout: 400_000 });
    assert.equal(drv.status, 0, drv.stderr);
    const r = JSON.parse(drv.stdout.trim().split('\n').pop()!) as { interrupted: boolean; latency: number | null; status: string | null; stdout: string; stderr: string };
    assert.ok(r.interrupted, `the cell never printed 'started': ${JSON.stringify(r)}`);
    t.diagnostic(`interrupt → cell ended ${r.latency?.toFixed(3)} s`);
    assert.ok(r.latency !== null && r.latency < 5, `cell ended ${r.latency} s after the interrupt: ${JSON.stringify(r)}`);
    assert.match(r.stdout, /status aborted/, JSON.stringify(r));

    const resumed = spawnSync(process.execPath, [CLI, 'run', '--config', configFile, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr + resumed.stdout, /resum/i);
    const fresh = spawnSync(process.execPath, [CLI, 'run', '--config', configFile, '--root', path.join(dir, 'fresh')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(fresh.status, 0, fresh.stderr);
    const records = (r0: string) => {
      const [d] = fs.readdirSync(r0);
      return fs.readFileSync(path.join(r0, d, 'records.jsonl'));
    };
    assert.ok(records(root).equals(records(path.join(dir, 'fresh'))), 'resumed records differ from an uninterrupted run');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
