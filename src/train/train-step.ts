/**
 * One training step as a function of the loop state and the step's batches:
 * `(state, batches) → {state, record}`. Loss and gradient on the batch, the full-batch loss and the
 * sharpness when due, then the tuner transforms the descent direction u = −∇f and the parameters
 * move to w + direction. Storage, progress and interrupts stay outside, in the loop's hooks.
 * Nothing here reads the clock into the record (wall times are returned separately).
 */
import { Params, axpy, disposeParams, dot, scale } from '../model/params';
import { Dataset } from '../data/dataset';
import { objectiveValueAndGrad, objectiveHvp } from '../curvature/hvp';
import { HessianOperator, hessianOperator } from '../curvature/sharpness';
import { objectiveValue } from '../objective/objective-value';
import { linesThrough } from '../objective/line-objective';
import { Tuner, TunerContext, TunerInfo, TunerState } from '../tuners/tuner';
import { Experiment } from './experiment';
import { RunConfig } from './run-config';
import { EigenResult } from '../curvature/eigen-result';
import { measureSharpness, sharpnessDue } from './sharpness-schedule';
import { lambdaColumn, StepRecord } from './step-record';

/** Where training stands before a step: everything a checkpoint must hold to resume exactly. */
export interface LoopState {
  /** Updates done so far (the step of the next row). */
  readonly step: number;
  readonly params: Params;
  readonly tunerState: TunerState;
  /** The eigenvectors the next sharpness measurement warm-starts from. */
  readonly warmStart?: Float64Array[];
  /** The last measured η·λ₁ (NaN or absent before any): decides dense measurement. */
  readonly lastEtaLambda?: number;
  /** The step sizes of the last two updates (absent before two): a jump also densifies measurement. */
  readonly recentStepSizes?: readonly [number, number];
}

/** What does not change from step to step. */
export interface StepSetup {
  readonly exp: Experiment;
  readonly config: Required<RunConfig>;
  readonly tuner: Tuner;
  readonly batchesPerEpoch: number;
  readonly epochOf: (step: number) => number;
  /** Bound on the passes the sharpness operator caches at w_k (wasm-memory-plan.ts; absent: its 2 GiB default). */
  readonly keptBytes?: number;
}

/** The step's data: the update's batch and the tuner's (the same object unless `tunerBatch` is 'independent'). */
export interface StepBatches {
  readonly batch: Dataset;
  readonly tunerBatch: Dataset;
}

/** A step's result. With `end` set there was no update and `state` keeps the same parameters. */
export interface StepOutcome {
  readonly record: StepRecord;
  readonly state: LoopState;
  readonly end?: 'finished' | 'diverged';
  /** Wall-clock seconds of parts of the step (kept out of the record). */
  readonly timing: Readonly<Record<string, number>>;
}

/**
 * @param signal aborts a long eigen-solve mid-way (the step then throws and leaves no record).
 * @returns the record of w_step and the state after the update (the caller owns the new parameters).
 */
export async function trainStep(setup: StepSetup, state: LoopState, batches: StepBatches, signal?: AbortSignal): Promise<StepOutcome> {
  // The Hessian at w_k on the measurement set, built on first use and shared by the λ₁ solves and the
  // curvature along the step: an MLP's passes at w_k are computed once per step, not per product.
  let hessian: HessianOperator | undefined;
  const hessianAtW = (): HessianOperator =>
    (hessian ??= hessianOperator(setup.exp.objective, state.params, setup.exp.measure, setup.config.chunkSize, setup.keptBytes));
  try {
    return await stepWith(setup, state, batches, hessianAtW, signal);
  } finally {
    hessian?.dispose();
  }
}

async function stepWith(
  setup: StepSetup, state: LoopState, batches: StepBatches, hessianAtW: () => HessianOperator, signal?: AbortSignal,
): Promise<StepOutcome> {
  const { exp, config } = setup;
  const { step, params } = state;
  const timing: Record<string, number> = {};
  let warmStart = state.warmStart;
  const measure = async (): Promise<EigenResult> => { // the oracle tuner measures too: both advance the warm start
    const result = await measureSharpness(hessianAtW(), config.sharpness, step, warmStart, signal);
    warmStart = result.vectors;
    return result;
  };
  const { loss, grad } = objectiveValueAndGrad(exp.objective, params, batches.batch, { chunkSize: config.chunkSize });
  try {
    const gradNormSq = dot(grad, grad);
    let record: StepRecord = { step, epoch: setup.epochOf(step), loss, grad_norm: Math.sqrt(gradNormSq), step_size: null };
    if (setup.batchesPerEpoch > 1 && step % config.fullLossEvery === 0) {
      record = { ...record, full_loss: objectiveValue(exp.objective, params, exp.train, config.chunkSize) };
    }
    let lambda1: number | undefined;
    if (sharpnessDue(config.sharpness, step, { lastEtaLambda: state.lastEtaLambda ?? NaN, recentStepSizes: state.recentStepSizes })) {
      const t = performance.now();
      const result = await measure();
      timing.sharpness_seconds = (performance.now() - t) / 1000;
      const lambdas = Object.fromEntries(result.values.map((v, i) => [lambdaColumn(i + 1), v]));
      record = { ...record, ...lambdas, lambda_residual: Math.max(...result.residuals), hvps: result.matvecs };
      lambda1 = result.values[0];
    }
    const diverged = !Number.isFinite(loss) || !Number.isFinite(gradNormSq) || loss > config.lossBound;
    if (diverged || step >= config.steps) {
      return { record, timing, end: diverged ? 'diverged' : 'finished', state: { ...state, warmStart } };
    }
    const own = batches.tunerBatch === batches.batch ? { loss, grad, gradNormSq } : undefined;
    const decision = await tune(setup, state, batches.tunerBatch, own, async () => (await measure()).values[0]);
    const stepSize = decision.info.stepSize ?? NaN;
    const move = own ? decision.direction : scale(-stepSize, grad); // independent: η transfers, not the direction
    if (move !== decision.direction) disposeParams(decision.direction);
    try {
      const next = axpy(1, move, params);
      const etaLambda = lambda1 !== undefined ? stepSize * lambda1 : undefined;
      // Where λ₁ is measured, also the curvature along the step actually taken (Armijo bounds η times this, not η·λ₁).
      const rho = lambda1 !== undefined ? curvatureAlong(hessianAtW(), move) : undefined;
      record = {
        ...record, step_size: stepSize, ...decision.info.diagnostics,
        ...(etaLambda !== undefined && { eta_lambda: etaLambda }),
        ...(rho !== undefined && { rho_step: rho, eta_rho: stepSize * rho }),
      };
      return {
        record, timing,
        state: {
          step: step + 1, params: next, tunerState: decision.state, warmStart, lastEtaLambda: etaLambda ?? state.lastEtaLambda,
          recentStepSizes: [state.recentStepSizes?.[1] ?? NaN, stepSize],
        },
      };
    } finally {
      disposeParams(move);
    }
  } finally {
    disposeParams(grad);
  }
}

/** dᵀHd/‖d‖² on the measurement set: the curvature along the step d (one HVP). */
function curvatureAlong(hessian: HessianOperator, d: Params): number {
  const hd = hessian.applyParams(d);
  try {
    return dot(d, hd) / dot(d, d);
  } finally {
    disposeParams(hd);
  }
}

/**
 * The tuner's update of u = −∇f on its batch: the update's own loss and gradient, or a fresh pair
 * on an independent batch.
 */
async function tune(
  setup: StepSetup, state: LoopState, batch: Dataset, own: { loss: number; grad: Params; gradNormSq: number } | undefined,
  sharpness: () => Promise<number>,
): Promise<{ direction: Params; state: TunerState; info: TunerInfo }> {
  const { exp, config } = setup;
  const { params, step } = state;
  const fresh = own ? undefined : objectiveValueAndGrad(exp.objective, params, batch, { chunkSize: config.chunkSize });
  const grad = own?.grad ?? fresh!.grad;
  const descent = scale(-1, grad);
  const lines = linesThrough(exp.objective, params, batch, config.chunkSize);
  try {
    const ctx: TunerContext = {
      step, batchesPerEpoch: setup.batchesPerEpoch, params, grad,
      loss: own?.loss ?? fresh!.loss,
      gradNormSq: own?.gradNormSq ?? dot(grad, grad),
      lossAt: async (p) => objectiveValue(exp.objective, p, batch, config.chunkSize),
      lossAlong: async (direction, eta) => lines.lossAlong(direction, eta),
      hvp: async (v) => objectiveHvp(exp.objective, params, batch, v, { chunkSize: config.chunkSize }),
      sharpness,
    };
    return await setup.tuner.update(descent, state.tunerState, ctx);
  } finally {
    lines.dispose();
    disposeParams(descent);
    if (fresh) disposeParams(fresh.grad);
  }
}
