/**
 * Armijo backtracking line search along the incoming direction u: accept the first η (from a start
 * value, shrinking by β) with f(w + ηu) ≤ f(w) + c·η·gᵀu, all on the tuner's batch, and u ↦ η·u.
 * For gradient descent (u = −g) that is f(w − ηg) ≤ f(w) − c·η·‖g‖².
 *
 * Presets: `optax` (c = 1e-4, β = 0.8, start min(1.5·η_prev, η_max), η_max = 1, 15 trials, the
 * last trial is taken if none passes, as optax/jaxopt do) and `sls` (Vaswani et al. 2019: c = 0.1,
 * β = 0.9, start η_prev·2^(1/batches per epoch), uncapped, 100 trials, fallback η = 1e-6).
 */
import { ArmijoConfig } from '../config/tuner-config-schema';
import { axpy, disposeParams, dot, Params, scale } from '../model/params';
import { definedOnly, Tuner, TunerContext, readState } from './tuner';

export type { ArmijoConfig } from '../config/tuner-config-schema';

type Resolved = Required<Omit<ArmijoConfig, 'preset'>> & { preset: string };

const PRESETS: Readonly<Record<'optax' | 'sls', Omit<Resolved, 'kind' | 'preset'>>> = {
  optax: { c: 1e-4, beta: 0.8, start: 'increase', increase: 1.5, etaMax: 1, etaInit: 1, maxTrials: 15, fallback: 'last' },
  sls: { c: 0.1, beta: 0.9, start: 'sls', increase: 1, etaMax: Infinity, etaInit: 1, maxTrials: 100, fallback: 1e-6 },
};

/**
 * Every option filled from the preset (default `optax`), as JSON: the form run configs are hashed
 * in. An uncapped η (the `sls` preset) has no `etaMax`.
 * @example resolveArmijoConfig({ kind: 'armijo' }).c // 1e-4
 */
export function resolveArmijoConfig(config: ArmijoConfig): ArmijoConfig {
  const { etaMax, ...rest } = resolveArmijo(config);
  return Number.isFinite(etaMax) ? { ...rest, etaMax } as ArmijoConfig : rest as ArmijoConfig;
}

/** Fills a config from its preset (default `optax`) and checks the ranges. */
export function resolveArmijo(config: ArmijoConfig): Resolved {
  const preset = config.preset ?? 'optax';
  const r = { ...PRESETS[preset], ...definedOnly(config), kind: 'armijo', preset } as Resolved;
  if (!(r.c > 0 && r.c < 1)) throw new Error(`armijo: c must be in (0, 1), got ${r.c}`);
  if (!(r.beta > 0 && r.beta < 1)) throw new Error(`armijo: beta must be in (0, 1), got ${r.beta}`);
  if (!(r.maxTrials >= 1)) throw new Error(`armijo: maxTrials must be ≥ 1, got ${r.maxTrials}`);
  if (!(r.etaInit > 0 && r.etaMax > 0)) throw new Error('armijo: etaInit and etaMax must be > 0');
  return r;
}

/**
 * @example armijoTuner({ kind: 'armijo', preset: 'sls' })
 */
export function armijoTuner(config: ArmijoConfig): Tuner {
  const cfg = resolveArmijo(config);
  return {
    name: `armijo-${cfg.preset}`,
    init: () => ({ etaPrev: cfg.etaInit }),
    async update(direction, state, ctx) {
      const { etaPrev } = readState(state, ['etaPrev'], 'armijo');
      const slope = dot(ctx.grad, direction); // gᵀu: −‖g‖² for u = −g
      if (slope > 0) throw new Error(`armijo: the direction is an ascent direction at step ${ctx.step} (gᵀu = ${slope} > 0)`);
      const start = startValue(cfg, etaPrev, ctx.batchesPerEpoch);
      const { eta, trials, passed, trialLoss } = await backtrack(cfg, ctx, direction, slope, start);
      const stepSize = passed ? eta : cfg.fallback === 'last' ? eta : cfg.fallback;
      return {
        direction: scale(stepSize, direction),
        state: { etaPrev: stepSize },
        info: { stepSize, diagnostics: { armijo_start: start, armijo_trials: trials, armijo_fallback: !passed, armijo_trial_loss: trialLoss } },
      };
    },
  };
}

function startValue(cfg: Resolved, etaPrev: number, batchesPerEpoch: number): number {
  if (cfg.start === 'sls') return Math.min(cfg.etaMax, etaPrev * 2 ** (1 / batchesPerEpoch));
  if (cfg.start === 'increase') return Math.min(cfg.etaMax, cfg.increase * etaPrev);
  return cfg.etaInit;
}

async function backtrack(cfg: Resolved, ctx: TunerContext, direction: Params, slope: number, start: number) {
  let eta = start;
  let trialLoss = NaN;
  for (let trials = 1; trials <= cfg.maxTrials; trials++) {
    const trial = axpy(eta, direction, ctx.params);
    trialLoss = await ctx.lossAt(trial);
    disposeParams(trial);
    if (armijoHolds(ctx.loss, trialLoss, eta, slope, cfg.c)) return { eta, trials, passed: true, trialLoss };
    if (trials < cfg.maxTrials) eta *= cfg.beta;
  }
  return { eta, trials: cfg.maxTrials, passed: false, trialLoss };
}

/**
 * The sufficient-decrease test along a direction u with slope gᵀu ≤ 0: f(w + ηu) ≤ f(w) + c·η·gᵀu
 * (false for a NaN trial loss). For u = −g the slope is −‖g‖².
 * @example armijoHolds(1, 0.9, 0.1, -4, 1e-4) // true
 */
export function armijoHolds(loss: number, trialLoss: number, eta: number, slope: number, c: number): boolean {
  return trialLoss <= loss + c * eta * slope;
}
