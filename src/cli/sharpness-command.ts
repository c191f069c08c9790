/**
 * `npx sharpness-lab sharpness --checkpoint DIR [--k 2] [--method lanczos|power] [--tol 1e-3]`:
 * rebuilds the checkpoint's model, objective and data, and prints the top-k Hessian eigenvalues
 * of the full-data loss as JSON on stdout. CIFAR-10 is read from `--cifar-dir`, else
 * `$CIFAR10_DIR`, else the folder the checkpoint's data came from (when it still exists), else
 * `data/cifar10/`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { initBackend } from '../backend/select-backend';
import { loadCheckpoint } from '../checkpoint/load-checkpoint';
import { disposeParams } from '../model/params';
import { createModel } from '../model/create-model';
import { disposeDataset } from '../data/dataset';
import { sharpness } from '../curvature/sharpness';
import { hvpMemoryPlan } from '../curvature/hvp-memory-plan';
import { loadData, objectiveFor } from '../train/experiment';
import { DataConfig } from '../train/run-config';
import { CIFAR10_ENV } from '../data/cifar10-format';

const USAGE = 'usage: sharpness-lab sharpness --checkpoint DIR [--k 2] [--method lanczos|power] [--tol 1e-3] [--max-iter N] [--chunk 1000] [--cifar-dir DIR]';

/** Runs the command; resolves to the exit code. */
export async function runSharpnessCommand(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: argv,
    options: {
      checkpoint: { type: 'string' }, k: { type: 'string', default: '1' }, method: { type: 'string', default: 'lanczos' },
      tol: { type: 'string', default: '1e-3' }, 'max-iter': { type: 'string' }, chunk: { type: 'string', default: '1000' },
      'cifar-dir': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (a.help) { console.log(USAGE); return 0; }
  if (!a.checkpoint) throw new Error(`--checkpoint DIR is required\n${USAGE}`);
  if (a.method !== 'lanczos' && a.method !== 'power') throw new Error(`--method must be lanczos or power, got ${a.method}`);
  const backend = await initBackend();
  const dir = fs.existsSync(path.join(a.checkpoint, 'checkpoint', 'checkpoint.json')) ? path.join(a.checkpoint, 'checkpoint') : a.checkpoint;
  const ckpt = await loadCheckpoint(dir);
  const data = ckpt.data as { config?: DataConfig; seed?: number; description?: { sourceDir?: unknown } };
  if (!data.config) throw new Error(`${dir}: the checkpoint's data record has no 'config' (it was not written by the trainer); cannot rebuild its dataset`);
  const model = createModel(ckpt.spec);
  const dataset = await loadData(data.config, ckpt.spec, data.seed ?? 0, a['cifar-dir'] ?? recordedCifarDir(data.description?.sourceDir));
  try {
    const obj = objectiveFor(model, ckpt.objective.loss as 'mse' | 'cross-entropy', ckpt.objective.weightDecay);
    const chunkSize = positiveInt(a.chunk, 'chunk');
    // On wasm a chunk too large for its 4 GiB heap is an error naming --chunk, not an abort mid-solve.
    const memory = backend.name === 'wasm' ? hvpMemoryPlan(obj, ckpt.params, dataset, chunkSize, { knob: '--chunk' }) : {};
    const result = await sharpness(obj, ckpt.params, dataset, {
      k: positiveInt(a.k, 'k'), method: a.method, tol: Number(a.tol), chunkSize, ...memory,
      maxIter: a['max-iter'] ? positiveInt(a['max-iter'], 'max-iter') : undefined,
    });
    const { vectors: _vectors, ...summary } = result;
    console.log(JSON.stringify({ checkpoint: dir, step: ckpt.step, backend: backend.path, examples: dataset.n, ...summary }, null, 2));
    return result.converged ? 0 : 1;
  } finally {
    disposeDataset(dataset);
    disposeParams(ckpt.params);
  }
}

/** The folder the checkpoint's CIFAR-10 came from, unless $CIFAR10_DIR overrides it or it is gone. */
function recordedCifarDir(sourceDir: unknown): string | undefined {
  if (process.env[CIFAR10_ENV.dir] || typeof sourceDir !== 'string') return undefined;
  return fs.existsSync(sourceDir) ? sourceDir : undefined;
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${value}'`);
  return n;
}
