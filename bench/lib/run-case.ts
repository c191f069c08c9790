/**
 * The child process of the bench: one case on the active backend. Measures (bench/lib/
 * measure-case.ts), records the peak RSS, then writes the exchange files for PyTorch (after the
 * RSS reading, so copying the inputs out does not count) and prints one JSON line.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendInfo, initBackend } from '../../src';
import { createModel } from '../../src';
import { Params, disposeParams, paramCount } from '../../src';
import { Objective } from '../../src';
import { squaredLossSum } from '../../src';
import { disposeDataset } from '../../src';
import { createRng } from '../../src';
import { BenchCase } from './cases';
import { benchData } from './bench-data';
import { measureCase } from './measure-case';
import { writeExchange } from './exchange';
import { medianTime, peakRssGB } from './timing';

/** What a child reports. */
export interface CaseResult {
  readonly name: string;
  /** Images used. */
  readonly n: number;
  readonly backend: BackendInfo & { threads?: number; simd?: boolean };
  readonly params: number;
  readonly dataSource: string;
  readonly matmulGflops: number;
  readonly timings: Awaited<ReturnType<typeof measureCase>>;
  readonly peakRssGB: number;
  /** The warm Lanczos started after a step of warmStep/λ1. */
  readonly warmStep?: number;
}

/** The [5000x3072]x[3072x200] float32 matmul (the MLP's first layer over 5000 images), GFLOP/s. */
async function matmulGflops(): Promise<number> {
  const a = tf.randomUniform([5000, 3072], -1, 1, 'float32', 1);
  const b = tf.randomUniform([3072, 200], -1, 1, 'float32', 2);
  const t = await medianTime(5, () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); });
  tf.dispose([a, b]);
  return (2 * 5000 * 3072 * 200) / t.wall / 1e9;
}

async function backendInfo(): Promise<CaseResult['backend']> {
  const info = await initBackend();
  if (info.name !== 'wasm') return info;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as { getThreadsCount(): number };
  return { ...info, threads: wasm.getThreadsCount(), simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean };
}

/** A seeded N(0, 1) direction shaped like `params` (drawn on the host: the same on every backend). */
function direction(params: Params): Params {
  const rng = createRng(7);
  return params.map((p) => ({ name: p.name, value: tf.tensor(Float32Array.from({ length: p.value.size }, () => rng.normal()), p.value.shape) }));
}

/**
 * Runs one case and writes the exchange files to `dir`.
 * @example const r = await runCase(c, '/tmp/bench-x');
 */
export async function runCase(c: BenchCase, dir: string): Promise<CaseResult> {
  const backend = await backendInfo();
  const { data, source } = await benchData(c.n, c.spec.arch === 'mlp' ? 'flat' : 'nhwc');
  const model = createModel(c.spec);
  const params = model.init(0);
  const v = direction(params);
  const obj: Objective = { forward: model.forward, lossSum: squaredLossSum, weightDecay: 0 };
  const matmul = await matmulGflops();
  const timings = await measureCase(c, obj, params, data, v);
  const result: CaseResult = {
    name: c.name, n: c.n, backend, params: paramCount(params), dataSource: source, matmulGflops: matmul, timings, peakRssGB: peakRssGB(), warmStep: c.warmStep,
  };
  await writeExchange(dir, c, obj, params, data, v);
  disposeParams(params);
  disposeParams(v);
  disposeDataset(data);
  return result;
}
