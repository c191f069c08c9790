/**
 * Our side of one bench case: the loss, gradient and exact HVP over all n images (chunked), the
 * HVP / gradient ratio from interleaved pairs, one
 * Armijo step (optax preset, fresh state: gradient + trial losses along the line, as the trainer computes them), one Polyak step, and
 * the sharpness by Lanczos, cold and warm-started after one gradient step of size s/λ (s = 1 unless
 * --warm-step says otherwise).
 */
import { Dataset } from '../../src';
import { Objective } from '../../src';
import { objectiveValue } from '../../src';
import { Params, axpy, disposeParams, dot, scale } from '../../src';
import { objectiveHvp, objectiveValueAndGrad } from '../../src';
import { hessianOperator, sharpness } from '../../src';
import { armijoTuner } from '../../src';
import { polyakTuner } from '../../src';
import { linesThrough } from '../../src';
import { Tuner, TunerContext } from '../../src';
import { BenchCase } from './cases';
import { PairedRatio, medianTime, pairedRatio, Timing } from './timing';

/** Every timing of one case (seconds), plus counts. */
export interface CaseTimings {
  loss: Timing;
  gradient: Timing;
  hvp: Timing;
  /** One-off HVP over gradient from interleaved pairs (the steadier reading of the ratio on a shared machine). */
  hvpOverGradient?: PairedRatio;
  /** One HVP inside an eigen-solve: the operator's passes at w already built (what each Lanczos iteration after the first costs). */
  hvpInSolve?: Timing;
  armijo?: Timing;
  armijoTrials?: number;
  polyak?: Timing;
  lanczosCold?: Timing;
  lanczosColdHvps?: number;
  lambdaCold?: number;
  lanczosWarm?: Timing;
  lanczosWarmHvps?: number;
  lambdaWarm?: number;
  warmResidual?: number;
}

/**
 * @example const t = await measureCase(c, obj, params, data, v);
 */
export async function measureCase(c: BenchCase, obj: Objective, params: Params, data: Dataset, v: Params): Promise<CaseTimings> {
  const opts = { chunkSize: c.chunk };
  const gradient = () => disposeParams(objectiveValueAndGrad(obj, params, data, opts).grad);
  const hvp = () => disposeParams(objectiveHvp(obj, params, data, v, opts));
  const t: CaseTimings = {
    loss: await medianTime(c.reps, () => objectiveValue(obj, params, data, c.chunk)),
    gradient: await medianTime(c.reps, gradient),
    hvp: await medianTime(c.reps, hvp),
    hvpOverGradient: await pairedRatio(Math.max(c.reps, 5), hvp, gradient),
  };
  const op = hessianOperator(obj, params, data, c.chunk);
  disposeParams(op.applyParams(v)); // builds (and keeps) the passes at w, as a solve's first iteration does
  t.hvpInSolve = await medianTime(c.reps, () => disposeParams(op.applyParams(v)));
  op.dispose();
  if (c.only === 'grad-hvp') return t;
  const tunerStep = async (tuner: Tuner): Promise<number> => {
    const { loss, grad } = objectiveValueAndGrad(obj, params, data, opts);
    const lines = linesThrough(obj, params, data, c.chunk); // as the trainer's context: an MLP's trials reuse its first layer
    const ctx: TunerContext = {
      step: 0, batchesPerEpoch: 1, params, loss, grad, gradNormSq: dot(grad, grad),
      lossAt: async (p) => objectiveValue(obj, p, data, c.chunk),
      lossAlong: async (direction, eta) => lines.lossAlong(direction, eta),
      hvp: () => Promise.reject(new Error('not used by the bench')),
      sharpness: () => Promise.reject(new Error('not used by the bench')),
    };
    const descent = scale(-1, grad);
    const { direction, info } = await tuner.update(descent, tuner.init(), ctx);
    disposeParams(axpy(1, direction, params)); // the update, as the trainer applies it
    lines.dispose();
    for (const p of [descent, direction, grad]) disposeParams(p);
    return Number(info.diagnostics.armijo_trials ?? 0);
  };
  t.armijoTrials = await tunerStep(armijoTuner({ kind: 'armijo', preset: 'optax' }));
  t.armijo = await medianTime(c.reps, () => tunerStep(armijoTuner({ kind: 'armijo', preset: 'optax' })));
  t.polyak = await medianTime(c.reps, () => tunerStep(polyakTuner({ kind: 'polyak' })));
  if (c.lanczos) await lanczosPair(c, obj, params, data, t);
  return t;
}

/** Lanczos (k = 1, tol 1e-3) cold, then warm from its vector after w ← w − (s/λ)·∇F, s = warmStep. */
async function lanczosPair(c: BenchCase, obj: Objective, params: Params, data: Dataset, t: CaseTimings): Promise<void> {
  const opts = { k: 1, tol: 1e-3, chunkSize: c.chunk, seed: 0 };
  const cold = await sharpness(obj, params, data, opts);
  t.lanczosCold = { wall: cold.seconds, cpu: NaN };
  t.lanczosColdHvps = cold.matvecs;
  t.lambdaCold = cold.values[0];
  const { grad } = objectiveValueAndGrad(obj, params, data, { chunkSize: c.chunk });
  const moved = axpy(-(c.warmStep ?? 1) / cold.values[0], grad, params);
  disposeParams(grad);
  const warm = await sharpness(obj, moved, data, { ...opts, start: cold.vectors });
  disposeParams(moved);
  t.lanczosWarm = { wall: warm.seconds, cpu: NaN };
  t.lanczosWarmHvps = warm.matvecs;
  t.lambdaWarm = warm.values[0];
  t.warmResidual = warm.residuals[0];
}
