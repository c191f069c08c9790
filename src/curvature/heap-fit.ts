/**
 * Will a chunked pass fit the wasm heap? wasm32 cannot grow past 4 GiB, and running out aborts the
 * whole wasm module ("Aborted()" or "memory access out of bounds", every tensor lost) in the middle
 * of a pass. A ResNet34 ×1/8 HVP needs ≈ 6 MB per example, so the default chunk of 1000 does not
 * fit. Every public chunked pass (objectiveValue, objectiveValueAndGrad, objectiveHvp,
 * doubleBackpropHvp, the Hessian operator) checks here before its first chunk, on wasm only: the
 * first check of an objective's pass measures it on a few rows (pass-memory.ts) and keeps the
 * line, so later checks cost a lookup. A run plans its passes and its sharpness cache together
 * before it trains (src/train/wasm-memory-plan.ts); its objective is then not checked per call,
 * since the cache a step holds while its tuner runs is already budgeted there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Objective } from '../objective/objective';
import { Dataset } from '../data/dataset';
import { ConfigError } from '../config/validate-run-config';
import { PROBE_ROWS, PassMemory, bytesFor, passMemory } from './pass-memory';

/** emscripten's heap maximum for wasm32 (4 GiB − 64 KiB). */
export const WASM_HEAP_MAX_BYTES = 4294901760;
/** The share of it a plan counts on: the rest absorbs allocator fragmentation and the estimate's error. */
export const WASM_HEAP_PLAN_FRACTION = 0.85;

/** The passes whose memory is measured, as errors name them. */
export type PassKind = 'loss' | 'gradient' | 'HVP' | 'double-backprop HVP';

/** The chunk-size option an error tells the user to lower, and its value. */
export interface ChunkKnob {
  readonly knob: string;
  readonly value: number;
}

const GiB = 2 ** 30;
const MB = 2 ** 20;

/** Per objective, its passes' measured lines, by pass and example shape (memory depends on shapes only). */
const measured = new WeakMap<Objective, Map<string, PassMemory>>();
/** Objectives whose run planned their passes together (see above). */
const planned = new WeakSet<Objective>();
/** True while a probe runs: the passes it calls check nothing (they run on a few rows). */
let probing = false;

/**
 * The memory line of `obj`'s `pass`, measured on the first rows of `data` the first time (by running
 * `probe` on them), then remembered for the objective.
 * @param probe runs the pass on the given rows and frees what it returns.
 * @example const m = measuredPass(obj, 'gradient', data, (rows) => disposeParams(objectiveValueAndGrad(obj, params, rows).grad));
 */
export function measuredPass(obj: Objective, pass: PassKind, data: Dataset, probe: (rows: Dataset) => void): PassMemory {
  let lines = measured.get(obj);
  if (!lines) measured.set(obj, lines = new Map());
  const key = `${pass} ${data.x.shape.slice(1).join('x')}`;
  let m = lines.get(key);
  if (!m) {
    probing = true;
    try {
      m = passMemory(data, probe);
    } finally {
      probing = false;
    }
    lines.set(key, m);
  }
  return m;
}

/** Records that a run's plan covers every pass of `obj` (the per-call checks then skip it). */
export function markPlanned(obj: Objective): void {
  planned.add(obj);
}

/** Whether a run's plan covers the passes of `obj`. */
export function isPlanned(obj: Objective): boolean {
  return planned.has(obj);
}

/**
 * On wasm, throws a ConfigError before a pass over chunks of `chunkSize` that would not fit the
 * heap; elsewhere, for chunks of a few rows and for objectives a run planned, does nothing.
 * @throws ConfigError naming the largest chunk size that fits.
 * @example checkChunksFit(obj, 'HVP', data, 1000, (rows) => disposeParams(objectiveHvp(obj, params, rows, params)));
 */
export function checkChunksFit(obj: Objective, pass: PassKind, data: Dataset, chunkSize: number, probe: (rows: Dataset) => void): void {
  const rows = Math.min(chunkSize, data.n);
  if (probing || rows <= PROBE_ROWS[1] || planned.has(obj) || tf.getBackend() !== 'wasm') return;
  demandFits(measuredPass(obj, pass, data, probe), rows, heapBudget(), pass, { knob: 'chunkSize', value: chunkSize });
}

/** What a plan may use of the heap: the planned share of its maximum, less what is live (the data). */
export function heapBudget(): number {
  return WASM_HEAP_PLAN_FRACTION * WASM_HEAP_MAX_BYTES - tf.memory().numBytes;
}

/**
 * Throws when `rows` examples of the pass need more than `budget`, naming the chunk size that fits.
 * @example demandFits(grad, 1000, heapBudget(), 'gradient', { knob: 'chunkSize', value: 1000 });
 */
export function demandFits(m: PassMemory, rows: number, budget: number, pass: PassKind, chunk: ChunkKnob): void {
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
