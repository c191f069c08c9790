import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The compute path is chosen once per process, so each case runs in a child process with its own
// environment: tfjs-node (absent here) → wasm + BLAS → wasm → cpu, forced choices are errors when
// they cannot start, and the path and BLAS threads are part of every run's identity.

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'sharpness-lab.js');

function probe(env: Record<string, string>): { code: number | null; out: string; err: string } {
  const script = "require('./src/backend/select-backend').initBackend().then((i) => console.log(JSON.stringify(i)), (e) => { console.error(e.message); process.exit(3); })";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHARPNESS_LAB_BACKEND: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('without a BLAS library the automatic choice is plain wasm, with a one-line note naming the package', () => {
  const r = probe({ SHARPNESS_LAB_BLAS: '/nonexistent/libopenblas.so.0' });
  assert.equal(r.code, 0, r.err);
  const info = JSON.parse(r.out);
  assert.equal(info.path, 'wasm');
  assert.equal(info.blas, undefined);
  assert.match(info.reason, /wasm\+blas unavailable \(no BLAS library loaded \(\/nonexistent\/libopenblas\.so\.0: [^\n]*libopenblas0-pthread/);
  assert.equal(info.versions.blas, undefined);
});

test('a forced wasm+blas that cannot start is an error, never a silent fallback', () => {
  const r = probe({ SHARPNESS_LAB_BACKEND: 'wasm+blas', SHARPNESS_LAB_BLAS: '/nonexistent/libopenblas.so.0' });
  assert.equal(r.code, 3);
  assert.match(r.err, /backend 'wasm\+blas' \(forced by SHARPNESS_LAB_BACKEND=wasm\+blas\) could not start: no BLAS library loaded/);
});

test('a forced plain wasm runs without the BLAS kernels; an unknown path is refused', () => {
  const r = probe({ SHARPNESS_LAB_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).path, 'wasm');
  const bad = probe({ SHARPNESS_LAB_BACKEND: 'blas' });
  assert.equal(bad.code, 3);
  assert.match(bad.err, /SHARPNESS_LAB_BACKEND=blas is not a backend; use one of tensorflow, wasm\+blas, wasm, cpu or auto/);
});

test('BLAS threads default to 1, are set by SHARPNESS_LAB_BLAS_THREADS, and enter the run identity', (t) => {
  const one = probe({});
  const info = JSON.parse(one.out);
  if (info.path !== 'wasm+blas') {
    assert.ok(!process.env.CI, `CI must run the native-BLAS path: ${info.reason}`);
    return t.skip(`the BLAS path is not active here: ${info.reason}`);
  }
  assert.equal(info.versions['blas-threads'], '1');
  assert.equal(JSON.parse(probe({ SHARPNESS_LAB_BLAS_THREADS: '2' }).out).versions['blas-threads'], '2');
  assert.match(probe({ SHARPNESS_LAB_BLAS_THREADS: 'two' }).err, /SHARPNESS_LAB_BLAS_THREADS=two is not a positive integer/);

  // The same config on 1 and 2 threads, and on plain wasm: three run folders, each saying what ran.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpness-path-'));
  try {
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, [CLI, 'run', '--config', path.join(ROOT, 'configs', 'quick-eos.json'), '--steps', '30', '--root', root],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHARPNESS_LAB_BACKEND: '', ...env } });
      assert.equal(r.status, 0, r.stderr);
      return path.basename(/results: (\S+)/.exec(r.stdout)![1]);
    };
    const dirs = [run({ SHARPNESS_LAB_BLAS_THREADS: '1' }), run({ SHARPNESS_LAB_BLAS_THREADS: '2' }), run({ SHARPNESS_LAB_BACKEND: 'wasm' })];
    assert.equal(new Set(dirs).size, 3, `run folders ${dirs}`);
    const configs = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(root, d, 'config.json'), 'utf8')));
    assert.deepEqual(configs.map((c) => c.backend), ['wasm+blas', 'wasm+blas', 'wasm']);
    assert.deepEqual(configs.map((c) => c.versions['blas-threads']), ['1', '2', undefined]);
    assert.match(configs[0].versions.blas, /\S/);
    // Same thread count again: the finished run is reused, not retrained.
    assert.equal(run({ SHARPNESS_LAB_BLAS_THREADS: '1' }), dirs[0]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('oneDNN runs the matmuls and convolutions by default where it loads; where not, a one-line note names the package', (t) => {
  const auto = JSON.parse(probe({}).out);
  if (auto.path !== 'wasm+blas') {
    assert.ok(!process.env.CI, `CI must run the native-BLAS path: ${auto.reason}`);
    return t.skip(`the BLAS path is not active here: ${auto.reason}`);
  }
  if (process.env.CI) assert.match(auto.versions.dnnl ?? '', /^oneDNN 2\./, `CI must run oneDNN: ${auto.reason}`);
  if (auto.versions.dnnl) assert.match(auto.reason, /matmuls and convolutions by oneDNN 2\.\d+\.\d+ \(libdnnl\.so\.2, ISA \w+\)/);
  const missing = probe({ SHARPNESS_LAB_DNNL_LIBRARY: '/nonexistent/libdnnl.so.2' });
  assert.equal(missing.code, 0, missing.err);
  const info = JSON.parse(missing.out);
  assert.equal(info.path, 'wasm+blas');
  assert.equal(info.versions.dnnl, undefined);
  assert.match(info.reason, /matmuls and convolutions by the BLAS \(oneDNN did not load \(\/nonexistent\/libdnnl\.so\.2: [^\n]*libdnnl2/);
  const off = JSON.parse(probe({ SHARPNESS_LAB_DNNL: 'off' }).out);
  assert.equal(off.versions.dnnl, undefined);
  assert.doesNotMatch(off.reason, /oneDNN/);
});

test('a forced oneDNN that cannot load, or on a path without it, is an error; an unknown switch is refused', () => {
  const missing = probe({ SHARPNESS_LAB_DNNL: 'on', SHARPNESS_LAB_DNNL_LIBRARY: '/nonexistent/libdnnl.so.2' });
  assert.equal(missing.code, 3);
  assert.match(missing.err, /backend 'wasm\+blas' \(forced by SHARPNESS_LAB_DNNL=on\) could not start: SHARPNESS_LAB_DNNL=on: oneDNN did not load/);
  const wrongPath = probe({ SHARPNESS_LAB_DNNL: 'on', SHARPNESS_LAB_BACKEND: 'wasm' });
  assert.equal(wrongPath.code, 3);
  assert.match(wrongPath.err, /SHARPNESS_LAB_DNNL=on runs on the wasm\+blas path; SHARPNESS_LAB_BACKEND=wasm asks for wasm/);
  const bad = probe({ SHARPNESS_LAB_DNNL: 'yes' });
  assert.equal(bad.code, 3);
  assert.match(bad.err, /SHARPNESS_LAB_DNNL=yes: use 'auto'/);
});

test('OpenBLAS runs its Haswell kernels on every x86-64 CPU with AVX2 and FMA (records do not depend on the CPU model); an OPENBLAS_CORETYPE already set is kept', (t) => {
  if (os.platform() !== 'linux' || os.arch() !== 'x64') return t.skip('the kernels are pinned on x86-64 Linux only');
  const flags = new Set((/^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/));
  const pinned = probe({ OPENBLAS_CORETYPE: '', SHARPNESS_LAB_BACKEND: 'wasm+blas' });
  assert.equal(pinned.code, 0, pinned.err);
  const blas: string = JSON.parse(pinned.out).versions.blas;
  if (flags.has('avx2') && flags.has('fma')) assert.match(blas, /^OpenBLAS .* Haswell .*\(kernels: Haswell\)$/);
  else assert.doesNotMatch(blas, /\(kernels: Haswell\)$/); // not pinned: OpenBLAS's own pick, which cannot be Haswell without AVX2
  const kept = probe({ OPENBLAS_CORETYPE: 'Sandybridge', SHARPNESS_LAB_BACKEND: 'wasm+blas' });
  assert.equal(kept.code, 0, kept.err);
  assert.match(JSON.parse(kept.out).versions.blas, /\(kernels: Sandybridge\)$/);
});
