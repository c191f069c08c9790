/**
 * The training loop: `trainStep` from `start.step` to `config.steps`, with everything around the
 * step outside it: batches from the schedule, checkpoints every `checkpointEvery` steps and on
 * interrupt, records, timings and progress through the hooks. Row k describes the iterate w_k;
 * the last row (k = steps) has no update. Deterministic given the config and backend.
 */
import { yieldToEventLoop } from '../util/yield-to-event-loop';
import { disposeParams } from '../model/params';
import { Dataset, gatherRows, disposeDataset } from '../data/dataset';
import { Tuner } from '../tuners/tuner';
import { Experiment } from './experiment';
import { RunConfig } from './run-config';
import { BatchSchedule, batchSchedule } from './batch-schedule';
import { StepRecord } from './step-record';
import { LoopState, StepBatches, StepOutcome, trainStep } from './train-step';

export type { LoopState } from './train-step';

export interface LoopProgress {
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly stepSize: number | null;
  readonly lambda1: number | null;
}

export interface LoopHooks {
  /** One record per step (awaited, so a store can write it). */
  onRecord(record: StepRecord): Promise<void> | void;
  /** Wall-clock timings of a step, kept out of the records. */
  onTiming?(timing: Record<string, number>): void;
  /** Called before step k when k is a multiple of `checkpointEvery`, and when stopping early. */
  onCheckpoint(state: LoopState): Promise<void>;
  onProgress?(progress: LoopProgress): void;
  signal?: AbortSignal;
}

export type LoopStatus = 'finished' | 'diverged' | 'aborted';

/**
 * Runs updates from `start.step` to `config.steps`; returns how it ended and the final state
 * (the caller owns `state.params`).
 * @param memory what the sharpness operator may cache (wasm-memory-plan.ts); it never changes the numbers.
 */
export async function trainLoop(
  exp: Experiment, config: Required<RunConfig>, tuner: Tuner, start: LoopState, hooks: LoopHooks, memory: { keptBytes?: number } = {},
): Promise<{ status: LoopStatus; state: LoopState }> {
  const schedule = batchSchedule(exp.train.n, config.batchSize, config.seed);
  const tunerSchedule = config.tunerBatch === 'independent' ? batchSchedule(exp.train.n, config.batchSize, config.seed + 7919) : schedule;
  const setup = { exp, config, tuner, batchesPerEpoch: schedule.batchesPerEpoch, epochOf: (k: number) => schedule.epochOf(k), keptBytes: memory.keptBytes };
  let state = start;
  for (;;) {
    const step = state.step;
    if (step > start.step && step % config.checkpointEvery === 0 && step < config.steps) await hooks.onCheckpoint(state);
    await yieldToEventLoop(); // lets a SIGINT listener run and abort the signal before the next step
    if (hooks.signal?.aborted) {
      await hooks.onCheckpoint(state);
      return { status: 'aborted', state };
    }
    const t0 = performance.now();
    const batches = batchesAt(exp.train, schedule, tunerSchedule, step);
    let outcome: StepOutcome;
    try {
      outcome = await trainStep(setup, state, batches, hooks.signal);
    } catch (err) {
      if (!hooks.signal?.aborted) throw err;
      // Aborted inside the step (e.g. mid eigen-solve): the step left no row, so resume redoes it.
      await hooks.onCheckpoint(state);
      return { status: 'aborted', state };
    } finally {
      disposeBatches(batches, exp.train);
    }
    hooks.onTiming?.({ step, seconds: (performance.now() - t0) / 1000, ...outcome.timing });
    const record = outcome.record;
    await hooks.onRecord(record);
    hooks.onProgress?.({ step, steps: config.steps, loss: record.loss, stepSize: record.step_size, lambda1: record.lambda_1 ?? null });
    if (outcome.end) return { status: outcome.end, state: outcome.state };
    if (state.params !== start.params) disposeParams(state.params);
    state = outcome.state;
  }
}

function batchesAt(data: Dataset, schedule: BatchSchedule, tunerSchedule: BatchSchedule, step: number): StepBatches {
  const batch = batchFor(data, schedule, step);
  return { batch, tunerBatch: tunerSchedule === schedule ? batch : batchFor(data, tunerSchedule, step) };
}

function batchFor(data: Dataset, schedule: BatchSchedule, step: number): Dataset {
  const idx = schedule.indices(step);
  return idx ? gatherRows(data, idx) : data;
}

function disposeBatches(b: StepBatches, train: Dataset): void {
  if (b.tunerBatch !== b.batch && b.tunerBatch !== train) disposeDataset(b.tunerBatch);
  if (b.batch !== train) disposeDataset(b.batch);
}
