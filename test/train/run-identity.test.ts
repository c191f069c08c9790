/**
 * A run's identity covers everything that changes its numbers: every tuner option with its
 * default filled in, the compute path and the numerics version. A run stored under another
 * identity (older code, another path) is never read as current, by training or by the claims.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendInfo, initBackend } from '../../src/backend/select-backend';
import { TUNER_SCHEMAS, TunerConfig } from '../../src/config/tuner-config-schema';
import { storedRuns } from '../../src/experiments/stored-runs';
import { NUMERICS_VERSION } from '../../src/numerics-version';
import { openRun } from '../../src/store/open-run';
import { RunConfig, resolveRunConfig } from '../../src/train/run-config';
import { runExperiment } from '../../src/train/run-experiment';
import { runHash, runIdentity } from '../../src/train/run-identity';

const CONFIG: RunConfig = {
  seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 10, options: { degree: 3 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [8], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, tuner: { kind: 'polyak' }, steps: 3, sharpness: { every: 0 },
};
const BACKEND: BackendInfo = { name: 'wasm', path: 'wasm', reason: 'test', versions: { 'tfjs-core': '4.22.0', node: 'v20' } };
const MINIMAL: Record<TunerConfig['kind'], TunerConfig> = {
  constant: { kind: 'constant', stepSize: 0.1 }, armijo: { kind: 'armijo' }, polyak: { kind: 'polyak' },
  cdat: { kind: 'cdat', sigma: 2 }, oracle: { kind: 'oracle', theta: 0.9 },
};

test('every tuner option is in the resolved config; only caps documented as "none" and Armijo variants at their documented defaults stay absent', () => {
  for (const schema of TUNER_SCHEMAS) {
    const kind = (schema.properties.kind as { const: TunerConfig['kind'] }).const;
    for (const preset of kind === 'armijo' ? ['optax', 'sls'] as const : [undefined]) {
      const tuner = resolveRunConfig({ ...CONFIG, tuner: { ...MINIMAL[kind], ...(preset && { preset }) } as TunerConfig }).tuner as Record<string, unknown>;
      for (const [key, prop] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
        const uncapped = key === 'etaMax' && (kind === 'cdat' || kind === 'oracle' || preset === 'sls');
        // Added later: absent at their defaults so that earlier runs keep their identities (hash test below).
        const variant = kind === 'armijo' && (key === 'condition' || key === 'nonMonotone');
        if (variant) {
          assert.equal(key in tuner, false, `armijo: variant '${key}' at its default must stay out of the hash`);
          assert.match(String(prop.description), /default/);
          continue;
        }
        assert.equal(key in tuner, !uncapped, `${kind}${preset ? `/${preset}` : ''}: option '${key}' ${uncapped ? 'should be absent (uncapped)' : 'is missing from the resolved config'}`);
        // The schema documents the "none" default: on the option itself, or (Armijo) in the sls preset's description.
        const documented = kind === 'armijo' ? String((schema.properties as Record<string, { description?: string }>).preset.description) : String(prop.description);
        if (uncapped) assert.match(documented, /etaMax none|default none/);
      }
    }
  }
});

test('a tuner default is part of the hash: the default and the same value written out agree, another value differs', () => {
  const h = (tuner: TunerConfig) => runHash({ ...CONFIG, tuner }, BACKEND);
  assert.equal(h({ kind: 'polyak' }), h({ kind: 'polyak', etaMax: 1, c: 1, fStar: 0, eps: 1e-12 }));
  assert.notEqual(h({ kind: 'polyak' }), h({ kind: 'polyak', c: 0.5 }));
  assert.equal(h({ kind: 'armijo' }), h({ kind: 'armijo', preset: 'optax', c: 1e-4, beta: 0.8, maxTrials: 15 }));
  assert.notEqual(h({ kind: 'armijo' }), h({ kind: 'armijo', c: 0.1 }));
  assert.equal(h({ kind: 'armijo' }), h({ kind: 'armijo', condition: 'armijo', nonMonotone: 1 }));
  assert.notEqual(h({ kind: 'armijo' }), h({ kind: 'armijo', nonMonotone: 3 }));
  assert.equal(h({ kind: 'cdat', sigma: 2 }), h({ kind: 'cdat', sigma: 2, ema: 0, eps: 1e-12 }));
  const resolved = resolveRunConfig(CONFIG);
  assert.deepEqual(resolveRunConfig(resolved), resolved, 'resolving is idempotent');
  assert.deepEqual(resolved.sharpness, { every: 0 });
  assert.equal(resolveRunConfig({ ...CONFIG, sharpness: { every: 5 } }).sharpness.tol, 1e-3);
});

test('the compute path, the BLAS library and threads, and the numerics version are in the identity; the Node version is not', () => {
  const id = runIdentity(CONFIG, BACKEND);
  assert.equal(id.numerics, NUMERICS_VERSION);
  assert.equal(id.backend, 'wasm');
  assert.ok(!('node' in id.versions));
  const blas: BackendInfo = { ...BACKEND, path: 'wasm+blas', versions: { ...BACKEND.versions, blas: 'OpenBLAS 0.3.21', 'blas-threads': '1' } };
  const hashes = new Set([
    runHash(CONFIG, BACKEND), runHash(CONFIG, blas),
    runHash(CONFIG, { ...blas, versions: { ...blas.versions, 'blas-threads': '2' } }),
    runHash(CONFIG, { ...BACKEND, versions: { ...BACKEND.versions, node: 'v22' } }),
  ]);
  assert.equal(hashes.size, 3, 'path and threads change the hash, Node does not');
});

test('a run stored by older numerics is not read: training computes it anew, the claims checker does not find it', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-'));
  try {
    const backend = await initBackend();
    const old = openRun({ ...runIdentity(CONFIG, backend), numerics: NUMERICS_VERSION - 1 }, { root });
    for (let step = 0; step <= 3; step++) old.append({ step, loss: 123 });
    old.finish('finished');
    assert.equal(storedRuns([CONFIG], backend, root).found.length, 0);
    assert.equal(storedRuns([CONFIG], backend, root).others.length, 1);
    const fresh = await runExperiment(CONFIG, { root });
    assert.equal(fresh.reused, false);
    assert.notEqual(fresh.dir, old.dir);
    assert.ok(fresh.records.every((r) => r.loss !== 123));
    const found = storedRuns([CONFIG], backend, root).found;
    assert.deepEqual(found.map((r) => r.dir), [fresh.dir]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('oneDNN (version and ISA) is part of every run\'s identity where it runs the matmuls and convolutions', () => {
  const blas: BackendInfo = { name: 'wasm', path: 'wasm+blas', reason: 'test', versions: { 'tfjs-core': '4.22.0', node: 'v20', blas: 'OpenBLAS', 'blas-threads': '1' } };
  const dnnl: BackendInfo = { ...blas, versions: { ...blas.versions, dnnl: 'oneDNN 2.6.3 (libdnnl.so.2, ISA avx2)' } };
  const avx512: BackendInfo = { ...blas, versions: { ...blas.versions, dnnl: 'oneDNN 2.6.3 (libdnnl.so.2, ISA avx512_core)' } };
  const conv: RunConfig = { ...CONFIG, data: { source: 'cifar10', n: 8 }, model: { arch: 'vgg11', widthMultiplier: 0.0625, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' } };
  for (const config of [CONFIG, conv]) {
    assert.equal(new Set([runHash(config, blas), runHash(config, dnnl), runHash(config, avx512)]).size, 3);
    assert.equal(runIdentity(config, dnnl).versions.dnnl, dnnl.versions.dnnl);
    assert.equal(runIdentity(config, blas).versions.dnnl, undefined);
  }
});
