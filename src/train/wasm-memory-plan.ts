/**
 * Before a run trains on the wasm backend: will its chunked passes fit the wasm heap? wasm32
 * cannot grow past 4 GiB, and running out aborts the whole wasm module ("Aborted()", every tensor
 * lost) in the middle of a pass. A ResNet34 ×1/8 HVP needs ≈ 6.5 MB per example, so the default
 * chunk of 1000 does not fit; at full width a gradient needs ≈ 26 MB per example. So the run
 * measures its passes on a few rows first (pass-memory.ts) and either says which chunkSize fits,
 * or trims what the sharpness operator may cache (a cache: it never changes the numbers).
 */
import { Params, disposeParams } from '../model/params';
import { objectiveHvp, objectiveValueAndGrad } from '../curvature/hvp';
import { objectiveValue } from '../objective/objective-value';
import { DEFAULT_KEPT_BYTES } from '../curvature/point-hvp';
import { PassMemory, bytesFor, passMemory } from '../curvature/pass-memory';
import { ConfigError } from '../config/validate-run-config';
import { Experiment } from './experiment';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { RunConfig } from './run-config';
import * as tf from '@tensorflow/tfjs-core';

/** emscripten's heap maximum for wasm32 (4 GiB − 64 KiB). */
export const WASM_HEAP_MAX_BYTES = 4294901760;
/** The share of it a run plans for: the rest absorbs allocator fragmentation and the estimate's error. */
export const WASM_HEAP_PLAN_FRACTION = 0.85;

/** What the plan lets a run do. */
export interface MemoryPlan {
  /** Bound on the passes the sharpness operator keeps at a point (what is not kept is recomputed, same bits). */
  readonly keptBytes: number;
}

const GiB = 2 ** 30;
const MB = 2 ** 20;

/**
 * Measures the run's gradient and (when it computes any) HVP passes on a few rows and checks that
 * chunks of `config.chunkSize` fit the wasm heap beside the data.
 * @param params any parameters of the run's model (the initialisation will do: memory does not depend on the values).
 * @throws ConfigError naming the largest chunkSize that fits, when one pass does not fit.
 * @returns the bound on the sharpness operator's cache that keeps a solve within the heap.
 * @example const { keptBytes } = await wasmMemoryPlan(exp, config, params);
 */
export async function wasmMemoryPlan(exp: Experiment, config: Required<RunConfig>, params: Params): Promise<MemoryPlan> {
  const budget = heapBudget();
  const { objective: obj, train, measure } = exp;
  const batch = config.batchSize === 'full' ? train.n : Math.min(config.batchSize, train.n);
  const grad = await passMemory(train, (rows) => disposeParams(objectiveValueAndGrad(obj, params, rows).grad));
  demand(grad, Math.min(config.chunkSize, batch), budget, 'gradient', CHUNK_SIZE(config.chunkSize));
  if (batch < train.n) { // mini-batches: the full-batch loss runs in chunks of chunkSize, larger than the batch
    const loss = await passMemory(train, (rows) => { objectiveValue(obj, params, rows); });
    demand(loss, Math.min(config.chunkSize, train.n), budget, 'loss', CHUNK_SIZE(config.chunkSize));
  }
  // HVPs run over the measurement set (λ₁ solves, the oracle tuner) and over the tuner's batch (CDAT).
  const solves = config.sharpness.every > 0 || config.tuner.kind === 'oracle';
  const hvpRows = Math.max(solves ? measure.n : 0, config.tuner.kind === 'cdat' ? batch : 0);
  return hvpRows > 0 ? hvpMemoryPlan(obj, params, train, config.chunkSize, { rows: hvpRows }) : { keptBytes: DEFAULT_KEPT_BYTES };
}

/**
 * The HVP part of the plan, for eigen-solves outside a run too (`sharpness-lab sharpness`): checks that
 * an HVP over chunks of `chunkSize` fits, and bounds the passes a solve may keep.
 * @param data examples of the model's input (measured on its first few rows).
 * @param opts rows: examples an HVP runs over (default data.n); knob: what the error tells the user to lower (default 'chunkSize').
 * @throws ConfigError naming the largest chunk that fits.
 * @example const { keptBytes } = await hvpMemoryPlan(obj, params, data, 1000, { knob: '--chunk' });
 */
export async function hvpMemoryPlan(
  obj: Objective, params: Params, data: Dataset, chunkSize: number, opts: { rows?: number; knob?: string } = {},
): Promise<MemoryPlan> {
  const budget = heapBudget();
  const hvp = await passMemory(data, (rows) => disposeParams(objectiveHvp(obj, params, rows, params)));
  const rows = Math.min(chunkSize, opts.rows ?? data.n);
  demand(hvp, rows, budget, 'HVP', { knob: opts.knob ?? 'chunkSize', value: chunkSize });
  // A solve holds the passes it keeps plus one chunk's HVP at work: the cache gets what that leaves.
  return { keptBytes: Math.max(0, Math.min(DEFAULT_KEPT_BYTES, Math.floor(budget - bytesFor(hvp, rows)))) };
}

/** What a run may use of the heap: the planned share of its maximum, less what is live (the data). */
function heapBudget(): number {
  return WASM_HEAP_PLAN_FRACTION * WASM_HEAP_MAX_BYTES - tf.memory().numBytes;
}

const CHUNK_SIZE = (value: number) => ({ knob: 'chunkSize', value });

/** Throws when `rows` examples of the pass need more than `budget`, naming the chunk size that fits. */
function demand(m: PassMemory, rows: number, budget: number, pass: string, chunk: { knob: string; value: number }): void {
  const need = bytesFor(m, rows);
  if (need <= budget) return;
  const fits = Math.floor((budget - m.fixedBytes) / m.bytesPerExample);
  throw new ConfigError(
    `${chunk.knob} ${chunk.value} does not fit the wasm heap: this model's ${pass} needs ≈ ${(m.bytesPerExample / MB).toFixed(1)} MB `
    + `per example, ${(need / GiB).toFixed(1)} GiB for chunks of ${rows}, over the ${(budget / GiB).toFixed(1)} GiB left of wasm's 4 GiB `
    + (fits >= 1
      ? `beside the data. Set ${chunk.knob} ≤ ${fits} (the numbers change only by float32 rounding; in a run the chunk size is part of its identity).`
      : 'even for one example: use a smaller model or fewer examples.'),
  );
}
