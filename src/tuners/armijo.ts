/**
 * Armijo backtracking line search along the incoming direction u: accept the first η (from a start
 * value, shrinking by β) with f(w + ηu) ≤ f(w) + c·η·gᵀu, all on the tuner's batch, and u ↦ η·u.
 * For gradient descent (u = −g) that is f(w − ηg) ≤ f(w) − c·η·‖g‖².
 *
 * Two variants the paper's open questions ask about: `nonMonotone: M` compares with the largest of
 * the last M losses instead of f(w) (Grippo, Lampariello & Lucidi 1986), so the loss may rise for a
 * while; `condition: 'goldstein'` also refuses steps that are too short,
 * f(w + ηu) ≥ f(w) + (1 − c)·η·gᵀu, growing η by 1/β (or bisecting a known bracket) until both hold.
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

type PresetValues = Omit<Resolved, 'kind' | 'preset' | 'condition' | 'nonMonotone'>;
const PRESETS: Readonly<Record<'optax' | 'sls', PresetValues>> = {
  optax: { c: 1e-4, beta: 0.8, start: 'increase', increase: 1.5, etaMax: 1, etaInit: 1, maxTrials: 15, fallback: 'last' },
  sls: { c: 0.1, beta: 0.9, start: 'sls', increase: 1, etaMax: Infinity, etaInit: 1, maxTrials: 100, fallback: 1e-6 },
};
/** The variants' defaults: plain monotone Armijo. Left out of the hashed form when at these values. */
const VARIANT_DEFAULTS = { condition: 'armijo', nonMonotone: 1 } as const;

/**
 * Every option filled from the preset (default `optax`), as JSON: the form run configs are hashed
 * in. An uncapped η (the `sls` preset) has no `etaMax`.
 * @example resolveArmijoConfig({ kind: 'armijo' }).c // 1e-4
 */
export function resolveArmijoConfig(config: ArmijoConfig): ArmijoConfig {
  const { etaMax, condition, nonMonotone, ...rest } = resolveArmijo(config);
  // Variants at their defaults stay out, so plain Armijo runs keep the identity they always had.
  return {
    ...rest,
    ...(Number.isFinite(etaMax) && { etaMax }),
    ...(condition !== VARIANT_DEFAULTS.condition && { condition }),
    ...(nonMonotone !== VARIANT_DEFAULTS.nonMonotone && { nonMonotone }),
  } as ArmijoConfig;
}

/** Fills a config from its preset (default `optax`) and checks the ranges. */
export function resolveArmijo(config: ArmijoConfig): Resolved {
  const preset = config.preset ?? 'optax';
  const r = { ...PRESETS[preset], ...VARIANT_DEFAULTS, ...definedOnly(config), kind: 'armijo', preset } as Resolved;
  if (!(r.c > 0 && r.c < 1)) throw new Error(`armijo: c must be in (0, 1), got ${r.c}`);
  if (!(r.beta > 0 && r.beta < 1)) throw new Error(`armijo: beta must be in (0, 1), got ${r.beta}`);
  if (!(r.maxTrials >= 1)) throw new Error(`armijo: maxTrials must be ≥ 1, got ${r.maxTrials}`);
  if (!(r.etaInit > 0 && r.etaMax > 0)) throw new Error('armijo: etaInit and etaMax must be > 0');
  if (r.condition === 'goldstein' && !(r.c < 0.5)) throw new Error(`armijo: the Goldstein condition needs c < 1/2, got ${r.c}`);
  if (!(Number.isInteger(r.nonMonotone) && r.nonMonotone >= 1)) throw new Error(`armijo: nonMonotone must be an integer ≥ 1, got ${r.nonMonotone}`);
  return r;
}

/**
 * @example armijoTuner({ kind: 'armijo', preset: 'sls' })
 */
export function armijoTuner(config: ArmijoConfig): Tuner {
  const cfg = resolveArmijo(config);
  const history = Array.from({ length: cfg.nonMonotone - 1 }, (_, i) => `recent${i}`); // earlier losses, newest first
  return {
    name: `armijo-${cfg.preset}`,
    init: () => ({ etaPrev: cfg.etaInit, ...Object.fromEntries(history.map((k) => [k, -Infinity])) }),
    async update(direction, state, ctx) {
      const { etaPrev } = readState(state, ['etaPrev'], 'armijo');
      const recent = history.map((k) => readState(state, [k], 'armijo')[k]);
      const slope = dot(ctx.grad, direction); // gᵀu: −‖g‖² for u = −g
      if (slope > 0) throw new Error(`armijo: the direction is an ascent direction at step ${ctx.step} (gᵀu = ${slope} > 0)`);
      const start = startValue(cfg, etaPrev, ctx.batchesPerEpoch);
      const reference = Math.max(ctx.loss, ...recent);
      const search = cfg.condition === 'goldstein' ? goldstein : backtrack;
      const { eta, trials, passed, trialLoss } = await search(cfg, ctx, direction, slope, start, reference);
      const stepSize = passed ? eta : cfg.fallback === 'last' ? eta : cfg.fallback;
      const nextRecent = [ctx.loss, ...recent].slice(0, history.length);
      return {
        direction: scale(stepSize, direction),
        state: { etaPrev: stepSize, ...Object.fromEntries(history.map((k, i) => [k, nextRecent[i]])) },
        info: {
          stepSize,
          diagnostics: {
            armijo_start: start, armijo_trials: trials, armijo_fallback: !passed, armijo_trial_loss: trialLoss,
            ...(cfg.nonMonotone > 1 && { armijo_reference: reference }),
          },
        },
      };
    },
  };
}

function startValue(cfg: Resolved, etaPrev: number, batchesPerEpoch: number): number {
  if (cfg.start === 'sls') return Math.min(cfg.etaMax, etaPrev * 2 ** (1 / batchesPerEpoch));
  if (cfg.start === 'increase') return Math.min(cfg.etaMax, cfg.increase * etaPrev);
  return cfg.etaInit;
}

interface Search { eta: number; trials: number; passed: boolean; trialLoss: number }

async function lossAlong(ctx: TunerContext, direction: Params, eta: number): Promise<number> {
  if (ctx.lossAlong) return ctx.lossAlong(direction, eta);
  const trial = axpy(eta, direction, ctx.params);
  try {
    return await ctx.lossAt(trial);
  } finally {
    disposeParams(trial);
  }
}

/** Backtracking: the first η = start·β^i with f(w + ηu) ≤ reference + c·η·gᵀu. */
async function backtrack(cfg: Resolved, ctx: TunerContext, direction: Params, slope: number, start: number, reference: number): Promise<Search> {
  let eta = start;
  let trialLoss = NaN;
  for (let trials = 1; trials <= cfg.maxTrials; trials++) {
    trialLoss = await lossAlong(ctx, direction, eta);
    if (armijoHolds(reference, trialLoss, eta, slope, cfg.c)) return { eta, trials, passed: true, trialLoss };
    if (trials < cfg.maxTrials) eta *= cfg.beta;
  }
  return { eta, trials: cfg.maxTrials, passed: false, trialLoss };
}

/**
 * Goldstein: η with reference + (1 − c)·η·gᵀu ≤ f(w + ηu) ≤ reference + c·η·gᵀu (the lower bound from f(w) itself when
 * monotone). Too long: shrink by β (or bisect once a too-short η is known); too short: grow by 1/β up to etaMax (or
 * bisect). At etaMax a step that only fails "too short" is taken. No pass within maxTrials: the last η that satisfied
 * sufficient decrease, if any, else the last trial (fallback 'last').
 */
async function goldstein(cfg: Resolved, ctx: TunerContext, direction: Params, slope: number, start: number, reference: number): Promise<Search> {
  let lo = 0, hi = Infinity;
  let eta = start;
  let trialLoss = NaN;
  let lastDecrease: { eta: number; loss: number } | undefined;
  for (let trials = 1; trials <= cfg.maxTrials; trials++) {
    trialLoss = await lossAlong(ctx, direction, eta);
    if (!armijoHolds(reference, trialLoss, eta, slope, cfg.c)) {
      hi = eta;
      eta = lo > 0 ? (lo + hi) / 2 : eta * cfg.beta;
      continue;
    }
    lastDecrease = { eta, loss: trialLoss };
    const tooShort = trialLoss < ctx.loss + (1 - cfg.c) * eta * slope;
    if (!tooShort || eta >= cfg.etaMax) return { eta, trials, passed: true, trialLoss };
    lo = eta;
    eta = Number.isFinite(hi) ? (lo + hi) / 2 : Math.min(cfg.etaMax, eta / cfg.beta);
  }
  if (lastDecrease && cfg.fallback === 'last') return { eta: lastDecrease.eta, trials: cfg.maxTrials, passed: false, trialLoss: lastDecrease.loss };
  return { eta: hi, trials: cfg.maxTrials, passed: false, trialLoss };
}

/**
 * The sufficient-decrease test along a direction u with slope gᵀu ≤ 0: f(w + ηu) ≤ f(w) + c·η·gᵀu
 * (false for a NaN trial loss). For u = −g the slope is −‖g‖².
 * @example armijoHolds(1, 0.9, 0.1, -4, 1e-4) // true
 */
export function armijoHolds(loss: number, trialLoss: number, eta: number, slope: number, c: number): boolean {
  return trialLoss <= loss + c * eta * slope;
}
