/**
 * Will chunked passes fit the wasm heap? wasm32 cannot grow past 4 GiB, and running out aborts the
 * whole wasm module ("Aborted()", every tensor lost) in the middle of a pass. A ResNet34 ×1/8 HVP
 * needs ≈ 6.5 MB per example, so the default chunk of 1000 does not fit. The checks here measure a
 * pass on a few rows (pass-memory.ts) and either name the chunk size that fits, or bound what an
 * eigen-solve may cache (a cache: it never changes the numbers). Runs check their gradient too
 * (src/train/wasm-memory-plan.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Params, disposeParams } from '../model/params';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { ConfigError } from '../config/validate-run-config';
import { objectiveHvp } from './hvp';
import { DEFAULT_KEPT_BYTES } from './point-hvp';
import { PassMemory, bytesFor, passMemory } from './pass-memory';

/** emscripten's heap maximum for wasm32 (4 GiB − 64 KiB). */
export const WASM_HEAP_MAX_BYTES = 4294901760;
/** The share of it a plan counts on: the rest absorbs allocator fragmentation and the estimate's error. */
export const WASM_HEAP_PLAN_FRACTION = 0.85;

/** What a plan lets an eigen-solve do. */
export interface MemoryPlan {
  /** Bound on the passes the Hessian operator keeps at a point (what is not kept is recomputed, same bits). */
  readonly keptBytes: number;
}

/** The chunk-size option an error tells the user to lower, and its value. */
export interface ChunkKnob {
  readonly knob: string;
  readonly value: number;
}

const GiB = 2 ** 30;
const MB = 2 ** 20;

/**
 * Checks that an HVP over chunks of `chunkSize` fits the wasm heap beside what is live, and bounds the
 * passes a solve may keep so that it fits too.
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
  demandFits(hvp, rows, budget, 'HVP', { knob: opts.knob ?? 'chunkSize', value: chunkSize });
  // A solve holds the passes it keeps plus one chunk's HVP at work: the cache gets what that leaves.
  return { keptBytes: Math.max(0, Math.min(DEFAULT_KEPT_BYTES, Math.floor(budget - bytesFor(hvp, rows)))) };
}

/** What a plan may use of the heap: the planned share of its maximum, less what is live (the data). */
export function heapBudget(): number {
  return WASM_HEAP_PLAN_FRACTION * WASM_HEAP_MAX_BYTES - tf.memory().numBytes;
}

/**
 * Throws when `rows` examples of the pass need more than `budget`, naming the chunk size that fits.
 * @example demandFits(grad, 1000, heapBudget(), 'gradient', { knob: 'chunkSize', value: 1000 });
 */
export function demandFits(m: PassMemory, rows: number, budget: number, pass: string, chunk: ChunkKnob): void {
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
