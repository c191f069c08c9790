/**
 * The training loop: at each step, loss and gradient on the step's batch, sharpness when due, a
 * step size from the tuner, one record, then w ← w − η·g. Row k describes the iterate w_k; the
 * last row (k = steps) has no update. Deterministic given the config and backend: nothing here
 * reads the clock into a record (wall times go to the timing hook).
 */
import { yieldToEventLoop } from '../util/yield-to-event-loop';
import { Params, axpy, disposeParams, dot } from '../model/params';
import { Dataset, gatherRows, disposeDataset } from '../data/dataset';
import { objectiveValueAndGrad, objectiveHvp } from '../curvature/hvp';
import { objectiveValue } from '../objective/objective-value';
import { Tuner, TunerContext, TunerStep } from '../tuners/tuner';
import { Experiment } from './experiment';
import { RunConfig } from './run-config';
import { BatchSchedule, batchSchedule } from './batch-schedule';
import { SharpnessTracker, sharpnessTracker } from './sharpness-tracker';

export type RecordRow = Record<string, number | boolean | null>;

export interface LoopState {
  /** Updates done so far (the step of the next row). */
  readonly step: number;
  readonly params: Params;
  readonly tunerState: Readonly<Record<string, number>>;
  readonly warmStart?: Float64Array[];
  readonly lastEtaLambda?: number;
}

export interface LoopProgress {
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly stepSize: number | null;
  readonly lambda1: number | null;
}

export interface LoopHooks {
  /** One row per step (awaited, so a store can write it). */
  onRecord(row: RecordRow): Promise<void> | void;
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
 */
export async function trainLoop(
  exp: Experiment, config: Required<RunConfig>, tuner: Tuner, start: LoopState, hooks: LoopHooks,
): Promise<{ status: LoopStatus; state: LoopState }> {
  const schedule = batchSchedule(exp.train.n, config.batchSize, config.seed);
  const tunerSchedule = config.tunerBatch === 'independent' ? batchSchedule(exp.train.n, config.batchSize, config.seed + 7919) : schedule;
  const tracker = sharpnessTracker(exp.objective, exp.measure, config.sharpness, config.chunkSize);
  tracker.warmStart = start.warmStart;
  tracker.lastEtaLambda = start.lastEtaLambda ?? NaN;
  tuner.setState(start.tunerState);
  let params = start.params;
  const snapshot = (step: number): LoopState => ({
    step, params, tunerState: tuner.getState(), warmStart: tracker.warmStart, lastEtaLambda: tracker.lastEtaLambda,
  });

  for (let step = start.step; ; step++) {
    const atStart = snapshot(step); // before the step touches the warm start or the tuner state
    if (step > start.step && step % config.checkpointEvery === 0 && step < config.steps) await hooks.onCheckpoint(atStart);
    await yieldToEventLoop(); // lets a SIGINT listener run and abort the signal before the next step
    if (hooks.signal?.aborted) {
      await hooks.onCheckpoint(atStart);
      return { status: 'aborted', state: atStart };
    }
    const t0 = performance.now();
    let outcome: StepOutcome;
    try {
      outcome = await oneStep(exp, config, tuner, tracker, schedule, tunerSchedule, params, step, hooks);
    } catch (err) {
      if (!hooks.signal?.aborted) throw err;
      // Aborted inside the step (e.g. mid eigen-solve): the step left no row, so resume redoes it.
      await hooks.onCheckpoint(atStart);
      return { status: 'aborted', state: atStart };
    }
    hooks.onTiming?.({ step, seconds: (performance.now() - t0) / 1000, ...outcome.timing });
    await hooks.onRecord(outcome.row);
    hooks.onProgress?.({
      step, steps: config.steps, loss: outcome.row.loss as number,
      stepSize: outcome.row.step_size as number | null, lambda1: (outcome.row.lambda_1 as number | undefined) ?? null,
    });
    if (outcome.diverged) return { status: 'diverged', state: snapshot(step) };
    if (!outcome.next) return { status: 'finished', state: snapshot(step) };
    if (params !== start.params) disposeParams(params);
    params = outcome.next;
  }
}

interface StepOutcome { row: RecordRow; next?: Params; diverged: boolean; timing: Record<string, number> }

async function oneStep(
  exp: Experiment, config: Required<RunConfig>, tuner: Tuner, tracker: SharpnessTracker,
  schedule: BatchSchedule, tunerSchedule: BatchSchedule, params: Params, step: number, hooks: LoopHooks,
): Promise<StepOutcome> {
  const batch = batchFor(exp.train, schedule, step);
  const tunerBatch = tunerSchedule === schedule ? batch : batchFor(exp.train, tunerSchedule, step);
  const timing: Record<string, number> = {};
  let grad: Params | undefined;
  try {
    const first = objectiveValueAndGrad(exp.objective, params, batch, { chunkSize: config.chunkSize });
    const loss = first.loss;
    grad = first.grad;
    const gradNormSq = dot(grad, grad);
    const row: RecordRow = { step, epoch: schedule.epochOf(step), loss, grad_norm: Math.sqrt(gradNormSq), step_size: null };
    if (schedule.batchesPerEpoch > 1 && step % config.fullLossEvery === 0) {
      row.full_loss = objectiveValue(exp.objective, params, exp.train, config.chunkSize);
    }
    let lambda1: number | undefined;
    if (tracker.due(step)) {
      const t = performance.now();
      const eig = await tracker.measure(params, step, hooks.signal);
      timing.sharpness_seconds = (performance.now() - t) / 1000;
      eig.values.forEach((v, i) => { row[`lambda_${i + 1}`] = v; });
      row.lambda_residual = Math.max(...eig.residuals);
      row.hvps = eig.matvecs;
      lambda1 = eig.values[0];
    }
    const diverged = !Number.isFinite(loss) || !Number.isFinite(gradNormSq) || loss > config.lossBound;
    if (diverged || step >= config.steps) return { row, diverged, timing };
    const decision = await tunerDecision(exp, config, tracker, tuner, params, step, schedule.batchesPerEpoch,
      tunerBatch === batch ? { batch, loss, grad, gradNormSq } : { batch: tunerBatch }, hooks.signal);
    row.step_size = decision.stepSize;
    Object.assign(row, decision.diagnostics);
    if (lambda1 !== undefined) {
      row.eta_lambda = decision.stepSize * lambda1;
      tracker.noteEtaLambda(decision.stepSize * lambda1);
    }
    return { row, next: axpy(-decision.stepSize, grad, params), diverged: false, timing };
  } finally {
    if (grad) disposeParams(grad);
    if (tunerBatch !== batch && tunerBatch !== exp.train) disposeDataset(tunerBatch);
    if (batch !== exp.train) disposeDataset(batch);
  }
}

function batchFor(data: Dataset, schedule: BatchSchedule, step: number): Dataset {
  const idx = schedule.indices(step);
  return idx ? gatherRows(data, idx) : data;
}

/** Asks the tuner for η on its batch: the update's own loss/gradient, or a fresh one on an independent batch. */
async function tunerDecision(
  exp: Experiment, config: Required<RunConfig>, tracker: SharpnessTracker, tuner: Tuner, params: Params, step: number,
  batchesPerEpoch: number, view: { batch: Dataset; loss?: number; grad?: Params; gradNormSq?: number }, signal?: AbortSignal,
): Promise<TunerStep> {
  const own = view.grad ? undefined : objectiveValueAndGrad(exp.objective, params, view.batch, { chunkSize: config.chunkSize });
  try {
    const grad = view.grad ?? own!.grad;
    const ctx: TunerContext = {
      step, batchesPerEpoch, params, grad,
      loss: view.loss ?? own!.loss,
      gradNormSq: view.gradNormSq ?? dot(grad, grad),
      lossAt: async (p) => objectiveValue(exp.objective, p, view.batch, config.chunkSize),
      hvp: async (v) => objectiveHvp(exp.objective, params, view.batch, v, { chunkSize: config.chunkSize }),
      sharpness: async () => (await tracker.measure(params, step, signal)).values[0],
    };
    return await tuner.step(ctx);
  } finally {
    if (own) disposeParams(own.grad);
  }
}

