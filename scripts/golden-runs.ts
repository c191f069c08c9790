/**
 * The golden runs: tiny runs that together touch every tuner, the sharpness solver (Lanczos, k = 2,
 * dense cadence) and the conv kernels, so any change to the kit's numerics changes at least one of
 * their records. `goldenHashes()` trains them in a throwaway store on the current compute path and
 * returns the sha256 of each records.jsonl. Pinned per numerics version in test/train/golden-records.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createHash } from 'crypto';
import { initBackend, runExperiment } from '../src';
import type { BackendInfo, RunConfig } from '../src';
import { writeCifarFixture } from '../test/data/helpers/cifar-fixture';

const BASE: Omit<RunConfig, 'tuner'> = {
  seed: 0, data: { source: 'synthetic', task: 'chebyshev', n: 20, options: { degree: 4 } },
  model: { arch: 'mlp', inputDim: 1, hidden: [16, 16], outputDim: 1, activation: 'tanh' },
  loss: 'mse', weightDecay: 0, steps: 12, sharpness: { every: 4, denseEvery: 2, k: 2 },
};

/** Name → config of each golden run. */
export const GOLDEN_RUNS: Readonly<Record<string, RunConfig>> = {
  'mlp-constant': { ...BASE, tuner: { kind: 'constant', stepSize: 0.5 } },
  'mlp-armijo-optax': { ...BASE, tuner: { kind: 'armijo' } },
  'mlp-armijo-sls': { ...BASE, tuner: { kind: 'armijo', preset: 'sls' } },
  'mlp-polyak': { ...BASE, tuner: { kind: 'polyak' } },
  'mlp-cdat': { ...BASE, tuner: { kind: 'cdat', sigma: 2, ema: 0.5 } },
  'mlp-oracle-minibatch': { ...BASE, batchSize: 8, tuner: { kind: 'oracle', theta: 0.9 } },
  'vgg11-constant': {
    seed: 0, data: { source: 'cifar10', n: 8, normalize: 'subset-stats' }, loss: 'mse', weightDecay: 5e-4, steps: 2,
    model: { arch: 'vgg11', widthMultiplier: 0.0625, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu' },
    tuner: { kind: 'constant', stepSize: 0.05 }, sharpness: { every: 2, k: 1, maxIter: 20 },
  },
  // Strided, 1x1 projection and residual convolutions (numerics 7 changed only these).
  'resnet34-constant': {
    seed: 0, data: { source: 'cifar10', n: 8, normalize: 'subset-stats' }, loss: 'mse', weightDecay: 0, steps: 2,
    model: { arch: 'resnet34', widthMultiplier: 0.03125, inputShape: [32, 32, 3], outputDim: 10, activation: 'relu', init: 'he-fan-out', residualScale: 0.25 },
    tuner: { kind: 'constant', stepSize: 0.05 }, sharpness: { every: 2, k: 1, maxIter: 20 },
  },
};

/** The key a compute path's hashes are pinned under: path, the BLAS library and threads where used, and oneDNN where it runs. */
export function goldenKey(backend: BackendInfo): string {
  if (!backend.blas) return backend.path;
  const dnnl = backend.versions.dnnl ? ` | ${backend.versions.dnnl}` : '';
  return `${backend.path} | ${backend.versions.blas} | ${backend.versions['blas-threads']} thread(s)${dnnl}`;
}

/** Trains every golden run on the current backend; sha256 of each records.jsonl by name. */
export async function goldenHashes(): Promise<{ key: string; hashes: Record<string, string> }> {
  const backend = await initBackend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  try {
    fs.mkdirSync(path.join(dir, 'cifar'));
    process.env.CIFAR10_DIR = writeCifarFixture({ perBatch: 10, dir: path.join(dir, 'cifar') }).dir;
    process.env.CIFAR10_SKIP_MD5 = '1';
    const hashes: Record<string, string> = {};
    for (const [name, config] of Object.entries(GOLDEN_RUNS)) {
      const run = await runExperiment(config, { root: path.join(dir, 'runs') });
      hashes[name] = createHash('sha256').update(fs.readFileSync(path.join(run.dir, 'records.jsonl'))).digest('hex');
    }
    return { key: goldenKey(backend), hashes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
